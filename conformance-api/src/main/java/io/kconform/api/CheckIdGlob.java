package io.kconform.api;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The check-id globs of {@code kconform run --check}, the Maven plugin's {@code check} and the plain JUnit path's
 * {@code kconform.check}: {@code *} matches any characters, segment dots included, {@code ?} one character, and
 * anything else itself. One definition, so that a glob selects the same checks on every path.
 */
public final class CheckIdGlob {

    private CheckIdGlob() {
    }

    /** The regular expression that matches exactly the ids {@code glob} selects. */
    public static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.strip().toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether an id matches any of the comma-separated globs of {@code globs}; blank entries are ignored. */
    public static Predicate<String> anyOf(String globs) {
        List<Pattern> patterns = Arrays.stream(globs.split(",")).map(String::strip).filter(g -> !g.isEmpty())
                .map(CheckIdGlob::toRegex).toList();
        return id -> patterns.stream().anyMatch(p -> p.matcher(id).matches());
    }
}
