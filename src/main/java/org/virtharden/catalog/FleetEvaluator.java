package org.virtharden.catalog;

import java.util.List;

/**
 * A reviewed piece of code for a fleet (cross-host) check: one verdict for every host of the input, naming the
 * other hosts or guests involved in its reason.
 */
@FunctionalInterface
public interface FleetEvaluator {
    List<Verdict> evaluate(Check check, FleetInput input);

    /** The outcome of a fleet check for one host. */
    record Verdict(String host, Outcome outcome) {
    }

    /** The worst outcome of several verdicts (the fleet-level status of the check). */
    static Status worst(List<Verdict> verdicts) {
        Status w = Status.PASS;
        boolean any = false;
        for (Verdict v : verdicts) {
            if (!any || v.outcome().status().rank() > w.rank()) {
                w = v.outcome().status();
                any = true;
            }
        }
        return any ? w : Status.NOT_APPLICABLE;
    }
}
