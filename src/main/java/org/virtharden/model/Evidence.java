package org.virtharden.model;

import java.time.Instant;

/**
 * What one probe collected on one target: the commands and their (redacted) output as canonical
 * JSON, and the SHA-256 of exactly those bytes, so anyone can recompute it.
 *
 * @param guest null for host-level probes
 */
public record Evidence(long id, long runId, long hostId, String guest, String probe, String outputsJson,
        String sha256, Instant collected, long durationMillis) {
}
