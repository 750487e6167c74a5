package org.virtharden.ui.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;

class FindingsViewModelTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static Finding f(long id, String host, String guest, String check, Domain d, Severity sev, Status st, String title, String observed) {
        return new Finding(id, 1, host.equals("kvm01") ? 1 : 2, host, guest, check, "v", d, title, sev, st, observed, "", "why#" + id,
                0, null, NOW);
    }

    private static List<Finding> sample() {
        return List.of(
                f(1, "kvm01", null, "HV-007", Domain.HYPERVISOR, Severity.HIGH, Status.FAIL, "KSM enabled", "run=1"),
                f(2, "kvm01", "web-01", "GU-005", Domain.GUEST, Severity.MEDIUM, Status.WARN, "VNC without password", "listen 0.0.0.0"),
                f(3, "kvm02", null, "HV-007", Domain.HYPERVISOR, Severity.HIGH, Status.PASS, "KSM enabled", "run=0"),
                f(4, "kvm02", null, "VN-017", Domain.NETWORK, Severity.CRITICAL, Status.ERROR, "SSH hardened", "sudo refused"),
                f(5, "KVM02", "db-01", "GU-020", Domain.GUEST, Severity.LOW, Status.FAIL, "Guest agent exposed", "channel present"));
    }

    private static Set<Long> ids(FindingsViewModel vm) {
        return vm.filtered().stream().map(r -> r.finding().id()).collect(Collectors.toSet());
    }

    @Test
    void eachFilterNarrowsWithoutRebuildingRows() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(sample());
        FindingRow first = vm.rows().get(0);
        assertEquals(5, vm.filtered().size());

        vm.statusProperty().set(Status.FAIL);
        assertEquals(Set.of(1L, 5L), ids(vm));
        vm.severityProperty().set(Severity.HIGH);
        assertEquals(Set.of(1L), ids(vm));
        vm.clearFilters();
        vm.domainProperty().set(Domain.GUEST);
        assertEquals(Set.of(2L, 5L), ids(vm));
        vm.clearFilters();
        vm.hostProperty().set("kvm02");
        assertEquals(Set.of(3L, 4L, 5L), ids(vm), "host names compare as the project does: case-insensitively");
        vm.guestProperty().set("db-01");
        assertEquals(Set.of(5L), ids(vm));
        vm.clearFilters();
        assertSame(first, vm.rows().get(0), "filtering never rebuilds rows");
        assertEquals(5, vm.filtered().size());
    }

    @Test
    void freeTextMatchesEveryWordAcrossHostGuestCheckTitleObservedAndReason() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(sample());
        vm.textProperty().set("ksm");
        assertEquals(Set.of(1L, 3L), ids(vm));
        vm.textProperty().set("  KSM   run=1 ");
        assertEquals(Set.of(1L), ids(vm));
        vm.textProperty().set("web-01");
        assertEquals(Set.of(2L), ids(vm), "guest");
        vm.textProperty().set("vn-017");
        assertEquals(Set.of(4L), ids(vm), "check id");
        vm.textProperty().set("sudo refused");
        assertEquals(Set.of(4L), ids(vm), "observed");
        vm.textProperty().set("WHY#5");
        assertEquals(Set.of(5L), ids(vm), "reason");
        vm.textProperty().set("nothing like this");
        assertTrue(vm.filtered().isEmpty());
        assertTrue(vm.summaryProperty().get().startsWith("0 of 5 results"), vm.summaryProperty().get());
    }

    @Test
    void frameworkFilterUsesTheCatalogMappings() {
        Frameworks.Framework pci = Frameworks.find("pci-dss-4", CATALOG).orElseThrow();
        Set<String> mapped = Frameworks.mapped(pci, CATALOG).stream().map(m -> m.check().id()).collect(Collectors.toSet());
        String in = mapped.iterator().next();
        String out = CATALOG.checks().stream().map(c -> c.id()).filter(id -> !mapped.contains(id)).findFirst().orElseThrow();
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(List.of(f(1, "kvm01", null, in, Domain.HYPERVISOR, Severity.HIGH, Status.FAIL, "a", ""),
                f(2, "kvm01", null, out, Domain.HYPERVISOR, Severity.HIGH, Status.FAIL, "b", "")));
        vm.frameworkProperty().set(pci);
        assertEquals(Set.of(1L), ids(vm));
    }

    @Test
    void aWaiverInForceShowsAsWaivedAndAnExpiredOneDoesNot() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(sample());
        Waiver soon = new Waiver(1, 1, "kvm01", null, "HV-007", "accepted", "CIO", NOW.plus(Duration.ofDays(10)), NOW, null);
        Waiver onPass = new Waiver(2, 2, "kvm02", null, "HV-007", "not needed", "CIO", NOW.plus(Duration.ofDays(100)), NOW, null);
        vm.setWaivers(List.of(soon, onPass), NOW);
        vm.statusProperty().set(Status.WAIVED);
        assertEquals(Set.of(1L), ids(vm), "a PASS is never shown as waived");
        FindingRow row = vm.filtered().get(0);
        assertTrue(row.expiringSoon(NOW));
        assertTrue(vm.summaryProperty().get().contains("3 open · 1 waived · 1 expiring soon"), vm.summaryProperty().get());
        vm.statusProperty().set(Status.FAIL);
        assertEquals(Set.of(5L), ids(vm), "the waived FAIL is no longer counted as FAIL");
        vm.setWaivers(List.of(soon), NOW.plus(Duration.ofDays(11)));
        assertEquals(Set.of(1L, 5L), ids(vm), "expired: the FAIL is back");
        assertEquals(null, row.waiver());
        assertFalse(row.expiringSoon(NOW));
        assertEquals(soon, row.lapsedWaiver(), "shown as expired, offered for renewal");
        assertEquals(FindingState.OPEN, row.state());
    }

    @Test
    void chipCountsAndStateFiltersCoverOpenWaivedFixedAndFalsePositives() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(sample());
        // open: 1 (FAIL high), 2 (WARN medium), 4 (ERROR critical), 5 (FAIL low); 3 is a PASS
        assertEquals(4, vm.count(FindingState.OPEN).get());
        assertEquals(1, vm.openCount(Severity.CRITICAL).get());
        assertEquals(1, vm.openCount(Severity.HIGH).get());
        assertEquals(1, vm.openCount(Severity.MEDIUM).get());
        assertEquals(1, vm.openCount(Severity.LOW).get());

        vm.setWaivers(List.of(new Waiver(1, 1, "kvm01", null, "HV-007", "accepted", "J. Doe", NOW.plus(Duration.ofDays(10)), NOW, null,
                "CIO", false, null)), NOW);
        vm.setFalsePositives(List.of(new FalsePositive(1, 2, "KVM02", "db-01", "GU-020", "synthetic", "J. Doe", NOW, null, null),
                new FalsePositive(2, 1, "kvm01", "web-01", "GU-005", "revoked one", "J. Doe", NOW, NOW, "A")));
        // host 2 failed HV-007 in an earlier run and passes now: fixed
        vm.setFailedBefore(Set.of(FindingsViewModel.targetKey(2, null, "HV-007")));
        assertEquals(2, vm.count(FindingState.OPEN).get(), "waived and false positive leave the open count");
        assertEquals(1, vm.count(FindingState.WAIVED).get());
        assertEquals(1, vm.count(FindingState.FALSE_POSITIVE).get());
        assertEquals(1, vm.count(FindingState.FIXED).get());
        assertEquals(1, vm.expiringCount().get());
        assertEquals(0, vm.openCount(Severity.HIGH).get());
        assertEquals(0, vm.openCount(Severity.LOW).get());
        assertEquals("5 results · 2 open · 1 waived · 1 expiring soon · 1 false positive · 1 fixed", vm.summaryProperty().get());

        vm.stateProperty().set(FindingState.OPEN);
        assertEquals(Set.of(2L, 4L), ids(vm), "the revoked false positive no longer hides 2");
        vm.stateProperty().set(FindingState.FALSE_POSITIVE);
        assertEquals(Set.of(5L), ids(vm));
        vm.stateProperty().set(FindingState.FIXED);
        assertEquals(Set.of(3L), ids(vm));
        vm.stateProperty().set(FindingState.WAIVED);
        assertEquals(Set.of(1L), ids(vm));
        vm.clearFilters();
        vm.statusProperty().set(Status.FAIL);
        assertEquals(Set.of(), ids(vm), "a false positive is not listed as a FAIL; the waived one is WAIVED");
        vm.statusProperty().set(null);
        vm.severityProperty().set(Severity.CRITICAL);
        vm.stateProperty().set(FindingState.OPEN);
        assertEquals(Set.of(4L), ids(vm), "chips combine");
        vm.clearFilters();
        assertEquals(null, vm.stateProperty().get());
        assertEquals(5, vm.filtered().size());
    }

    @Test
    void anAllHostsWaiverCoversTheCheckOnEveryHost() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(List.of(f(1, "kvm01", null, "HV-007", Domain.HYPERVISOR, Severity.HIGH, Status.FAIL, "a", ""),
                f(2, "kvm02", null, "HV-007", Domain.HYPERVISOR, Severity.HIGH, Status.WARN, "a", "")));
        vm.setWaivers(List.of(new Waiver(1, 0, Waiver.ALL_HOSTS, null, "HV-007", "fleet", "J. Doe", NOW.plus(Duration.ofDays(90)), NOW,
                null, "CIO", true, null)), NOW);
        assertEquals(2, vm.count(FindingState.WAIVED).get());
        assertEquals(0, vm.count(FindingState.OPEN).get());
    }

    @Test
    void defaultOrderPutsWhatNeedsAttentionFirst() {
        FindingsViewModel vm = new FindingsViewModel(CATALOG);
        vm.setFindings(sample());
        assertEquals(List.of(1L, 5L, 4L, 2L, 3L), vm.sorted().stream().map(r -> r.finding().id()).toList());
    }
}
