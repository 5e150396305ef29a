package io.kconform.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.FreePorts;
import io.kconform.harness.run.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kconform compare} as a user meets it, on results.json files that real runs wrote (against closed ports, so
 * no broker is needed): what it writes and prints, and how it refuses bad files without writing anything.
 */
class CompareCommandTest {

    @TempDir
    Path dir;

    private Path first;
    private Path second;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KconformMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void twoSavedRuns() {
        first = results("first");
        second = results("second");
    }

    private Path results(String name) {
        Path out = dir.resolve(name);
        Result result = run("run", "--bootstrap", "127.0.0.1:" + FreePorts.onLoopback(), "--output", out.toString(),
                "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        return out.resolve("results.json");
    }

    @Test
    void twoSavedRunsAreComparedIntoHtmlAndMarkdownAndATableOnTheConsole() throws IOException {
        Path out = dir.resolve("cmp");

        Result result = run("compare", first.toString(), second.toString(), "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.DONE);
        assertThat(result.out()).startsWith("2 targets side by side: no check differs")
                .contains("1. command-line (" + first + ") — level not reached; " + first)
                .contains("Reports: " + out.resolve("compare.html") + ", " + out.resolve("compare.md"));
        assertThat(Files.readString(out.resolve("compare.html"))).contains("<th scope=\"col\">2. command-line ("
                + second + ")</th>");
        assertThat(Files.readString(out.resolve("compare.md"))).startsWith("**2 targets side by side");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aMissingTruncatedEditedOrOlderFileIsExitTwoWithOnePlainLineAndNothingWritten() throws IOException {
        String text = Files.readString(first);
        Path edited = Files.writeString(dir.resolve("edited.json"), text.replace("\"kind\": \"external\"",
                "\"kind\": \"embedded\""));
        Path truncated = Files.writeString(dir.resolve("truncated.json"), text.substring(0, text.length() / 2));
        Path older = Files.writeString(dir.resolve("older.json"), text.replaceFirst("\"schemaVersion\": 2",
                "\"schemaVersion\": 1"));
        Path missing = dir.resolve("missing.json");
        Path notJson = Files.writeString(dir.resolve("report.html"), "<html></html>");

        for (var bad : Map.of(edited, "was changed after kconform wrote it", truncated, "is truncated", older,
                "has schemaVersion 1", missing, "no such file", notJson, "is not valid JSON").entrySet()) {
            Path out = dir.resolve("never-" + bad.getKey().getFileName());
            Result result = run("compare", second.toString(), bad.getKey().toString(), "--output", out.toString());

            assertThat(result.exitCode()).as(bad.getValue()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("kconform: " + bad.getKey() + ": ").contains(bad.getValue())
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.out()).isEmpty();
            assertThat(out).as("nothing written for " + bad.getValue()).doesNotExist();
        }
    }

    @Test
    void oneTargetIsNothingToCompare() {
        Path out = dir.resolve("never");
        Result result = run("compare", first.toString(), "--output", out.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("nothing to compare: " + first + " holds 1 target; give at least two");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputFolderWithFilesIsRefusedUnlessOverwrite() throws IOException {
        Path out = Files.createDirectories(dir.resolve("full"));
        Files.writeString(out.resolve("notes.txt"), "mine");

        Result refused = run("compare", first.toString(), second.toString(), "--output", out.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("--output " + out + " already holds files (notes.txt)");
        assertThat(out.resolve("compare.html")).doesNotExist();

        Result written = run("compare", first.toString(), second.toString(), "--output", out.toString(), "--overwrite");
        assertThat(written.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(out.resolve("compare.html")).exists();
        assertThat(out.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void anUnknownOutcomeOrBatteryIsAUsageErrorNamingTheValidOnes() {
        Result outcome = run("compare", first.toString(), second.toString(), "--outcome", "failed", "--output",
                dir.resolve("never").toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(outcome.err()).contains("unknown outcome 'failed' (valid: pass, fail, unsupported, skipped, error,"
                + " not-run, not-selected, not-in-suite, not-reached)");
        Result battery = run("compare", first.toString(), second.toString(), "--battery", "streamz");
        assertThat(battery.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(battery.err()).contains("unknown battery 'streamz'");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void filtersAreSaidInEveryOutput() throws IOException {
        Path out = dir.resolve("filtered");

        Result result = run("compare", first.toString(), second.toString(), "--battery", "storage", "--level",
                "storage,exactly-once", "--outcome", "fail", "--only-differences", "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.DONE);
        String filter = "battery storage; level STORAGE, EXACTLY_ONCE; outcome FAIL; only differences";
        assertThat(result.out()).contains("(filter: " + filter + ")").contains("No check to show with this filter.");
        assertThat(Files.readString(out.resolve("compare.html"))).contains("filter: " + filter);
        assertThat(Files.readString(out.resolve("compare.md"))).contains("filter: " + filter.replace("_", "\\_"));
    }

    @Test
    void aRunWithSeveralTargetsWritesTheMatrixBesideItsReportsAndLinksIt() throws IOException {
        Path targets = Files.writeString(dir.resolve("targets.yaml"), """
                targets:
                  - name: vendor-a
                    kind: external
                    bootstrap: 127.0.0.1:%d
                  - name: vendor-b
                    kind: external
                    bootstrap: 127.0.0.1:%d
                """.formatted(FreePorts.onLoopback(), FreePorts.onLoopback()));
        Path out = dir.resolve("both");

        Result result = run("run", "--targets", targets.toString(), "--target", "vendor-a,vendor-b", "--output",
                out.toString(), "--no-color");

        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out()).contains(out.resolve("compare.html").toString())
                .contains(out.resolve("compare.md").toString());
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("<a href=\"compare.html\">All 2 targets side by side, differences first: compare.html</a>");
        assertThat(Files.readString(out.resolve("compare.html")))
                .contains("<th scope=\"col\">1. <a href=\"report.html#t1\">vendor-a</a></th>")
                .contains("<th scope=\"col\">2. <a href=\"report.html#t2\">vendor-b</a></th>");
    }

    @Test
    void helpNamesTheFiltersAndTheExitCodes() {
        Result help = run("compare", "--help");

        assertThat(help.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(help.out()).contains("--only-differences").contains("--outcome=OUTCOME").contains("--overwrite")
                .contains("Exit codes:").contains("0   the comparison was written")
                .contains("2   a file is missing, truncated, changed after kconform wrote it");
        assertThat(run("--help").out()).contains("compare");
    }
}
