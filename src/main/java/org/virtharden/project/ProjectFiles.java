package org.virtharden.project;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.virtharden.project.ProjectException.Kind;

/**
 * Checks on the project file that happen before anything may write to it, and the copy made
 * before an upgrade. Refusals (not found, not ours, newer, damaged) leave the file byte-identical.
 */
final class ProjectFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ProjectFiles() {
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /**
     * Inspects an existing file without changing it and returns its schema version.
     *
     * @throws ProjectException NOT_FOUND, NOT_A_PROJECT, NEWER_VERSION, CORRUPT, LOCKED or IO
     */
    static int inspect(Path file, int latestVersion) throws ProjectException {
        if (!Files.exists(file)) {
            throw new ProjectException(Kind.NOT_FOUND, "The project file " + file + " does not exist. Check the"
                    + " name and folder, or create a new project.");
        }
        if (Files.isDirectory(file)) {
            throw new ProjectException(Kind.NOT_A_PROJECT, file + " is a folder, not a virtharden project file."
                    + " Choose a .vhproj file.");
        }
        if (!Files.isReadable(file)) {
            throw new ProjectException(Kind.IO, "The project file " + file + " cannot be read: permission denied."
                    + " Ask for read and write access to it, or open a copy.");
        }
        try {
            if (Files.size(file) == 0) {
                throw ProjectErrors.damagedAtOpen(file, "the file is empty", null);
            }
        } catch (IOException e) {
            throw ProjectErrors.io(file, "read", e);
        }
        try (Connection c = openReadOnly(file)) {
            int appId = pragmaInt(c, "application_id");
            int version = pragmaInt(c, "user_version");
            if (appId != Database.APPLICATION_ID) {
                String whose = appId == 0 ? "an SQLite database, but not a virtharden project"
                        : String.format(Locale.ROOT, "an SQLite database of another application (application id"
                                + " 0x%08X)", appId);
                throw new ProjectException(Kind.NOT_A_PROJECT, "The file " + file + " is " + whose
                        + ". It was not changed. Choose a .vhproj file created by virtharden.");
            }
            if (version > latestVersion) {
                throw new ProjectException(Kind.NEWER_VERSION, "The project file " + file + " was saved by a newer"
                        + " version of virtharden (project format " + version + "; this version reads formats up"
                        + " to " + latestVersion + "). It was not changed. Update virtharden to open it.");
            }
            if (version < 1) {
                throw ProjectErrors.damagedAtOpen(file, "it was never completely created", null);
            }
            String check = quickCheck(c);
            if (!"ok".equals(check)) {
                throw ProjectErrors.damagedAtOpen(file, "SQLite integrity check: " + check, null);
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM project")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw ProjectErrors.damagedAtOpen(file, "the project details are missing", null);
                }
            } catch (SQLException e) {
                if (ProjectErrors.isDamage(e)) {
                    throw e;
                }
                throw ProjectErrors.damagedAtOpen(file, "the project details are missing", e);
            }
            return version;
        } catch (SQLException e) {
            throw inspectFailure(file, e);
        }
    }

    private static ProjectException inspectFailure(Path file, SQLException e) {
        int code = ProjectErrors.primaryCode(e);
        if (ProjectErrors.isDamage(e)) {
            return ProjectErrors.damagedAtOpen(file, ProjectErrors.detail(e), e);
        }
        if (code == ProjectErrors.SQLITE_BUSY || code == ProjectErrors.SQLITE_LOCKED) {
            return ProjectErrors.locked(file, "opening it", e);
        }
        return new ProjectException(Kind.IO, "The project file " + file + " cannot be read ("
                + ProjectErrors.detail(e) + "). It was not changed. Check that you may read the file and its"
                + " folder, then try again.", e);
    }

    /**
     * A read-only connection for inspection. Without a {@code -wal} file next to it nobody has the
     * database open and the main file is complete, so it is opened {@code immutable}: no locks and no
     * {@code -wal}/{@code -shm} files are created next to a file we may refuse. With a {@code -wal}
     * file (another process has it open, or one was killed) SQLite must read the log, so it is
     * opened read-only in the normal way.
     */
    private static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(SQLiteOpenMode.READONLY);
        cfg.setBusyTimeout(Database.BUSY_TIMEOUT_MILLIS);
        if (Files.exists(sibling(file, "-wal"))) {
            return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
        }
        cfg.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return DriverManager.getConnection("jdbc:sqlite:" + fileUri(file) + "?immutable=1", cfg.toProperties());
    }

    static String fileUri(Path file) {
        try {
            return new URI("file", null, file.toString(), null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot express " + file + " as a file URI", e);
        }
    }

    private static int pragmaInt(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String quickCheck(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(3)")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(rs.getString(1));
            }
            return sb.length() == 0 ? "ok" : sb.toString();
        }
    }

    /**
     * Copies the open database aside to {@code <file>.bak-v<old>} (or, if that exists already,
     * {@code <file>.bak-v<old>-<utc stamp>}) before it is upgraded. Uses {@code VACUUM INTO}, which
     * writes a consistent snapshot including anything still in the write-ahead log; the copy is
     * checked before it gets its final name.
     */
    static Path backupBeforeUpgrade(Database db, int oldVersion) throws ProjectException {
        Path file = db.file();
        Path target = sibling(file, ".bak-v" + oldVersion);
        if (Files.exists(target)) {
            String stamp = STAMP.format(Times.now());
            target = sibling(file, ".bak-v" + oldVersion + "-" + stamp);
            for (int n = 2; Files.exists(target); n++) {
                target = sibling(file, ".bak-v" + oldVersion + "-" + stamp + "-" + n);
            }
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            db.read("copying it aside before the upgrade", d -> {
                try (PreparedStatement ps = d.connection().prepareStatement("VACUUM INTO ?")) {
                    ps.setString(1, tmp.toString());
                    ps.execute();
                }
                return null;
            });
            try (Connection c = openReadOnly(tmp)) {
                if (pragmaInt(c, "user_version") != oldVersion
                        || pragmaInt(c, "application_id") != Database.APPLICATION_ID) {
                    throw new ProjectException(Kind.IO, "The copy of " + file + " made before upgrading it ("
                            + tmp + ") does not match the original. The file was not upgraded or changed.");
                }
            } catch (SQLException e) {
                throw new ProjectException(Kind.IO, "The copy of " + file + " made before upgrading it could not"
                        + " be read back (" + ProjectErrors.detail(e) + "). The file was not upgraded or changed.", e);
            }
            Files.move(tmp, target);
            return target;
        } catch (IOException e) {
            throw ProjectErrors.io(file, "copy aside before upgrading", e);
        } catch (ProjectException e) {
            throw new ProjectException(e.kind(), "Before upgrading, virtharden copies the project file aside, and"
                    + " that failed. The file was not upgraded or changed. " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a stray .tmp copy is harmless
            }
        }
    }
}
