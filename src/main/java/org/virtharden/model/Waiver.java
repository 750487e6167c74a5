package org.virtharden.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * An accepted risk: a FAIL or WARN of one check on one host (or guest) that the assessor and client agreed to
 * live with until {@code expires}. Waivers are never deleted; a revoked or expired one stays as history.
 *
 * @param guest   null for host-level checks
 * @param revoked when it was withdrawn, or null while it stands
 */
public record Waiver(long id, long hostId, String hostName, String guest, String checkId, String justification,
        String author, Instant expires, Instant created, Instant revoked) {

    /** Whether the waiver applies at {@code at}: not revoked, and its expiry lies after {@code at}. */
    public boolean activeAt(Instant at) {
        return revoked == null && expires.isAfter(at);
    }

    /** Whether this waiver is for the finding's host, guest and check (whatever its status or time). */
    public boolean covers(Finding f) {
        return f.hostId() == hostId && Objects.equals(f.guest(), guest) && f.checkId().equals(checkId);
    }

    /** Only FAIL and WARN can be waived: a waiver never turns ERROR, NOT RUN or an unanswered item into anything. */
    public static boolean waivable(Finding f) {
        return f.status() == org.virtharden.catalog.Status.FAIL || f.status() == org.virtharden.catalog.Status.WARN;
    }

    /**
     * The waiver that applies to a finding at {@code at}: the newest active one for its host, guest and check,
     * and only when the finding is a FAIL or WARN.
     */
    public static Optional<Waiver> activeFor(List<Waiver> waivers, Finding f, Instant at) {
        if (!waivable(f)) {
            return Optional.empty();
        }
        Waiver best = null;
        for (Waiver w : waivers) {
            if (w.covers(f) && w.activeAt(at) && (best == null || w.id() > best.id())) {
                best = w;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Default life of a waiver, in days (ux.md: "default 90 days"). */
    public static final int DEFAULT_DAYS = 90;

    /**
     * The expiry instant for a waiver valid through {@code day}: the last millisecond of that day in UTC, so a
     * waiver "until 2027-02-20" still applies on the 20th everywhere and the date shown is the date entered.
     */
    public static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
    }

    /** The UTC date a waiver's expiry falls on, as shown to the operator. */
    public LocalDate expiryDate() {
        return expires.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
