package org.virtharden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanService;
import org.virtharden.scan.ScanSummary;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.ProjectScanStore;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.transport.HostKeyVerifier;

/**
 * Scan benchmarks against real namespaced sshd hosts (needs root). Prints a Markdown table for
 * docs/benchmarks.md. Run: {@code mvn -B -DskipTests test-compile exec:exec -Dbench.args="one three fifty lynis"}
 * (or without -Dbench.args for all of them).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].strip().equals("findings-filter")) {
            FindingsFilterBench.main(args);
            return;
        }
        if (args.length > 0 && args[0].strip().equals("report")) {
            ReportBench.main(args);
            return;
        }
        if (args.length > 0 && args[0].strip().equals("fleet")) {
            FleetBench.main(args);
            return;
        }
        List<String> what = args.length == 0 || args[0].isBlank() ? List.of("one", "three", "fifty", "lynis")
                : List.of(String.join(" ", args).trim().split("\\s+"));
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        System.out.printf("catalog %s: %d automated host checks; %d cores; java %s%n", Catalog.VERSION,
                catalog.automated().size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| scenario | runs | median wall | min | max | scanner CPU (median) | SSH round trips per host | findings per run | lost |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        if (what.contains("one")) {
            scenario("1 host, all automated checks, 3 guests", "hosts/bad", 1, 1, 9, catalog);
        }
        if (what.contains("three")) {
            scenario("3 hosts in parallel (2 guests each)", "hosts/good", 3, 3, 7, catalog);
        }
        if (what.contains("fifty")) {
            scenario("50 hosts in parallel (2 guests each)", "hosts/good", 50, 50, 3, catalog);
        }
        if (what.contains("fifty-light")) {
            // the scanner's own scaling: 50 sessions with one trivial probe each, so the simulated hosts
            // (all sharing this machine's 2 cores) do next to no work
            Catalog light = new Catalog(catalog.checks().stream().filter(c -> c.id().equals("HV-008")).toList(),
                    catalog.probes());
            scenario("50 hosts in parallel, one light check (scanner overhead)", "hosts/good", 50, 50, 3, light);
        }
        if (what.contains("lynis")) {
            lynis();
        }
    }

    private static void scenario(String name, String tree, int hostCount, int parallel, int runs, Catalog catalog)
            throws Exception {
        TestHostSpec[] specs = new TestHostSpec[hostCount];
        for (int i = 0; i < hostCount; i++) {
            specs[i] = TestHostSpec.named("b" + i).fromResources(tree);
        }
        long t0 = System.nanoTime();
        try (TestHosts hosts = TestHosts.start(specs)) {
            System.err.printf("started %d test hosts in %d ms%n", hostCount, (System.nanoTime() - t0) / 1_000_000);
            List<Long> walls = new ArrayList<>();
            List<Long> cpus = new ArrayList<>();
            int maxTrips = 0;
            int findings = 0;
            int lost = 0;
            for (int r = -1; r < runs; r++) { // r = -1 is the warm-up
                Path dir = Files.createTempDirectory("vh-bench");
                try (Project p = Project.create(dir.resolve("b.vhproj"), new ProjectInfo("bench", "", "", Instant.now()))) {
                    for (TestHost h : hosts.hosts()) {
                        p.hosts().add(new HostConfig(0, h.name(), h.address(), h.port(), h.user(), h.privateKey().toString(),
                                null, "nopasswd", null, h.knownHosts().toString(), "test:///etc/libvirt/testnode.xml", null));
                    }
                    ScanService s = new ScanService(catalog, new CheckEngine(),
                            new HostTransportFactory(HostKeyVerifier.REJECT_NEW, x -> null, Path.of("/nonexistent"),
                                    Duration.ofSeconds(10)),
                            new ProjectScanStore(p));
                    long start = System.nanoTime();
                    long cpu0 = processCpuNanos();
                    ScanSummary sum = s.start(p.hosts().list(), new ScanOptions(parallel, Duration.ofSeconds(30), Map.of()),
                            ScanListener.NONE).await(300, TimeUnit.SECONDS);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
                    List<org.virtharden.model.Finding> all = p.findings().list(new FindingQuery(sum.runId(), null, null, null, null));
                    int stored = all.size();
                    long hostLevel = all.stream().filter(f -> f.guest() == null).count();
                    int want = hostCount * (int) catalog.automated().stream().filter(c -> c.scope().equals("host")).count();
                    if (r >= 0) {
                        walls.add(ms);
                        cpus.add(cpuMs);
                        findings = stored;
                        lost += (int) Math.max(0, want - hostLevel)
                                + (int) sum.hosts().stream().filter(h -> !"done".equals(h.state())).count();
                        maxTrips = Math.max(maxTrips, sum.hosts().stream().mapToInt(HostRun::roundTrips).max().orElse(0));
                    }
                    if (r == runs - 1 && "1".equals(System.getenv("VH_BENCH_PROFILE"))) {
                        profile(dir.resolve("b.vhproj"));
                    }
                    if (!"complete".equals(sum.state())) {
                        System.err.println("run state " + sum.state() + ": " + sum.hosts());
                    }
                } finally {
                    try (var w = Files.walk(dir)) {
                        w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
            List<Long> sorted = walls.stream().sorted().toList();
            long cpu = cpus.stream().sorted().toList().get(cpus.size() / 2);
            System.out.printf("| %s | %d | %.2f s | %.2f s | %.2f s | %.2f s | %d | %d | %d |%n", name, runs,
                    sorted.get(sorted.size() / 2) / 1000.0, sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0,
                    cpu / 1000.0, maxTrips, findings, lost);
        }
    }

    /** The slowest probes of the last run (VH_BENCH_PROFILE=1), to see where a host's time goes. */
    private static void profile(Path file) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT probe, count(*), max(duration_ms) FROM evidence GROUP BY probe ORDER BY max(duration_ms) DESC LIMIT 12")) {
            while (rs.next()) {
                System.err.printf("  probe %-24s x%-3d %5d ms%n", rs.getString(1), rs.getInt(2), rs.getLong(3));
            }
        }
    }

    /** CPU time of this JVM (the scanner), so it can be told apart from the test hosts' own work. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void lynis() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/lynis"))) {
            System.out.println("| Lynis 3 `audit system --quick` (local) | - | not installed | | | | | | |");
            return;
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder("/usr/sbin/lynis", "audit", "system", "--quick", "--no-colors")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.out.printf("| Lynis `audit system --quick` (local, for comparison) | 1 | %.1f s | | | | (local) | | |%n",
                (System.nanoTime() - start) / 1e9);
    }
}
