package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ScanRun;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.service.Checklist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checklist", description = {"Where the assessment stands: per checklist (Physical, Hypervisor/Host, Guests,",
    "Virtual Network, Monitoring & Alerts, Disaster Recovery) the operator items answered and still open,",
    "with the latest scan's results. Open items are listed with their question."})
final class ChecklistCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--domain", paramLabel = "D", description = "Only one checklist: physical, hypervisor, guest, network, monitoring or dr.")
    String domain;

    @Option(names = "--host", paramLabel = "N", description = "Only this host.")
    String host;

    @Option(names = "--all", description = "List every item, not only the open ones.")
    boolean all;

    @Option(names = "--format", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks).")
    Path catalogDir;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CliException("--format must be table or json", ExitCodes.USAGE);
        }
        Domain d = null;
        if (domain != null) {
            try {
                d = Domain.parse(domain);
            } catch (IllegalArgumentException e) {
                throw new CliException("--domain must be one of physical, hypervisor, guest, network, monitoring, dr; not '"
                        + domain + "'", ExitCodes.USAGE);
            }
        }
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        Checklist list;
        try (Project p = ProjectFiles.open(file)) {
            List<HostConfig> hosts = p.hosts().list();
            if (host != null) {
                hosts = hosts.stream().filter(h -> h.name().equalsIgnoreCase(host)).toList();
                if (hosts.isEmpty()) {
                    throw new CliException("no host named '" + host + "' in " + file, ExitCodes.USAGE);
                }
            }
            ScanRun run = p.runs().latest().orElse(null);
            List<Finding> findings = run == null ? List.of() : p.findings().list(new FindingQuery(run.id(), null, null, null, null));
            List<Answer> answers = p.answers().current();
            list = Checklist.build(catalog, hosts, findings, answers, d);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            Map<String, Object> root = new LinkedHashMap<>();
            List<Map<String, Object>> prog = new ArrayList<>();
            for (Checklist.Progress pr : list.progress()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("domain", pr.domain().id());
                m.put("title", pr.domain().title());
                m.put("operatorItems", pr.operatorItems());
                m.put("answered", pr.answered());
                m.put("open", pr.open());
                Map<String, Integer> st = new LinkedHashMap<>();
                pr.statuses().forEach((k, v) -> st.put(k.name(), v));
                m.put("statuses", st);
                prog.add(m);
            }
            root.put("progress", prog);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Checklist.Item i : list.items()) {
                if (!all && !i.needsOperator()) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("domain", i.domain().id());
                m.put("host", i.host());
                m.put("guest", i.guest());
                m.put("check", i.check().id());
                m.put("mode", i.check().mode().id());
                m.put("title", i.check().title());
                m.put("state", i.state().name().toLowerCase(Locale.ROOT));
                m.put("status", i.status() == null ? null : i.status().name());
                m.put("question", i.check().question());
                m.put("evidence", i.check().evidence());
                m.put("detail", i.detail());
                items.add(m);
            }
            root.put("items", items);
            out.println(Json.pretty(root));
            return ExitCodes.OK;
        }
        TextTable t = new TextTable(40, "CHECKLIST", "OPERATOR ITEMS", "ANSWERED", "OPEN", "PASS", "WARN", "FAIL", "N/A", "ERROR");
        for (Checklist.Progress pr : list.progress()) {
            Map<Status, Integer> s = pr.statuses();
            t.row(pr.domain().title(), Integer.toString(pr.operatorItems()), Integer.toString(pr.answered()), Integer.toString(pr.open()),
                    n(s, Status.PASS), n(s, Status.WARN), n(s, Status.FAIL), n(s, Status.NOT_APPLICABLE), n(s, Status.ERROR));
        }
        t.print(out);
        List<Checklist.Item> shown = list.items().stream().filter(i -> all || i.needsOperator()).toList();
        if (shown.isEmpty()) {
            out.println();
            out.println(all ? "No items." : "Nothing open: every operator item is answered.");
            return ExitCodes.OK;
        }
        out.println();
        TextTable items = new TextTable(70, "HOST", "GUEST", "CHECK", "STATE", "TITLE", "QUESTION / RESULT");
        for (Checklist.Item i : shown) {
            String state = i.state() == Checklist.State.ANSWERED || i.state() == Checklist.State.SCANNED
                    ? i.status().name().toLowerCase(Locale.ROOT) : i.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            String text = i.needsOperator() && i.check().question() != null ? i.check().question()
                    : i.detail() == null ? "" : i.detail();
            items.row(i.host(), i.guest() == null ? "" : i.guest(), i.check().id(), state, i.check().title(), text);
        }
        items.print(out);
        if (!all) {
            out.println();
            out.println("Answer with: virtharden answer " + file + " --host HOST --check ID --status pass|fail|na --note TEXT [--attach PHOTO]");
        }
        return ExitCodes.OK;
    }

    private static String n(Map<Status, Integer> s, Status k) {
        return Integer.toString(s.getOrDefault(k, 0));
    }
}
