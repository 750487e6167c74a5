package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.ScanRun;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "findings", description = "Show the findings of a run (default: the latest).")
final class FindingsCommand implements Callable<Integer> {
    /** The CSV columns, in order; the JSON objects have the same keys. */
    static final List<String> COLUMNS = List.of("run", "host", "guest", "check", "domain", "title", "severity", "status",
            "observed", "expected", "reason", "evidenceSha256", "recorded");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--run", paramLabel = "latest|ID", defaultValue = "latest", description = "Which run (default ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--status", paramLabel = "S", description = "Only this status: pass, warn, fail, na, error.")
    String status;

    @Option(names = "--host", paramLabel = "N", description = "Only this host.")
    String host;

    @Option(names = "--framework", paramLabel = "F", description = "Only findings of checks mapped to this framework "
            + "(see 'catalog list --framework').")
    String framework;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks), for --framework.")
    Path catalogDir;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table | json | csv (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!List.of("table", "json", "csv").contains(format)) {
            throw new CliException("--format must be table, json or csv, not '" + format + "'", ExitCodes.USAGE);
        }
        Status st = null;
        if (status != null) {
            try {
                st = Status.parse(status);
            } catch (IllegalArgumentException e) {
                throw new CliException("--status must be one of pass, warn, fail, na, error, manual_pending, waived; not '"
                        + status + "'", ExitCodes.USAGE);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Project p = ProjectFiles.open(file)) {
            ScanRun r = resolveRun(p);
            if (r == null) {
                if (format.equals("json")) {
                    out.println("[]");
                } else if (format.equals("csv")) {
                    out.println(String.join(",", COLUMNS));
                } else {
                    out.println("No scan yet. Run: virtharden scan " + file);
                }
                return ExitCodes.OK;
            }
            List<Finding> list = p.findings().list(new FindingQuery(r.id(), st, host, null, null));
            if (framework != null) {
                java.util.Set<String> ids = new java.util.HashSet<>();
                org.virtharden.catalog.Catalog c = CatalogCommand.loadCatalog(catalogDir);
                Frameworks.mapped(CatalogCommand.framework(framework, c), c).forEach(m -> ids.add(m.check().id()));
                list = list.stream().filter(f -> ids.contains(f.checkId())).toList();
            }
            switch (format) {
                case "json" -> out.println(json(list));
                case "csv" -> csv(list, out);
                default -> table(r, list, out);
            }
            return ExitCodes.OK;
        }
    }

    private ScanRun resolveRun(Project p) {
        if (run.equals("latest")) {
            return p.runs().latest().orElse(null);
        }
        long id;
        try {
            id = Long.parseLong(run);
        } catch (NumberFormatException e) {
            throw new CliException("--run takes 'latest' or a run number, not '" + run + "'", ExitCodes.USAGE);
        }
        return p.runs().byId(id).orElseThrow(() -> new CliException("there is no run #" + id + " in " + file));
    }

    static Map<String, Object> row(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", f.runId());
        m.put("host", f.hostName());
        m.put("guest", f.guest());
        m.put("check", f.checkId());
        m.put("domain", f.domain().id());
        m.put("title", f.title());
        m.put("severity", f.severity().id());
        m.put("status", f.status().name());
        m.put("observed", f.observed());
        m.put("expected", f.expected());
        m.put("reason", f.reason());
        m.put("evidenceSha256", f.evidenceSha256() == null || f.evidenceSha256().isEmpty() ? null : f.evidenceSha256());
        m.put("recorded", f.recorded() == null ? null : f.recorded().toString());
        return m;
    }

    static String json(List<Finding> list) {
        List<Map<String, Object>> rows = new ArrayList<>();
        list.forEach(f -> rows.add(row(f)));
        return Json.pretty(rows);
    }

    static void csv(List<Finding> list, PrintWriter out) {
        out.print(String.join(",", COLUMNS) + "\r\n");
        for (Finding f : list) {
            List<String> cells = new ArrayList<>();
            row(f).values().forEach(v -> cells.add(csvCell(v == null ? "" : v.toString())));
            out.print(String.join(",", cells) + "\r\n");
        }
    }

    /**
     * RFC 4180 quoting, plus a leading apostrophe for text a spreadsheet would run as a formula
     * (host-supplied names such as {@code =HYPERLINK(...)}).
     */
    static String csvCell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+@\t\r".indexOf(s.charAt(0)) >= 0 || s.startsWith("-") && s.length() > 1 && !Character.isDigit(s.charAt(1))) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static void table(ScanRun r, List<Finding> list, PrintWriter out) {
        out.printf("Run #%d  %s  started %s  (%d findings)%n", r.id(), r.state(), r.started(), list.size());
        TextTable t = new TextTable(70, "HOST", "GUEST", "CHECK", "SEVERITY", "STATUS", "TITLE", "REASON");
        for (Finding f : list) {
            t.row(f.hostName(), f.guest() == null ? "-" : f.guest(), f.checkId(), f.severity().id(), f.status().name(),
                    f.title(), f.reason());
        }
        t.print(out);
    }
}
