package io.kconform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.CheckContext;
import java.lang.reflect.Method;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class CheckDescriptorTest {

    static class Sample {
        @Check(id = "storage.compaction.latest-value-kept", title = "t", battery = Battery.STORAGE,
                level = Level.STORAGE, strength = Strength.MUST, spec = {"KIP-58"}, hint = "h")
        @RequiresApi(value = ApiKeys.DELETE_RECORDS, minVersion = 1)
        @RequiresFeature("transaction.version")
        void good(CheckContext ctx) {
        }

        @Check(id = "protocol.Bad_Id", title = "", battery = Battery.STORAGE, level = Level.STORAGE,
                strength = Strength.MUST, hint = " ")
        void bad(CheckContext ctx) {
        }

        void notACheck() {
        }
    }

    private static Method method(String name) throws NoSuchMethodException {
        for (Method m : Sample.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new NoSuchMethodException(name);
    }

    @Test
    void readsEverythingACheckDeclares() throws Exception {
        CheckDescriptor check = CheckDescriptor.of(method("good")).orElseThrow();
        assertThat(check.id()).isEqualTo("storage.compaction.latest-value-kept");
        assertThat(check.requiredApis()).containsExactly(new CheckDescriptor.ApiRequirement(ApiKeys.DELETE_RECORDS, (short) 1));
        assertThat(check.requiredFeatures()).containsExactly(new CheckDescriptor.FeatureRequirement("transaction.version", (short) 1));
        assertThat(check.references()).containsExactly("KIP-58", "DeleteRecords v1+", "transaction.version >= 1");
        assertThat(check.declarationProblems()).isEmpty();
        assertThat(CheckDescriptor.of(method("notACheck"))).isEmpty();
    }

    @Test
    void reportsMalformedDeclarations() throws Exception {
        CheckDescriptor check = CheckDescriptor.of(method("bad")).orElseThrow();
        assertThat(check.declarationProblems()).hasSize(4)
                .anyMatch(p -> p.contains("not of the form"))
                .anyMatch(p -> p.contains("does not start with its battery 'storage.'"))
                .anyMatch(p -> p.contains("no title"))
                .anyMatch(p -> p.contains("no hint"));
    }
}
