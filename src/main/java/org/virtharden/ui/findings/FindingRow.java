package org.virtharden.ui.findings;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;

/**
 * One row of the findings board: a finding, the waiver that applies to it (if any) and its lower-cased search
 * text. Rows are built once per reload; filtering only changes the predicate, never the rows.
 */
public final class FindingRow {
    /** A waiver expiring within this many days is badged (ux.md: "expiring ≤30 days badged"). */
    public static final int EXPIRING_DAYS = 30;

    private final Finding finding;
    private final String text;
    private final ReadOnlyObjectWrapper<Waiver> waiver = new ReadOnlyObjectWrapper<>();
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

    /** The status the board shows: WAIVED while a waiver applies, else the finding's own. */
    public Status status() {
        return waiver.get() == null ? finding.status() : Status.WAIVED;
    }

    public Waiver waiver() {
        return waiver.get();
    }

    public ReadOnlyObjectProperty<Waiver> waiverProperty() {
        return waiver.getReadOnlyProperty();
    }

    void setWaiver(Waiver w) {
        waiver.set(w);
    }

    /** Whether the waiver that applies ends within {@link #EXPIRING_DAYS} days of {@code now}. */
    public boolean expiringSoon(Instant now) {
        Waiver w = waiver.get();
        return w != null && w.expires().isBefore(now.plus(Duration.ofDays(EXPIRING_DAYS)));
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
}
