package io.kconform.api.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {

    @Test
    void everyRunHasItsOwnPrefixUnderTheRoot() {
        ResourceNames a = ResourceNames.newRun();
        ResourceNames b = ResourceNames.newRun();
        assertThat(a.prefix()).matches("kconform-[a-z0-9]{8}").isNotEqualTo(b.prefix());
    }

    @Test
    void namesAreSafeForEveryKafkaResourceAndCarryThePrefix() {
        ResourceNames names = ResourceNames.withPrefix("kconform-abc");
        String name = names.name("storage.compaction.latest-value-kept", "Topic_1");
        assertThat(name).isEqualTo("kconform-abc-storage-compaction-latest-value-kept-topic-1");
        assertThat(names.owns(name)).isTrue();
        assertThat(names.owns("connect-" + name)).as("Connect prefixes sink groups with connect-").isTrue();
        assertThat(names.owns("kconform-abd-x")).isFalse();
    }

    @Test
    void longNamesAreShortenedButStayDistinct() {
        ResourceNames names = ResourceNames.withPrefix("kconform-abc");
        String a = names.name("x".repeat(300), "a");
        String b = names.name("x".repeat(300), "b");
        assertThat(a).hasSizeLessThanOrEqualTo(200).isNotEqualTo(b);
    }

    @Test
    void aClosedRunNamesNothingMore() {
        ResourceNames names = ResourceNames.withPrefix("kconform-abc");
        names.close();
        assertThatThrownBy(() -> names.name("check", "topic")).isInstanceOf(io.kconform.api.outcome.HarnessException.class)
                .hasMessageContaining("the run is ending");
        assertThat(names.owns("kconform-abc-check-topic")).isTrue();
    }

    @Test
    void aPrefixMustBeSafe() {
        assertThatThrownBy(() -> ResourceNames.withPrefix("Bad.Prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNameHandedOutIsRemembered() {
        ResourceNames names = ResourceNames.withPrefix("kconform-abc");
        String group = names.name("connect.worker.internal-topics", "cluster-group");
        String topic = names.name("storage.log.replay-identical", "log");
        assertThat(names.issued()).containsExactlyInAnyOrder(group, topic);
    }
}
