package org.virtharden.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.project.Project;
import org.virtharden.report.SyntheticProject;
import org.virtharden.service.Checklist;
import org.virtharden.service.Scoring;
import org.virtharden.ui.findings.FindingsViewModel;
import org.virtharden.ui.session.ProjectSession;

/**
 * Heap for 1,000 hosts' findings: writes a real project file with HOSTS × PER_HOST findings, then, in this JVM
 * (run it with -Xmx512m), reads the run as the desktop app does (ProjectSession.read), builds the findings board's
 * rows, every checklist and the score, and prints the heap in use after a full GC. Args: [hosts] [perHost] [file].
 */
public final class HeapBench {
    private HeapBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perHost = args.length > 1 ? Integer.parseInt(args[1]) : 153;
        Path file = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("vh-heap").resolve("heap.vhproj");
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            SyntheticProject.create(file, catalog, hosts, perHost);
            System.out.printf("wrote %s: %d hosts × %d findings in %.1f s (%d MB)%n", file, hosts, perHost,
                    (System.nanoTime() - t0) / 1e9, Files.size(file) >> 20);
        }
        long t1 = System.nanoTime();
        ProjectSession.Snapshot s;
        try (Project p = Project.open(file)) {
            s = ProjectSession.read(p);
        }
        long read = System.nanoTime() - t1;
        FindingsViewModel board = new FindingsViewModel(catalog);
        board.setFindings(s.findings());
        Checklist all = Checklist.build(catalog, s.hosts(), s.findings(), s.answers(), null);
        Scoring.Figures figures = Scoring.compute(catalog, s.hosts(), s.run(), s.findings(), s.answers(), List.of(), Instant.now());
        System.gc();
        Thread.sleep(200);
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("| %d hosts | %d findings | %d checklist items | score %d %% | read %.1f s | heap in use %d MB"
                + " (max %d MB) |%n", s.hosts().size(), s.findings().size(), all.items().size(), figures.score().percent(),
                read / 1e9, used >> 20, max >> 20);
        // everything measured stays reachable until the measurement is taken
        java.lang.ref.Reference.reachabilityFence(board);
        java.lang.ref.Reference.reachabilityFence(all);
        java.lang.ref.Reference.reachabilityFence(s);
    }
}
