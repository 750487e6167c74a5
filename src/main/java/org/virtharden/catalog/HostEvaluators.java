package org.virtharden.catalog;

import java.util.Map;

/** Java evaluators for host-level checks whose criteria need code. */
final class HostEvaluators {
    private HostEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        // filled in as checks need them
    }
}
