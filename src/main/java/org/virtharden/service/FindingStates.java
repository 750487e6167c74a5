package org.virtharden.service;

import java.time.Instant;
import java.util.List;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;

/**
 * Whether a result is open: the one rule the findings board and the audit pack share (ux.md: "the export agrees with
 * the screen"). A standing false positive wins over a waiver; a waiver in force makes a FAIL or WARN waived; any other
 * FAIL, WARN or ERROR is open. The score ({@link Scoring}) is a different figure: there a waived or false-positive
 * FAIL still counts as failed.
 */
public final class FindingStates {
    /** Where a result stands for the open counts. */
    public enum State {
        /** FAIL, WARN or ERROR with neither a waiver in force nor a standing false positive. */
        OPEN,
        /** FAIL or WARN with a waiver in force. */
        WAIVED,
        /** FAIL or WARN the assessor marked as a false positive (not revoked). */
        FALSE_POSITIVE,
        /** Everything else: PASS, N/A, waiting for the operator. */
        CLOSED
    }

    /** A finding with the waiver and false positive that apply to it (either may be null). */
    public record Judged(Finding finding, State state, Waiver waiver, FalsePositive falsePositive) {
    }

    private FindingStates() {
    }

    /** The rule on its own: the finding's status, whether a waiver applies, whether a false positive stands. */
    public static State of(Status status, boolean waived, boolean falsePositive) {
        if (falsePositive) {
            return State.FALSE_POSITIVE;
        }
        if (waived) {
            return State.WAIVED;
        }
        return status == Status.FAIL || status == Status.WARN || status == Status.ERROR ? State.OPEN : State.CLOSED;
    }

    /**
     * Judges a finding against the project's waivers (only those active at {@code at} apply) and false positives (only
     * standing ones apply). The waiver is left out when a false positive wins.
     */
    public static Judged judge(Finding f, List<Waiver> waivers, List<FalsePositive> falsePositives, Instant at) {
        FalsePositive fp = FalsePositive.activeFor(falsePositives, f).orElse(null);
        Waiver w = fp != null ? null : Waiver.activeFor(waivers, f, at).orElse(null);
        return new Judged(f, of(f.status(), w != null, fp != null), w, fp);
    }
}
