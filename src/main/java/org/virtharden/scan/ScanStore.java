package org.virtharden.scan;

import java.util.List;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;

/**
 * Where a scan puts what it finds, as it finds it. Each call commits before it returns, so a crash
 * keeps everything recorded so far. Implementations must be safe for calls from several host threads.
 */
public interface ScanStore {
    ScanRun startRun(String catalogVersion);

    void hostState(HostRun state);

    /** Stores evidence and the findings that rest on it in one transaction; returns the evidence id. */
    long recordProbe(Evidence evidence, List<Finding> findings);

    /** Stores findings that rest on no evidence (e.g. ERROR because the host could not be reached). */
    void recordFindings(List<Finding> findings);

    void finishRun(long runId, String state);
}
