package org.virtharden.scan;

import org.virtharden.model.Finding;

/** Progress of a scan, called from host threads. Implementations must be quick and thread-safe. */
public interface ScanListener {
    /** @param state queued | connecting | scanning | done | failed | cancelled */
    default void hostState(String host, String state, String detail) {
    }

    default void progress(String host, int checksDone, int checksTotal) {
    }

    default void finding(Finding finding) {
    }

    ScanListener NONE = new ScanListener() {
    };
}
