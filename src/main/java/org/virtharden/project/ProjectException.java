package org.virtharden.project;

import java.util.Objects;

/**
 * A project file could not be created, opened or changed. The message is written for the operator:
 * what is wrong and what to do about it. It never contains a stack trace; the technical cause, if
 * any, is kept as {@link #getCause()} for the log.
 */
public final class ProjectException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem this is, so callers can react without parsing the message. */
    public enum Kind {
        /** The file (or its folder) does not exist. */
        NOT_FOUND,
        /** {@link Project#create} was given a file that already exists. */
        ALREADY_EXISTS,
        /** The file was written by a newer virtharden (its schema version is above ours). */
        NEWER_VERSION,
        /** A readable SQLite database, but not a virtharden project. */
        NOT_A_PROJECT,
        /** The file is damaged: not a database at all, truncated, or failing SQLite's checks. */
        CORRUPT,
        /** Another program kept the file locked for longer than the busy timeout. */
        LOCKED,
        /** A record with the same unique name already exists. */
        DUPLICATE,
        /** The values given are not acceptable (empty name, bad port, ...). */
        INVALID,
        /** Reading or writing the file failed (permissions, disk full, I/O error). */
        IO
    }

    private final Kind kind;

    public ProjectException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ProjectException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
