package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Level;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default certification, exactly as a user runs it ({@code kconform run}): an embedded Apache
 * Kafka 4.4.0, every battery. Every check must PASS and the verdict must be PLATFORM; the reports
 * must be written and the broker stopped.
 */
class ReferenceKafkaIT {

    @Test
    void everyCheckPassesOnTheReferenceAndTheRunLeavesNothingRunning() throws Exception {
        Path out = Path.of("target", "proof", "reference");
        StringWriter console = new StringWriter();
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true),
                "run", "--output", out.toString(), "--no-color");
        System.out.println(console);

        RunReport run = JsonReport.read(out.resolve("results.json"));
        TargetReport target = run.targets().get(0);
        List<String> notPassing = target.checks().stream().filter(c -> c.outcome() != Outcome.PASS)
                .map(c -> c.id() + " " + c.outcome() + ": " + c.message()).toList();
        assertThat(notPassing).as("checks that did not pass on the reference Apache Kafka 4.4.0").isEmpty();
        assertThat(target.checks()).allMatch(CheckResult::selected);
        assertThat(target.verdict().highest()).contains(Level.PLATFORM);
        assertThat(exit).isEqualTo(ExitCode.DONE);
        // the summary after the progress lines opens with the verdict
        assertThat(console.toString().lines().dropWhile(l -> !l.isEmpty()).filter(l -> !l.isEmpty()).findFirst())
                .hasValueSatisfying(l -> assertThat(l).startsWith("Certified: PLATFORM (Apache Kafka 4.4 baseline)."));
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Certified: PLATFORM");
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(out.resolve("targets/kafka-4.4/broker.log")).exists();
        assertThat(console.toString()).containsPattern("deleted \\d+ topics and \\d+ groups under kconform-");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left running by the run").isEmpty();
    }
}
