package org.virtharden.scan;

import java.util.List;
import org.virtharden.model.Finding;

/**
 * Work that runs once every host of a run has been scanned, before the run is marked finished: the fleet
 * (cross-host) checks. It stores what it finds itself (committed as produced) and returns it for progress reporting.
 */
@FunctionalInterface
public interface RunStage {
    RunStage NONE = runId -> List.of();

    List<Finding> afterHosts(long runId);
}
