package org.virtharden.ui.findings;

/**
 * Where a finding stands on the board, for the quick filters [Open] [Waived] [Fixed] [False +] (ux.md screen C).
 * Open = a FAIL, WARN or ERROR that no waiver or false positive covers; Fixed = PASS now, FAIL or WARN in an earlier
 * run of the project; everything else (PASS, N/A, to answer) is {@link #OTHER}.
 */
public enum FindingState {
    OPEN("Open"),
    WAIVED("Waived"),
    FIXED("Fixed"),
    FALSE_POSITIVE("False +"),
    OTHER("—");

    private final String label;

    FindingState(String label) {
        this.label = label;
    }

    /** The chip and column label: "Open", "Waived", "Fixed", "False +". */
    public String label() {
        return label;
    }
}
