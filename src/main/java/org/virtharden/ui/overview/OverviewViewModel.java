package org.virtharden.ui.overview;

import java.time.Instant;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.service.Scoring;

/**
 * The overview's figures. The computation lives in {@link Scoring} so the audit pack uses the very same formula
 * (ux.md: "screen and PDF agree"); this class keeps the overview's entry points.
 */
public final class OverviewViewModel {
    /** The formula as the view prints it. */
    public static final String FORMULA = Scoring.FORMULA;

    private OverviewViewModel() {
    }

    /** See {@link Scoring#compute}. */
    public static Scoring.Figures compute(Catalog catalog, List<HostConfig> hosts, ScanRun run, List<Finding> findings,
            List<Answer> answers, List<Waiver> waivers, Instant now) {
        return Scoring.compute(catalog, hosts, run, findings, answers, waivers, now);
    }
}
