package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtharden.model.Waiver;
import org.virtharden.model.WaiverRevision;

/**
 * Waivers (accepted risks) with justification, approver, author, expiry and scope. A waiver is never deleted: it is
 * only revoked, or renewed in place (new expiry, justification and approver) after its old values were copied to
 * {@code waiver_history}, so the file keeps who accepted what, until when, and who changed it.
 */
public final class WaiverRepository {
    private static final String SELECT = "SELECT w.id, w.host_id, h.name, w.guest, w.check_id, w.justification, w.author,"
            + " w.expires, w.created, w.revoked, w.approver, w.scope, w.renewed FROM waivers w LEFT JOIN hosts h ON h.id = w.host_id";
    private static final String HISTORY = "SELECT id, waiver_id, justification, author, approver, expires, revoked, valid_from,"
            + " replaced, replaced_by FROM waiver_history";
    static final String SCOPE_TARGET = "target";
    static final String SCOPE_ALL_HOSTS = "all_hosts";

    private final Database db;

    WaiverRepository(Database db) {
        this.db = db;
    }

    /**
     * Records a waiver for one host (or guest) and check whose approver is its author (as format 3 did).
     *
     * @see #record(long, String, String, String, String, String, Instant)
     */
    public Waiver record(long hostId, String guest, String checkId, String justification, String author, Instant expires) {
        return record(hostId, guest, checkId, justification, author, author, expires);
    }

    /**
     * Records a waiver for one host (or guest) and check.
     *
     * @param author   who records it (the assessor)
     * @param approver who accepted the risk
     * @param expires  when it stops applying; must lie in the future
     * @throws IllegalArgumentException without a justification, author, approver or check id, with an expiry that is
     *                                  not in the future, or for an unknown host
     */
    public Waiver record(long hostId, String guest, String checkId, String justification, String author, String approver,
            Instant expires) {
        return insert(hostId, guest, checkId, justification, author, approver, expires);
    }

    /** Records a waiver for one check on every host and guest of the project (scope "all hosts"). */
    public Waiver recordForAllHosts(String checkId, String justification, String author, String approver, Instant expires) {
        return insert(null, null, checkId, justification, author, approver, expires);
    }

    private Waiver insert(Long hostId, String guest, String checkId, String justification, String author, String approver,
            Instant expires) {
        if (checkId == null || checkId.isBlank()) {
            throw new IllegalArgumentException("the waiver names no check");
        }
        Instant now = Times.now();
        Instant exp = validate(justification, author, approver, expires, now);
        String g = hostId == null || guest == null || guest.isEmpty() ? null : guest;
        return db.writeUnchecked("saving the waiver for " + checkId, d -> {
            if (hostId != null) {
                d.hostName(hostId);
            }
            PreparedStatement ps = d.prepare("INSERT INTO waivers (scope, host_id, guest, check_id, justification, author,"
                    + " approver, expires, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            ps.setString(1, hostId == null ? SCOPE_ALL_HOSTS : SCOPE_TARGET);
            if (hostId == null) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setLong(2, hostId);
            }
            Database.setText(ps, 3, g);
            ps.setString(4, checkId.strip());
            ps.setString(5, justification.strip());
            ps.setString(6, author.strip());
            ps.setString(7, approver.strip());
            ps.setString(8, Times.format(exp));
            ps.setString(9, Times.format(now));
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            return byId(d, id).orElseThrow();
        });
    }

    private static Instant validate(String justification, String author, String approver, Instant expires, Instant now) {
        if (justification == null || justification.isBlank()) {
            throw new IllegalArgumentException("a waiver needs a justification: why the risk is accepted");
        }
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("a waiver needs the name of who records it");
        }
        if (approver == null || approver.isBlank()) {
            throw new IllegalArgumentException("a waiver needs the name of who approved the risk (--approver)");
        }
        if (expires == null || !expires.isAfter(now)) {
            throw new IllegalArgumentException("a waiver's expiry must be in the future, not " + expires);
        }
        return Times.truncate(expires);
    }

    /**
     * Renews (or edits) a waiver in place: it gets a new expiry, justification and approver, stands again if it was
     * revoked, and keeps its id and scope. The values it had are kept in its history first.
     *
     * @param by who renews it
     * @return the waiver as it now stands, or empty when there is no such waiver
     * @throws IllegalArgumentException as for {@link #record}
     */
    public Optional<Waiver> renew(long id, String justification, String approver, String by, Instant expires) {
        Instant now = Times.now();
        Instant exp = validate(justification, by, approver, expires, now);
        return db.writeUnchecked("renewing waiver " + id, d -> {
            Optional<Waiver> before = byId(d, id);
            if (before.isEmpty()) {
                return before;
            }
            Waiver w = before.get();
            PreparedStatement h = d.prepare("INSERT INTO waiver_history (waiver_id, justification, author, approver, expires,"
                    + " revoked, valid_from, replaced, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            h.setLong(1, id);
            h.setString(2, w.justification());
            h.setString(3, w.author());
            h.setString(4, w.approver());
            h.setString(5, Times.format(w.expires()));
            Database.setText(h, 6, Times.format(w.revoked()));
            h.setString(7, Times.format(w.renewed() == null ? w.created() : w.renewed()));
            h.setString(8, Times.format(now));
            h.setString(9, by.strip());
            h.executeUpdate();
            PreparedStatement up = d.prepare("UPDATE waivers SET justification = ?, approver = ?, author = ?, expires = ?,"
                    + " revoked = NULL, renewed = ? WHERE id = ?");
            up.setString(1, justification.strip());
            up.setString(2, approver.strip());
            up.setString(3, by.strip());
            up.setString(4, Times.format(exp));
            up.setString(5, Times.format(now));
            up.setLong(6, id);
            up.executeUpdate();
            return byId(d, id);
        });
    }

    /** The waivers that apply at {@code at} (not revoked, not expired), hosts in scope only, oldest first. */
    public List<Waiver> current(Instant at) {
        return db.readUnchecked("reading waivers", d -> {
            PreparedStatement ps = d.prepare(SELECT + " WHERE (w.host_id IS NULL OR h.removed IS NULL) AND w.revoked IS NULL"
                    + " AND w.expires > ? ORDER BY w.id");
            ps.setString(1, Times.format(Times.truncate(at)));
            return read(ps);
        });
    }

    /** Every waiver ever recorded, revoked and expired ones included, oldest first. */
    public List<Waiver> all() {
        return db.readUnchecked("reading waivers", d -> read(d.prepare(SELECT + " ORDER BY w.id")));
    }

    /** One waiver as it now stands. */
    public Optional<Waiver> byId(long id) {
        return db.readUnchecked("reading waiver " + id, d -> byId(d, id));
    }

    private static Optional<Waiver> byId(Database d, long id) throws SQLException {
        PreparedStatement ps = d.prepare(SELECT + " WHERE w.id = ?");
        ps.setLong(1, id);
        List<Waiver> l = read(ps);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The values one waiver had before each of its renewals, oldest first (empty if never renewed). */
    public List<WaiverRevision> history(long waiverId) {
        return db.readUnchecked("reading the history of waiver " + waiverId, d -> {
            PreparedStatement ps = d.prepare(HISTORY + " WHERE waiver_id = ? ORDER BY id");
            ps.setLong(1, waiverId);
            return readHistory(ps);
        });
    }

    /** The renewal history of every waiver, oldest first. */
    public List<WaiverRevision> history() {
        return db.readUnchecked("reading waiver history", d -> readHistory(d.prepare(HISTORY + " ORDER BY id")));
    }

    /**
     * Withdraws a waiver; the record stays, with the time it was revoked. Revoking twice keeps the first time.
     *
     * @return the waiver as it now stands, or empty when there is no such waiver
     */
    public Optional<Waiver> revoke(long id) {
        Instant now = Times.now();
        return db.writeUnchecked("revoking waiver " + id, d -> {
            PreparedStatement up = d.prepare("UPDATE waivers SET revoked = ? WHERE id = ? AND revoked IS NULL");
            up.setString(1, Times.format(now));
            up.setLong(2, id);
            up.executeUpdate();
            return byId(d, id);
        });
    }

    private static List<Waiver> read(PreparedStatement ps) throws SQLException {
        List<Waiver> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                boolean all = SCOPE_ALL_HOSTS.equals(rs.getString(12));
                out.add(new Waiver(rs.getLong(1), all ? 0 : rs.getLong(2), all ? Waiver.ALL_HOSTS : rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Times.parse(rs.getString(8)), Times.parse(rs.getString(9)),
                        Times.parse(rs.getString(10)), rs.getString(11), all, Times.parse(rs.getString(13))));
            }
        }
        return out;
    }

    private static List<WaiverRevision> readHistory(PreparedStatement ps) throws SQLException {
        List<WaiverRevision> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new WaiverRevision(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Times.parse(rs.getString(6)), Times.parse(rs.getString(7)), Times.parse(rs.getString(8)),
                        Times.parse(rs.getString(9)), rs.getString(10)));
            }
        }
        return out;
    }
}
