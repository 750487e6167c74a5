package org.virtharden.ui.findings;

import java.time.Instant;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.service.FindingStates;

/**
 * One row of the findings board: a finding, the waiver or false positive that applies to it (if any), the newest
 * expired or revoked waiver for it (to show and renew), whether an earlier run failed it, and its lower-cased search
 * text. Rows are built once per reload; filtering only changes the predicate, never the rows.
 */
public final class FindingRow {
    /** A waiver expiring within this many days is badged (ux.md: "expiring ≤30 days badged"). */
    public static final int EXPIRING_DAYS = Waiver.EXPIRING_DAYS;

    private final Finding finding;
    private final String text;
    private final ReadOnlyObjectWrapper<Waiver> waiver = new ReadOnlyObjectWrapper<>();
    private Waiver lapsed;
    private FalsePositive falsePositive;
    private boolean failedBefore;
    private int rank;

    public FindingRow(Finding finding) {
        this.finding = finding;
        StringBuilder b = new StringBuilder(128);
        for (String s : new String[] {finding.hostName(), finding.guest(), finding.checkId(), finding.title(), finding.observed(),
            finding.reason()}) {
            if (s != null) {
                b.append(s).append('\n');
            }
        }
        this.text = b.toString().toLowerCase(Locale.ROOT);
    }

    public Finding finding() {
        return finding;
    }

    /** The status the board shows: WAIVED while a waiver applies, else the finding's own (see {@link #state()}). */
    public Status status() {
        return waiver.get() == null ? finding.status() : Status.WAIVED;
    }

    /** Open, waived, fixed, false positive or other; a false positive wins over a waiver. */
    public FindingState state() {
        return switch (FindingStates.of(finding.status(), waiver.get() != null, falsePositive != null)) {
            case FALSE_POSITIVE -> FindingState.FALSE_POSITIVE;
            case WAIVED -> FindingState.WAIVED;
            case OPEN -> FindingState.OPEN;
            case CLOSED -> finding.status() == Status.PASS && failedBefore ? FindingState.FIXED : FindingState.OTHER;
        };
    }

    /** The waiver that applies now, or null. */
    public Waiver waiver() {
        return waiver.get();
    }

    public ReadOnlyObjectProperty<Waiver> waiverProperty() {
        return waiver.getReadOnlyProperty();
    }

    void setWaiver(Waiver w) {
        waiver.set(w);
    }

    /** The newest expired or revoked waiver for this finding when none applies: shown as "expired", offered for renewal. */
    public Waiver lapsedWaiver() {
        return lapsed;
    }

    void setLapsedWaiver(Waiver w) {
        lapsed = w;
    }

    /** The standing false positive for this finding, or null. */
    public FalsePositive falsePositive() {
        return falsePositive;
    }

    void setFalsePositive(FalsePositive fp) {
        falsePositive = fp;
    }

    /** Whether an earlier run of the project had this host's (guest's) check as FAIL or WARN. */
    public boolean failedBefore() {
        return failedBefore;
    }

    void setFailedBefore(boolean b) {
        failedBefore = b;
    }

    /** Whether the waiver that applies ends within {@link #EXPIRING_DAYS} days of {@code now}. */
    public boolean expiringSoon(Instant now) {
        Waiver w = waiver.get();
        return w != null && w.expiringSoon(now);
    }

    /** Position by severity, host, guest and check among the rows of one reload (for the default order). */
    int rank() {
        return rank;
    }

    void setRank(int r) {
        rank = r;
    }

    /** Host, guest, check, title, observed and reason, lower-cased, one per line. */
    String searchText() {
        return text;
    }

    /** "FAIL, High, HV-007, kvm02" for screen readers (ux.md §4). */
    public String accessibleText() {
        String st = state() == FindingState.FALSE_POSITIVE ? "FALSE POSITIVE" : Glyphs.word(status());
        return st + ", " + finding.severity().name().charAt(0) + finding.severity().name().substring(1).toLowerCase(Locale.ROOT)
                + ", " + finding.checkId() + ", " + finding.hostName() + (finding.guest() == null ? "" : ", " + finding.guest());
    }

    /** The key of this row's host, guest and check, as {@link FindingsViewModel#targetKey} builds it. */
    String targetKey() {
        return FindingsViewModel.targetKey(finding.hostId(), finding.guest(), finding.checkId());
    }
}
