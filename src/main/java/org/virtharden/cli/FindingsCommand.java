package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.service.FindingStates;
import org.virtharden.model.Finding;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
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
            "observed", "expected", "reason", "evidenceSha256", "recorded", "waiver", "falsePositive");

    /** The status shown for a FAIL or WARN marked as a false positive (not a catalog status). */
    static final String FALSE_POSITIVE = "FALSE_POSITIVE";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--run", paramLabel = "latest|ID", defaultValue = "latest", description = "Which run (default ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--status", paramLabel = "S", description = "Only this status: pass, warn, fail, na, error, waived, "
            + "false_positive.")
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
        boolean onlyFalsePositives = status != null && status.strip().replace('-', '_').equalsIgnoreCase("false_positive");
        if (status != null && !onlyFalsePositives) {
            try {
                st = Status.parse(status);
            } catch (IllegalArgumentException e) {
                throw new CliException("--status must be one of pass, warn, fail, na, error, manual_pending, waived, false_positive; not '"
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
            // a FAIL or WARN with a waiver in force shows as WAIVED (with its expiry); an expired or revoked one no longer applies
            Instant now = Instant.now();
            // a FAIL or WARN marked as a false positive shows as FALSE_POSITIVE (that wins over a waiver)
            List<Waiver> waivers = p.waivers().current(now);
            List<FalsePositive> fps = p.falsePositives().current();
            List<Finding> list = new ArrayList<>();
            Map<Long, Waiver> waived = new HashMap<>();
            Map<Long, FalsePositive> wrong = new HashMap<>();
            for (Finding f : p.findings().list(new FindingQuery(r.id(), null, host, null, null))) {
                Finding shown = f;
                // the board's and the pack's rule (service.FindingStates): a false positive wins over a waiver
                FindingStates.Judged judged = FindingStates.judge(f, waivers, fps, now);
                FalsePositive fp = judged.falsePositive();
                Waiver w = judged.waiver();
                if (fp != null) {
                    wrong.put(f.id(), fp);
                } else if (w != null) {
                    waived.put(f.id(), w);
                    shown = asWaived(f);
                }
                boolean keep = onlyFalsePositives ? fp != null : st == null || fp == null && shown.status() == st;
                if (keep) {
                    list.add(shown);
                }
            }
            if (framework != null) {
                java.util.Set<String> ids = new java.util.HashSet<>();
                org.virtharden.catalog.Catalog c = CatalogCommand.loadCatalog(catalogDir);
                Frameworks.mapped(CatalogCommand.framework(framework, c), c).forEach(m -> ids.add(m.check().id()));
                list = list.stream().filter(f -> ids.contains(f.checkId())).toList();
            }
            switch (format) {
                case "json" -> out.println(json(list, waived, wrong));
                case "csv" -> csv(list, waived, wrong, out);
                default -> table(r, list, waived, wrong, now, out);
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

    /** The finding as a report shows it while a waiver applies. */
    static Finding asWaived(Finding f) {
        return new Finding(f.id(), f.runId(), f.hostId(), f.hostName(), f.guest(), f.checkId(), f.catalogVersion(), f.domain(),
                f.title(), f.severity(), Status.WAIVED, f.observed(), f.expected(), f.reason(), f.evidenceId(), f.evidenceSha256(),
                f.recorded());
    }

    /** "until 2027-02-20 by CIO: reason" (by the approver; "recorded by" when someone else recorded it), or null. */
    static String waiverText(Waiver w) {
        return w == null ? null : "until " + DateTimeFormatter.ISO_LOCAL_DATE.format(w.expires().atOffset(ZoneOffset.UTC))
                + " by " + w.approver() + (w.approver().equals(w.author()) ? "" : " (recorded by " + w.author() + ")")
                + (w.allHosts() ? " for all hosts" : "") + ": " + w.justification();
    }

    /** "by J. Doe 2026-11-22: reason", or null. */
    static String falsePositiveText(FalsePositive fp) {
        return fp == null ? null : "by " + fp.author() + " " + DateTimeFormatter.ISO_LOCAL_DATE.format(fp.created().atOffset(ZoneOffset.UTC))
                + ": " + fp.reason();
    }

    static Map<String, Object> row(Finding f, Map<Long, Waiver> waived, Map<Long, FalsePositive> wrong) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", f.runId());
        m.put("host", f.hostName());
        m.put("guest", f.guest());
        m.put("check", f.checkId());
        m.put("domain", f.domain().id());
        m.put("title", f.title());
        m.put("severity", f.severity().id());
        m.put("status", wrong.containsKey(f.id()) ? FALSE_POSITIVE : f.status().name());
        m.put("observed", f.observed());
        m.put("expected", f.expected());
        m.put("reason", f.reason());
        m.put("evidenceSha256", f.evidenceSha256() == null || f.evidenceSha256().isEmpty() ? null : f.evidenceSha256());
        m.put("recorded", f.recorded() == null ? null : f.recorded().toString());
        m.put("waiver", waiverText(waived.get(f.id())));
        m.put("falsePositive", falsePositiveText(wrong.get(f.id())));
        return m;
    }

    static String json(List<Finding> list, Map<Long, Waiver> waived, Map<Long, FalsePositive> wrong) {
        List<Map<String, Object>> rows = new ArrayList<>();
        list.forEach(f -> rows.add(row(f, waived, wrong)));
        return Json.pretty(rows);
    }

    static void csv(List<Finding> list, Map<Long, Waiver> waived, Map<Long, FalsePositive> wrong, PrintWriter out) {
        out.print(String.join(",", COLUMNS) + "\r\n");
        for (Finding f : list) {
            List<String> cells = new ArrayList<>();
            row(f, waived, wrong).values().forEach(v -> cells.add(csvCell(v == null ? "" : v.toString())));
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

    private static void table(ScanRun r, List<Finding> list, Map<Long, Waiver> waived, Map<Long, FalsePositive> wrong, Instant now,
            PrintWriter out) {
        out.printf("Run #%d  %s  started %s  (%d findings)%n", r.id(), r.state(), r.started(), list.size());
        TextTable t = new TextTable(70, "HOST", "GUEST", "CHECK", "SEVERITY", "STATUS", "TITLE", "REASON");
        for (Finding f : list) {
            t.row(f.hostName(), f.guest() == null ? "-" : f.guest(), f.checkId(), f.severity().id(),
                    wrong.containsKey(f.id()) ? FALSE_POSITIVE : waived.containsKey(f.id()) ? "WAIVED to "
                            + waived.get(f.id()).expiryDate() + (waived.get(f.id()).expiringSoon(now) ? " (expires soon)" : "")
                            : f.status().name(),
                    f.title(), f.reason());
        }
        t.print(out);
    }
}
