package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.KafkaMutatingProxy;
import io.kconform.harness.proxy.SharedBroker;
import io.kconform.harness.proxy.mutations.CrashOn;
import io.kconform.harness.run.LivenessJudge.Dead;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watch against a real broker behind the rewriting proxy: it gets answers while the broker serves,
 * and finds the target dead, once, when the proxy crashes and its port refuses connections.
 */
@ExtendWith(SharedBroker.class)
class LivenessWatchTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void aTargetThatCrashesIsFoundDeadOnceByRefusal() throws Exception {
        // The watch's own fourth ApiVersions request crashes the proxy: three answers, then nothing listens.
        CrashOn crash = CrashOn.nthRequest(ApiKeys.API_VERSIONS, 4);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of(crash))) {
            CompletableFuture<Dead> found = new CompletableFuture<>();
            AtomicInteger told = new AtomicInteger();
            try (LivenessWatch watch = LivenessWatch.start("crashing", proxy.bootstrapServers(), Map.of(),
                    ApiKeys.API_VERSIONS.latestVersion(), "liveness-test")) {
                watch.onDead(dead -> {
                    told.incrementAndGet();
                    found.complete(dead);
                });
                // Only a guard against a hang: the watch's thresholds, not this bound, decide when.
                Dead dead = found.get(2, TimeUnit.MINUTES);
                System.out.printf("found dead %d ms after the crash: %s%n", java.time.Duration.between(
                        crash.crashedAt().orElseThrow(), java.time.Instant.now()).toMillis(), dead.evidence());
                assertThat(dead.evidence()).startsWith("connection refused by every bootstrap address in "
                        + LivenessJudge.REFUSALS_FOR_DEATH + " consecutive attempts");
                assertThat(watch.dead()).contains(dead);
                AtomicInteger late = new AtomicInteger();
                watch.onDead(d -> late.incrementAndGet());
                assertThat(late).as("a listener added afterwards is told at once").hasValue(1);
                assertThat(watch.summary()).contains("3 answered");
            }
            assertThat(told).hasValue(1);
            assertThat(crash.crashedAt()).isPresent();
        }
    }

    @Test
    void aTargetThatServesIsNeverFoundDead() throws Exception {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of());
             LivenessWatch watch = LivenessWatch.start("serving", proxy.bootstrapServers(), Map.of(),
                     ApiKeys.API_VERSIONS.latestVersion(), "liveness-test")) {
            AtomicInteger told = new AtomicInteger();
            watch.onDead(dead -> told.incrementAndGet());
            Thread.sleep(4_000);
            assertThat(told).hasValue(0);
            assertThat(watch.dead()).isEmpty();
            assertThat(watch.summary()).doesNotContain(" 0 answered").doesNotContain("dead");
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
