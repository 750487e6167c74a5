package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;

/**
 * Scan runs and how each host fared in them. A run starts as {@code running} and is finished exactly
 * once. Failures of the file are thrown as {@link UncheckedProjectException}; arguments that make no
 * sense (unknown state, unknown run) as {@link IllegalArgumentException}.
 */
public final class RunRepository {

    static final String RUNNING = "running";
    static final Set<String> FINAL_STATES = Set.of("complete", "partial", "cancelled", "failed");
    static final Set<String> HOST_STATES = Set.of("queued", "connecting", "scanning", "done", "failed", "cancelled");

    private static final String RUN_COLUMNS = "id, started, finished, state, catalog_version, note";

    private final Database db;

    RunRepository(Database db) {
        this.db = db;
    }

    /** Starts a run: state {@code running}, started now (to the millisecond). */
    public ScanRun start(String catalogVersion) {
        if (catalogVersion == null || catalogVersion.isBlank()) {
            throw new IllegalArgumentException("catalog version is empty");
        }
        Instant now = Times.now();
        return db.writeUnchecked("starting a scan run", d -> {
            PreparedStatement ps = d.prepare("INSERT INTO runs (started, state, catalog_version) VALUES (?, ?, ?)"
                    + " RETURNING id");
            ps.setString(1, Times.format(now));
            ps.setString(2, RUNNING);
            ps.setString(3, catalogVersion);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ScanRun(rs.getLong(1), now, null, RUNNING, catalogVersion, null);
            }
        });
    }

    /**
     * Finishes a running run.
     *
     * @param state complete | partial | cancelled | failed
     * @throws IllegalArgumentException for another state or an unknown run
     * @throws IllegalStateException    if the run was already finished (runs are immutable then)
     */
    public void finish(long runId, String state) {
        if (state == null || !FINAL_STATES.contains(state)) {
            throw new IllegalArgumentException("a run finishes as complete, partial, cancelled or failed, not " + state);
        }
        db.writeUnchecked("finishing scan run " + runId, d -> {
            PreparedStatement ps = d.prepare("UPDATE runs SET state = ?, finished = ? WHERE id = ? AND state = ?");
            ps.setString(1, state);
            ps.setString(2, Times.format(Times.now()));
            ps.setLong(3, runId);
            ps.setString(4, RUNNING);
            if (ps.executeUpdate() == 1) {
                return null;
            }
            Optional<ScanRun> run = byId(d, runId);
            if (run.isEmpty()) {
                throw new IllegalArgumentException("there is no scan run " + runId);
            }
            throw new IllegalStateException("scan run " + runId + " is already finished (" + run.get().state() + ")");
        });
    }

    /** The most recently started run. */
    public Optional<ScanRun> latest() {
        return db.readUnchecked("reading scan runs", d -> {
            try (ResultSet rs = d.prepare("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY started DESC, id DESC LIMIT 1")
                    .executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        });
    }

    public Optional<ScanRun> byId(long id) {
        return db.readUnchecked("reading scan run " + id, d -> byId(d, id));
    }

    /** All runs, newest first. */
    public List<ScanRun> list() {
        return db.readUnchecked("reading scan runs", d -> {
            List<ScanRun> out = new ArrayList<>();
            try (ResultSet rs = d.prepare("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY started DESC, id DESC")
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(run(rs));
                }
            }
            return out;
        });
    }

    /**
     * Records how a host is doing in a run, replacing what was recorded for the same (run, host).
     * {@code hostName} is ignored (it comes from the host).
     *
     * @throws IllegalArgumentException for an unknown state
     * @throws UncheckedProjectException INVALID if the run or host does not exist
     */
    public void hostState(HostRun hr) {
        Objects.requireNonNull(hr, "host run");
        if (hr.state() == null || !HOST_STATES.contains(hr.state())) {
            throw new IllegalArgumentException("unknown host state " + hr.state() + "; expected one of " + HOST_STATES);
        }
        db.writeUnchecked("saving the state of host " + hr.hostId() + " in run " + hr.runId(), d -> {
            PreparedStatement ps = d.prepare("INSERT INTO host_runs (run_id, host_id, state, reason, round_trips,"
                    + " started, finished, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (run_id, host_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
                    + " round_trips = excluded.round_trips, started = excluded.started,"
                    + " finished = excluded.finished, findings = excluded.findings");
            ps.setLong(1, hr.runId());
            ps.setLong(2, hr.hostId());
            ps.setString(3, hr.state());
            ps.setString(4, hr.reason());
            ps.setInt(5, hr.roundTrips());
            ps.setString(6, Times.format(hr.started()));
            ps.setString(7, Times.format(hr.finished()));
            ps.setInt(8, hr.findings());
            ps.executeUpdate();
            return null;
        });
    }

    /** The hosts of a run, by host name. */
    public List<HostRun> hostRuns(long runId) {
        return db.readUnchecked("reading the hosts of scan run " + runId, d -> {
            PreparedStatement ps = d.prepare("SELECT hr.run_id, hr.host_id, h.name, hr.state, hr.reason,"
                    + " hr.round_trips, hr.started, hr.finished, hr.findings FROM host_runs hr"
                    + " JOIN hosts h ON h.id = hr.host_id WHERE hr.run_id = ? ORDER BY h.name, h.id");
            ps.setLong(1, runId);
            List<HostRun> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HostRun(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), Times.parse(rs.getString(7)), Times.parse(rs.getString(8)),
                            rs.getInt(9)));
                }
            }
            return out;
        });
    }

    private static Optional<ScanRun> byId(Database d, long id) throws SQLException {
        PreparedStatement ps = d.prepare("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?");
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
    }

    private static ScanRun run(ResultSet rs) throws SQLException {
        return new ScanRun(rs.getLong(1), Times.parse(rs.getString(2)), Times.parse(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
