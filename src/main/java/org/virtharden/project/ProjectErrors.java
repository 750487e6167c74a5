package org.virtharden.project;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.virtharden.project.ProjectException.Kind;

/** Turns SQLite and file-system failures into operator-facing {@link ProjectException}s. */
final class ProjectErrors {

    private ProjectErrors() {
    }

    /** SQLite primary result codes we tell apart (the low byte of an extended code). */
    static final int SQLITE_PERM = 3;
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_AUTH = 23;
    static final int SQLITE_NOTADB = 26;

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null
                && se.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }

    static boolean isDamage(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    /** SQLite's own short explanation, without the driver's "[SQLITE_X] ..." decoration. */
    static String detail(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        int open = m.lastIndexOf('(');
        if (open >= 0 && m.endsWith(")") && open < m.length() - 2) {
            return m.substring(open + 1, m.length() - 1).strip();
        }
        if (m.startsWith("[")) {
            int close = m.indexOf(']');
            if (close > 0) {
                m = m.substring(close + 1).strip();
            }
        }
        return m.isEmpty() ? "SQLite error " + e.getErrorCode() : m;
    }

    /** A failure while the project is open and being used; {@code doing} is e.g. "saving findings". */
    static ProjectException fromSql(Path file, SQLException e, String doing) {
        String detail = detail(e);
        return switch (primaryCode(e)) {
            case SQLITE_BUSY, SQLITE_LOCKED -> locked(file, doing, e);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new ProjectException(Kind.CORRUPT,
                    "The project file " + file + " is damaged (" + detail + "). " + restoreAdvice(file), e);
            case SQLITE_FULL -> new ProjectException(Kind.IO, "The disk holding the project file " + file
                    + " is full, so " + doing + " failed and that change was not saved. Free some disk space,"
                    + " then try again.", e);
            case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH -> new ProjectException(Kind.IO,
                    "The project file " + file + " cannot be written (" + detail + ") while " + doing
                            + ". Check that you may write to the file and to its folder, then try again.", e);
            case SQLITE_CONSTRAINT -> new ProjectException(Kind.INVALID, "The project file " + file
                    + " refused the change while " + doing + " (" + detail + "). The values refer to something"
                    + " that is not in this project or break one of its rules.", e);
            default -> new ProjectException(Kind.IO, "Reading or writing the project file " + file + " failed ("
                    + detail + ") while " + doing + ". Check the disk and the file, then try again.", e);
        };
    }

    static ProjectException locked(Path file, String doing, Throwable cause) {
        return new ProjectException(Kind.LOCKED, "The project file " + file + " stayed locked by another program"
                + " for more than " + Database.BUSY_TIMEOUT_MILLIS / 1000 + " seconds while " + doing
                + ". Close other virtharden windows or programs that use this file, then try again.", cause);
    }

    /** The file was refused at open because it is damaged. */
    static ProjectException damagedAtOpen(Path file, String detail, Throwable cause) {
        return new ProjectException(Kind.CORRUPT, "The project file " + file + " is damaged (" + detail
                + "). It was not changed. " + restoreAdvice(file), cause);
    }

    static ProjectException io(Path file, String doing, IOException e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ProjectException(Kind.IO, "Could not " + doing + " " + file + " (" + what + "). Check that the"
                + " file and its folder exist and that you may read and write them, then try again.", e);
    }

    /** Advice naming the backup copies that actually sit next to the file, if there are any. */
    static String restoreAdvice(Path file) {
        List<String> backups = backupsOf(file);
        String which = backups.isEmpty() ? file.getFileName() + ".bak-…" : String.join(", ", backups);
        String advice = "Restore it from a backup copy (" + which + ") or create a new project and scan the hosts"
                + " again.";
        Path wal = ProjectFiles.sibling(file, "-wal");
        Path shm = ProjectFiles.sibling(file, "-shm");
        if (Files.exists(wal) || Files.exists(shm)) {
            // a stale write-ahead log would be replayed into the restored copy and damage it
            advice += " Before restoring, close virtharden and delete " + wal.getFileName() + " and "
                    + shm.getFileName() + ", which belong to the damaged file.";
        }
        return advice;
    }

    static List<String> backupsOf(Path file) {
        List<String> names = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".bak-";
        if (dir == null) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && !n.toLowerCase(Locale.ROOT).endsWith(".tmp")) {
                    names.add(n);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only used to improve a message; an unreadable folder just means we name no backups.
        }
        names.sort(null);
        return names;
    }
}
