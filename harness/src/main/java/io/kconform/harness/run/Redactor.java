package io.kconform.harness.run;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hides secret values wherever they might appear in text that leaves the harness: check messages,
 * evidence, error output. Longest secrets are replaced first, so that a secret containing another
 * is hidden whole. Immutable and thread-safe.
 */
public final class Redactor implements UnaryOperator<String> {

    /** What a hidden secret looks like. */
    public static final String MASK = "[hidden]";

    /** Secrets shorter than this are not replaced: they would mangle ordinary words. */
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    public Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    @Override
    public String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
