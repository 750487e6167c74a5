package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.project.ProjectException.Kind;

class FindingRepositoryTest {

    @TempDir
    Path dir;
    Project project;
    FindingRepository findings;
    HostConfig host;
    long run;

    @BeforeEach
    void open() throws ProjectException {
        project = Project.create(dir.resolve("f.vhproj"), TestData.info());
        findings = project.findings();
        host = project.hosts().add(TestData.host("kvm01"));
        run = project.runs().start("2026.11").id();
    }

    @AfterEach
    void close() {
        project.close();
    }

    private List<Finding> all() {
        return findings.list(new FindingQuery(run, null, null, null, null));
    }

    @Test
    void evidenceIsStoredExactlyAsGiven() {
        String json = "{\"commands\":[{\"cmd\":\"sshd -T\",\"stdout\":\"permitrootlogin no\\n\",\"exit\":0}],"
                + "\"note\":\"tab\\t ünï 🚀 \\u0000 <b> $(x)\"}\n  ";
        String sha = "ABCDEF" + "0".repeat(58); // stored as given, not recomputed or normalised
        Evidence ev = new Evidence(0, run, host.id(), "guest-1", "sshd-effective-config", json, sha,
                Instant.parse("2026-11-20T10:00:00.123Z"), 1234);
        long id = findings.recordProbe(ev, List.of());
        Evidence back = findings.evidence(id).orElseThrow();
        assertEquals(new Evidence(id, run, host.id(), "guest-1", "sshd-effective-config", json, sha,
                Instant.parse("2026-11-20T10:00:00.123Z"), 1234), back);
        assertTrue(findings.evidence(id + 1).isEmpty());
    }

    @Test
    void recordProbeLinksFindingsToTheirEvidence() {
        Evidence ev = TestData.evidence(run, host.id(), null, "sysctl", "{\"a\":1}");
        long id = findings.recordProbe(ev, TestData.findings(run, host.id(), null, "VH", 3));
        List<Finding> stored = all();
        assertEquals(3, stored.size());
        for (Finding f : stored) {
            assertEquals(id, f.evidenceId());
            assertEquals(ev.sha256(), f.evidenceSha256());
            assertEquals("kvm01", f.hostName());
            assertTrue(f.id() > 0);
            assertTrue(f.recorded() != null);
        }
        Finding first = stored.get(0);
        assertEquals(new Finding(first.id(), run, host.id(), "kvm01", null, "VH-000", "2026.11", Domain.HYPERVISOR,
                "Title VH-000", Severity.HIGH, Status.PASS, "observed VH-000", "expected VH-000", "reason VH-000", id,
                ev.sha256(), first.recorded()), first);
        assertEquals(3, findings.count(run));
    }

    @Test
    void findingsWithoutEvidence() {
        Instant at = Instant.parse("2026-11-20T11:00:00.500Z");
        Finding f = new Finding(0, run, host.id(), null, null, "VH-100", "2026.11", Domain.NETWORK, "Unreachable",
                Severity.INFO, Status.ERROR, null, null, "Connection refused", 0, null, at);
        findings.add(List.of(f));
        findings.add(List.of());
        Finding back = all().get(0);
        assertEquals(0, back.evidenceId());
        assertNull(back.evidenceSha256());
        assertEquals(at, back.recorded());
        assertEquals(Status.ERROR, back.status());
        assertNull(back.observed());
    }

    @Test
    void addMayPointAtExistingEvidence() {
        long ev = findings.recordProbe(TestData.evidence(run, host.id(), null, "p", "{}"), List.of());
        Finding f = TestData.finding(run, host.id(), null, "VH-1", Status.FAIL);
        findings.add(List.of(new Finding(0, run, host.id(), null, null, f.checkId(), f.catalogVersion(), f.domain(),
                f.title(), f.severity(), f.status(), null, null, null, ev, null, null)));
        assertEquals(ev, all().get(0).evidenceId());
        UncheckedProjectException e = assertThrows(UncheckedProjectException.class, () -> findings.add(List.of(
                new Finding(0, run, host.id(), null, null, "VH-2", "1", Domain.DR, "t", Severity.LOW, Status.PASS,
                        null, null, null, ev + 100, null, null))));
        assertEquals(Kind.INVALID, e.kind());
    }

    @Test
    void unknownRunOrMismatchedFindingsAreRefused() {
        Evidence bad = new Evidence(0, 999, host.id(), null, "p", "{}", "x", null, 0);
        UncheckedProjectException e = assertThrows(UncheckedProjectException.class,
                () -> findings.recordProbe(bad, TestData.findings(999, host.id(), null, "VH", 2)));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("saving the results of probe p"), e.getMessage());
        Evidence ev = TestData.evidence(run, host.id(), null, "p", "{}");
        assertThrows(IllegalArgumentException.class,
                () -> findings.recordProbe(ev, TestData.findings(run + 1, host.id(), null, "X", 1)));
        assertThrows(IllegalArgumentException.class,
                () -> findings.recordProbe(ev, TestData.findings(run, host.id() + 1, null, "X", 1)));
        assertEquals(0, findings.count(run));
        assertTrue(findings.evidence(1).isEmpty());
    }

    @Test
    void aFindingThatFailsRollsBackTheWholeProbeIncludingItsEvidence() throws Exception {
        Path file = project.file();
        project.close();
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER boom BEFORE INSERT ON findings WHEN NEW.check_id = 'BOOM'"
                    + " BEGIN SELECT RAISE(ABORT, 'boom'); END");
        }
        project = Project.open(file);
        findings = project.findings();
        Evidence ev = TestData.evidence(run, host.id(), null, "p", "{}");
        List<Finding> batch = new ArrayList<>(TestData.findings(run, host.id(), null, "VH", 3));
        batch.add(TestData.finding(run, host.id(), null, "BOOM", Status.FAIL));
        UncheckedProjectException e = assertThrows(UncheckedProjectException.class,
                () -> findings.recordProbe(ev, batch));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertEquals(0, findings.count(run));
        assertTrue(findings.evidence(1).isEmpty(), "the evidence of the failed probe was rolled back too");
        long id = findings.recordProbe(ev, batch.subList(0, 3));
        assertEquals(3, findings.count(run));
        assertEquals(3, findings.list(null).stream().filter(f -> f.evidenceId() == id).count());
    }

    @Test
    void missingRequiredValuesAreRefused() {
        Evidence ev = TestData.evidence(run, host.id(), null, "p", "{}");
        assertThrows(IllegalArgumentException.class,
                () -> findings.recordProbe(new Evidence(0, run, host.id(), null, " ", "{}", "x", null, 0), List.of()));
        assertThrows(NullPointerException.class,
                () -> findings.recordProbe(new Evidence(0, run, host.id(), null, "p", null, "x", null, 0), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> findings.recordProbe(new Evidence(0, run, host.id(), null, "p", "{}", "x", null, -1), List.of()));
        Finding noStatus = new Finding(0, run, host.id(), null, null, "VH-1", "1", Domain.DR, "t", Severity.LOW, null,
                null, null, null, 0, null, null);
        assertThrows(NullPointerException.class, () -> findings.recordProbe(ev, List.of(noStatus)));
        assertEquals(0, findings.count(run));
    }

    @Test
    void listFiltersAndOrdersByHostGuestCheck() throws Exception {
        HostConfig other = project.hosts().add(TestData.host("alpha"));
        long run2 = project.runs().start("2026.11").id();
        findings.add(List.of(
                TestData.finding(run, host.id(), "vm-b", "VH-002", Status.FAIL),
                TestData.finding(run, host.id(), null, "VH-003", Status.PASS),
                TestData.finding(run, host.id(), "vm-a", "VH-001", Status.WARN),
                TestData.finding(run, host.id(), null, "VH-001", Status.FAIL),
                TestData.finding(run, other.id(), null, "VH-009", Status.NOT_APPLICABLE),
                TestData.finding(run2, host.id(), null, "VH-001", Status.FAIL)));
        List<String> order = all().stream()
                .map(f -> f.hostName() + "/" + f.guest() + "/" + f.checkId()).toList();
        assertEquals(List.of("alpha/null/VH-009", "kvm01/null/VH-001", "kvm01/null/VH-003", "kvm01/vm-a/VH-001",
                "kvm01/vm-b/VH-002"), order);

        assertEquals(3, findings.list(new FindingQuery(null, Status.FAIL, null, null, null)).size());
        assertEquals(2, findings.list(new FindingQuery(run, Status.FAIL, null, null, null)).size());
        assertEquals(1, findings.list(new FindingQuery(run, Status.NOT_APPLICABLE, null, null, null)).size());
        assertEquals(4, findings.list(new FindingQuery(run, null, "KVM01", null, null)).size());
        assertEquals(2, findings.list(new FindingQuery(run, null, null, "VH-001", null)).size());
        assertEquals(5, findings.list(new FindingQuery(run, null, null, null, "Hypervisor")).size());
        assertEquals(0, findings.list(new FindingQuery(run, null, null, null, "network")).size());
        assertEquals(1, findings.list(new FindingQuery(run, Status.WARN, "kvm01", "VH-001", "hypervisor")).size());
        assertEquals(6, findings.list(null).size());
        assertEquals(5, findings.count(run));
        assertEquals(1, findings.count(run2));
    }

    @Test
    void hostileStringsAreStoredVerbatim() {
        List<String> hostile = List.of("it's \"quoted\"", "$(rm -rf /) `reboot` ${IFS}", "<b>bold</b><script>x</script>",
                "Ærøskøbing — ünïcödé — 日本語", "emoji 🚀🔥👩‍💻", "back\\slash\ttab\nnewline\r\n", "'; DROP TABLE findings; --",
                "%s %n {0} \u202Eright-to-left");
        List<Finding> batch = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            String s = hostile.get(i);
            batch.add(new Finding(0, run, host.id(), null, s, String.format("H-%02d", i), s, Domain.GUEST, s,
                    Severity.CRITICAL, Status.FAIL, s, s, s, 0, null, null));
        }
        String json = "{\"x\":\"" + String.join("|", hostile).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        long ev = findings.recordProbe(new Evidence(0, run, host.id(), hostile.get(4), hostile.get(1), json,
                TestData.sha256(json), null, 0), batch);
        Evidence back = findings.evidence(ev).orElseThrow();
        assertEquals(json, back.outputsJson());
        assertEquals(hostile.get(1), back.probe());
        assertEquals(hostile.get(4), back.guest());
        Map<String, Finding> byCheck = all().stream().collect(Collectors.toMap(Finding::checkId, f -> f));
        for (int i = 0; i < hostile.size(); i++) {
            Finding f = byCheck.get(String.format("H-%02d", i));
            String s = hostile.get(i);
            assertEquals(List.of(s, s, s, s, s, s), List.of(f.guest(), f.catalogVersion(), f.title(), f.observed(),
                    f.expected(), f.reason()), "hostile string " + i);
        }
    }

    @Test
    void concurrentRecordProbeFromEightThreads() throws Exception {
        int threads = 8;
        int probesPerThread = 50;
        int findingsPerProbe = 4; // 8 x 200 findings
        List<HostConfig> hosts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            hosts.add(project.hosts().add(TestData.host("host-" + t)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Set<Long>>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HostConfig h = hosts.get(t);
                writers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    Set<Long> ids = new HashSet<>();
                    for (int p = 0; p < probesPerThread; p++) {
                        Evidence ev = TestData.evidence(run, h.id(), null, "probe-" + p, "{\"p\":" + p + "}");
                        ids.add(findings.recordProbe(ev,
                                TestData.findings(run, h.id(), null, "P" + p, findingsPerProbe)));
                    }
                    return ids;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                int reads = 0;
                while (writing.get()) {
                    int n = findings.count(run);
                    assertEquals(0, n % findingsPerProbe, "a reader never sees half a probe");
                    findings.list(new FindingQuery(run, Status.PASS, "host-3", null, null));
                    reads++;
                }
                return reads;
            });
            Set<Long> evidenceIds = new HashSet<>();
            for (Future<Set<Long>> w : writers) {
                evidenceIds.addAll(w.get(60, TimeUnit.SECONDS));
            }
            writing.set(false);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
            assertEquals(threads * probesPerThread, evidenceIds.size(), "every evidence id distinct");
        } finally {
            writing.set(false);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(threads * probesPerThread * findingsPerProbe, findings.count(run));
        for (HostConfig h : hosts) {
            List<Finding> mine = findings.list(new FindingQuery(run, null, h.name(), null, null));
            assertEquals(probesPerThread * findingsPerProbe, mine.size());
            Map<Long, Long> perEvidence = mine.stream()
                    .collect(Collectors.groupingBy(Finding::evidenceId, Collectors.counting()));
            assertEquals(probesPerThread, perEvidence.size());
            perEvidence.values().forEach(n -> assertEquals(findingsPerProbe, n));
            for (long evId : perEvidence.keySet()) {
                assertEquals(h.id(), findings.evidence(evId).orElseThrow().hostId());
            }
        }
    }

    @Test
    void throughputOfTenThousandFindingsInBatchesOfTwenty() throws ProjectException {
        int total = 10_000;
        int batch = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < total / batch; i++) {
            String json = "{\"probe\":" + i + ",\"stdout\":\"" + "x".repeat(200) + "\"}";
            findings.recordProbe(TestData.evidence(run, host.id(), null, "probe-" + i, json),
                    TestData.findings(run, host.id(), null, "B" + i, batch));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(total, findings.count(run));
        System.out.printf("[virtharden.project] recordProbe: %d findings in %d transactions of %d took %d ms"
                + " (%.0f findings/s)%n", total, total / batch, batch, millis, total * 1000.0 / Math.max(1, millis));
        long l0 = System.nanoTime();
        assertEquals(total, findings.list(new FindingQuery(run, null, null, null, null)).size());
        System.out.printf("[virtharden.project] list of %d findings took %d ms%n", total,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - l0));
        Path file = project.file();
        project.close();
        long o0 = System.nanoTime();
        project = Project.open(file); // includes the read-only integrity check
        System.out.printf("[virtharden.project] reopening the %d KiB file took %d ms%n", file.toFile().length() / 1024,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - o0));
        assertEquals(total, project.findings().count(run));
    }
}
