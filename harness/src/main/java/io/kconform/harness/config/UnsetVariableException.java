package io.kconform.harness.config;

/**
 * A value reads an environment variable ({@code ${env:NAME}}) that is not set. Kept apart from other
 * configuration errors because it depends on where kconform runs, not on the file: {@code kconform
 * targets} lists such a target with a note instead of refusing the whole file.
 */
public final class UnsetVariableException extends ConfigException {
    private static final long serialVersionUID = 1L;

    UnsetVariableException(String source, int line, int column, String field, String problem) {
        super(source, line, column, field, problem);
    }
}
