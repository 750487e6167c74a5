package org.virtharden.report;

/** A pack that cannot be made or checked, with a message that says what to do. */
public class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
