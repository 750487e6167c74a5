package org.virtharden.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.scan.EvidenceCodec;

/**
 * A real project file with two runs over three hosts of host group prod-a, one of them with a hostile name, written
 * through the repositories the scan uses (no test hosts). Four host checks per host: HV-001 (migration-critical, PASS
 * everywhere), HV-007 (PASS everywhere), HV-010 and VN-017 (migration-critical). Run 1: kvm02 fails VN-017. Run 2:
 * kvm02 is fixed, kvm01 fails HV-010 and the hostile host fails VN-017 (both regressed). The hostile host runs an
 * unapproved guest with a hostile name. Waivers: HV-010 on kvm01 (approved by the CIO, expiring in 10 days, renewed
 * once), a revoked one, one for HV-007 on all hosts; false positives: VN-017 on the hostile host (standing), HV-010 on
 * kvm01 (revoked).
 */
final class FleetPackProject {
    static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    static final String HOSTILE_HOST = "k<3>&\"x";
    static final String HOSTILE_GUEST = "r<b>&'x";
    static final List<String> CHECKS = List.of("HV-001", "HV-007", "HV-010", "VN-017");

    private FleetPackProject() {
    }

    static Path create(Path file) throws Exception {
        try (Project p = Project.create(file, new ProjectInfo("ACME", "DC-1", "J. Doe", Instant.now()))) {
            p.settings().put("guests.inventory", "name,uuid,owner,zone,host_group\n"
                    + "web01,6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e01,web team,dmz,prod-a\n"
                    + "app99,,apps,internal,prod-a\n");
            List<HostConfig> hosts = new ArrayList<>();
            for (String n : List.of("kvm01", "kvm02", HOSTILE_HOST)) {
                hosts.add(p.hosts().add(new HostConfig(0, n, "10.0.0." + (hosts.size() + 1), 22, "audit", null, null, "nopasswd",
                        null, null, "qemu:///system", "prod-a")));
            }
            String web = guest("6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e01", "web01", "52:54:00:00:00:01");
            String rogue = guest("0d0e0f10-0000-4000-8000-000000000001", HOSTILE_GUEST, "52:54:00:00:00:03");
            run(p, hosts, List.of(), "", web, rogue);
            run(p, hosts, List.of("kvm01 HV-010", HOSTILE_HOST + " VN-017"), "kvm02", web, rogue);

            Instant now = Instant.now();
            HostConfig k1 = hosts.get(0);
            Waiver w = p.waivers().record(k1.id(), null, "HV-010", "hardware refresh pending", "J. Doe", "J. Doe",
                    now.plus(Duration.ofDays(60)));
            p.waivers().renew(w.id(), "hardware refresh in Q1", "CIO", "J. Doe", now.plus(Duration.ofDays(10)));
            Waiver old = p.waivers().record(hosts.get(1).id(), null, "VN-017", "temporary", "J. Doe", "CISO",
                    now.plus(Duration.ofDays(60)));
            p.waivers().revoke(old.id());
            p.waivers().recordForAllHosts("HV-007", "nested virtualisation is needed", "J. Doe", "CTO", now.plus(Duration.ofDays(200)));
            p.falsePositives().mark(hosts.get(2).id(), null, "VN-017", "sshd Match block <restricts> root", "J. Doe");
            var fp = p.falsePositives().mark(k1.id(), null, "HV-010", "misread", "A. Smith");
            p.falsePositives().revoke(fp.id(), "J. Doe");
        }
        return file;
    }

    /** @param failing "host CHECK" pairs that FAIL in this run (every other check passes), kvm02 fails VN-017 unless fixed */
    private static void run(Project p, List<HostConfig> hosts, List<String> failing, String fixed, String web, String rogue) {
        ScanRun r = p.runs().start(Catalog.VERSION);
        Instant t0 = Instant.now();
        for (HostConfig h : hosts) {
            p.runs().hostState(new HostRun(r.id(), h.id(), h.name(), "done", null, 2, t0, t0.plusMillis(300), CHECKS.size()));
            List<Finding> fs = new ArrayList<>();
            for (String id : CHECKS) {
                boolean fail = failing.contains(h.name() + " " + id)
                        || h.name().equals("kvm02") && id.equals("VN-017") && !fixed.equals("kvm02");
                String observed = id.equals("VN-017") ? (fail ? "permitrootlogin yes" : "permitrootlogin no") : fail ? "0" : "1";
                Check c = CATALOG.check(id).orElseThrow();
                fs.add(new Finding(0, r.id(), h.id(), h.name(), null, id, Catalog.VERSION, c.domain(), c.title(), c.severity(),
                        fail ? Status.FAIL : Status.PASS, observed, "", (fail ? "FAIL: " : "PASS: ") + observed, 0, null, null));
            }
            record(p, r, h, "host-checks", List.of(new CommandOutput("x", "true", "checks of " + h.name() + " in run " + r.id(),
                    "", 0, 0, 0, null)), fs);
            String guests = h.name().equals(HOSTILE_HOST) ? rogue : h.name().equals("kvm01") ? web : "";
            record(p, r, h, "fleet-facts", List.of(
                    new CommandOutput("clock", "date -u +%s.%N", (t0.toEpochMilli() + 100) / 1000.0 + "", "", 0, 0, 0, null),
                    new CommandOutput("guests", "virsh list", guests, "", 0, 0, 0, null)), List.of());
        }
        p.runs().finish(r.id(), "complete");
    }

    private static void record(Project p, ScanRun r, HostConfig h, String probe, List<CommandOutput> outs, List<Finding> fs) {
        String json = EvidenceCodec.toJson(outs);
        p.findings().recordProbe(new Evidence(0, r.id(), h.id(), null, probe, json, EvidenceCodec.sha256(json), null, 1), fs);
    }

    private static String guest(String uuid, String name, String mac) {
        String xmlName = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
        return "@@guest " + uuid + "\n<domain type='kvm' id='3'>\n  <name>" + xmlName + "</name>\n  <uuid>" + uuid
                + "</uuid>\n  <devices>\n    <interface type='bridge'>\n      <mac address='" + mac + "'/>\n"
                + "      <source bridge='br0'/>\n    </interface>\n  </devices>\n</domain>\n";
    }

    /** The id of the evidence item a finding of the latest run rests on. */
    static long evidenceOf(Project p, String host, String check) {
        return p.findings().list(new FindingQuery(2L, null, host, null, null)).stream().filter(f -> f.checkId().equals(check))
                .findFirst().orElseThrow().evidenceId();
    }
}
