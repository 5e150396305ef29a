package io.kconform.harness.proof;

import io.kconform.api.Outcome;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed expected outcome of every check on a golden target, one file per target in
 * {@code src/test/resources/golden/outcomes/<target>.tsv}: two comment lines (what the target is, how
 * to regenerate the file), then {@code <check id> TAB <outcome>} for every check of the catalog, in
 * catalog order. {@link #differences} renders what a run did differently, check by check, with the
 * check's message; with {@code -Dgolden.update=true} the files are rewritten from the run instead.
 *
 * <p>Files are read from and written to the source tree (the tests run in the harness module's
 * folder), so that a regenerated file is what the next run compares against, and what review sees.
 */
public final class GoldenOutcomes {

    /** Where the golden outcome files live, relative to the harness module. */
    static final Path DIR = Path.of("src", "test", "resources", "golden", "outcomes");

    /** Set to {@code true} to rewrite the golden files from the run rather than compare. */
    static final String UPDATE_PROPERTY = "golden.update";

    /** The command that rewrites the golden files from a run, from the project's root folder. */
    static final String REGENERATE = "mvn -B verify -pl harness -am -Dit.test=GoldenOutcomesIT -Dgolden.update=true"
            + " -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false";

    private GoldenOutcomes() {
    }

    /** Whether this run rewrites the files. */
    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * The committed outcomes of the reference, Apache Kafka 4.4.0 with its defaults: what any other
     * deployment of the same release should match, except where its own configuration differs.
     */
    public static Map<String, Outcome> reference() {
        return read(file("kafka-4.4"));
    }

    /** The file of a golden target. */
    static Path file(String target) {
        return DIR.resolve(target + ".tsv");
    }

    /**
     * The expected outcomes in a golden file, by check id, in file order.
     *
     * @throws IllegalArgumentException naming the line that is not {@code id TAB outcome}
     */
    static Map<String, Outcome> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden outcomes " + file + " (create it with " + REGENERATE
                    + ")", e);
        }
        Map<String, Outcome> expected = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '<check id> TAB <outcome>', was '"
                        + line + "'");
            }
            try {
                expected.put(fields[0], Outcome.valueOf(fields[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown outcome '" + fields[1] + "'", e);
            }
        }
        return expected;
    }

    /**
     * What differs between the golden outcomes and a run, one line per check, empty when nothing
     * does: {@code id: expected X, was Y: message}, and checks only one side knows.
     */
    static List<String> differences(Map<String, Outcome> expected, List<CheckResult> actual) {
        List<String> lines = new ArrayList<>();
        Map<String, CheckResult> byId = new LinkedHashMap<>();
        actual.forEach(r -> byId.put(r.id(), r));
        expected.forEach((id, outcome) -> {
            CheckResult result = byId.get(id);
            if (result == null) {
                lines.add(id + ": expected " + outcome + ", but the catalog has no such check");
            } else if (!result.selected()) {
                lines.add(id + ": expected " + outcome + ", but it did not run (" + result.message() + ")");
            } else if (result.outcome() != outcome) {
                lines.add(id + ": expected " + outcome + ", was " + result.outcome()
                        + (result.message().isEmpty() ? "" : ": " + result.message()));
            }
        });
        byId.forEach((id, result) -> {
            if (!expected.containsKey(id)) {
                lines.add(id + ": not in the golden file, was " + (result.selected() ? result.outcome() : "not run")
                        + (result.message().isEmpty() ? "" : ": " + result.message()));
            }
        });
        return lines;
    }

    /** The text of a golden file for a run: the two comment lines, then every check's outcome. */
    static String render(String what, List<CheckResult> results) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(what).append('\n');
        text.append("# Regenerate from a run (after an intended change): ").append(REGENERATE).append('\n');
        results.forEach(r -> text.append(r.id()).append('\t').append(r.outcome()).append('\n'));
        return text.toString();
    }

    /**
     * Compares a target's run with its golden file, or rewrites the file when updating.
     *
     * @param target the golden file's name, without {@code .tsv}
     * @param what   the first comment line: what the target is
     * @return the differences, for an assertion message; empty when updating
     */
    static List<String> compareOrUpdate(String target, String what, TargetReport report) {
        Path file = file(target);
        if (updating()) {
            try {
                Files.createDirectories(DIR);
                Files.writeString(file, render(what, report.checks()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            System.out.println("rewrote " + file.toAbsolutePath());
            return List.of();
        }
        return differences(read(file), report.checks());
    }

    /** A readable failure message for a target's differences. */
    static String describe(String target, List<String> differences) {
        return differences.size() + " check(s) differ from " + file(target) + " on target " + target + ":\n  "
                + String.join("\n  ", differences) + "\nIf the difference is intended, regenerate the golden files: "
                + REGENERATE;
    }
}
