package org.virtharden.cli;

/** A failure the CLI reports as one clear message and an exit code, never as a stack trace. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message) {
        this(message, ExitCodes.FAILED);
    }

    public int exitCode() {
        return exitCode;
    }
}
