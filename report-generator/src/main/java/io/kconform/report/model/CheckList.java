package io.kconform.report.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which checks a suite holds, as one digest: two runs with the same {@code sha256} ran the same checks, with the
 * same levels and strengths, whatever order they were listed in. Immutable.
 *
 * <p>The digest is SHA-256, in lower-case hex, over the UTF-8 bytes of one line per check, sorted by id (by
 * UTF-16 code units, as {@link String#compareTo} sorts): {@code <id> TAB <LEVEL> TAB <STRENGTH> LF}, the level
 * and strength by their upper-case names, e.g. {@code protocol.apiversions.answered\tINGEST\tMUST\n}.
 *
 * @param count  how many checks
 * @param sha256 the digest described above; empty when the list is not known (a file of an older writer)
 */
public record CheckList(int count, String sha256) {

    /** Not known: a results.json written before the check list was recorded. */
    public static final CheckList UNKNOWN = new CheckList(0, "");

    public CheckList {
        Objects.requireNonNull(sha256, "sha256");
    }

    /** One check as the digest sees it. */
    public record Entry(String id, String level, String strength) {
    }

    /** The check list of the given checks. */
    public static CheckList of(List<Entry> checks) {
        StringBuilder text = new StringBuilder();
        checks.stream().sorted(Comparator.comparing(Entry::id)).forEach(c -> text.append(c.id()).append('\t')
                .append(c.level()).append('\t').append(c.strength()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return new CheckList(checks.size(), HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The check list of a target's results, which list every check of the catalog. */
    public static CheckList ofResults(List<CheckResult> checks) {
        return of(checks.stream().map(c -> new Entry(c.id(), c.level().name(), c.strength().name())).toList());
    }
}
