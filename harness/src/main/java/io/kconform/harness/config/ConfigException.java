package io.kconform.harness.config;

/**
 * A configuration error a user can fix: the message names the file, the line and column, and the
 * field, as {@code targets.yaml:7:11: targets[1].kind: unknown kind 'embeded' (valid: embedded, external)}.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file, as the user named it
     * @param line   1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param field  the field's path, e.g. {@code targets[1].kind}, or empty
     * @param problem what is wrong and, where it helps, what is valid
     */
    public ConfigException(String source, int line, int column, String field, String problem) {
        super(format(source, line, column, field, problem));
    }

    /** An error about a whole file, such as one that cannot be read. */
    public ConfigException(String source, String problem) {
        super(source + ": " + problem);
    }

    private static String format(String source, int line, int column, String field, String problem) {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(problem).toString();
    }
}
