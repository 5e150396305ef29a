package io.kconform.report.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report formats by the names {@code --format} takes: {@code json} (results.json), {@code html}
 * (report.html), {@code junit} (junit.xml), {@code md} (report.md) and {@code badge} (badge.svg).
 * Thread-safe.
 */
public final class OutputFormats {

    private static final Map<String, ReportFormat> BY_NAME = byName();

    /** Every format, in the order {@link ReportWriter} writes them: the data first. */
    public static final List<ReportFormat> ALL = List.copyOf(BY_NAME.values());

    /** Every name, comma separated: what {@code --format} takes and its default. */
    public static final String NAMES = "html,json,junit,md,badge";

    private OutputFormats() {
    }

    private static Map<String, ReportFormat> byName() {
        Map<String, ReportFormat> formats = new LinkedHashMap<>();
        formats.put("json", new JsonReport());
        formats.put("html", new HtmlReport());
        formats.put("junit", new JunitXmlReport());
        formats.put("md", new MarkdownReport());
        formats.put("badge", new BadgeReport());
        return formats;
    }

    /**
     * The formats named in {@code list} ("html,json"; case and blanks ignored; a name given twice counts
     * once), in the order {@link #ALL} has them.
     *
     * @throws IllegalArgumentException naming the valid formats when a name is unknown or none is given
     */
    public static List<ReportFormat> parse(String list) {
        List<String> wanted = new ArrayList<>();
        for (String part : list == null ? new String[0] : list.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!BY_NAME.containsKey(name)) {
                throw new IllegalArgumentException("unknown --format '" + part.strip() + "' (valid: "
                        + NAMES.replace(",", ", ") + ")");
            }
            wanted.add(name);
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("--format needs at least one of " + NAMES.replace(",", ", "));
        }
        return BY_NAME.entrySet().stream().filter(e -> wanted.contains(e.getKey())).map(Map.Entry::getValue)
                .toList();
    }
}
