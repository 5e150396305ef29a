package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.ResourceNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cleanup of a target that stopped answering is bounded and says what it left, and under which
 * prefix, without a broker: nothing is tried where nothing listens, and a silent endpoint gets no more
 * than the bound given. The JUnit timeouts only keep a fault from hanging the build.
 */
class RunCleanupOfADeadTargetTest {

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void nothingIsTriedWhereEveryAddressRefuses() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ResourceNames names = ResourceNames.newRun();
        RunCleanup.Report report = RunCleanup.deleteFromDeadTarget("127.0.0.1:" + port, Map.of(), names);
        assertThat(report.problem()).isEqualTo("not tried: every bootstrap address refuses connections");
        assertThat(report.describe(names.prefix())).isEqualTo("deleted 0 topics and 0 groups under " + names.prefix()
                + "; could not delete the rest (not tried: every bootstrap address refuses connections): what the run"
                + " left on the target is named " + names.prefix() + "-*");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aSilentEndpointGetsNoMoreThanTheBound() throws Exception {
        List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ResourceNames names = ResourceNames.newRun();
            long begin = System.nanoTime();
            RunCleanup.Report report = RunCleanup.delete("127.0.0.1:" + silent.getLocalPort(), Map.of(), names,
                    Duration.ofSeconds(2));
            System.out.printf("cleanup of a silent endpoint with a 2 s bound took %d ms: %s%n",
                    (System.nanoTime() - begin) / 1_000_000, report.describe(names.prefix()));
            assertThat(report.topics()).isZero();
            assertThat(report.groups()).isZero();
            assertThat(report.problem()).as("the first step waits out its bound, the others are not tried")
                    .contains("groups: TimeoutException")
                    .endsWith("; open transactions, topics, group configs, quotas, SCRAM users, ACLs: not tried, the target did not"
                            + " answer the groups step in time");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
