package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.run.ExitCode;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The whole catalog against {@code kafka-4.4-cluster} of the project's targets.yaml, as a user runs it:
 * three brokers and three controllers of Apache Kafka 4.4.0, each in its own JVM. Every check must
 * have its outcome on the single-broker reference (golden {@code kafka-4.4.tsv}: PASS but for what 4.4
 * itself does not offer), and the checks that need three brokers, SKIPPED there, must PASS (the
 * durability check and the history check across a broker kill kill a partition leader through broker control and
 * start it again; the preferred-election check restarts a preferred replica and elects it back; the truncation check stops two
 * brokers for an unclean election; the follower-fetching check reads from the replica in the consumer's rack,
 * each broker being in a rack of its own); every node must have its log and configuration under {@code targets/<name>/}, every
 * listener must be on 127.0.0.1, and nothing may be left running.
 */
class EmbeddedClusterIT {

    @Test
    void aThreeBrokerClusterMatchesTheReferenceAndSurvivesABrokerLoss() throws Exception {
        Path out = Path.of("target", "proof", "cluster");
        StringWriter console = new StringWriter();
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true),
                "run", "--targets", "../targets.yaml", "--target", "kafka-4.4-cluster", "--output", out.toString(), "--overwrite",
                "--no-color");
        System.out.println(console);

        RunReport run = JsonReport.read(out.resolve("results.json"));
        TargetReport target = run.targets().get(0);
        assertThat(target.description()).contains("3 brokers and 3 controllers");
        assertThat(target.nodes()).as("brokers the probe found").hasSize(3);
        Map<String, Outcome> expected = new LinkedHashMap<>(GoldenOutcomes.reference());
        expected.put("storage.durability.acks-all-survives-broker-loss", Outcome.PASS);
        expected.put("eos.history.no-anomalies-across-broker-kill", Outcome.PASS);
        expected.put("protocol.admin.elect-leaders-preferred-restored", Outcome.PASS);
        expected.put("storage.leader-epoch.truncation-detected", Outcome.PASS);
        expected.put("storage.fetch.follower-fetching", Outcome.PASS);
        assertThat(GoldenOutcomes.differences(expected, target.checks()))
                .as("outcomes on a 3-broker Apache Kafka 4.4.0 that differ from the reference's").isEmpty();
        assertThat(target.checks()).allMatch(CheckResult::selected);
        CheckResult durability = target.checks().stream()
                .filter(c -> c.id().equals("storage.durability.acks-all-survives-broker-loss")).findFirst().orElseThrow();
        assertThat(durability.evidence()).anyMatch(line -> line.startsWith("killed broker "))
                .anyMatch(line -> line.contains("started again"));
        assertThat(exit).isEqualTo(ExitCode.DONE);

        Path files = out.resolve("targets/kafka-4.4-cluster");
        for (String node : List.of("broker-1", "broker-2", "broker-3", "controller-101", "controller-102",
                "controller-103")) {
            assertThat(files.resolve(node + ".log")).as("log of %s", node).isNotEmptyFile();
            Properties config = new Properties();
            try (var reader = Files.newBufferedReader(files.resolve(node + ".properties"))) {
                config.load(reader);
            }
            assertThat(config.getProperty("listeners")).as("listeners of %s", node)
                    .matches("([A-Z_]+://127\\.0\\.0\\.1:\\d+,?)+");
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left running by the run").isEmpty();
    }
}
