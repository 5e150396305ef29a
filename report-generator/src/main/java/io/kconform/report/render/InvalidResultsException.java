package io.kconform.report.render;

/**
 * A results.json that cannot be trusted or read: missing, truncated, not JSON, changed after kconform wrote it, of
 * another schema version, or not of the shape of a results.json. The message says which, in one plain sentence
 * that names the file, fit for a command line.
 */
public final class InvalidResultsException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidResultsException(String message) {
        super(message);
    }
}
