package io.kconform.harness.maven;

/** Artifacts could not be resolved; the message names them, the repository and the cause. */
public class ResolutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
