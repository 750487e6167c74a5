package org.virtharden.catalog;

/** Outcome of one check on one target. ERROR means "could not check" and is never PASS or FAIL. */
public enum Status {
    PASS, WARN, FAIL, NOT_APPLICABLE, ERROR, MANUAL_PENDING, WAIVED;

    /** Severity order used to combine condition results: the worst wins. */
    public int rank() {
        return switch (this) {
            case PASS -> 0;
            case NOT_APPLICABLE -> 1;
            case WARN -> 2;
            case FAIL -> 3;
            case ERROR -> 4;
            case MANUAL_PENDING -> 5;
            case WAIVED -> -1;
        };
    }

    public static Status parse(String s) {
        String v = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "NA", "N/A" -> NOT_APPLICABLE;
            default -> Status.valueOf(v);
        };
    }
}
