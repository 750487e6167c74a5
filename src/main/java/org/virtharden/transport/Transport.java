package org.virtharden.transport;

import java.time.Duration;

/**
 * Runs one read-only command on a target and returns what it printed. Implementations wrap every
 * command so that it is killed on the target at its timeout ({@code timeout -k}), run it through sudo
 * when {@code root} is asked for (unless the login is root already), and cap the output they keep.
 * One call is one round trip.
 */
public interface Transport extends AutoCloseable {

    CommandResult run(String command, boolean root, Duration timeout) throws TransportException;

    default CommandResult run(String command, Duration timeout) throws TransportException {
        return run(command, false, timeout);
    }

    /** "user@host:port" or "local", for messages. */
    String target();

    /** Commands run so far (each is one round trip to the target). */
    int roundTrips();

    @Override
    void close();
}
