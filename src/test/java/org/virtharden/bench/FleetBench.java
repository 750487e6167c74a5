package org.virtharden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.Status;
import org.virtharden.fleet.FleetReport;
import org.virtharden.fleet.FleetService;
import org.virtharden.fleet.RunDiff;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import org.virtharden.scan.EvidenceCodec;

/**
 * The cross-host stage and reports on a synthetic project: H hosts in groups of 5, every automated host check of the
 * built-in catalog per host (one evidence per 10 checks), G guests per host (domain XML), two runs. Times the fleet
 * stage of a run (FL findings evaluated and stored), the fleet report (all groups, every control) and the retest diff.
 * Run: {@code mvn -B -o -DskipTests test-compile exec:exec -Dbench.args="fleet"}.
 */
final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = 50;
        int guests = 20;
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        List<Check> checks = catalog.automated().stream().filter(c -> c.scope().equals("host")).toList();
        Path dir = Files.createTempDirectory("vh-fleet-bench");
        Path file = dir.resolve("bench.vhproj");
        System.out.printf("fleet bench: %d hosts (groups of 5), %d host checks and %d guests per host, 2 runs%n", hosts,
                checks.size(), guests);
        System.out.println("| step | run 1 | run 2 |");
        try (Project p = Project.create(file, new ProjectInfo("Bench", "", "", Instant.now()))) {
            List<HostConfig> hs = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                hs.add(p.hosts().add(new HostConfig(0, String.format("kvm%02d", i), "10.0.0." + (i + 1), 22, "audit", null, null,
                        "nopasswd", null, null, "qemu:///system", "group-" + (i / 5))));
            }
            long[] stage = new long[2];
            long[] report = new long[2];
            long[] write = new long[2];
            for (int run = 0; run < 2; run++) {
                long t0 = System.nanoTime();
                ScanRun r = p.runs().start(Catalog.VERSION);
                Instant now = Instant.now();
                for (int i = 0; i < hosts; i++) {
                    HostConfig h = hs.get(i);
                    p.runs().hostState(new HostRun(r.id(), h.id(), h.name(), "done", null, 6, now, now.plusMillis(400), checks.size()));
                    for (int k = 0; k < checks.size(); k += 10) {
                        List<Finding> fs = new ArrayList<>();
                        for (Check c : checks.subList(k, Math.min(checks.size(), k + 10))) {
                            Status s = (c.id().hashCode() + i + run) % 7 == 0 ? Status.FAIL : Status.PASS;
                            fs.add(new Finding(0, r.id(), h.id(), h.name(), null, c.id(), Catalog.VERSION, c.domain(), c.title(),
                                    c.severity(), s, "value " + (s == Status.FAIL ? "bad" : "ok"), "", s.name(), 0, null, null));
                        }
                        store(p, r, h, "probe-" + k, "output of " + h.name() + " " + k, fs);
                    }
                    StringBuilder g = new StringBuilder();
                    for (int j = 0; j < guests; j++) {
                        String uuid = String.format("6f1d2c3b-4a59-4e8f-9d7c-%06d%06d", i, j);
                        g.append("@@guest ").append(uuid).append("\n<domain type='kvm' id='").append(j + 1).append("'><name>g").append(i)
                                .append('-').append(j).append("</name><devices><disk type='file' device='disk'><source file='/var/lib/"
                                + "libvirt/images/g").append(j).append(".qcow2'/><target dev='vda'/></disk><interface type='bridge'>"
                                + "<mac address='52:54:00:").append(String.format("%02x:%02x:%02x", i, j, run)).append("'/>"
                                + "<source bridge='br0'/></interface></devices></domain>\n");
                    }
                    String json = EvidenceCodec.toJson(List.of(new CommandOutput("clock", "date", "1764000000.1", "", 0, 0, 0, null),
                            new CommandOutput("guests", "virsh", g.toString(), "", 0, 0, 0, null)));
                    p.findings().recordProbe(new Evidence(0, r.id(), h.id(), null, "fleet-facts", json, EvidenceCodec.sha256(json),
                            null, 1), List.of());
                }
                write[run] = System.nanoTime() - t0;
                FleetService fleet = new FleetService(p, catalog);
                long t1 = System.nanoTime();
                int stored = fleet.evaluateAndStore(r.id()).size();
                stage[run] = System.nanoTime() - t1;
                long t2 = System.nanoTime();
                FleetReport rep = fleet.report(r.id(), null, true);
                report[run] = System.nanoTime() - t2;
                p.runs().finish(r.id(), "complete");
                if (stored != 9 * hosts || rep.matrices().size() != hosts / 5) {
                    throw new IllegalStateException("unexpected: " + stored + " fleet findings, " + rep.matrices().size() + " matrices");
                }
            }
            FleetService fleet = new FleetService(p, catalog);
            long t3 = System.nanoTime();
            RunDiff d = fleet.diff(1, 2);
            long diff = System.nanoTime() - t3;
            System.out.printf("| writing the run's findings and evidence (setup) | %d ms | %d ms |%n", write[0] / 1_000_000,
                    write[1] / 1_000_000);
            System.out.printf("| fleet stage: %d FL findings evaluated and stored | %d ms | %d ms |%n", 9 * hosts,
                    stage[0] / 1_000_000, stage[1] / 1_000_000);
            System.out.printf("| fleet report, all groups, every control | %d ms | %d ms |%n", report[0] / 1_000_000,
                    report[1] / 1_000_000);
            System.out.printf("| retest diff run 1 → run 2 (%d rows; regressed %d, fixed %d) | | %d ms |%n", d.rows().size(),
                    d.count(RunDiff.Category.REGRESSED), d.count(RunDiff.Category.FIXED), diff / 1_000_000);
        }
    }

    private static void store(Project p, ScanRun r, HostConfig h, String probe, String out, List<Finding> fs) {
        String json = EvidenceCodec.toJson(List.of(new CommandOutput("x", "true", out, "", 0, 0, 0, null)));
        p.findings().recordProbe(new Evidence(0, r.id(), h.id(), null, probe, json, EvidenceCodec.sha256(json), null, 1), fs);
    }
}
