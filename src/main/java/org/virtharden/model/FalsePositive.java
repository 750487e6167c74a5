package org.virtharden.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding the assessor judged wrong for one host (or guest) and check: the check misread this target. A false
 * positive hides the FAIL or WARN from the open counts (the board shows FALSE POSITIVE) until it is revoked; it has
 * no expiry and no approver, and is never deleted, so its reason stays in the file.
 *
 * @param guest   null for host-level checks
 * @param revoked when it was withdrawn, or null while it stands
 */
public record FalsePositive(long id, long hostId, String hostName, String guest, String checkId, String reason, String author,
        Instant created, Instant revoked, String revokedBy) {

    /** Whether it is for the finding's host, guest and check. */
    public boolean covers(Finding f) {
        return f.hostId() == hostId && Objects.equals(f.guest(), guest) && f.checkId().equals(checkId);
    }

    /** Only a FAIL or WARN can be called a false positive (an ERROR has to be re-run). */
    public static boolean markable(Finding f) {
        return Waiver.waivable(f);
    }

    /** The newest standing false positive for the finding, when it is a FAIL or WARN. */
    public static Optional<FalsePositive> activeFor(List<FalsePositive> all, Finding f) {
        if (!markable(f)) {
            return Optional.empty();
        }
        FalsePositive best = null;
        for (FalsePositive p : all) {
            if (p.revoked == null && p.covers(f) && (best == null || p.id > best.id)) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }
}
