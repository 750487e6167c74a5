package org.virtharden.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;

/**
 * A real project file with made-up results, for tests that need no test hosts and for the report benchmark:
 * {@code hosts} hosts with {@code perHost} findings each over the catalog's automated checks, one evidence item per
 * ten findings, statuses spread over PASS, FAIL, WARN, ERROR and N/A.
 */
public final class SyntheticProject {
    private SyntheticProject() {
    }

    public static Path create(Path file, Catalog catalog, int hosts, int perHost) throws Exception {
        Status[] spread = {Status.PASS, Status.PASS, Status.FAIL, Status.PASS, Status.WARN, Status.PASS, Status.NOT_APPLICABLE,
            Status.PASS, Status.FAIL, Status.ERROR};
        List<Check> checks = catalog.automated();
        try (Project p = Project.create(file, new ProjectInfo("Synthetic <Client> & Co", "Lab \"B\"", "Bench", Instant.now()))) {
            List<HostConfig> hs = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                hs.add(p.hosts().add(new HostConfig(0, String.format("kvm%02d", i + 1), "10.9.0." + (i + 1), 22, "audit", null,
                        null, "nopasswd", null, null, null, null)));
            }
            ScanRun run = p.runs().start(catalog.checks().isEmpty() ? "x" : org.virtharden.catalog.Catalog.VERSION);
            int n = 0;
            for (HostConfig h : hs) {
                p.runs().hostState(new HostRun(run.id(), h.id(), h.name(), "done", null, 1, Instant.now(), Instant.now(), perHost));
                List<Finding> batch = new ArrayList<>();
                for (int k = 0; k < perHost; k++) {
                    Check c = checks.get(k % checks.size());
                    String guest = c.scope().equals("guest") || k >= checks.size() ? "vm-" + (k / checks.size() + 1) : null;
                    Status s = spread[(n++) % spread.length];
                    batch.add(new Finding(0, run.id(), h.id(), h.name(), guest, c.id(), Catalog.VERSION, c.domain(), c.title(),
                            c.severity(), s, "observed value " + k + " on " + h.name(), "expected value",
                            s == Status.ERROR ? "sudo refused: a password is required" : "reason " + k, 0, null, null));
                    if (batch.size() == 10 || k == perHost - 1) {
                        String json = "[{\"command\":\"cat /etc/example-" + k + "\",\"stdout\":\"value " + k + " " + h.name()
                                + "\",\"exit\":0}]";
                        p.findings().recordProbe(new Evidence(0, run.id(), h.id(), null, "probe-" + (k / 10), json,
                                Integrity.sha256(json), null, 5), batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            p.runs().finish(run.id(), "complete");
        }
        return file;
    }
}
