package io.kconform.report.render;

import io.kconform.api.Level;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Writes a badge for a README or a dashboard: a small SVG, "kconform | PLATFORM", coloured by the level held;
 * "not certified" (red) when the lowest level is not held, "not assessed" (grey) when nothing was assessed or
 * the target was not reached. A level held in a run that left the next level unassessed reads
 * "MESSAGING · partial": the badge must not look like a final verdict.
 *
 * <p>One target: {@code badge.svg}. Several: {@code badge-<target>.svg} each (the name's characters outside
 * {@code [A-Za-z0-9._-]} become {@code -}), so no badge stands for a run of many. No run target:
 * {@code badge.svg} saying "not assessed". Self-contained: no script, no font or image from elsewhere; target
 * names are XML-escaped. Thread-safe.
 */
public final class BadgeReport implements ReportFormat {

    /** The file name with one target. */
    public static final String FILE_NAME = "badge.svg";

    private static final Map<Level, String> COLOURS = Map.of(
            Level.PLATFORM, "#2da44e", Level.EXACTLY_ONCE, "#57ab5a", Level.STORAGE, "#8a9a1b",
            Level.MESSAGING, "#c69026", Level.INGEST, "#d4731a");
    private static final String NOT_CERTIFIED = "#cf222e";
    private static final String NOT_ASSESSED = "#6e7781";
    private static final String LABEL = "kconform";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public List<String> fileNames(RunReport report) {
        if (report.targets().size() <= 1) {
            return List.of(FILE_NAME);
        }
        return report.targets().stream().map(t -> fileName(t.name())).toList();
    }

    /** The badge file of target {@code name} in a run of several targets. */
    public static String fileName(String name) {
        return "badge-" + name.replaceAll("[^A-Za-z0-9._-]", "-") + ".svg";
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        write(report, FILE_NAME, out);
    }

    @Override
    public void write(RunReport report, String fileName, Writer out) throws IOException {
        TargetReport target = report.targets().stream()
                .filter(t -> report.targets().size() == 1 || fileName(t.name()).equals(fileName))
                .findFirst().orElse(null);
        String[] state = state(target);
        out.write(svg(state[0], state[1], target == null || report.targets().size() == 1 ? ""
                : Text.oneLine(target.name())));
    }

    /** The text and colour of the badge's right half. */
    static String[] state(TargetReport target) {
        if (target == null || target.error().isPresent() || target.verdict() == null) {
            return new String[] {"not assessed", NOT_ASSESSED};
        }
        List<LevelStatus> levels = target.verdict().levels();
        Level highest = target.verdict().highest().orElse(null);
        if (highest == null) {
            return levels.get(0).state() == LevelStatus.State.NOT_ASSESSED
                    ? new String[] {"not assessed", NOT_ASSESSED} : new String[] {"not certified", NOT_CERTIFIED};
        }
        boolean partial = highest != Level.PLATFORM
                && levels.get(highest.ordinal() + 1).state() == LevelStatus.State.NOT_ASSESSED;
        return new String[] {highest.name() + (partial ? " · partial" : ""), COLOURS.get(highest)};
    }

    private static String svg(String value, String colour, String targetName) {
        String label = targetName.isEmpty() ? LABEL : LABEL + " " + targetName;
        int labelWidth = width(label) + 12;
        int valueWidth = width(value) + 12;
        int total = labelWidth + valueWidth;
        String title = escape(label + ": " + value);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + total + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + title + "\">\n"
                + "  <title>" + title + "</title>\n"
                + "  <rect width=\"" + labelWidth + "\" height=\"20\" rx=\"3\" fill=\"#555\"/>\n"
                + "  <rect x=\"" + labelWidth + "\" width=\"" + valueWidth + "\" height=\"20\" rx=\"3\" fill=\""
                + colour + "\"/>\n"
                + "  <rect x=\"" + labelWidth + "\" width=\"4\" height=\"20\" fill=\"" + colour + "\"/>\n"
                + "  <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\""
                + " font-size=\"11\">\n"
                + "    <text x=\"" + labelWidth / 2.0 + "\" y=\"14\" textLength=\"" + (labelWidth - 12)
                + "\" lengthAdjust=\"spacingAndGlyphs\">" + escape(label) + "</text>\n"
                + "    <text x=\"" + (labelWidth + valueWidth / 2.0) + "\" y=\"14\" textLength=\"" + (valueWidth - 12)
                + "\" lengthAdjust=\"spacingAndGlyphs\">" + escape(value) + "</text>\n"
                + "  </g>\n"
                + "</svg>\n";
    }

    /** An estimate of the text's width in 11 px Verdana; textLength then makes the text fit it exactly. */
    private static int width(String text) {
        double width = 0;
        for (int cp : text.codePoints().toArray()) {
            if (cp == ' ') {
                width += 3.9;
            } else if (Character.isUpperCase(cp) || Character.isDigit(cp) || cp == '_') {
                width += 7.6;
            } else if ("ijl.,:;|!'".indexOf(cp) >= 0) {
                width += 3.3;
            } else {
                width += 6.6;
            }
        }
        return (int) Math.ceil(width);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
