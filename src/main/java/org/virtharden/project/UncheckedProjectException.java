package org.virtharden.project;

import java.util.Objects;

/**
 * Wraps a {@link ProjectException} thrown by repository methods that do not declare checked
 * exceptions (recording findings, runs, settings): the disk filled up, the file became unreadable,
 * another program held the lock too long, or a value referred to a run or host that does not exist.
 * The message is the operator-facing message of the cause.
 */
public final class UncheckedProjectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UncheckedProjectException(ProjectException cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
    }

    @Override
    public synchronized ProjectException getCause() {
        return (ProjectException) super.getCause();
    }

    public ProjectException.Kind kind() {
        return getCause().kind();
    }
}
