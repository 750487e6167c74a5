package org.virtharden.ui.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.ui.assessment.StepViewModel.Bucket;
import org.virtharden.ui.assessment.StepViewModel.Grouping;
import org.virtharden.ui.assessment.StepViewModel.Kind;
import org.virtharden.ui.assessment.StepViewModel.Row;

/** Grouping, roll-ups, filters and selection of one assessment step, without a scene. */
class StepViewModelTest {
    private static Check check(String id, Domain d, Mode mode, String scope, Severity sev) {
        return new Check(id, d, mode, "title of " + id, sev, scope, mode == Mode.MANUAL ? null : "probe", null, null, null,
                null, "why", "fix", Map.of(), List.of(), mode == Mode.AUTOMATED ? null : "is it so?",
                mode == Mode.AUTOMATED ? null : List.of("photo"), "test");
    }

    private static final Catalog CATALOG = new Catalog(List.of(
            check("HV-007", Domain.HYPERVISOR, Mode.AUTOMATED, "host", Severity.HIGH),
            check("HV-012", Domain.HYPERVISOR, Mode.AUTOMATED, "host", Severity.LOW),
            check("HV-030", Domain.HYPERVISOR, Mode.MANUAL, "host", Severity.MEDIUM),
            check("GU-001", Domain.GUEST, Mode.AUTOMATED, "guest", Severity.HIGH),
            check("GU-022", Domain.GUEST, Mode.MANUAL, "guest", Severity.MEDIUM)), Map.of());

    private static final List<HostConfig> HOSTS = List.of(host(1, "kvm01"), host(2, "kvm02"), host(3, "kvm03"));

    private static HostConfig host(long id, String name) {
        return new HostConfig(id, name, "10.0.0." + id, 22, "audit", null, null, "nopasswd", null, null, null, null);
    }

    private static Finding finding(String host, String guest, String check, Status s) {
        Domain d = check.startsWith("GU") ? Domain.GUEST : Domain.HYPERVISOR;
        return new Finding(0, 1, 1, host, guest, check, "v", d, "title of " + check, Severity.HIGH, s, "observed", "expected",
                "reason", 0, null, Instant.now());
    }

    private static Answer answer(String host, String guest, String check, Status s, String note) {
        return new Answer(1, 1, host, guest, check, s, note, "J. Doe", Instant.now(), List.of());
    }

    private static List<Finding> hvFindings() {
        return List.of(finding("kvm01", null, "HV-007", Status.FAIL), finding("kvm02", null, "HV-007", Status.FAIL),
                finding("kvm03", null, "HV-007", Status.PASS), finding("kvm01", null, "HV-012", Status.ERROR),
                finding("kvm02", null, "HV-012", Status.PASS), finding("kvm03", null, "HV-012", Status.WARN));
    }

    private static Row find(List<Row> rows, String key) {
        for (Row r : rows) {
            if (r.key().equals(key)) {
                return r;
            }
            Row c = find(r.children(), key);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @Test
    void groupsByStatusInOrderWithPerCheckRollUps() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.HYPERVISOR);
        assertEquals(Grouping.STATUS, vm.groupingProperty().get());
        vm.refresh(HOSTS, hvFindings(), List.of(answer("kvm01", null, "HV-030", Status.NOT_APPLICABLE, "no racks here")));
        List<Row> groups = vm.rows();
        assertEquals(List.of(Bucket.FAIL, Bucket.ERROR, Bucket.WARN, Bucket.OPEN, Bucket.PASS, Bucket.NA),
                groups.stream().map(Row::bucket).toList());
        Row fail = groups.get(0);
        assertEquals("✕ FAIL 2", fail.text());
        Row hv7 = fail.children().get(0);
        assertEquals(Kind.CHECK, hv7.kind());
        assertEquals("✕ 2 of 3 hosts", hv7.detail());
        assertEquals(List.of("kvm01", "kvm02"), hv7.children().stream().map(Row::text).toList());
        assertTrue(groups.get(1).text().startsWith("⚡ ERROR 1"), groups.get(1).text());
        Row open = groups.get(3);
        assertEquals("○ TO ANSWER 2", open.text());
        assertEquals("○ 2 of 3 hosts", open.children().get(0).detail());
        assertEquals("— N/A 1", groups.get(5).text());
        assertEquals(Map.of(Bucket.FAIL, 2, Bucket.ERROR, 1, Bucket.WARN, 1, Bucket.OPEN, 2, Bucket.PASS, 2, Bucket.NA, 1),
                vm.countsProperty().get());
        var p = vm.progressProperty().get();
        assertEquals(3, p.operatorItems());
        assertEquals(1, p.answered());
        assertTrue(vm.progressText().startsWith("Answered 1/3 operator items · 2 open"), vm.progressText());
        assertTrue(vm.progressText().contains("✕ fail 2") && vm.progressText().contains("✓ pass 2"), vm.progressText());
    }

    @Test
    void beforeAScanAutomatedChecksAreNotRunNeverPass() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.HYPERVISOR);
        vm.refresh(HOSTS, List.of(), List.of());
        assertEquals(List.of(Bucket.OPEN, Bucket.NOT_RUN), vm.rows().stream().map(Row::bucket).toList());
        assertEquals("· NOT RUN 6", vm.rows().get(1).text());
        assertEquals(0, vm.newResultsProperty().get());
        // the scan's results arrive: six new results, counted for the "new results" pill
        vm.refresh(HOSTS, hvFindings(), List.of());
        assertEquals(6, vm.newResultsProperty().get());
    }

    @Test
    void guestsAreGroupedHostThenVmThenCheck() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.GUEST);
        assertEquals(Grouping.HOST, vm.groupingProperty().get());
        String hostile = "web'$(touch x)`id`;<b>x ü";
        vm.refresh(HOSTS.subList(0, 2), List.of(finding("kvm01", hostile, "GU-001", Status.FAIL),
                finding("kvm01", "db-01", "GU-001", Status.PASS), finding("kvm02", "app", "GU-001", Status.PASS)),
                List.of(answer("kvm01", "db-01", "GU-022", Status.PASS, null)));
        List<Row> hosts = vm.rows();
        assertEquals(List.of("kvm01", "kvm02"), hosts.stream().map(Row::text).toList());
        Row kvm01 = hosts.get(0);
        assertEquals(Kind.HOST, kvm01.kind());
        assertEquals("2 VMs · ✕1 ○1 ✓2", kvm01.detail());
        assertEquals(List.of("db-01", hostile), kvm01.children().stream().map(Row::text).toList());
        Row web = kvm01.children().get(1);
        assertEquals(Kind.GUEST, web.kind());
        assertEquals(Bucket.FAIL, web.bucket());
        assertEquals(List.of("GU-001  title of GU-001", "GU-022  title of GU-022"), web.children().stream().map(Row::text).toList());
        assertEquals(hostile, web.children().get(1).item().guest());

        vm.groupingProperty().set(Grouping.STATUS);
        Row failGroup = vm.rows().get(0);
        assertEquals("✕ 1 of 3 guests", failGroup.children().get(0).detail());
        assertEquals(hostile + " on kvm01", failGroup.children().get(0).children().get(0).text());
    }

    @Test
    void filtersByStatusHostSeverityAndText() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.HYPERVISOR);
        vm.refresh(HOSTS, hvFindings(), List.of());
        vm.toggleStatus(Bucket.FAIL);
        assertEquals("status:fail", vm.queryProperty().get());
        assertEquals(Bucket.FAIL, vm.statusFilter().orElseThrow());
        assertEquals(2, vm.visibleCount());
        assertEquals(List.of(Bucket.FAIL), vm.rows().stream().map(Row::bucket).toList());
        vm.queryProperty().set("status:fail host:kvm02");
        assertEquals(1, vm.visibleCount());
        vm.toggleStatus(Bucket.WARN);
        assertEquals("status:warn host:kvm02", vm.queryProperty().get());
        assertEquals(0, vm.visibleCount());
        vm.toggleStatus(Bucket.WARN);
        assertEquals("host:kvm02", vm.queryProperty().get());
        assertEquals(3, vm.visibleCount());
        vm.queryProperty().set("host:kvm0* sev:high");
        assertEquals(3, vm.visibleCount());
        vm.queryProperty().set("status:fail,error");
        assertEquals(3, vm.visibleCount());
        vm.queryProperty().set("TITLE OF hv-012");
        assertEquals(3, vm.visibleCount());
        vm.queryProperty().set("mode:manual");
        assertEquals(3, vm.visibleCount());
        vm.queryProperty().set("");
        assertEquals(9, vm.visibleCount());
    }

    @Test
    void selectionIsKeptByKeyAcrossRefreshes() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.HYPERVISOR);
        vm.refresh(HOSTS, hvFindings(), List.of());
        String key = StepViewModel.key("kvm02", null, "HV-030");
        assertNotNull(find(vm.rows(), key));
        vm.selectedKeyProperty().set(key);
        assertEquals(Bucket.OPEN, Bucket.of(vm.selectedItem().orElseThrow()));

        // the answer arrives: the item moves to the PASS group, and stays selected under the same key
        List<Finding> more = new ArrayList<>(hvFindings());
        vm.refresh(HOSTS, more, List.of(answer("KVM02", null, "HV-030", Status.PASS, null)));
        assertEquals(key, vm.selectedKeyProperty().get());
        assertEquals(Bucket.PASS, Bucket.of(vm.selectedItem().orElseThrow()));
        Row moved = find(vm.rows(), key);
        assertNotNull(moved);
        assertEquals(Bucket.PASS, moved.bucket());
        assertEquals(1, vm.newResultsProperty().get(), "the answer counts as one new result");
        vm.acknowledgeNewResults();
        assertEquals(0, vm.newResultsProperty().get());
        // and the next open item is another host's
        assertEquals(StepViewModel.key("kvm01", null, "HV-030"), vm.nextOpen(key).orElseThrow());
    }

    @Test
    void failAndNotApplicableNeedANote() {
        assertNotNull(StepViewModel.answerProblem(null, "x"));
        assertNull(StepViewModel.answerProblem(Status.PASS, ""));
        assertTrue(StepViewModel.answerProblem(Status.FAIL, "  ").contains("required for Fail"));
        assertTrue(StepViewModel.answerProblem(Status.NOT_APPLICABLE, null).contains("required for N/A"));
        assertNull(StepViewModel.answerProblem(Status.FAIL, "shared admin password"));
    }

    @Test
    void guestRowsCarryTheInventoryBadge() {
        StepViewModel vm = new StepViewModel(CATALOG, Domain.GUEST);
        vm.groupingProperty().set(Grouping.HOST);
        List<HostConfig> hosts = List.of(new HostConfig(1, "kvm01", "10.0.0.1", 22, "audit", null, null, "nopasswd", null, null,
                null, "prod-a"));
        vm.refresh(hosts, List.of(finding("kvm01", "web01", "GU-001", Status.PASS), finding("kvm01", "db01", "GU-001",
                Status.PASS), finding("kvm01", "rogue", "GU-001", Status.FAIL)), List.of());
        Row web = find(vm.rows(), "v:kvm01\u0000web01");
        assertNotNull(web);
        assertTrue(!web.detail().contains("approved") && !web.detail().contains("unknown"), "no inventory, no badge: " + web.detail());
        vm.setInventory(org.virtharden.catalog.GuestInventory.parse("name,uuid,owner,zone,host_group\n"
                + "web01,,web team,dmz,prod-a\ndb01,,dba,internal,prod-b\n"));
        assertTrue(find(vm.rows(), "v:kvm01\u0000web01").detail().startsWith("✓ approved · "));
        assertTrue(find(vm.rows(), "v:kvm01\u0000db01").detail().startsWith("✕ unapproved (for prod-b)"));
        assertTrue(find(vm.rows(), "v:kvm01\u0000rogue").detail().startsWith("? unknown"));
        assertEquals("web01", find(vm.rows(), "v:kvm01\u0000web01").text(), "the name itself stays verbatim");
    }
}
