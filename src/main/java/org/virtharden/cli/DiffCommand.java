package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.fleet.FleetService;
import org.virtharden.fleet.RunDiff;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {"The retest: compare two runs finding by finding (host, guest, check).",
    "Regressed, new failure, still failing, not re-tested, fixed, changed evidence (same status, other SHA-256), unchanged."})
final class DiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--from", paramLabel = "RUN", required = true, description = "The earlier run (number).")
    String from;

    @Option(names = "--to", paramLabel = "latest|RUN", defaultValue = "latest", description = "The later run (default ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--all", description = "Also list the unchanged findings (counted either way).")
    boolean all;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!List.of("table", "json").contains(format)) {
            throw new CliException("--format must be table or json, not '" + format + "'", ExitCodes.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Project p = ProjectFiles.open(file)) {
            ScanRun a = resolveRun(p, from, file);
            ScanRun b = resolveRun(p, to, file);
            if (a == null || b == null) {
                throw new CliException("no scan yet: a retest compares two runs of 'virtharden scan " + file + "'");
            }
            if (a.id() == b.id()) {
                throw new CliException("--from and --to are the same run #" + a.id() + "; a retest compares two runs", ExitCodes.USAGE);
            }
            RunDiff d = new FleetService(p, new CatalogLoader().loadBuiltIn()).diff(a.id(), b.id());
            if (format.equals("json")) {
                out.println(Json.pretty(d));
            } else {
                print(out, d);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private void print(PrintWriter out, RunDiff d) {
        out.printf("Retest · run #%d → run #%d%n", d.fromRun(), d.toRun());
        StringBuilder sum = new StringBuilder();
        for (RunDiff.Category c : RunDiff.Category.values()) {
            sum.append(sum.length() == 0 ? "" : " · ").append(name(c)).append(' ').append(d.count(c));
        }
        out.println(sum);
        TextTable t = new TextTable(70, "Category", "Host", "Guest", "Check", "Before", "After", "Evidence", "Reason now");
        for (RunDiff.Row r : d.rows()) {
            if (!all && r.category() == RunDiff.Category.UNCHANGED) {
                continue;
            }
            t.row(name(r.category()), r.host(), r.guest() == null ? "" : r.guest(), r.checkId(),
                    r.before() == null ? "—" : r.before().name(), r.after() == null ? "—" : r.after().name(),
                    r.evidenceChanged() ? "changed" : "", r.reasonAfter());
        }
        t.print(out);
    }

    static String name(RunDiff.Category c) {
        return c.name().toLowerCase().replace('_', ' ');
    }

    /** 'latest' or a run number; null when the project has no run; a clear error for an unknown run. */
    static ScanRun resolveRun(Project p, String run, Path file) {
        if (run.equals("latest")) {
            return p.runs().latest().orElse(null);
        }
        long id;
        try {
            id = Long.parseLong(run.startsWith("#") ? run.substring(1) : run);
        } catch (NumberFormatException e) {
            throw new CliException("a run is 'latest' or a run number, not '" + run + "'", ExitCodes.USAGE);
        }
        return p.runs().byId(id).orElseThrow(() -> new CliException("there is no run #" + id + " in " + file + " (runs: "
                + String.join(", ", p.runs().list().stream().map(r -> "#" + r.id() + " " + r.state()).toList()) + ")"));
    }
}
