package org.virtharden.project;

import org.virtharden.catalog.Status;

/**
 * Which findings to list; a null component matches anything. Results are ordered by host name,
 * guest (host-level findings first), check id.
 *
 * @param host   host name, ignoring ASCII case
 * @param domain domain id such as {@code hypervisor}, ignoring case
 */
public record FindingQuery(Long runId, Status status, String host, String checkId, String domain) {
}
