package io.kconform.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.checks.eos.history.WorkloadPlan;
import io.kconform.harness.launch.FreePorts;
import io.kconform.harness.run.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and messages, without a broker. */
class KconformCommandLineTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KconformMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestionAndNoStackTrace() {
        Result result = run("run", "--battery", "storage", "--chek", "x");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("kconform: Unknown options: '--chek'").contains("--check")
                .contains("Try 'kconform run --help'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnknownFormatIsAUsageErrorNamingTheValidOnes() {
        Result result = run("run", "--format", "html,pdf");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("unknown --format 'pdf' (valid: html, json, junit, md, badge)")
                .doesNotContain("Exception");
        assertThat(run("run", "--format", " , ").err()).contains("--format needs at least one of html, json");
        assertThat(run("run", "--help").out()).contains("--format=FORMATS").contains("default: html,json,junit,md,badge");
    }

    @Test
    void onlyTheFormatsAskedForAreWritten() throws IOException {
        int closed = FreePorts.onLoopback();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--output", dir.toString(), "--no-color",
                "--format", "md,badge");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(dir.resolve("report.md")).exists();
        assertThat(dir.resolve("badge.svg")).content().contains(">not assessed</text>");
        for (String absent : List.of("results.json", "report.html", "junit.xml")) {
            assertThat(dir.resolve(absent)).doesNotExist();
        }
    }

    @Test
    void anUnknownBatteryListsTheValidOnes() {
        Result result = run("run", "--battery", "streamz");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("unknown battery 'streamz' (valid: protocol, groups, storage, eos, connect, streams)");
    }

    @Test
    void aWrongTargetsFileNamesFileLineAndField() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, "targets:\n  - name: a\n    kind: embeded\n");
        Result result = run("run", "--targets", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(file + ":3:11: targets[0].kind: unknown kind 'embeded'");
    }

    @Test
    void aCheckGlobMatchingNothingSaysHowToListChecks() {
        Result result = run("run", "--check", "storage.compactoin.*", "--output", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no check matches storage.compactoin.*").contains("kconform list");
    }

    @Test
    void targetsAtOnceMustBeAtLeastOne() {
        Result result = run("run", "--parallel-targets", "0", "--output", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--parallel-targets must be at least 1, not 0");
    }

    @Test
    void theHistoryDurationIsOneToSixHundredSecondsWithinTheCheckTimeout() {
        for (String bad : List.of("0", "601", "-3")) {
            Result result = run("run", "--history-duration", bad, "--output", dir.toString());
            assertThat(result.exitCode()).as(bad).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).as(bad).contains("kconform: --history-duration must be 1 to 600 seconds, not " + bad)
                    .contains("Try 'kconform run --help'").doesNotContain("\tat ");
        }
        assertThat(run("run", "--history-duration", "ten").err())
                .contains("Invalid value for option '--history-duration': 'ten' is not an int");
        Result tooLong = run("run", "--history-duration", "150", "--output", dir.toString());
        assertThat(tooLong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(tooLong.err()).contains("--history-duration 150 leaves the history checks too little of"
                + " --check-timeout 180; give --check-timeout 210 or more");
        // the default duration never refuses a short --check-timeout: the run goes on to its selection
        Result shortTimeout = run("run", "--check-timeout", "1", "--output", dir.toString(), "--check",
                "no.such.check");
        assertThat(shortTimeout.err()).doesNotContain("--history-duration").contains("no check matches no.such.check");
    }

    @Test
    void anyLongIsAHistorySeedNegativeToo() {
        // Accepted: the run goes on to the next thing it checks, the selection.
        Result negative = run("run", "--history-seed", "-9223372036854775808", "--output", dir.toString(), "--check",
                "no.such.check");
        assertThat(negative.err()).doesNotContain("--history-seed").contains("no check matches no.such.check");
        assertThat(run("run", "--history-seed", "1.5").err())
                .contains("Invalid value for option '--history-seed': '1.5' is not a long");
    }

    @Test
    void runHelpGivesTheHistoryOptionsWithTheCheckDefaults() {
        String help = run("run", "--help").out();
        // the check's own defaults (a plain JUnit run) and the command line's are the same
        assertThat(help).contains("--history-seed=N").contains("--history-duration=SECONDS")
                .contains("(default: " + WorkloadPlan.DEFAULT_SEED + ")")
                .contains("(default: " + WorkloadPlan.DEFAULT_DURATION.toSeconds() + ")");
    }

    @Test
    void commandConfigNeedsBootstrapAndExcludesTargets() {
        assertThat(run("run", "--command-config", "client.properties").err()).contains("--command-config needs --bootstrap");
        assertThat(run("run", "--bootstrap", "h:1", "--target", "x").err()).contains("exclude each other");
    }

    @Test
    void listPrintsEveryCheckWithoutConnecting() {
        Result result = run("list", "--format", "tsv");
        assertThat(result.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(result.out().lines().findFirst()).contains("id\tbattery\tlevel\tstrength\tcapability\tcluster-change\tspec");
        assertThat(result.out()).contains("protocol.apiversions.answered\tprotocol\tingest\tMUST\t-\t-\t");
        assertThat(result.out()).contains("protocol.admin.client-quotas\tprotocol\tingest\tSHOULD\t-\tclient quotas");
    }

    @Test
    void aClosedPortIsReportedUnreachableAtOnceWithExitThree() {
        int closed = FreePorts.onLoopback();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--output", dir.toString(), "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out()).contains("target 127.0.0.1:" + closed + " is unreachable: it refused the connection");
        assertThat(dir.resolve("results.json")).exists();
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersIsReportedNotKafka() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Result result = run("run", "--bootstrap", "127.0.0.1:" + silent.getLocalPort(), "--output",
                    dir.toString(), "--no-color");
            assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_KAFKA);
            assertThat(result.out()).contains("does not speak Kafka: it accepted the connection but sent nothing within 10 s");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void secretsFromTheCommandConfigNeverReachTheConsole() throws IOException {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"hunter2-secret\";\n");
        int closed = FreePorts.onLoopback();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--command-config", config.toString(),
                "--output", dir.resolve("out").toString(), "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    // Configuration checked before anything starts: each refusal exits 2, names where the value is written and
    // what is valid, creates no output folder and shows no secret.

    private static final String PASSWORD = "hunter2-secret";

    private Path properties(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    @Test
    void aSecurityProtocolKafkaDoesNotKnowIsRefusedWithFileLineAndTheValidValues() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), """
                targets:
                  - name: vendor
                    kind: external
                    bootstrap: 127.0.0.1:9092
                    clientProperties:
                      sasl.mechanism: PLAIN
                      security.protocol: SASL_PLAINTXT
                """);
        Path out = dir.resolve("out");
        Result result = run("run", "--targets", file.toString(), "--output", out.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(file + ":7:26: targets[0].clientProperties.security.protocol: SASL_PLAINTXT"
                + " is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL").doesNotContain("\tat ");
        assertThat(out).as("nothing started, no output folder").doesNotExist();
        Result targets = run("targets", "--targets", file.toString());
        assertThat(targets.exitCode()).as("targets refuses what run refuses").isEqualTo(ExitCode.USAGE);
        assertThat(targets.err()).contains("security.protocol: SASL_PLAINTXT is not one of");
    }

    @Test
    void acksMaybeIsRefusedNamingTheValidValues() throws IOException {
        Path config = properties("security.protocol=PLAINTEXT\nacks=maybe\n");
        Result result = run("run", "--bootstrap", "127.0.0.1:9092", "--command-config", config.toString(),
                "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(config + ":2: acks: maybe is not one of all, -1, 0, 1");
    }

    @Test
    void anUnknownLoginModuleIsRefusedByNameWithoutThePassword() throws IOException {
        Path config = properties("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=com.example.vendor.VendorLoginModule required username=\"u\" password=\""
                + PASSWORD + "\";\n");
        Result result = run("run", "--bootstrap", "127.0.0.1:9092", "--command-config", config.toString(),
                "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(config + ":3: sasl.jaas.config: login module"
                + " com.example.vendor.VendorLoginModule cannot be loaded");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingTruststoreIsRefusedNamingPropertyAndPathWithoutThePassword() throws IOException {
        Path missing = dir.resolve("certs").resolve("truststore.p12");
        Path config = properties("security.protocol=SSL\nssl.truststore.location=" + missing
                + "\nssl.truststore.password=" + PASSWORD + "\n");
        Result result = run("run", "--bootstrap", "127.0.0.1:9092", "--command-config", config.toString(),
                "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(config + ":2: ssl.truststore.location: " + missing + " does not exist");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aBootstrapWithoutAPortIsAUsageError() {
        Result result = run("run", "--bootstrap", "foo", "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("kconform: --bootstrap: 'foo' is not host:port (such as broker.example.com:9092)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnreachableTargetsResultsAreWholeVerifiableAndAsTheSchemaSays() throws Exception {
        Path out = dir.resolve("out");
        Result result = run("run", "--bootstrap", "127.0.0.1:" + FreePorts.onLoopback(), "--output", out.toString(),
                "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out()).containsOnlyOnce("Exit 3: command-line could not be started or reached.");

        Path results = out.resolve("results.json");
        assertThat(ResultsSchema.violations(results)).isEmpty();
        var target = new com.fasterxml.jackson.databind.ObjectMapper().readTree(results.toFile()).get("targets").get(0);
        assertThat(target.get("checks")).as("no check ran, none is listed").isEmpty();
        assertThat(target.get("clusterId").isNull()).isTrue();
        assertThat(target.get("apiMatrix")).isEmpty();

        Result verified = run("verify", results.toString());
        assertThat(verified.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(verified.out()).startsWith(results + ": valid, sha256 ");
    }

    @Test
    void verifyRefusesAMissingTruncatedOrEditedFileWithExitTwoAndOnePlainLine() throws Exception {
        Path out = dir.resolve("out");
        run("run", "--bootstrap", "127.0.0.1:" + FreePorts.onLoopback(), "--output", out.toString(), "--no-color");
        Path results = out.resolve("results.json");
        String text = Files.readString(results);

        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, text.replace("\"kind\": \"external\"", "\"kind\": \"embedded\""));
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, text.length() - 40));
        Path older = dir.resolve("older.json");
        Files.writeString(older, text.replaceFirst("\"schemaVersion\": 2", "\"schemaVersion\": 1"));

        for (var bad : java.util.Map.of(edited, "was changed after kconform wrote it", truncated, "is truncated",
                older, "has schemaVersion 1", dir.resolve("missing.json"), "no such file").entrySet()) {
            Result result = run("verify", bad.getKey().toString());
            assertThat(result.exitCode()).as(bad.getValue()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("kconform: " + bad.getKey() + ": ").contains(bad.getValue())
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(result.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void aBadBaselineStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path baseline = dir.resolve("baseline.json");
        Files.writeString(baseline, "{\"schemaVersion\": 2, \"targets\": [");
        Path out = dir.resolve("never");

        Result result = run("run", "--bootstrap", "127.0.0.1:9", "--baseline", baseline.toString(), "--fail-on",
                "regression", "--output", out.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).startsWith("kconform: --baseline " + baseline + ": is truncated");
        assertThat(out).doesNotExist();
    }

    @Test
    void regressionNeedsABaselineAndUnexpectedAnExpectedFile() {
        assertThat(run("run", "--fail-on", "regression", "--output", dir.resolve("a").toString()).err())
                .contains("--fail-on regression needs --baseline RESULTS_JSON");
        Result result = run("run", "--fail-on", "must-fail,unexpected", "--output", dir.resolve("b").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--fail-on unexpected needs --expected FILE");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void aBadExpectedFileNamesFileLineAndField() throws IOException {
        Path expected = dir.resolve("expected.yaml");
        Files.writeString(expected, "expected:\n  - id: protocol.apiversions.answerd\n    outcome: FAIL\n"
                + "    reason: r\n");
        Result result = run("run", "--expected", expected.toString(), "--fail-on", "unexpected", "--output",
                dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(expected + ":2:9: expected[0].id: unknown check"
                + " 'protocol.apiversions.answerd'");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aReleaseRunWouldRefuseIsRefusedByTargetsToo() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), """
                targets:
                  - name: fine
                    kind: embedded
                  - name: old
                    kind: embedded
                    version: 2.8.0
                """);
        String expected = file + ":6:14: targets[1].version: Apache Kafka 2.8.0 has no KRaft mode kconform supports"
                + " (3.3 or later)";
        Result targets = run("targets", "--targets", file.toString());
        assertThat(targets.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(targets.err()).contains(expected);
        assertThat(targets.out()).contains("* fine  embedded  Apache Kafka 4.4.0").contains("  old   embedded  Apache Kafka 2.8.0")
                .contains("refused: " + expected);
        Result run = run("run", "--targets", file.toString(), "--target", "old", "--output", dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains(expected);
    }

    @Test
    void targetsListsEachTargetsKindAndReleaseOrBootstrapAndTheFileRead() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), """
                default: vendor
                targets:
                  - name: reference
                    kind: embedded
                    version: 3.9.1
                    nodes: 3
                  - name: vendor
                    kind: external
                    bootstrap: broker.example.com:9092
                    clientProperties:
                      secutiry.protocol: SSL
                  - name: vendor-env
                    kind: external
                    bootstrap: broker.example.com:9092
                    clientProperties:
                      sasl.jaas.config: ${env:KCONFORM_TEST_UNSET_VARIABLE}
                """);
        Result result = run("targets", "--targets", file.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.DONE);
        assertThat(result.out()).startsWith(file + ": 3 targets; * marks the default")
                .contains("  reference   embedded  Apache Kafka 3.9.1, 3 brokers")
                .contains("* vendor      external  bootstrap broker.example.com:9092")
                .contains("targets[1].clientProperties.secutiry.protocol: not a property of Kafka's producer, consumer"
                        + " or admin client (did you mean security.protocol?)")
                .contains("  vendor-env  external")
                .contains("not checked here: " + file + ":16:25: targets[2].clientProperties.sasl.jaas.config:"
                        + " environment variable KCONFORM_TEST_UNSET_VARIABLE is not set");
    }

    @Test
    void anUnknownPropertyIsAWarningAndTheRunGoesOn() throws IOException {
        Path config = properties("ackss=all\n");
        int closed = FreePorts.onLoopback();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--command-config", config.toString(),
                "--output", dir.resolve("out").toString(), "--no-color");
        assertThat(result.err()).contains("kconform: warning: " + config + ":1: ackss: not a property of Kafka's"
                + " producer, consumer or admin client (did you mean acks?)");
        assertThat(result.exitCode()).as("reached the unreachable target").isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
    }

    @Test
    void anOutputFolderWithFilesInItIsRefusedUnlessOverwriteIsGiven() throws IOException {
        Path out = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(out.resolve("results.json"), "{}");
        Result refused = run("run", "--output", out.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("--output " + out + " already holds files (results.json); name an empty or"
                + " new folder, or add --overwrite to write into it");
        // With --overwrite the folder is accepted: the run goes on to the next thing it checks, the selection.
        Result accepted = run("run", "--output", out.toString(), "--overwrite", "--check", "no.such.check");
        assertThat(accepted.err()).doesNotContain("already holds files").contains("no check matches no.such.check");
        assertThat(out.resolve("results.json")).hasContent("{}");
    }

    @Test
    void runHelpShowsTheEnvironmentSyntaxLiterally() {
        Result result = run("run", "--help");
        assertThat(result.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(result.out()).contains("${env:NAME}").doesNotContain("use null").contains("--overwrite");
    }

    @Test
    void aVerifiedBaselineIsComparedAndRecorded() throws Exception {
        int closed = FreePorts.onLoopback();
        Path first = dir.resolve("first");
        run("run", "--bootstrap", "127.0.0.1:" + closed, "--output", first.toString(), "--no-color");
        Path second = dir.resolve("second");

        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--baseline",
                first.resolve("results.json").toString(), "--fail-on", "regression", "--output", second.toString(),
                "--no-color");

        assertThat(result.exitCode()).as("not reached: exit 3, never a regression").isEqualTo(
                ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out()).contains("Since the baseline " + first.resolve("results.json"))
                .contains("  command-line: no check changed");
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(second.resolve("results.json").toFile());
        assertThat(written.at("/comparedWith/sha256").textValue()).isEqualTo(new com.fasterxml.jackson.databind
                .ObjectMapper().readTree(first.resolve("results.json").toFile()).get("sha256").textValue());
        assertThat(ResultsSchema.violations(second.resolve("results.json"))).isEmpty();
    }
}
