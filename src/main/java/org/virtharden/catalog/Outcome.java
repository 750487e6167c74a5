package org.virtharden.catalog;

import java.util.Objects;

/** What evaluating one check gave: status, what was seen, what was wanted, and why, in one line. */
public record Outcome(Status status, String observed, String expected, String reason) {
    public Outcome {
        Objects.requireNonNull(status, "status");
        observed = observed == null ? "" : observed;
        expected = expected == null ? "" : expected;
        reason = reason == null ? "" : reason;
    }

    public static Outcome error(String reason) {
        return new Outcome(Status.ERROR, "", "", reason);
    }

    /** Waiting for the operator: what the host showed, and what to confirm. */
    public static Outcome manual(String observed, String expected, String reason) {
        return new Outcome(Status.MANUAL_PENDING, observed, expected, reason);
    }

    public static Outcome notApplicable(String reason) {
        return new Outcome(Status.NOT_APPLICABLE, "", "", reason);
    }
}
