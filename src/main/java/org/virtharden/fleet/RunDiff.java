package org.virtharden.fleet;

import java.util.List;
import org.virtharden.catalog.Status;

/**
 * The retest: every (host, guest, check) of two runs, in the order an auditor reads them (ux.md screen D):
 * regressed, new failure, still failing, not re-tested, fixed, changed evidence, unchanged.
 */
public record RunDiff(long fromRun, long toRun, List<Row> rows) {
    public RunDiff {
        rows = List.copyOf(rows);
    }

    public enum Category {
        /** passed (or N/A) before, FAIL/WARN now */
        REGRESSED,
        /** FAIL/WARN now, not in the earlier run at all (new host, guest or check) */
        NEW_FAILURE,
        /** FAIL/WARN in both runs */
        STILL_FAILING,
        /** FAIL/WARN before; absent now, or could not be checked now (ERROR, waiting for the operator) */
        NOT_RETESTED,
        /** FAIL/WARN before, PASS or N/A now */
        FIXED,
        /** same non-failing status, but the evidence differs (its content: exit codes and output, not timings) */
        CHANGED_EVIDENCE,
        /** no failure either side, same evidence */
        UNCHANGED
    }

    /**
     * @param evidenceChanged whether both runs have evidence and what it says differs: the stored SHA-256s differ and so
     *                        do the commands' exit codes, stdout or stderr (start times and durations are ignored)
     */
    public record Row(Category category, String host, String guest, String checkId, String title, Status before,
            Status after, String reasonAfter, String sha256Before, String sha256After, boolean evidenceChanged) {
    }

    public long count(Category c) {
        return rows.stream().filter(r -> r.category() == c).count();
    }
}
