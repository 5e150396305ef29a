package io.kconform.report.render;

import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.Locale;

/** Text helpers shared by the renderers: one place decides how a duration or an outcome reads. */
final class Text {

    /** The label of a check the run did not select, which the model records as SKIPPED. */
    static final String NOT_SELECTED = "NOT SELECTED";

    private Text() {
    }

    /**
     * Text from a remote endpoint made safe to print on one line: each run of line breaks, tabs and
     * other control characters (the ESC of an ANSI sequence included) becomes one space. Ordinary
     * spaces stay as they are, so a headline reads exactly as the model holds it.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").strip();
    }

    /**
     * Text from a remote endpoint made safe to show as a block: line breaks stay (as {@code \n}),
     * tabs become spaces, other control characters become U+FFFD so that nothing reaches a terminal or
     * a document as an escape sequence.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
        StringBuilder out = new StringBuilder(normalised.length());
        normalised.codePoints().forEach(cp -> {
            if (cp == '\n' || !Character.isISOControl(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD');
            }
        });
        return out.toString();
    }

    /** At most {@code max} code points, the last one an ellipsis when cut. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        if (max <= 0) {
            return "";
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** How many columns {@code text} takes, counting code points (good enough for the Latin text we print). */
    static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    /** {@code text} padded with spaces on the right to {@code width} columns. */
    static String padRight(String text, int width) {
        int missing = width - width(text);
        return missing <= 0 ? text : text + " ".repeat(missing);
    }

    /** {@code text} padded with spaces on the left to {@code width} columns. */
    static String padLeft(String text, int width) {
        int missing = width - width(text);
        return missing <= 0 ? text : " ".repeat(missing) + text;
    }

    /** A duration as people read it: "0 ms", "340 ms", "1.2 s", "3 min 05 s", "1 h 02 min". */
    static String duration(Duration duration) {
        long millis = duration == null ? 0 : Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1_000.0);
        }
        long seconds = millis / 1_000;
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3_600, seconds % 3_600 / 60);
    }

    /**
     * The outcome as the reports show it: the outcome's name, or {@value #NOT_SELECTED} for a check
     * the run did not select, so a reader never mistakes "not asked" for "not applicable".
     */
    static String label(CheckResult check) {
        return key(check).replace('_', ' ');
    }

    /** The display outcome as a key for styles and filters: "PASS", ..., "NOT_RUN", "NOT_SELECTED". */
    static String key(CheckResult check) {
        return switch (check.execution()) {
            case RAN -> check.outcome().name();
            case NOT_RUN -> "NOT_RUN";
            case NOT_ASSESSABLE_HERE -> "SKIPPED";
            case NOT_SELECTED -> "NOT_SELECTED";
        };
    }

    /** An outcome or state key as a CSS class name: {@code NOT_RUN} becomes {@code not-run}. */
    static String cssClass(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The empty string for null, so templates and writers never meet a null. */
    static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
