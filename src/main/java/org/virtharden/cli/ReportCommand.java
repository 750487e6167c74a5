package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.project.Project;
import org.virtharden.report.AuditPack;
import org.virtharden.report.AuditPackBuilder;
import org.virtharden.report.Limitations;
import org.virtharden.report.PackOptions;
import org.virtharden.report.ReportException;
import org.virtharden.report.ReportService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = {"Write the audit pack: PDF, and optionally a self-contained HTML file, CSV and JSON.",
    "The pack is a DRAFT while pre-flight items are open (unanswered items, checks that did not run, expired waivers);",
    "--final refuses until each has a written limitation (--limitations FILE of 'KEY: text' lines, '*' for all)."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--pdf", paramLabel = "OUT", description = "Write the PDF here.")
    Path pdf;

    @Option(names = "--html", paramLabel = "OUT", description = "Write a self-contained HTML file here.")
    Path html;

    @Option(names = "--csv", paramLabel = "OUT", description = "Write the findings as CSV here.")
    Path csv;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the whole pack as JSON here.")
    Path json;

    @Option(names = "--run", paramLabel = "ID", description = "Which scan run (default: the latest).")
    Long run;

    @Option(names = "--retest-from", paramLabel = "RUN", description = "Add a retest section: compare this earlier run"
            + " with the pack's run (regressed, new failure, still failing, not re-tested, fixed).")
    String retestFrom;

    @Option(names = "--host", paramLabel = "N", description = "Only this host (repeatable). Default: all hosts.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--framework", paramLabel = "F", description = "Only checks mapped to this framework, e.g. pci-dss-4"
            + " (see 'catalog list --framework').")
    String framework;

    @Option(names = "--paper", paramLabel = "a4|letter", defaultValue = "a4", description = "Paper size (default ${DEFAULT-VALUE}).")
    String paper;

    @Option(names = "--final", description = "A final pack: refused while a pre-flight item has no written limitation.")
    boolean finalPack;

    @Option(names = "--limitations", paramLabel = "FILE", description = "Written limitations: 'KEY: text' lines"
            + " (keys as --preflight prints them; '*' for all).")
    Path limitations;

    @Option(names = "--logo", paramLabel = "FILE", description = "A PNG or JPEG logo for the cover.")
    Path logo;

    @Option(names = "--preflight", description = "Only list the pre-flight items (key, kind, text) and write nothing.")
    boolean preflightOnly;

    @Override
    public Integer call() {
        if (!preflightOnly && pdf == null && html == null && csv == null && json == null) {
            throw new CliException("say where to write the pack: --pdf OUT (and/or --html, --csv, --json), or --preflight"
                    + " to list the open items", ExitCodes.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog = CatalogCommand.loadCatalog(null);
        ReportService service = new ReportService(catalog);
        try (Project p = ProjectFiles.open(file)) {
            Map<String, String> lim = limitations == null ? Map.of() : Limitations.read(limitations);
            PackOptions options;
            try {
                options = new PackOptions(run, hosts, framework, paper, finalPack && !preflightOnly, lim, retestRun());
            } catch (IllegalArgumentException e) {
                throw new CliException("--" + e.getMessage(), ExitCodes.USAGE);
            }
            if (preflightOnly) {
                AuditPack pack = service.build(p, options, Instant.now(), AuditPackBuilder.Cancel.NEVER).pack();
                printItems(out, pack.preflight());
                out.printf("%d pre-flight item(s) open%n", pack.preflight().size());
                return ExitCodes.OK;
            }
            long t0 = System.nanoTime();
            AuditPackBuilder.Built built = service.build(p, options, Instant.now(), AuditPackBuilder.Cancel.NEVER);
            service.write(built, new ReportService.Outputs(pdf, html, csv, json), ReportService.readLogo(logo));
            AuditPack pack = built.pack();
            for (Path o : new Path[] {pdf, html, csv, json}) {
                if (o != null) {
                    out.println("Wrote " + o);
                }
            }
            out.printf("%s pack: %d finding group(s), %d evidence item(s), %d pre-flight item(s) open, %d ms%n",
                    pack.draft() ? "DRAFT" : options.finalPack() ? "Final" : "Complete", pack.findings().size(),
                    pack.evidence().size(), pack.preflight().size(), (System.nanoTime() - t0) / 1_000_000);
            out.println("Evidence set SHA-256 " + pack.evidenceSetSha256());
            out.println("Content SHA-256      " + pack.contentSha256());
            if (pack.draft()) {
                err.println("The pack is marked DRAFT: list the open items with 'virtharden report " + file + " --preflight'.");
            }
            return ExitCodes.OK;
        } catch (AuditPackBuilder.FinalRefused e) {
            printItems(err, e.items());
            throw new CliException(e.getMessage());
        } catch (ReportException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** The --retest-from run number ("#3" or "3"), or null. */
    private Long retestRun() {
        if (retestFrom == null) {
            return null;
        }
        String t = retestFrom.strip();
        try {
            return Long.parseLong(t.startsWith("#") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new CliException("--retest-from takes a run number (see 'virtharden diff'), not '" + retestFrom + "'",
                    ExitCodes.USAGE);
        }
    }

    private static void printItems(PrintWriter w, List<AuditPack.OpenItem> items) {
        TextTable t = new TextTable(70, "KEY", "KIND", "WHAT IS OPEN", "LIMITATION");
        for (AuditPack.OpenItem i : items) {
            t.row(i.key(), i.kind(), i.text(), i.limitation() == null ? "-" : i.limitation());
        }
        if (!items.isEmpty()) {
            t.print(w);
        }
        w.flush();
    }
}
