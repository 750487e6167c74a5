package org.virtharden.fleet;

import java.nio.file.Path;
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
import org.virtharden.project.Project;
import org.virtharden.scan.EvidenceCodec;

/**
 * A real project file with two recorded runs of two migration peers (kvm01, kvm02 in group prod-a), written through the
 * repositories the scan uses. Run 1: kvm02 allows root SSH logins (VN-017 FAIL), runs an unapproved guest (rogue01) and a
 * copy of kvm01's web01 (same UUID and MAC) next to the subscriber database. Run 2: kvm02's SSH is fixed, kvm01's HV-010 regressed.
 */
public final class FleetProjects {
    public static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    static final String INVENTORY = "name,uuid,owner,zone,host_group\n"
            + "web01,6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e01,web team,dmz,prod-a\n"
            + "subscriber-db,6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e02,billing,db,prod-a\n"
            + "app99,,apps,internal,prod-a\n";

    private FleetProjects() {
    }

    static String guest(String uuid, String name, String state, String mac) {
        return "@@guest " + uuid + "\n<domain type='kvm'" + (state.equals("running") ? " id='3'" : "") + ">\n  <name>" + name
                + "</name>\n  <uuid>" + uuid + "</uuid>\n  <devices>\n    <disk type='file' device='disk'>\n      <source file='"
                + "/var/lib/libvirt/images/" + name + ".qcow2'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n"
                + "    <interface type='bridge'>\n      <mac address='" + mac + "'/>\n      <source bridge='br0'/>\n"
                + "    </interface>\n  </devices>\n</domain>\n";
    }

    public static Path twoRuns(Path dir) throws Exception {
        Path file = dir.resolve("fleet.vhproj");
        try (Project p = Project.create(file, new ProjectInfo("ACME", "DC-1", "J. Doe", Instant.now()))) {
            p.settings().put("guests.inventory", INVENTORY);
            HostConfig k1 = p.hosts().add(new HostConfig(0, "kvm01", "10.0.0.1", 22, "audit", null, null, "nopasswd", null, null,
                    "qemu:///system", "prod-a"));
            HostConfig k2 = p.hosts().add(new HostConfig(0, "kvm02", "10.0.0.2", 22, "audit", null, null, "nopasswd", null, null,
                    "qemu:///system", "prod-a"));
            String web = guest("6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e01", "web01", "running", "52:54:00:00:00:01");
            String db = guest("6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e02", "subscriber-db", "running", "52:54:00:00:00:02");
            String rogue = guest("0d0e0f10-0000-4000-8000-000000000001", "rogue01", "running", "52:54:00:00:00:03");
            run(p, k1, k2, Status.PASS, Status.FAIL, web, web + db + rogue, "permitrootlogin yes");
            run(p, k1, k2, Status.FAIL, Status.PASS, web, db + rogue, "permitrootlogin no");
        }
        return file;
    }

    private static void run(Project p, HostConfig k1, HostConfig k2, Status k1Hv010, Status k2Vn017, String k1Guests,
            String k2Guests, String k2Ssh) {
        ScanRun r = p.runs().start(Catalog.VERSION);
        Instant t0 = Instant.now();
        for (HostConfig h : List.of(k1, k2)) {
            boolean first = h == k1;
            p.runs().hostState(new HostRun(r.id(), h.id(), h.name(), "done", null, 2, t0, t0.plusMillis(300), 3));
            List<Finding> fs = new ArrayList<>();
            fs.add(finding(r, h, "HV-010", first ? k1Hv010 : Status.PASS, "security_default_confined=1"));
            fs.add(finding(r, h, "VN-017", first ? Status.PASS : k2Vn017, first ? "permitrootlogin no" : k2Ssh));
            fs.add(finding(r, h, "HV-007", Status.PASS, "nested=N"));
            recordEvidence(p, r, h, "host-checks", List.of(new CommandOutput("x", "true", "checks of " + h.name() + " " + r.id(),
                    "", 0, 0, 0, null)), fs);
            recordEvidence(p, r, h, "fleet-facts", List.of(
                    new CommandOutput("clock", "date -u +%s.%N", (t0.toEpochMilli() + 100) / 1000.0 + "", "", 0, 0, 0, null),
                    new CommandOutput("guests", "virsh list", first ? k1Guests : k2Guests, "", 0, 0, 0, null)), List.of());
        }
        new FleetService(p, CATALOG).evaluateAndStore(r.id());
        p.runs().finish(r.id(), "complete");
    }

    private static void recordEvidence(Project p, ScanRun r, HostConfig h, String probe, List<CommandOutput> outs,
            List<Finding> fs) {
        String json = EvidenceCodec.toJson(outs);
        p.findings().recordProbe(new Evidence(0, r.id(), h.id(), null, probe, json, EvidenceCodec.sha256(json), null, 1), fs);
    }

    private static Finding finding(ScanRun r, HostConfig h, String id, Status s, String observed) {
        Check c = CATALOG.check(id).orElseThrow();
        return new Finding(0, r.id(), h.id(), h.name(), null, id, Catalog.VERSION, c.domain(), c.title(), c.severity(), s,
                observed, "", s + ": " + observed, 0, null, null);
    }
}
