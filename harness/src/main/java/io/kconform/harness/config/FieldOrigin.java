package io.kconform.harness.config;

import java.util.Objects;

/**
 * Where a value came from, so that a problem with it names the place a user edits: the file (or the
 * command-line option), the line and column where the parser knows them, and the field's path, as
 * {@code targets.yaml:7:26: targets[1].clientProperties.security.protocol}.
 *
 * @param source the file as the user named it, or a command-line option such as {@code --bootstrap}
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param field  the field's path, or empty
 */
public record FieldOrigin(String source, int line, int column, String field) {

    public FieldOrigin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
    }

    /** A problem with the value found here, worded for the user. */
    public ConfigException problem(String problem) {
        return new ConfigException(source, line, column, field, problem);
    }
}
