package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kconform.harness.config.TestcontainersTargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a Docker engine: the reason when there is none, once, and never a hang. */
class DockerEngineTest {

    @TempDir
    Path runDir;

    @Test
    void noEngineIsReportedWithTestcontainersOwnMessageAndAskedOnce() {
        AtomicInteger asked = new AtomicInteger();
        DockerEngine engine = new DockerEngine(() -> {
            asked.incrementAndGet();
            throw new IllegalStateException("Could not find a valid Docker environment. Please see logs and check configuration");
        }, Duration.ofSeconds(10));
        assertThat(engine.unavailableReason()).contains("no Docker engine: Could not find a valid Docker environment."
                + " Please see logs and check configuration");
        assertThat(engine.unavailableReason()).isPresent();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aDiscoveryThatNeverReturnsIsCutOffAtTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        DockerEngine engine = new DockerEngine(() -> {
            never.await();
            return null;
        }, Duration.ofMillis(300));
        assertThat(engine.unavailableReason()).contains("no Docker engine: Testcontainers found none that answered"
                + " within 0 s");
    }

    @Test
    void anEngineThatAnswersIsNoReason() {
        assertThat(new DockerEngine(() -> "client", Duration.ofSeconds(10)).unavailableReason()).isEmpty();
    }

    @Test
    void aContainerTargetWithoutEngineDoesNotStartAndSaysWhy() {
        ContainerLauncher launcher = new ContainerLauncher(new DockerEngine(() -> {
            throw new IllegalStateException("Could not find a valid Docker environment. Please see logs and check configuration");
        }, Duration.ofSeconds(10)));
        TestcontainersTargetSpec spec = new TestcontainersTargetSpec("image", "apache/kafka:4.4.0", Map.of(), 9092,
                TestcontainersTargetSpec.DEFAULT_BOOTSTRAP, Map.of(), Duration.ofSeconds(60), Set.of());
        List<String> progress = new ArrayList<>();
        TargetStartException e = catchThrowableOfType(TargetStartException.class,
                () -> launcher.start(spec, runDir, progress::add));
        assertThat(e).hasMessage("target image did not start: no Docker engine: Could not find a valid Docker"
                + " environment. Please see logs and check configuration");
        assertThat(e.logTail()).isEmpty();
        assertThat(progress).isEmpty();
    }
}
