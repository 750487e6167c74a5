package org.virtharden.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;

/** FleetService on a real project file with two recorded runs (FleetProjects). */
class FleetServiceTest {

    private static FleetReport.HostVerdict verdict(FleetReport r, String check, String host) {
        return r.checks().stream().filter(c -> c.checkId().equals(check)).findFirst().orElseThrow().hosts().stream()
                .filter(h -> h.host().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void fleetFindingsAreStoredOncePerRunAndHost(@TempDir Path dir) throws Exception {
        Path file = FleetProjects.twoRuns(dir);
        try (Project p = Project.open(file)) {
            List<Finding> run1 = p.findings().list(new FindingQuery(1L, null, null, null, "fleet"));
            assertEquals(9 * 2, run1.size());
            Finding fl001 = run1.stream().filter(f -> f.checkId().equals("FL-001") && f.hostName().equals("kvm02")).findFirst()
                    .orElseThrow();
            assertEquals(Status.FAIL, fl001.status());
            assertTrue(fl001.reason().contains("VN-017 FAIL (PASS on kvm01)"), fl001.reason());
            assertTrue(fl001.evidenceId() != 0 && fl001.evidenceSha256() != null);
            // evaluating again does not duplicate them
            assertTrue(new FleetService(p, FleetProjects.CATALOG).evaluateAndStore(1).isEmpty());
            assertEquals(18, p.findings().list(new FindingQuery(1L, null, null, null, "fleet")).size());
        }
    }

    @Test
    void reportHasVerdictsMatrixAndSprawl(@TempDir Path dir) throws Exception {
        Path file = FleetProjects.twoRuns(dir);
        try (Project p = Project.open(file)) {
            FleetService fleet = new FleetService(p, FleetProjects.CATALOG);
            assertEquals(List.of("prod-a"), fleet.groups());
            FleetReport r = fleet.report(1, "prod-a", false);
            assertEquals(Status.FAIL, verdict(r, "FL-001", "kvm02").status());
            assertEquals(Status.PASS, verdict(r, "FL-001", "kvm01").status());
            assertEquals(Status.FAIL, verdict(r, "FL-004", "kvm02").status());
            assertTrue(verdict(r, "FL-004", "kvm02").reason().contains("rogue01"));
            // drift: only the differing control, with the differing cell marked
            DriftMatrix m = r.matrices().get(0);
            assertEquals(List.of("kvm01", "kvm02"), m.hosts());
            assertEquals(List.of("VN-017"), m.rows().stream().map(DriftMatrix.Row::checkId).toList());
            DriftMatrix.Row row = m.rows().get(0);
            assertEquals("split 1/2", row.majority());
            assertTrue(row.cells().get(1).differs());
            assertEquals("permitrootlogin yes", row.cells().get(1).value());
            FleetReport all = fleet.report(1, "prod-a", true);
            assertEquals(3, all.matrices().get(0).rows().size());
            assertFalse(all.matrices().get(0).rows().stream().filter(x -> x.checkId().equals("HV-007")).findFirst().orElseThrow()
                    .differs());
            assertEquals("PASS 2/2", all.matrices().get(0).rows().stream().filter(x -> x.checkId().equals("HV-007")).findFirst()
                    .orElseThrow().majority());
            // sprawl
            Sprawl s = r.sprawl();
            assertTrue(s.inventoryPresent());
            assertEquals(List.of("rogue01"), s.rows().stream().filter(x -> x.kind() == Sprawl.Kind.UNAPPROVED)
                    .map(Sprawl.Row::guest).sorted().toList());
            assertEquals("app99", s.rows().stream().filter(x -> x.kind() == Sprawl.Kind.MISSING).findFirst().orElseThrow().guest());
            Sprawl.Row mix = s.rows().stream().filter(x -> x.kind() == Sprawl.Kind.ZONE_MIX).findFirst().orElseThrow();
            assertEquals(List.of("kvm02"), mix.hosts());
            assertEquals("db + dmz", mix.zone());
            // a group filter that matches no host gives an empty report, not an error
            assertTrue(fleet.report(1, "other", false).matrices().isEmpty());
        }
    }

    @Test
    void diffSortsTheRetestInReadingOrder(@TempDir Path dir) throws Exception {
        Path file = FleetProjects.twoRuns(dir);
        try (Project p = Project.open(file)) {
            RunDiff d = new FleetService(p, FleetProjects.CATALOG).diff(1, 2);
            RunDiff.Row vn017 = d.rows().stream().filter(r -> r.host().equals("kvm02") && r.checkId().equals("VN-017"))
                    .findFirst().orElseThrow();
            assertEquals(RunDiff.Category.FIXED, vn017.category());
            RunDiff.Row hv010 = d.rows().stream().filter(r -> r.host().equals("kvm01") && r.checkId().equals("HV-010"))
                    .findFirst().orElseThrow();
            assertEquals(RunDiff.Category.REGRESSED, hv010.category());
            assertEquals(Status.PASS, hv010.before());
            assertEquals(Status.FAIL, hv010.after());
            assertEquals(RunDiff.Category.STILL_FAILING, d.rows().stream()
                    .filter(r -> r.host().equals("kvm02") && r.checkId().equals("FL-004")).findFirst().orElseThrow().category());
            // HV-007 passes in both runs; its evidence says something else each run (the run id is in the output)
            RunDiff.Row hv007 = d.rows().stream().filter(r -> r.host().equals("kvm01") && r.checkId().equals("HV-007"))
                    .findFirst().orElseThrow();
            assertEquals(RunDiff.Category.CHANGED_EVIDENCE, hv007.category());
            assertTrue(hv007.evidenceChanged());
            List<RunDiff.Category> order = d.rows().stream().map(RunDiff.Row::category).toList();
            for (int i = 1; i < order.size(); i++) {
                assertTrue(order.get(i - 1).ordinal() <= order.get(i).ordinal(), order.toString());
            }
            assertEquals(RunDiff.Category.REGRESSED, order.get(0));
        }
    }

    @Test
    void categoriesFollowTheRetestRules() {
        assertEquals(RunDiff.Category.NEW_FAILURE, FleetService.category(null, Status.FAIL, false));
        assertEquals(RunDiff.Category.UNCHANGED, FleetService.category(null, Status.PASS, false));
        assertEquals(RunDiff.Category.NOT_RETESTED, FleetService.category(Status.FAIL, null, false));
        assertEquals(RunDiff.Category.NOT_RETESTED, FleetService.category(Status.FAIL, Status.ERROR, false));
        assertEquals(RunDiff.Category.NOT_RETESTED, FleetService.category(Status.PASS, Status.ERROR, false));
        assertEquals(RunDiff.Category.FIXED, FleetService.category(Status.WARN, Status.NOT_APPLICABLE, true));
        assertEquals(RunDiff.Category.STILL_FAILING, FleetService.category(Status.FAIL, Status.WARN, true));
        assertEquals(RunDiff.Category.REGRESSED, FleetService.category(Status.NOT_APPLICABLE, Status.WARN, false));
        assertEquals(RunDiff.Category.NEW_FAILURE, FleetService.category(Status.ERROR, Status.FAIL, false));
        assertEquals(RunDiff.Category.CHANGED_EVIDENCE, FleetService.category(Status.PASS, Status.PASS, true));
        assertEquals(RunDiff.Category.UNCHANGED, FleetService.category(Status.PASS, Status.PASS, false));
        assertEquals("", FleetService.shortValue(null));
        assertEquals(28, FleetService.shortValue("x".repeat(40)).length());
        assertTrue(FleetService.shortValue("x".repeat(40)).endsWith("…"));
    }
}
