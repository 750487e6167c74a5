package org.virtharden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.Project;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanService;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.ProjectScanStore;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.transport.HostKeyVerifier;

/** Writes a sample project scanned from real test hosts (for screenshots and docs). Args: OUT.vhproj */
public final class DemoProject {
    private DemoProject() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.deleteIfExists(out);
        try (TestHosts hosts = TestHosts.start(TestHostSpec.named("kvm-good").fromResources("hosts/good"),
                TestHostSpec.named("kvm-weak").fromResources("hosts/bad"));
                Project p = Project.create(out, new ProjectInfo("ACME Bank", "DC-North", "J. Doe", Instant.now()))) {
            for (TestHost h : hosts.hosts()) {
                p.hosts().add(new HostConfig(0, h.name(), h.address(), h.port(), h.user(), h.privateKey().toString(), null,
                        "nopasswd", null, h.knownHosts().toString(), "test:///etc/libvirt/testnode.xml", "prod-a"));
            }
            // the operator inputs the test hosts' expectations assume (guest inventory, approved templates)
            org.virtharden.testhosts.TestSettings.load().forEach(p.settings()::put);
            // two runs, as on a retest day: the second one feeds the Fleet screen's retest diff
            var catalog = new CatalogLoader().loadBuiltIn();
            for (int run = 0; run < 2; run++) {
                new ScanService(catalog, new CheckEngine(),
                        new HostTransportFactory(HostKeyVerifier.REJECT_NEW, x -> null, Path.of("/nonexistent"), Duration.ofSeconds(10)),
                        new ProjectScanStore(p), new org.virtharden.fleet.FleetService(p, catalog)::evaluateAndStore)
                        .start(p.hosts().list(), new ScanOptions(2, Duration.ofSeconds(20), p.settings().all()), ScanListener.NONE)
                        .await(120, TimeUnit.SECONDS);
            }
        }
    }
}
