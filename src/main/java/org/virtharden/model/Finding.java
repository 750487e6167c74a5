package org.virtharden.model;

import java.time.Instant;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;

/**
 * The outcome of one check on one host (or guest) in one run.
 *
 * @param guest        null for host-level findings
 * @param evidenceId   0 when nothing was collected (e.g. host unreachable)
 */
public record Finding(long id, long runId, long hostId, String hostName, String guest, String checkId,
        String catalogVersion, Domain domain, String title, Severity severity, Status status, String observed,
        String expected, String reason, long evidenceId, String evidenceSha256, Instant recorded) {
}
