package io.kconform.report.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks that a results.json is whole and as kconform wrote it: complete JSON, of the schema version this
 * kconform writes, carrying a {@code sha256} that matches its content ({@link ResultsDigest}), and readable as a
 * run. Used by {@code kconform verify} and for every results.json kconform reads back as a baseline. Stateless.
 */
public final class ResultsVerifier {

    /** A verified results.json: the run it holds and its digest. */
    public record Verified(RunReport run, String sha256) {
    }

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ResultsVerifier() {
    }

    /**
     * Verifies {@code file}.
     *
     * @throws InvalidResultsException saying what is wrong, naming the file as given
     */
    public static Verified verify(Path file) throws InvalidResultsException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidResultsException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidResultsException(name + ": cannot be read (permission denied)");
        } catch (IOException e) {
            throw new InvalidResultsException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        if (bytes.length == 0) {
            throw new InvalidResultsException(name + ": is empty, not a results.json");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidResultsException(name + ": is not UTF-8 text, not a results.json");
        }
        JsonNode document;
        try {
            document = STRICT.readTree(bytes);
        } catch (JsonEOFException e) {
            throw new InvalidResultsException(name + ": is truncated: the JSON ends before it is complete"
                    + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw new InvalidResultsException(name + ": is truncated: the JSON ends before it is complete"
                        + at(e.getLocation()));
            }
            throw new InvalidResultsException(name + ": is not valid JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InvalidResultsException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        if (document == null || !document.isObject()) {
            throw new InvalidResultsException(name + ": is JSON but not an object, not a results.json");
        }
        JsonNode version = document.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new InvalidResultsException(name + ": has no integer schemaVersion, not a kconform results.json");
        }
        if (version.intValue() != RunReport.SCHEMA_VERSION) {
            throw new InvalidResultsException(name + ": has schemaVersion " + version.intValue() + "; this kconform"
                    + " verifies schemaVersion " + RunReport.SCHEMA_VERSION + " only (use the kconform that wrote it)");
        }
        JsonNode digest = document.get(ResultsDigest.KEY);
        if (digest == null || !digest.isTextual() || digest.textValue().isEmpty()) {
            throw new InvalidResultsException(name + ": carries no sha256 digest (written by an older kconform, or"
                    + " the key was removed), so it cannot be verified");
        }
        String actual = ResultsDigest.of(document);
        if (!actual.equals(digest.textValue())) {
            throw new InvalidResultsException(name + ": was changed after kconform wrote it: it says sha256 "
                    + digest.textValue() + " but its content hashes to " + actual);
        }
        try {
            return new Verified(JsonReport.read(document), actual);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new InvalidResultsException(name + ": does not have the shape of a results.json: "
                    + why.lines().findFirst().orElse(""));
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
