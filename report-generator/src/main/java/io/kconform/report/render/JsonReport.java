package io.kconform.report.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads {@code results.json}, the machine-readable result of a run.
 *
 * <p>Guarantees: {@code schemaVersion} is the first key; keys always appear in the same, documented
 * order (docs/results-json.md) and every key is present, with {@code null} for an absent optional
 * value; instants are ISO-8601 strings in UTC; durations are integer milliseconds in keys ending in
 * {@code Ms}; enums are written by name; the output is pretty-printed with {@code \n} line ends on
 * every platform, so the same report always gives the same bytes. {@link #read(Path)} gives back a
 * {@link RunReport} equal to the one written. Thread-safe.
 */
public final class JsonReport implements ReportFormat {

    /** The file name {@link ReportWriter} uses. */
    public static final String FILE_NAME = "results.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Readers of an older schema version must not choke on a field added compatibly later.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writerFor(ResultsJson.Run.class).with(prettyPrinter());

    /** Two-space indentation and one array element per line, with "\n" whatever the platform. */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    /**
     * Writes the document with its {@code sha256}: the digest ({@link ResultsDigest}) of the same document without
     * it, taken over the tree the document serialises to, so a reader that parses the file gets the same tree.
     */
    @Override
    public void write(RunReport report, Writer out) throws IOException {
        ResultsJson.Run document = ResultsJson.from(report);
        String digest = ResultsDigest.of(MAPPER.valueToTree(document));
        WRITER.writeValue(out, document.withSha256(digest));
        out.write('\n');
    }

    /** The results.json text for {@code report}. */
    public String toJson(RunReport report) {
        StringWriter out = new StringWriter();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    /**
     * Reads a results.json back.
     *
     * @throws IOException when the file cannot be read, is not JSON, or has a schema version this
     *                     kconform does not read
     */
    public static RunReport read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /** Reads a parsed results.json back; see {@link #read(Path)}. */
    static RunReport read(com.fasterxml.jackson.databind.JsonNode document) throws IOException {
        return ResultsJson.toModel(MAPPER.treeToValue(document, ResultsJson.Run.class));
    }

    /** Reads results.json text back; see {@link #read(Path)}. */
    public static RunReport read(Reader in) throws IOException {
        return ResultsJson.toModel(MAPPER.readValue(in, ResultsJson.Run.class));
    }
}
