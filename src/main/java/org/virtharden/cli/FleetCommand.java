package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.FleetReport;
import org.virtharden.fleet.FleetService;
import org.virtharden.fleet.Sprawl;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fleet", description = {"Across hosts: the fleet checks (FL-*), the drift matrix of each host group",
    "(hosts x controls, differences only unless --all) and VM sprawl against the approved inventory (guests.inventory)."})
final class FleetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--group", paramLabel = "G", description = "Only the hosts of this host group.")
    String group;

    @Option(names = "--run", paramLabel = "latest|ID", defaultValue = "latest", description = "Which run (default ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--all", description = "Show every control in the drift matrix, not only those that differ.")
    boolean all;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks).")
    Path catalogDir;

    @Override
    public Integer call() {
        if (!List.of("table", "json").contains(format)) {
            throw new CliException("--format must be table or json, not '" + format + "'", ExitCodes.USAGE);
        }
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        PrintWriter out = spec.commandLine().getOut();
        try (Project p = ProjectFiles.open(file)) {
            FleetService fleet = new FleetService(p, catalog);
            ScanRun r = DiffCommand.resolveRun(p, run, file);
            if (r == null) {
                throw new CliException("no scan yet: run 'virtharden scan " + file + "' over the hosts first");
            }
            if (group != null && !fleet.groups().contains(group) && !group.equals(FleetService.NO_GROUP)) {
                throw new CliException("no host group '" + group + "' in " + file + " (groups: "
                        + (fleet.groups().isEmpty() ? "none; set one with 'host add ... --group G'" : String.join(", ", fleet.groups()))
                        + ")", ExitCodes.USAGE);
            }
            FleetReport report = fleet.report(r.id(), group, all);
            if (format.equals("json")) {
                out.println(Json.pretty(report));
            } else {
                print(out, report);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private void print(PrintWriter out, FleetReport rep) {
        out.printf("Fleet · run #%d%s · %d host group(s)%n", rep.runId(), rep.group() == null ? "" : " · group " + rep.group(),
                rep.groups().size());
        out.println();
        out.println("FLEET CHECKS");
        TextTable t = new TextTable(90, "Check", "Status", "Host", "Reason");
        for (FleetReport.CheckResult c : rep.checks()) {
            boolean first = true;
            for (FleetReport.HostVerdict v : c.hosts()) {
                t.row(first ? c.checkId() : "", v.status().name(), v.host(), v.reason());
                first = false;
            }
            if (c.hosts().isEmpty()) {
                t.row(c.checkId(), c.status().name(), "-", "no hosts in this run");
            }
        }
        t.print(out);
        for (DriftMatrix m : rep.matrices()) {
            out.println();
            out.printf("DRIFT MATRIX · group %s · %d host(s) · %s%n", m.group(), m.hosts().size(),
                    m.onlyDifferences() ? "only differences (--all for every control)" : "every control");
            if (m.rows().isEmpty()) {
                out.println("  No differences: every host of the group has the same result on every control.");
                continue;
            }
            List<String> header = new ArrayList<>();
            header.add("Control");
            header.addAll(m.hosts());
            header.add("Majority");
            TextTable mt = new TextTable(30, header.toArray(String[]::new));
            for (DriftMatrix.Row row : m.rows()) {
                List<String> cells = new ArrayList<>();
                cells.add((row.migrationCritical() ? "*" : " ") + row.checkId() + " " + row.title());
                for (DriftMatrix.Cell c : row.cells()) {
                    String cell = (c.status() == null ? "⚡" : glyph(c.status())) + " " + c.value();
                    cells.add(c.differs() ? "[" + cell + "]" : cell);
                }
                cells.add(row.majority());
                mt.row(cells.toArray(String[]::new));
            }
            mt.print(out);
            out.println("  * migration-critical (FL-001); [ ] differs from the majority");
        }
        out.println();
        Sprawl s = rep.sprawl();
        if (s.inventoryProblem() != null) {
            out.println("VM SPRAWL · the approved inventory is unreadable: " + TextTable.clean(s.inventoryProblem()));
        } else if (!s.inventoryPresent()) {
            out.printf("VM SPRAWL · %d guest(s) discovered; no approved inventory. Set one: virtharden settings set %s"
                    + " guests.inventory @inventory.csv%n", s.discovered(), file);
        } else {
            out.printf("VM SPRAWL · approved %d · discovered %d · unapproved %d · missing %d · duplicate %d · zones mixed %d%n",
                    s.entries(), s.discovered(), s.count(Sprawl.Kind.UNAPPROVED), s.count(Sprawl.Kind.MISSING),
                    s.count(Sprawl.Kind.DUPLICATE), s.count(Sprawl.Kind.ZONE_MIX));
        }
        List<Sprawl.Row> shown = s.rows().stream().filter(r -> all || r.kind() != Sprawl.Kind.APPROVED).toList();
        if (!shown.isEmpty()) {
            TextTable st = new TextTable(60, "Kind", "Guest", "Host(s)", "Zone", "Detail");
            for (Sprawl.Row r : shown) {
                st.row(r.kind().name().toLowerCase().replace('_', ' '), r.guest(), String.join(", ", r.hosts()), r.zone(), r.detail());
            }
            st.print(out);
        }
    }

    static String glyph(org.virtharden.catalog.Status s) {
        return switch (s) {
            case PASS -> "✓";
            case FAIL -> "✕";
            case WARN -> "▲";
            case ERROR -> "⚡";
            case NOT_APPLICABLE -> "—";
            case MANUAL_PENDING -> "○";
            case WAIVED -> "⛨";
        };
    }
}
