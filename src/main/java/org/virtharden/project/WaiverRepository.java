package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtharden.model.Waiver;

/**
 * Waivers (accepted risks) with justification, author and expiry. A waiver is never changed except to record
 * that it was revoked, and never deleted: the history of who accepted what, and until when, stays in the file.
 */
public final class WaiverRepository {
    private static final String SELECT = "SELECT w.id, w.host_id, h.name, w.guest, w.check_id, w.justification, w.author,"
            + " w.expires, w.created, w.revoked FROM waivers w JOIN hosts h ON h.id = w.host_id";

    private final Database db;

    WaiverRepository(Database db) {
        this.db = db;
    }

    /**
     * Records a waiver for one host (or guest) and check.
     *
     * @param expires when it stops applying; must lie in the future
     * @throws IllegalArgumentException without a justification, author or check id, with an expiry that is not in
     *                                  the future, or for an unknown host
     */
    public Waiver record(long hostId, String guest, String checkId, String justification, String author, Instant expires) {
        if (checkId == null || checkId.isBlank()) {
            throw new IllegalArgumentException("the waiver names no check");
        }
        if (justification == null || justification.isBlank()) {
            throw new IllegalArgumentException("a waiver needs a justification: why the risk is accepted");
        }
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("a waiver needs the name of who accepted the risk");
        }
        Instant now = Times.now();
        if (expires == null || !expires.isAfter(now)) {
            throw new IllegalArgumentException("a waiver's expiry must be in the future, not " + expires);
        }
        Instant exp = Times.truncate(expires);
        String g = guest == null || guest.isEmpty() ? null : guest;
        return db.writeUnchecked("saving the waiver for " + checkId, d -> {
            String hostName = d.hostName(hostId);
            PreparedStatement ps = d.prepare("INSERT INTO waivers (host_id, guest, check_id, justification, author, expires,"
                    + " created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
            ps.setLong(1, hostId);
            Database.setText(ps, 2, g);
            ps.setString(3, checkId.strip());
            ps.setString(4, justification.strip());
            ps.setString(5, author.strip());
            ps.setString(6, Times.format(exp));
            ps.setString(7, Times.format(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Waiver(rs.getLong(1), hostId, hostName, g, checkId.strip(), justification.strip(), author.strip(),
                        exp, now, null);
            }
        });
    }

    /** The waivers that apply at {@code at} (not revoked, not expired), hosts in scope only, oldest first. */
    public List<Waiver> current(Instant at) {
        return db.readUnchecked("reading waivers", d -> {
            PreparedStatement ps = d.prepare(SELECT + " WHERE h.removed IS NULL AND w.revoked IS NULL AND w.expires > ?"
                    + " ORDER BY w.id");
            ps.setString(1, Times.format(Times.truncate(at)));
            return read(ps);
        });
    }

    /** Every waiver ever recorded, revoked and expired ones included, oldest first. */
    public List<Waiver> all() {
        return db.readUnchecked("reading waivers", d -> read(d.prepare(SELECT + " ORDER BY w.id")));
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
            PreparedStatement ps = d.prepare(SELECT + " WHERE w.id = ?");
            ps.setLong(1, id);
            List<Waiver> l = read(ps);
            return l.isEmpty() ? Optional.<Waiver>empty() : Optional.of(l.get(0));
        });
    }

    private static List<Waiver> read(PreparedStatement ps) throws SQLException {
        List<Waiver> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Waiver(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), Times.parse(rs.getString(8)), Times.parse(rs.getString(9)),
                        Times.parse(rs.getString(10))));
            }
        }
        return out;
    }
}
