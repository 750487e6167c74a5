package org.virtharden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.project.Project;
import org.virtharden.report.AuditPackBuilder;
import org.virtharden.report.PackOptions;
import org.virtharden.report.ReportService;
import org.virtharden.report.SyntheticProject;

/**
 * The audit pack at 50 hosts / 5,000 findings (target: under 10 s for the PDF). A synthetic project file (real
 * SQLite, {@link SyntheticProject}) is built once; each round builds the pack from it and writes PDF, HTML, CSV
 * and JSON. Run: {@code mvn -B -o -DskipTests test-compile exec:exec -Dbench.args=report}.
 */
public final class ReportBench {
    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 4;
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        Path dir = Files.createTempDirectory("vh-report-bench");
        Path file = SyntheticProject.create(dir.resolve("bench.vhproj"), catalog, 50, 100);
        ReportService service = new ReportService(catalog);
        System.out.println("| round | build pack | PDF | pages | HTML + CSV + JSON | total | findings | evidence items |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Long> totals = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            long t0 = System.nanoTime();
            try (Project p = Project.open(file)) {
                AuditPackBuilder.Built b = service.build(p, PackOptions.defaults(), Instant.now(), AuditPackBuilder.Cancel.NEVER);
                long t1 = System.nanoTime();
                byte[] pdf = service.pdf(b, null);
                Files.write(dir.resolve("pack.pdf"), pdf);
                long t2 = System.nanoTime();
                service.write(b, new ReportService.Outputs(null, dir.resolve("pack.html"), dir.resolve("pack.csv"),
                        dir.resolve("pack.json")), null);
                long t3 = System.nanoTime();
                int findings = b.pack().summary().findingsByStatus().values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("| %s | %.2f s | %.2f s | %d | %.2f s | %.2f s | %d | %d |%n", r == 0 ? "warm-up" : r,
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, service.pageCount(pdf), (t3 - t2) / 1e9, (t3 - t0) / 1e9, findings,
                        b.pack().evidence().size());
                if (r > 0) {
                    totals.add(t3 - t0);
                }
            }
        }
        totals.sort(null);
        System.out.printf("median total %.2f s (min %.2f s, max %.2f s) over %d rounds; cold JVM first round above%n",
                totals.get(totals.size() / 2) / 1e9, totals.get(0) / 1e9, totals.get(totals.size() - 1) / 1e9, totals.size());
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
