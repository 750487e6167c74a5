package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtharden.model.FalsePositive;

/**
 * False positives: findings the assessor judged wrong for one host (or guest) and check, with the reason, who said
 * so and when. Never deleted; revoking keeps the record and its reason.
 */
public final class FalsePositiveRepository {
    private static final String SELECT = "SELECT f.id, f.host_id, h.name, f.guest, f.check_id, f.reason, f.author, f.created,"
            + " f.revoked, f.revoked_by FROM false_positives f JOIN hosts h ON h.id = f.host_id";

    private final Database db;

    FalsePositiveRepository(Database db) {
        this.db = db;
    }

    /**
     * Marks one host's (or guest's) result of a check as a false positive.
     *
     * @throws IllegalArgumentException without a reason, author or check id, or for an unknown host
     */
    public FalsePositive mark(long hostId, String guest, String checkId, String reason, String author) {
        if (checkId == null || checkId.isBlank()) {
            throw new IllegalArgumentException("the false positive names no check");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a false positive needs a reason: why the finding is wrong");
        }
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("a false positive needs the name of who marks it");
        }
        Instant now = Times.now();
        String g = guest == null || guest.isEmpty() ? null : guest;
        return db.writeUnchecked("marking " + checkId + " a false positive", d -> {
            d.hostName(hostId);
            PreparedStatement ps = d.prepare("INSERT INTO false_positives (host_id, guest, check_id, reason, author, created)"
                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
            ps.setLong(1, hostId);
            Database.setText(ps, 2, g);
            ps.setString(3, checkId.strip());
            ps.setString(4, reason.strip());
            ps.setString(5, author.strip());
            ps.setString(6, Times.format(now));
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            return byId(d, id).orElseThrow();
        });
    }

    /** Every false positive ever marked, revoked ones included, oldest first. */
    public List<FalsePositive> all() {
        return db.readUnchecked("reading false positives", d -> read(d.prepare(SELECT + " ORDER BY f.id")));
    }

    /** The standing (not revoked) false positives of hosts in scope, oldest first. */
    public List<FalsePositive> current() {
        return db.readUnchecked("reading false positives",
                d -> read(d.prepare(SELECT + " WHERE f.revoked IS NULL AND h.removed IS NULL ORDER BY f.id")));
    }

    /**
     * Withdraws a false positive: the finding counts as open again; the record and its reason stay. Revoking twice
     * keeps the first time.
     *
     * @return the record as it now stands, or empty when there is none with that id
     */
    public Optional<FalsePositive> revoke(long id, String by) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who revokes the false positive");
        }
        Instant now = Times.now();
        return db.writeUnchecked("revoking false positive " + id, d -> {
            PreparedStatement up = d.prepare("UPDATE false_positives SET revoked = ?, revoked_by = ? WHERE id = ? AND revoked IS NULL");
            up.setString(1, Times.format(now));
            up.setString(2, by.strip());
            up.setLong(3, id);
            up.executeUpdate();
            return byId(d, id);
        });
    }

    private static Optional<FalsePositive> byId(Database d, long id) throws SQLException {
        PreparedStatement ps = d.prepare(SELECT + " WHERE f.id = ?");
        ps.setLong(1, id);
        List<FalsePositive> l = read(ps);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static List<FalsePositive> read(PreparedStatement ps) throws SQLException {
        List<FalsePositive> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new FalsePositive(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), Times.parse(rs.getString(8)), Times.parse(rs.getString(9)),
                        rs.getString(10)));
            }
        }
        return out;
    }
}
