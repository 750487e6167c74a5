package org.virtharden.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.ui.findings.FindingState;
import org.virtharden.ui.findings.FindingsViewModel;

/**
 * Filtering the findings board at 20,000 findings (target: ≤ 100 ms per filter change). Builds the rows once,
 * then times each filter change as the board sees it: a new predicate on the FilteredList and the SortedList
 * re-sorted in table order. Run: {@code mvn -B -o -DskipTests test-compile exec:exec -Dbench.args=findings-filter}.
 */
public final class FindingsFilterBench {
    private FindingsFilterBench() {
    }

    public static void main(String[] args) {
        int n = 20_000;
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        List<Check> checks = catalog.checks();
        Status[] statuses = {Status.PASS, Status.PASS, Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.NOT_APPLICABLE};
        Instant now = Instant.now();
        List<Finding> findings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Check c = checks.get(i % checks.size());
            int host = i / checks.size() % 200;
            String guest = c.scope().equals("guest") ? "vm-" + (i % 37) : null;
            findings.add(new Finding(i + 1, 1, host + 1, "kvm" + host, guest, c.id(), Catalog.VERSION, c.domain(), c.title(),
                    c.severity(), statuses[i % statuses.length], "observed value " + i, "expected", "reason text for " + c.id(),
                    i + 1, "ab" + i, now));
        }
        List<Waiver> waivers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Finding f = findings.get(i * 37 % n);
            waivers.add(new Waiver(i + 1, f.hostId(), f.hostName(), f.guest(), f.checkId(), "j", "a", now.plusSeconds(86400), now, null));
        }
        List<FalsePositive> falsePositives = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Finding f = findings.get((i * 53 + 11) % n);
            falsePositives.add(new FalsePositive(i + 1, f.hostId(), f.hostName(), f.guest(), f.checkId(), "r", "a", now, null, null));
        }
        FindingsViewModel vm = new FindingsViewModel(catalog);
        long t0 = System.nanoTime();
        vm.setFindings(findings);
        vm.setWaivers(waivers, now);
        vm.setFalsePositives(falsePositives);
        long build = System.nanoTime() - t0;
        Frameworks.Framework pci = Frameworks.find("pci-dss-4", catalog).orElseThrow();
        List<Consumer<FindingsViewModel>> changes = List.of(
                v -> v.statusProperty().set(Status.FAIL),
                v -> v.severityProperty().set(Severity.HIGH),
                v -> v.textProperty().set("kvm1"),
                v -> v.textProperty().set("kvm17 observed"),
                v -> v.frameworkProperty().set(pci),
                v -> v.hostProperty().set("kvm42"),
                FindingsViewModel::clearFilters,
                v -> v.textProperty().set("reason text"),
                v -> v.statusProperty().set(Status.WAIVED),
                FindingsViewModel::clearFilters,
                v -> v.stateProperty().set(FindingState.OPEN),
                v -> v.stateProperty().set(FindingState.FALSE_POSITIVE));
        // warm-up, then 30 rounds of the 12 changes
        for (int r = 0; r < 5; r++) {
            changes.forEach(c -> apply(vm, c));
        }
        int rounds = 30;
        long[] times = new long[rounds * changes.size()];
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (Consumer<FindingsViewModel> c : changes) {
                times[k++] = apply(vm, c);
            }
        }
        Arrays.sort(times);
        System.out.printf("| findings board: filter change at %,d findings (%d changes) | median %.1f ms | p95 %.1f ms | max %.1f ms"
                + " | rows built once in %.0f ms |%n", n, times.length, ms(times[times.length / 2]),
                ms(times[(int) (times.length * 0.95)]), ms(times[times.length - 1]), ms(build));
    }

    private static long apply(FindingsViewModel vm, Consumer<FindingsViewModel> change) {
        long t = System.nanoTime();
        change.accept(vm);
        int size = vm.sorted().size();
        if (size > 0) {
            vm.sorted().get(size - 1);
        }
        return System.nanoTime() - t;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
