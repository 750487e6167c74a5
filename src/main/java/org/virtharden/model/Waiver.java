package org.virtharden.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted risk: a FAIL or WARN of one check on one host (or guest) — or, with {@code allHosts}, of one check on
 * every host and guest — that the client's risk owner ({@code approver}) agreed to live with until {@code expires}.
 * Waivers are never deleted; a revoked (rejected) or expired one stays, and can be renewed in place: the values it
 * replaces go to its history ({@link WaiverRevision}).
 *
 * @param hostId   0 and {@code hostName} "all hosts" when {@code allHosts}
 * @param guest    null for host-level checks and for all-hosts waivers
 * @param author   who recorded it (the assessor)
 * @param revoked  when it was withdrawn, or null while it stands
 * @param approver who accepted the risk; for waivers from format 3 files, the one name they recorded
 * @param allHosts whether it applies to the check on every host and guest
 * @param renewed  when it was last renewed, or null if never
 */
public record Waiver(long id, long hostId, String hostName, String guest, String checkId, String justification,
        String author, Instant expires, Instant created, Instant revoked, String approver, boolean allHosts, Instant renewed) {

    /** Default life of a waiver, in days (ux.md: "default 90 days"). */
    public static final int DEFAULT_DAYS = 90;

    /** A waiver expiring within this many days is badged (ux.md: "expiring ≤30 days badged"). */
    public static final int EXPIRING_DAYS = 30;

    /** The host name all-hosts waivers carry, for display. */
    public static final String ALL_HOSTS = "all hosts";

    /** A waiver for one host (or guest) whose approver is its author, as format 3 recorded them. */
    public Waiver(long id, long hostId, String hostName, String guest, String checkId, String justification, String author,
            Instant expires, Instant created, Instant revoked) {
        this(id, hostId, hostName, guest, checkId, justification, author, expires, created, revoked, author, false, null);
    }

    /** Where a waiver stands at a given time. */
    public enum State {
        /** Applies, and for more than {@link #EXPIRING_DAYS} days yet. */
        ACTIVE,
        /** Applies, but ends within {@link #EXPIRING_DAYS} days. */
        EXPIRING,
        /** Its expiry has passed: the finding is open again. */
        EXPIRED,
        /** Withdrawn (rejected): the finding is open again. */
        REVOKED
    }

    /** Whether the waiver applies at {@code at}: not revoked, and its expiry lies after {@code at}. */
    public boolean activeAt(Instant at) {
        return revoked == null && expires.isAfter(at);
    }

    /** The waiver's state at {@code at}; revocation wins over expiry. */
    public State stateAt(Instant at) {
        if (revoked != null) {
            return State.REVOKED;
        }
        if (!expires.isAfter(at)) {
            return State.EXPIRED;
        }
        return expires.isBefore(at.plus(Duration.ofDays(EXPIRING_DAYS))) ? State.EXPIRING : State.ACTIVE;
    }

    /** Whether it applies at {@code at} and ends within {@link #EXPIRING_DAYS} days. */
    public boolean expiringSoon(Instant at) {
        return stateAt(at) == State.EXPIRING;
    }

    /** Whether this waiver is for the finding's host, guest and check (whatever its status or time). */
    public boolean covers(Finding f) {
        if (!f.checkId().equals(checkId)) {
            return false;
        }
        return allHosts || f.hostId() == hostId && Objects.equals(f.guest(), guest);
    }

    /** "kvm01", "web01 on kvm01" or "all hosts". */
    public String scopeText() {
        return allHosts ? ALL_HOSTS : guest == null ? hostName : guest + " on " + hostName;
    }

    /** Only FAIL and WARN can be waived: a waiver never turns ERROR, NOT RUN or an unanswered item into anything. */
    public static boolean waivable(Finding f) {
        return f.status() == org.virtharden.catalog.Status.FAIL || f.status() == org.virtharden.catalog.Status.WARN;
    }

    /**
     * The waiver that applies to a finding at {@code at}: the newest active one for its host, guest and check (or
     * for its check on all hosts), and only when the finding is a FAIL or WARN. A waiver for the host or guest wins
     * over an all-hosts waiver.
     */
    public static Optional<Waiver> activeFor(List<Waiver> waivers, Finding f, Instant at) {
        if (!waivable(f)) {
            return Optional.empty();
        }
        Waiver best = null;
        for (Waiver w : waivers) {
            if (w.covers(f) && w.activeAt(at) && (best == null || better(w, best))) {
                best = w;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The newest waiver for the finding's target that no longer applies at {@code at} (expired or revoked), when no
     * waiver applies: what the board shows as "expired" or "revoked" and offers to renew.
     */
    public static Optional<Waiver> lapsedFor(List<Waiver> waivers, Finding f, Instant at) {
        if (!waivable(f) || activeFor(waivers, f, at).isPresent()) {
            return Optional.empty();
        }
        Waiver best = null;
        for (Waiver w : waivers) {
            if (w.covers(f) && !w.activeAt(at) && (best == null || better(w, best))) {
                best = w;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean better(Waiver w, Waiver than) {
        if (w.allHosts != than.allHosts) {
            return !w.allHosts;
        }
        return w.id > than.id;
    }

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
