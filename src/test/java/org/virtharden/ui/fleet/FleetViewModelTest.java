package org.virtharden.ui.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.FleetProjects;
import org.virtharden.fleet.RunDiff;
import org.virtharden.fleet.Sprawl;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.Project;

/** The Fleet screen's state without a scene: load from a real project file, apply, and the operator's choices. */
class FleetViewModelTest {

    @Test
    void showsDifferencesSprawlAndTheLatestRetest(@TempDir Path dir) throws Exception {
        Path file = FleetProjects.twoRuns(dir);
        FleetViewModel vm = new FleetViewModel(null, FleetProjects.CATALOG);
        try (Project p = Project.open(file)) {
            vm.apply(FleetViewModel.load(p, FleetProjects.CATALOG, 0, 0));
        }
        assertEquals("", vm.messageProperty().get());
        assertEquals(List.of("prod-a"), vm.groups());
        assertEquals("prod-a", vm.groupProperty().get());
        assertEquals(List.of("kvm01", "kvm02"), vm.driftHosts());
        // latest run (2): HV-010 differs (kvm01 regressed); differences only by default
        assertTrue(vm.onlyDifferencesProperty().get());
        assertEquals(List.of("HV-010"), vm.driftRows().stream().map(DriftMatrix.Row::checkId).toList());
        assertTrue(vm.driftSummaryProperty().get().contains("1 of 3 controls differ"), vm.driftSummaryProperty().get());
        vm.onlyDifferencesProperty().set(false);
        assertEquals(3, vm.driftRows().size());
        vm.onlyDifferencesProperty().set(true);
        assertEquals(1, vm.driftRows().size());

        assertTrue(vm.sprawlRows().stream().anyMatch(r -> r.kind() == Sprawl.Kind.UNAPPROVED && r.guest().equals("rogue01")));
        assertTrue(vm.sprawlRows().stream().anyMatch(r -> r.kind() == Sprawl.Kind.MISSING && r.guest().equals("app99")));
        assertTrue(vm.sprawlSummaryProperty().get().contains("unapproved 1 · missing 1"), vm.sprawlSummaryProperty().get());

        // the retest defaults to the two latest runs, unchanged rows left out
        assertEquals(1, vm.fromRunProperty().get().id());
        assertEquals(2, vm.toRunProperty().get().id());
        assertEquals(RunDiff.Category.REGRESSED, vm.diffRows().get(0).category());
        assertTrue(vm.diffRows().stream().noneMatch(r -> r.category() == RunDiff.Category.UNCHANGED));
        assertTrue(vm.diffRows().stream().anyMatch(r -> r.category() == RunDiff.Category.FIXED && r.checkId().equals("VN-017")));
        assertTrue(vm.diffSummaryProperty().get().startsWith("Run #1 → run #2: Regressed "), vm.diffSummaryProperty().get());

        // the other direction: what was fixed now reads as regressed
        try (Project p = Project.open(file)) {
            vm.apply(FleetViewModel.load(p, FleetProjects.CATALOG, 2, 1));
        }
        assertTrue(vm.diffRows().stream().anyMatch(r -> r.category() == RunDiff.Category.REGRESSED && r.checkId().equals("VN-017")));
    }

    @Test
    void emptyProjectSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        FleetViewModel vm = new FleetViewModel(null, FleetProjects.CATALOG);
        try (Project p = Project.create(dir.resolve("e.vhproj"), new ProjectInfo("ACME", "", "", Instant.now()))) {
            vm.apply(FleetViewModel.load(p, FleetProjects.CATALOG, 0, 0));
        }
        assertTrue(vm.messageProperty().get().startsWith("No scan yet"), vm.messageProperty().get());
        assertTrue(vm.driftRows().isEmpty());
        assertNull(vm.groupProperty().get());
        assertTrue(vm.diffSummaryProperty().get().startsWith("Needs a second run"), vm.diffSummaryProperty().get());
        assertFalse(vm.sprawlSummaryProperty().get().contains("null"));
    }
}
