package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.Status;
import org.virtharden.fleet.FleetService;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.project.Project;
import org.virtharden.scan.ScanHandle;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanService;
import org.virtharden.scan.ScanSummary;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.ProjectScanStore;
import org.virtharden.transport.HostKeyVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan", description = {"Scan hosts with read-only commands and record the findings as a new run.",
    "Progress goes to stderr. Unknown host keys are refused: trust them first with 'host add --trust-new-host-key'."})
final class ScanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--host", paramLabel = "N", description = "Scan only this host (repeatable). Default: all hosts.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "4", description = "Hosts scanned at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time limit per command; a command still running then is killed on the host (default ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks).")
    Path catalogDir;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ScanOptions options;
        try {
            options = new ScanOptions(parallel, Duration.ofSeconds(timeout), Map.of());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE);
        }
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        try (Project project = ProjectFiles.open(file)) {
            List<HostConfig> selected = select(project.hosts().list());
            options = new ScanOptions(options.parallel(), options.commandTimeout(), project.settings().all());
            HostTransportFactory transports = CliTransports.factory(HostKeyVerifier.REJECT_NEW);
            ScanService service = new ScanService(catalog, new CheckEngine(), transports, new ProjectScanStore(project),
                    new FleetService(project, catalog)::evaluateAndStore);
            Progress progress = new Progress(err);
            ScanHandle handle = service.start(selected, options, progress);
            err.printf("Scanning %d host(s), %d at a time, as run #%d%n", selected.size(),
                    Math.min(parallel, selected.size()), handle.runId());
            err.flush();
            Thread hook = new Thread(() -> {
                handle.cancel();
                try {
                    handle.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | TimeoutException e) {
                    // leaving anyway; everything recorded so far is committed
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            ScanSummary summary;
            try {
                summary = handle.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
            err.printf("Run #%d %s: %d host(s), %d finding(s). Next: virtharden findings %s%n", summary.runId(),
                    summary.state(), summary.hosts().size(), summary.findings(), file);
            return switch (summary.state()) {
                case "complete" -> ExitCodes.OK;
                case "partial" -> ExitCodes.PARTIAL;
                case "cancelled" -> ExitCodes.CANCELLED;
                default -> throw new CliException("no host could be scanned (see the reasons above); run #"
                        + summary.runId() + " records every check as ERROR");
            };
        }
    }

    private List<HostConfig> select(List<HostConfig> all) {
        if (all.isEmpty()) {
            throw new CliException("the project has no hosts. Add one: virtharden host add " + file
                    + " --name NAME --address HOST --user USER");
        }
        if (hosts.isEmpty()) {
            return all;
        }
        Map<String, HostConfig> byName = new LinkedHashMap<>();
        all.forEach(h -> byName.put(h.name(), h));
        List<HostConfig> out = new ArrayList<>();
        for (String n : hosts) {
            HostConfig h = byName.get(n);
            if (h == null) {
                throw new CliException("no host named '" + n + "' in " + file + " (hosts: " + String.join(", ", byName.keySet()) + ")");
            }
            out.add(h);
        }
        return out;
    }

    /** Prints state changes and a per-host summary line; thread-safe. */
    private static final class Progress implements ScanListener {
        private final PrintWriter err;
        private final Map<String, Map<Status, Integer>> counts = new ConcurrentHashMap<>();

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void hostState(String host, String state, String detail) {
            String line;
            if (state.equals("done") || state.equals("failed") || state.equals("cancelled")) {
                Map<Status, Integer> c = counts.getOrDefault(host, Map.of());
                StringBuilder s = new StringBuilder();
                for (Status st : Status.values()) {
                    if (c.getOrDefault(st, 0) > 0) {
                        s.append(s.length() == 0 ? "" : ", ").append(c.get(st)).append(' ').append(st.name().toLowerCase());
                    }
                }
                line = "[" + host + "] " + state + (s.length() > 0 ? ": " + s : "") + (detail.isEmpty() ? "" : " — " + detail);
            } else if (state.equals("queued")) {
                return;
            } else {
                line = "[" + host + "] " + state + (detail.isEmpty() ? "" : " " + detail);
            }
            synchronized (err) {
                err.println(TextTable.clean(line));
                err.flush();
            }
        }

        @Override
        public void finding(Finding f) {
            counts.computeIfAbsent(f.hostName(), k -> new ConcurrentHashMap<>(new EnumMap<>(Status.class)))
                    .merge(f.status(), 1, Integer::sum);
        }
    }
}
