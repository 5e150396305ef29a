package io.kconform.api.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.RequiresBrokers;
import io.kconform.api.RequiresFacility;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.Outcome;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.TargetFacts;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Facilities and cluster size are decided before a check runs: unmet, it is SKIPPED, never UNSUPPORTED. */
class ApplicabilityTest {

    static class Sample {
        @Check(id = "storage.durability.sample", title = "t", battery = Battery.STORAGE, level = Level.STORAGE,
                strength = Strength.MUST, hint = "h")
        @RequiresFacility(Facility.BROKER_CONTROL)
        @RequiresBrokers(3)
        void needsControl(CheckContext ctx) {
        }

        @Check(id = "storage.durability.plain", title = "t", battery = Battery.STORAGE, level = Level.STORAGE,
                strength = Strength.MUST, hint = "h")
        void plain(CheckContext ctx) {
        }
    }

    private static final BrokerControl CONTROL = new BrokerControl() {
        @Override
        public List<Integer> brokerIds() {
            return List.of(1, 2, 3);
        }

        @Override
        public boolean isRunning(int brokerId) {
            return true;
        }

        @Override
        public void stop(int brokerId) {
        }

        @Override
        public void kill(int brokerId) {
        }

        @Override
        public void start(int brokerId) {
        }
    };

    private static CheckDescriptor check(String method) throws NoSuchMethodException {
        Method m = Sample.class.getDeclaredMethod(method, CheckContext.class);
        return CheckDescriptor.of(m).orElseThrow();
    }

    private static KafkaTarget target(int brokers, Optional<BrokerControl> control) {
        List<String> nodes = new java.util.ArrayList<>();
        for (int i = 1; i <= brokers; i++) {
            nodes.add(i + "@127.0.0.1:" + (9091 + i));
        }
        TargetFacts facts = new TargetFacts(new TreeMap<>(), (short) 4, "", new TreeMap<>(), new TreeMap<>(), "c", 1,
                nodes);
        return new KafkaTarget("t", "127.0.0.1:9092", Map.of(), facts, ResourceNames.newRun(), control,
                Optional.empty());
    }

    @Test
    void descriptorReadsFacilitiesAndClusterSize() throws Exception {
        CheckDescriptor check = check("needsControl");
        assertThat(check.requiredFacilities()).containsExactly(Facility.BROKER_CONTROL);
        assertThat(check.minBrokers()).isEqualTo(3);
        assertThat(check.references()).contains("3+ brokers", "broker control");
        assertThat(check("plain").minBrokers()).isEqualTo(1);
        assertThat(check("plain").requiredFacilities()).isEmpty();
    }

    @Test
    void anExternalTargetGivesNoBrokerControl() throws Exception {
        List<String> reasons = KconformExtension.inapplicability(check("needsControl"), target(3, Optional.empty()));
        assertThat(reasons).containsExactly("needs broker control, which an external target does not give: only a"
                + " target kconform launches itself can stop, kill and restart a broker");
    }

    @Test
    void aSingleBrokerIsTooSmallEvenWithControl() throws Exception {
        assertThat(KconformExtension.inapplicability(check("needsControl"), target(1, Optional.of(CONTROL))))
                .containsExactly("not applicable: needs a cluster of at least 3 brokers; the target has 1");
        assertThat(KconformExtension.inapplicability(check("needsControl"), target(3, Optional.of(CONTROL)))).isEmpty();
        assertThat(KconformExtension.inapplicability(check("plain"), target(1, Optional.empty()))).isEmpty();
    }

    @Test
    void aTargetWhoseBrokersAreUnknownStillRunsChecksThatNeedOne() throws Exception {
        // DescribeCluster refused or broken: a plain check must still run, where it can fail
        assertThat(KconformExtension.inapplicability(check("plain"), target(0, Optional.empty()))).isEmpty();
        assertThat(KconformExtension.inapplicability(check("needsControl"), target(0, Optional.of(CONTROL))))
                .containsExactly("not applicable: needs a cluster of at least 3 brokers; the target's brokers are"
                        + " unknown (DescribeCluster was not answered)");
    }

    @Test
    void theContextRefusesWhatTheTargetDoesNotGiveAsNotApplicable() throws Exception {
        CheckContext ctx = new CheckContext(target(3, Optional.empty()), check("needsControl"), line -> { });
        assertThatThrownBy(ctx::brokerControl).isInstanceOf(NotApplicableException.class);
        assertThatThrownBy(ctx::restrictedPrincipal).isInstanceOf(NotApplicableException.class);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(ctx::brokerControl);
        assertThat(OutcomeClassifier.classify(thrown).outcome()).isEqualTo(Outcome.SKIPPED);
        CheckContext controlled = new CheckContext(target(3, Optional.of(CONTROL)), check("needsControl"), l -> { });
        assertThat(controlled.brokerControl().brokerIds()).containsExactly(1, 2, 3);
        ctx.close();
        controlled.close();
    }

    @Test
    void capabilitiesAreOfferedByWhatTheTargetHas() {
        KafkaTarget secured = new KafkaTarget("t", "b:1", Map.of(), target(1, Optional.empty()).facts(),
                ResourceNames.newRun(), Optional.empty(), Optional.of(new ClientPrincipal("User:r",
                        Map.of("sasl.jaas.config", "secret"))));
        assertThat(Facility.RESTRICTED_PRINCIPAL.offeredBy(secured)).isTrue();
        assertThat(Facility.BROKER_CONTROL.offeredBy(secured)).isFalse();
        assertThat(secured.restrictedPrincipal().orElseThrow().toString()).isEqualTo("User:r");
        assertThat(secured.toString()).doesNotContain("secret");
    }
}
