package org.virtharden.scan;

import java.util.List;
import org.virtharden.model.HostRun;

/**
 * @param state complete | partial (a host failed) | cancelled | failed (no host could be scanned)
 */
public record ScanSummary(long runId, String state, List<HostRun> hosts, int findings) {
}
