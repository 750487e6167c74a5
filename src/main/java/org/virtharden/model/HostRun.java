package org.virtharden.model;

import java.time.Instant;

/**
 * How one host fared in one run.
 *
 * @param state queued | connecting | scanning | done | failed | cancelled
 * @param reason for failed/cancelled hosts, the operator-facing reason
 */
public record HostRun(long runId, long hostId, String hostName, String state, String reason, int roundTrips,
        Instant started, Instant finished, int findings) {
}
