package org.virtharden.ui.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Frameworks;
import org.virtharden.report.PackOptions;
import org.virtharden.report.ReportService;
import org.virtharden.ui.session.ProjectSession;

/** The report screen's options and idle state, without a scene. */
class ReportViewModelTest {
    private final ProjectSession session = new ProjectSession(Executors.newSingleThreadExecutor(), new CatalogLoader().loadBuiltIn());
    private final ReportViewModel vm = new ReportViewModel(session, new ReportService(session.catalog()));

    @Test
    void optionsMapToThePackOptions() {
        PackOptions d = vm.options();
        assertNull(d.runId());
        assertNull(d.framework());
        assertEquals("a4", d.paper());
        assertFalse(d.finalPack(), "the screen makes drafts; final packs need written limitations (CLI)");

        assertEquals(Frameworks.known().size() + 1, vm.frameworks().size(), "all checks + each framework");
        vm.setFramework(vm.frameworks().stream().filter(f -> "pci-dss-4".equals(f.id())).findFirst().orElseThrow());
        vm.setPaper("letter");
        vm.setRun(new ReportViewModel.RunChoice(3L, "Run #3"));
        PackOptions o = vm.options();
        assertEquals("pci-dss-4", o.framework());
        assertEquals("letter", o.paper());
        assertEquals(3L, o.runId());
        vm.setRun(null);
        assertEquals(3L, vm.options().runId(), "a cleared choice box (list refreshed) keeps the run");
        vm.setRun(vm.runs().get(0));
        assertNull(vm.options().runId(), "the first choice is the latest run");

        assertNull(d.retestFrom(), "no retest section by default");
        assertEquals("None", vm.retestRuns().get(0).label());
        vm.setRetestFrom(new ReportViewModel.RunChoice(1L, "Run #1"));
        assertEquals(1L, vm.options().retestFrom());
        vm.setRetestFrom(null);
        assertNull(vm.options().retestFrom(), "a cleared choice means no retest");
    }

    @Test
    void idleUntilAsked() {
        assertFalse(vm.busyProperty().get());
        assertEquals(0, vm.pageCountProperty().get());
        assertTrue(vm.messageProperty().get().contains("Refresh preview"));
        assertTrue(vm.preflight().isEmpty());
        vm.cancel(); // nothing running: harmless
        vm.next(); // no preview yet: nothing to show
        assertEquals(0, vm.pageIndexProperty().get());
        assertThrows(UnsupportedOperationException.class, () -> vm.preflight().add(new org.virtharden.report.AuditPack.OpenItem(
                "k", "unanswered", "PH-001", "h", null, "t", null)), "read-only to the view");
    }

    @Test
    void aPreflightItemLeadsToItsChecklistItemOrToTheBoard() {
        java.util.List<String> went = new java.util.ArrayList<>();
        java.util.List<ProjectSession.Target> targets = new java.util.ArrayList<>();
        session.navigationProperty().addListener((o, a, id) -> {
            if (id != null) {
                went.add(id);
                targets.add(session.takeTarget());
            }
        });
        vm.open(new org.virtharden.report.AuditPack.OpenItem("GU-022@kvm01/web'$(x)", "unanswered", "GU-022", "kvm01",
                "web'$(x)", "Not answered", null));
        vm.open(new org.virtharden.report.AuditPack.OpenItem("waiver#3", "expired-waiver", "HV-007", "kvm02", null, "expired",
                null));
        assertEquals(java.util.List.of("step:guest", "findings"), went);
        assertEquals(new ProjectSession.Target("kvm01", "web'$(x)", "GU-022"), targets.get(0));
        assertNull(targets.get(1), "the board needs no selection target");
    }
}
