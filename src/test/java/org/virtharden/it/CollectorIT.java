package org.virtharden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.scan.Collector;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanSummary;
import org.virtharden.testhosts.ExecResult;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.testhosts.TestSettings;
import org.virtharden.transport.SudoMode;

/**
 * --sudo collector: sudoers allows only the generated collector script, and a scan through it gives the same
 * results as a scan with a broad sudo rule. A collector made for another timeout is refused, never misread.
 */
class CollectorIT {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    private static final String RULE = "auditor ALL=(root) NOPASSWD: " + SudoMode.COLLECTOR_PATH;
    private static TestHosts hosts;

    @BeforeAll
    static void start() {
        RealPeers.assume(TestHosts.namespacesAvailable(), "collector scans need root for network namespaces");
        String current = Collector.script(CATALOG, HostScanIT.TEST_LIBVIRT, 20, "CollectorIT");
        String stale = Collector.script(CATALOG, HostScanIT.TEST_LIBVIRT, 21, "CollectorIT");
        hosts = TestHosts.start(TestHostSpec.named("good").fromResources("hosts/good"),
                TestHostSpec.named("goodc").fromResources("hosts/good").standIn("virtharden-collect", current).sudoRule(RULE),
                TestHostSpec.named("stale").fromResources("hosts/good").standIn("virtharden-collect", stale).sudoRule(RULE));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static Project project(Path dir) throws Exception {
        Project p = HostScanIT.project(dir, hosts.get("good"));
        for (String n : List.of("goodc", "stale")) {
            HostConfig c = HostScanIT.config(hosts.get(n), "collector");
            p.hosts().add(new HostConfig(0, c.name(), c.address(), c.port(), c.user(), c.keyPath(), null, "collector", null,
                    c.knownHosts(), HostScanIT.TEST_LIBVIRT, null));
        }
        return p;
    }

    private static Map<String, Finding> hostFindings(Project p, long run, String host) {
        Map<String, Finding> m = new TreeMap<>();
        p.findings().list(new FindingQuery(run, null, host, null, null)).stream().filter(f -> f.guest() == null)
                .forEach(f -> m.put(f.checkId(), f));
        return m;
    }

    @Test
    void aScanThroughTheCollectorMatchesABroadSudoScanAndAStaleCollectorIsRefused(@TempDir Path dir) throws Exception {
        try (Project p = project(dir)) {
            ScanSummary sum = HostScanIT.service(p, CATALOG)
                    .start(p.hosts().list(), new ScanOptions(3, Duration.ofSeconds(20), TestSettings.load()), ScanListener.NONE)
                    .await(180, TimeUnit.SECONDS);
            assertEquals("complete", sum.state(), () -> "hosts: " + sum.hosts());
            Map<String, Finding> broad = hostFindings(p, sum.runId(), "good");
            Map<String, Finding> narrow = hostFindings(p, sum.runId(), "goodc");
            assertEquals(broad.keySet(), narrow.keySet());
            List<String> diffs = new ArrayList<>();
            for (String id : broad.keySet()) {
                // HV-025 reads the sudoers rules themselves, which differ between the two hosts by design
                if (!id.equals("HV-025") && broad.get(id).status() != narrow.get(id).status()) {
                    diffs.add(id + ": sudo " + broad.get(id).status() + " vs collector " + narrow.get(id).status() + " ("
                            + narrow.get(id).reason() + ")");
                }
            }
            assertTrue(diffs.isEmpty(), String.join("\n", diffs));
            assertTrue(narrow.values().stream().noneMatch(f -> f.status() == Status.ERROR && f.reason().contains("root")),
                    "no root probe failed through the collector");
            // the per-guest root probes (GU-005 reads the persistent definitions) ran through it too
            List<Finding> guests = p.findings().list(new FindingQuery(sum.runId(), null, "goodc", "GU-005", null));
            assertEquals(2, guests.size(), guests.toString());
            assertTrue(guests.stream().allMatch(f -> f.status() == Status.PASS), guests.toString());

            Map<String, Finding> stale = hostFindings(p, sum.runId(), "stale");
            Finding ssh = stale.get("VN-017");
            assertEquals(Status.ERROR, ssh.status(), ssh.toString());
            assertTrue(ssh.reason().contains("regenerate it with 'virtharden catalog collector --libvirt-uri "
                    + HostScanIT.TEST_LIBVIRT + " --timeout 20'"), ssh.reason());
            assertNotEquals(Status.ERROR, stale.get("HV-001").status(), "unprivileged checks are unaffected");
        }
    }

    @Test
    void theSudoRuleAllowsTheCollectorOnlyAndTheCollectorTakesNoFreeFormArguments() {
        TestHost h = hosts.get("goodc");
        ExecResult other = h.exec("su -s /bin/sh auditor -c 'sudo -n /usr/bin/id -u' 2>&1");
        assertNotEquals(0, other.exitCode(), other.toString());
        ExecResult shell = h.exec("su -s /bin/sh auditor -c 'sudo -n " + SudoMode.COLLECTOR_PATH + " 1 \"$(id)\" 0123456789abcdef' 2>&1");
        assertEquals(2, shell.exitCode(), shell.toString());
        assertTrue(shell.stdout().contains("bad nonce"), shell.toString());
        ExecResult part = h.exec("su -s /bin/sh auditor -c 'sudo -n " + SudoMode.COLLECTOR_PATH
                + " 1 0123456789abcdef 0123456789abcdef' 2>&1 | head -n 1");
        assertTrue(part.stdout().startsWith("@@VHC "), part.toString());
    }
}
