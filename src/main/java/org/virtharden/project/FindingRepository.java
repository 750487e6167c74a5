package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;

/**
 * Evidence and findings. Safe to call from several scan threads at once; every write is one
 * transaction, committed before the method returns. Times are kept to the millisecond.
 * Failures of the file are thrown as {@link UncheckedProjectException} (INVALID when a finding
 * refers to a run, host or evidence that does not exist).
 */
public final class FindingRepository {

    private static final String INSERT_EVIDENCE = "INSERT INTO evidence (run_id, host_id, guest, probe, outputs_json,"
            + " sha256, collected, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    private static final String INSERT_FINDING = "INSERT INTO findings (run_id, host_id, guest, check_id,"
            + " catalog_version, domain, title, severity, status, observed, expected, reason, evidence_id, recorded)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_FINDINGS = "SELECT f.id, f.run_id, f.host_id, h.name, f.guest, f.check_id,"
            + " f.catalog_version, f.domain, f.title, f.severity, f.status, f.observed, f.expected, f.reason,"
            + " f.evidence_id, e.sha256, f.recorded FROM findings f JOIN hosts h ON h.id = f.host_id"
            + " LEFT JOIN evidence e ON e.id = f.evidence_id";

    private final Database db;

    FindingRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores what one probe collected and the findings drawn from it, in one transaction. The
     * findings' {@code evidenceId}/{@code evidenceSha256} are taken from the stored evidence; their
     * {@code id} and {@code hostName} are ignored; a null {@code recorded} (or evidence
     * {@code collected}) means now.
     * {@code outputsJson} and {@code sha256} are stored exactly as given.
     *
     * @return the id of the stored evidence
     * @throws IllegalArgumentException if a finding belongs to another run or host than the evidence,
     *                                  or lacks a required value
     */
    public long recordProbe(Evidence ev, List<Finding> findings) {
        Objects.requireNonNull(ev, "evidence");
        Objects.requireNonNull(findings, "findings");
        requireText(ev.probe(), "evidence probe");
        Objects.requireNonNull(ev.outputsJson(), "evidence outputsJson");
        requireText(ev.sha256(), "evidence sha256");
        if (ev.durationMillis() < 0) {
            throw new IllegalArgumentException("evidence duration is negative: " + ev.durationMillis());
        }
        for (Finding f : findings) {
            check(f);
            if (f.runId() != ev.runId() || f.hostId() != ev.hostId()) {
                throw new IllegalArgumentException("finding " + f.checkId() + " is for run " + f.runId() + ", host "
                        + f.hostId() + " but the evidence is for run " + ev.runId() + ", host " + ev.hostId());
            }
        }
        Instant now = Times.now();
        return db.writeUnchecked("saving the results of probe " + ev.probe(), d -> {
            PreparedStatement ps = d.prepare(INSERT_EVIDENCE);
            ps.setLong(1, ev.runId());
            ps.setLong(2, ev.hostId());
            ps.setString(3, ev.guest());
            ps.setString(4, ev.probe());
            ps.setString(5, ev.outputsJson());
            ps.setString(6, ev.sha256());
            ps.setString(7, Times.format(ev.collected() == null ? now : ev.collected()));
            ps.setLong(8, ev.durationMillis());
            long evidenceId;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                evidenceId = rs.getLong(1);
            }
            insert(d, findings, evidenceId, now);
            return evidenceId;
        });
    }

    /**
     * Stores findings that have no evidence of their own (e.g. host unreachable), or that point at
     * existing evidence through {@code evidenceId} (0 means none), in one transaction.
     */
    public void add(List<Finding> findings) {
        Objects.requireNonNull(findings, "findings");
        findings.forEach(FindingRepository::check);
        if (findings.isEmpty()) {
            return;
        }
        Instant now = Times.now();
        db.writeUnchecked("saving findings", d -> {
            insert(d, findings, 0, now);
            return null;
        });
    }

    /** The findings that match, ordered by host name, guest (host-level first), check id. */
    public List<Finding> list(FindingQuery q) {
        FindingQuery query = q == null ? new FindingQuery(null, null, null, null, null) : q;
        StringBuilder sql = new StringBuilder(SELECT_FINDINGS);
        List<Object> args = new ArrayList<>();
        String and = " WHERE ";
        if (query.runId() != null) {
            sql.append(and).append("f.run_id = ?");
            args.add(query.runId());
            and = " AND ";
        }
        if (query.status() != null) {
            sql.append(and).append("f.status = ?");
            args.add(statusId(query.status()));
            and = " AND ";
        }
        if (query.host() != null) {
            sql.append(and).append("h.name = ?");
            args.add(query.host());
            and = " AND ";
        }
        if (query.checkId() != null) {
            sql.append(and).append("f.check_id = ?");
            args.add(query.checkId());
            and = " AND ";
        }
        if (query.domain() != null) {
            sql.append(and).append("f.domain = ?");
            args.add(query.domain().strip().toLowerCase(Locale.ROOT));
        }
        sql.append(" ORDER BY h.name, f.guest NULLS FIRST, f.check_id, f.id");
        return db.readUnchecked("reading findings", d -> {
            PreparedStatement ps = d.prepare(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Finding> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(finding(rs));
                }
            }
            return out;
        });
    }

    public Optional<Evidence> evidence(long id) {
        return db.readUnchecked("reading evidence " + id, d -> {
            PreparedStatement ps = d.prepare("SELECT id, run_id, host_id, guest, probe, outputs_json, sha256,"
                    + " collected, duration_ms FROM evidence WHERE id = ?");
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Evidence(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Times.parse(rs.getString(8)),
                        rs.getLong(9)));
            }
        });
    }

    /** The host-level evidence of one probe in a run (one per host that collected it), in host id order. */
    public List<Evidence> evidenceOf(long runId, String probe) {
        return db.readUnchecked("reading evidence of " + probe, d -> {
            PreparedStatement ps = d.prepare("SELECT id, run_id, host_id, guest, probe, outputs_json, sha256,"
                    + " collected, duration_ms FROM evidence WHERE run_id = ? AND probe = ? AND guest IS NULL ORDER BY host_id, id");
            ps.setLong(1, runId);
            ps.setString(2, probe);
            List<Evidence> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Evidence(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Times.parse(rs.getString(8)),
                            rs.getLong(9)));
                }
            }
            return out;
        });
    }

    /** The number of findings recorded for a run. */
    public int count(long runId) {
        return db.readUnchecked("counting findings", d -> {
            PreparedStatement ps = d.prepare("SELECT count(*) FROM findings WHERE run_id = ?");
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private static void insert(Database d, List<Finding> findings, long evidenceId, Instant now)
            throws SQLException {
        PreparedStatement ps = d.prepare(INSERT_FINDING);
        for (Finding f : findings) {
            long ev = evidenceId != 0 ? evidenceId : f.evidenceId();
            ps.setLong(1, f.runId());
            ps.setLong(2, f.hostId());
            ps.setString(3, f.guest());
            ps.setString(4, f.checkId());
            ps.setString(5, f.catalogVersion());
            ps.setString(6, f.domain().id());
            ps.setString(7, f.title());
            ps.setString(8, f.severity().id());
            ps.setString(9, statusId(f.status()));
            ps.setString(10, f.observed());
            ps.setString(11, f.expected());
            ps.setString(12, f.reason());
            if (ev == 0) {
                ps.setNull(13, Types.INTEGER);
            } else {
                ps.setLong(13, ev);
            }
            ps.setString(14, Times.format(f.recorded() == null ? now : f.recorded()));
            ps.executeUpdate();
        }
    }

    private static Finding finding(ResultSet rs) throws SQLException {
        return new Finding(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), Domain.parse(rs.getString(8)), rs.getString(9),
                Severity.parse(rs.getString(10)), Status.parse(rs.getString(11)), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getLong(15), rs.getString(16), Times.parse(rs.getString(17)));
    }

    static String statusId(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static void check(Finding f) {
        Objects.requireNonNull(f, "finding");
        requireText(f.checkId(), "finding checkId");
        Objects.requireNonNull(f.catalogVersion(), "finding catalogVersion");
        Objects.requireNonNull(f.domain(), "finding domain");
        Objects.requireNonNull(f.title(), "finding title");
        Objects.requireNonNull(f.severity(), "finding severity");
        Objects.requireNonNull(f.status(), "finding status");
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }
}
