package org.virtharden.project;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.virtharden.project.ProjectException.Kind;

/**
 * The one read-write connection of an open project, guarded by a lock so that the scan engine's
 * host threads can record findings concurrently. Every write runs in one {@code BEGIN IMMEDIATE}
 * transaction; the connection stays in auto-commit mode otherwise, so reads always see the latest
 * committed state and never pin an old WAL snapshot.
 */
final class Database implements AutoCloseable {

    /** {@code PRAGMA application_id} of every virtharden project file: "VHAR". */
    static final int APPLICATION_ID = 0x56484152;
    static final int BUSY_TIMEOUT_MILLIS = 5000;

    @FunctionalInterface
    interface Work<T> {
        T run(Database db) throws SQLException, ProjectException;
    }

    private final Path file;
    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean closed;

    private Database(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /**
     * Opens the file read-write with the project pragmas: foreign keys on, WAL, synchronous=NORMAL
     * (a committed transaction survives a killed process), busy timeout, untrusted schema.
     *
     * @param create whether SQLite may create the file; false for existing projects, so a file that
     *               disappeared is reported rather than silently re-created empty
     */
    static Database open(Path file, boolean create) throws ProjectException {
        SQLiteConfig cfg = new SQLiteConfig();
        if (!create) {
            cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        cfg.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
        } catch (SQLException e) {
            throw ProjectErrors.fromSql(file, e, "opening it");
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            String mode;
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                mode = rs.next() ? rs.getString(1) : "";
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new ProjectException(Kind.IO, "The project file " + file + " cannot use write-ahead logging"
                        + " (journal mode stayed '" + mode + "'). Keep project files on a local disk, not on a"
                        + " network share or read-only medium, then try again.");
            }
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA trusted_schema = OFF");
            return new Database(file, c);
        } catch (SQLException | ProjectException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof SQLException se) {
                throw ProjectErrors.fromSql(file, se, "opening it");
            }
            if (e instanceof ProjectException pe) {
                throw pe;
            }
            throw (RuntimeException) e;
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in one write transaction; rolls back if it throws. */
    <T> T write(String doing, Work<T> work) throws ProjectException {
        lock.lock();
        try {
            ensureOpen();
            execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(this);
                execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly();
                }
            }
        } catch (SQLException e) {
            throw ProjectErrors.fromSql(file, e, doing);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} outside an explicit transaction (each statement is atomic on its own). */
    <T> T read(String doing, Work<T> work) throws ProjectException {
        lock.lock();
        try {
            ensureOpen();
            return work.run(this);
        } catch (SQLException e) {
            throw ProjectErrors.fromSql(file, e, doing);
        } finally {
            lock.unlock();
        }
    }

    <T> T writeUnchecked(String doing, Work<T> work) {
        try {
            return write(doing, work);
        } catch (ProjectException e) {
            throw new UncheckedProjectException(e);
        }
    }

    <T> T readUnchecked(String doing, Work<T> work) {
        try {
            return read(doing, work);
        } catch (ProjectException e) {
            throw new UncheckedProjectException(e);
        }
    }

    /** A cached prepared statement; only valid while the caller holds the lock (inside read/write). */
    PreparedStatement prepare(String sql) throws SQLException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("prepare() outside read()/write()");
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * The name of a host, for records that carry it; caller holds the lock.
     *
     * @throws IllegalArgumentException when there is no such host
     */
    String hostName(long hostId) throws SQLException {
        PreparedStatement ps = prepare("SELECT name FROM hosts WHERE id = ?");
        ps.setLong(1, hostId);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalArgumentException("there is no host " + hostId);
            }
            return rs.getString(1);
        }
    }

    /** Binds a text that may be absent (a guest name of a host-level record) as SQL NULL. */
    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** For migrations and maintenance: statements that are run once. Caller holds the lock. */
    Connection connection() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("connection() outside read()/write()");
        }
        return conn;
    }

    void execute(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /** The value of a pragma on this connection, as text (for checks and tests). */
    String pragma(String name) throws ProjectException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a pragma name: " + name);
        }
        return read("reading settings", db -> {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
            statements.clear();
            // No "PRAGMA optimize"/ANALYZE: statistics taken while a table is tiny make the planner
            // scan it later when it is large; without statistics it uses the indexes, as intended.
            closeQuietly(conn);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The project " + file + " is closed.");
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. disk full); nothing more to undo
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing useful to do
        }
    }
}
