package io.kconform.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed docs/results-json.schema.json, to validate the results.json real runs write. */
public final class ResultsSchema {

    private static final Path SCHEMA = Path.of("..", "docs", "results-json.schema.json");

    private ResultsSchema() {
    }

    /** What in {@code resultsJson} the schema refuses, one line each; empty when it is valid. */
    public static List<String> violations(Path resultsJson) throws IOException {
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA)).validate(new ObjectMapper().readTree(resultsJson.toFile()));
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
