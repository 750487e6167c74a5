package org.virtharden.transport;

/**
 * A command could not be run at all. The message is written for the operator: what happened, what
 * it means for the assessment, and what to do next. {@link #kind()} lets callers react per case.
 */
public class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        UNKNOWN_HOST_KEY, CHANGED_HOST_KEY, AUTH_FAILED, CONNECTION_REFUSED, UNREACHABLE, NO_BANNER,
        DISCONNECTED, TIMEOUT, CONFIG, IO
    }

    private final Kind kind;

    public TransportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a fresh attempt may succeed (dropped handshake, reset connection). */
    public boolean retryable() {
        return kind == Kind.DISCONNECTED;
    }
}
