package org.virtharden.ui.overview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtharden.service.Scoring;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;

class OverviewViewModelTest {
    private static final Catalog FULL = new CatalogLoader().loadBuiltIn();
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final HostConfig KVM01 = new HostConfig(1, "kvm01", "10.0.0.1", 22, "audit", null, null, "nopasswd", null, null,
            "qemu:///system", null);

    @Test
    void scoreCountsErrorsNotRunAndUnansweredAgainstIt() {
        Scoring.Score s = new Scoring.Score(6, 1, 1, 1, 1, 5);
        assertEquals(10, s.denominator(), "N/A is left out");
        assertEquals(60, s.percent());
        assertEquals(66, new Scoring.Score(2, 1, 0, 0, 0, 0).percent(), "rounded down, never up");
        assertEquals(-1, new Scoring.Score(0, 0, 0, 0, 0, 3).percent(), "nothing to score");
    }

    @Test
    void figuresFromAScanWithUnknowns() {
        // three automated hypervisor host checks: one PASS, one ERROR, one not run; plus a waived FAIL
        List<Check> hv = FULL.checks().stream().filter(c -> c.domain() == Domain.HYPERVISOR && c.mode() == Mode.AUTOMATED
                && c.scope().equals("host")).limit(4).toList();
        Catalog cat = new Catalog(hv, FULL.probes());
        ScanRun run = new ScanRun(1, NOW, NOW, "complete", "v", null);
        List<Finding> findings = new ArrayList<>();
        findings.add(f(1, hv.get(0).id(), Status.PASS, Severity.HIGH));
        findings.add(f(2, hv.get(1).id(), Status.ERROR, Severity.CRITICAL));
        findings.add(f(3, hv.get(3).id(), Status.FAIL, Severity.MEDIUM));
        Waiver w = new Waiver(1, 1, "kvm01", null, hv.get(3).id(), "accepted", "CIO", NOW.plus(Duration.ofDays(20)), NOW, null);
        Scoring.Figures fig = OverviewViewModel.compute(cat, List.of(KVM01), run, findings, List.of(), List.of(w), NOW);
        Scoring.Score s = fig.score();
        assertEquals(1, s.passed());
        assertEquals(1, s.errors());
        assertEquals(1, s.open(), "the check without a result is open, not passed");
        assertEquals(1, s.failed(), "a waived FAIL still counts against the score");
        assertEquals(25, s.percent());
        assertEquals(1, fig.openBySeverity().get(Severity.CRITICAL), "the ERROR is open");
        assertEquals(0, fig.openBySeverity().get(Severity.MEDIUM), "the waived FAIL is not open");
        assertEquals(1, fig.waived());
        assertEquals(1, fig.waivedExpiringSoon());
        assertEquals(Domain.HYPERVISOR, fig.domains().get(0).domain());
        assertFalse(fig.needsHosts() || fig.needsScan());
    }

    @Test
    void aNewProjectNeedsHostsAndAScan() {
        Scoring.Figures fig = OverviewViewModel.compute(FULL, List.of(), null, List.of(), List.of(), List.of(), NOW);
        assertTrue(fig.needsHosts() && fig.needsScan());
        assertEquals(-1, fig.score().percent());
        Scoring.Figures one = OverviewViewModel.compute(FULL, List.of(KVM01), null, List.of(), List.of(), List.of(), NOW);
        assertFalse(one.needsHosts());
        assertTrue(one.needsScan());
        assertEquals(0, one.score().percent(), "before a scan nothing has passed: 0 %, not 100 %");
    }

    private static Finding f(long id, String check, Status st, Severity sev) {
        return new Finding(id, 1, 1, "kvm01", null, check, "v", Domain.HYPERVISOR, "t", sev, st, "", "", "", 0, null, NOW);
    }
}
