package org.virtharden.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLint;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Frameworks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "catalog", description = "List or lint checks.",
        subcommands = {CatalogCommand.ListChecks.class, CatalogCommand.Lint.class, CatalogCommand.CollectorScript.class})
final class CatalogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The built-in catalog plus a user folder, refused with file:line messages when it does not lint clean. */
    static Catalog loadCatalog(Path userDir) {
        CatalogLoader loader = new CatalogLoader();
        try {
            if (userDir == null) {
                return loader.loadBuiltIn();
            }
            List<CatalogLoader.CatalogFile> files = new ArrayList<>(loader.builtInFiles());
            List<CatalogLoader.CatalogFile> user = loader.readDir(userDir);
            files.addAll(user);
            List<CatalogLint.Problem> problems = CatalogLint.lint(files, false).stream()
                    .filter(pr -> user.stream().anyMatch(u -> u.source().equals(pr.source()))).toList();
            if (!problems.isEmpty()) {
                throw new CliException("the catalog in " + userDir + " has problems:\n  "
                        + String.join("\n  ", problems.stream().map(Object::toString).toList())
                        + "\nRun 'virtharden catalog lint " + userDir + "' after fixing them.");
            }
            return CatalogLoader.merge(files);
        } catch (CatalogLoader.CatalogFormatException e) {
            throw new CliException("catalog file " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException("could not read the catalog folder " + userDir + ": " + e.getCause().getMessage());
        }
    }

    @Command(name = "list", description = "List the checks of the catalog.")
    static final class ListChecks implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--catalog", paramLabel = "DIR", description = "Also list the checks in this folder.")
        Path catalogDir;

        @Option(names = "--framework", paramLabel = "F", description = "Only the checks mapped to this framework: pci-dss-4, "
                + "pci-dss-3, nist-800-125, nist-800-125a, nist-800-125b, cis, stig, ssg (or one reference key, e.g. cis-rhel9).")
        String framework;

        @Override
        public Integer call() {
            Catalog c = loadCatalog(catalogDir);
            PrintWriter out = spec.commandLine().getOut();
            if (framework != null) {
                return listFramework(c, out);
            }
            if (format.equals("json")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Check ch : c.checks()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", ch.id());
                    m.put("domain", ch.domain().id());
                    m.put("mode", ch.mode().id());
                    m.put("severity", ch.severity().id());
                    m.put("title", ch.title());
                    m.put("probe", ch.probe());
                    m.put("references", ch.references());
                    rows.add(m);
                }
                out.println(Json.pretty(rows));
            } else if (format.equals("table")) {
                TextTable t = new TextTable(70, "ID", "DOMAIN", "MODE", "SEVERITY", "TITLE");
                c.checks().forEach(ch -> t.row(ch.id(), ch.domain().id(), ch.mode().id(), ch.severity().id(), ch.title()));
                t.print(out);
                out.printf("%d checks (%d automated), catalog %s%n", c.checks().size(), c.automated().size(), Catalog.VERSION);
            } else {
                throw new CliException("--format must be table or json, not '" + format + "'", ExitCodes.USAGE);
            }
            return ExitCodes.OK;
        }

        private int listFramework(Catalog c, PrintWriter out) {
            Frameworks.Framework f = framework(framework, c);
            List<Frameworks.Mapping> maps = Frameworks.mapped(f, c);
            if (format.equals("json")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Frameworks.Mapping m : maps) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", m.check().id());
                    row.put("domain", m.check().domain().id());
                    row.put("mode", m.check().mode().id());
                    row.put("severity", m.check().severity().id());
                    row.put("title", m.check().title());
                    row.put("framework", f.id());
                    row.put("references", m.references());
                    row.put("unverified", m.unverified());
                    rows.add(row);
                }
                out.println(Json.pretty(rows));
                return ExitCodes.OK;
            }
            if (!format.equals("table")) {
                throw new CliException("--format must be table or json, not '" + format + "'", ExitCodes.USAGE);
            }
            TextTable t = new TextTable(60, "ID", "DOMAIN", "MODE", "SEVERITY", "TITLE", f.id().toUpperCase(java.util.Locale.ROOT));
            maps.forEach(m -> t.row(m.check().id(), m.check().domain().id(), m.check().mode().id(), m.check().severity().id(),
                    m.check().title(), String.join("; ", m.references())));
            t.print(out);
            long unverified = maps.stream().filter(Frameworks.Mapping::unverified).count();
            out.printf("%d checks map to %s%s%n", maps.size(), f.title(),
                    unverified == 0 ? "" : "; " + unverified + " mapping(s) marked ? are unverified");
            return ExitCodes.OK;
        }
    }

    @Command(name = "collector", description = {"Print the collector script: every read-only root command of the catalog in one",
        "root-owned program, so sudoers can allow exactly that and nothing else (host add --sudo collector).",
        "Install it as " + org.virtharden.transport.SudoMode.COLLECTOR_PATH + " (root:root 0755); its header shows the sudoers line.",
        "Regenerate it when virtharden, the catalog, the host's libvirt URI or the scan --timeout changes."})
    static final class CollectorScript implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--libvirt-uri", paramLabel = "URI", defaultValue = "qemu:///system",
                description = "The hosts' libvirt URI, as in 'host add --libvirt-uri' (default ${DEFAULT-VALUE}).")
        String uri;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "The scan's --timeout (default ${DEFAULT-VALUE}).")
        int timeout;

        @Option(names = "--catalog", paramLabel = "DIR", description = "Include the root commands of the checks in this folder.")
        Path catalogDir;

        @Override
        public Integer call() {
            if (timeout < 1 || timeout > 3600) {
                throw new CliException("--timeout must be 1 to 3600 seconds", ExitCodes.USAGE);
            }
            if (uri.isBlank() || uri.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new CliException("--libvirt-uri must be a libvirt URI such as qemu:///system", ExitCodes.USAGE);
            }
            Catalog c = loadCatalog(catalogDir);
            spec.commandLine().getOut().print(org.virtharden.scan.Collector.script(c, uri, timeout,
                    "virtharden " + Catalog.VERSION + " (virtharden catalog collector)"));
            return ExitCodes.OK;
        }
    }

    static Frameworks.Framework framework(String id, Catalog c) {
        return Frameworks.find(id, c).orElseThrow(() -> new CliException("unknown framework '" + id + "'; known: "
                + Frameworks.ids(), ExitCodes.USAGE));
    }

    @Command(name = "lint", description = {"Check catalog files: ids, required fields, probes, conditions, read-only commands.",
        "Without DIR the built-in catalog is linted. Exit code 4 when problems are found."})
    static final class Lint implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder of catalog YAML files.")
        Path dir;

        @Override
        public Integer call() {
            CatalogLoader loader = new CatalogLoader();
            PrintWriter out = spec.commandLine().getOut();
            List<CatalogLint.Problem> problems = new ArrayList<>();
            List<CatalogLoader.CatalogFile> files = new ArrayList<>(loader.builtInFiles());
            int userFiles = 0;
            if (dir != null) {
                if (!java.nio.file.Files.isDirectory(dir)) {
                    throw new CliException(dir + " is not a folder; give the folder that holds your *.yaml catalog files");
                }
                try (var s = java.nio.file.Files.list(dir)) {
                    for (Path f : s.filter(x -> x.toString().endsWith(".yaml") || x.toString().endsWith(".yml")).sorted().toList()) {
                        userFiles++;
                        try {
                            files.add(loader.parse(f.toString(), java.nio.file.Files.readString(f)));
                        } catch (CatalogLoader.CatalogFormatException e) {
                            problems.add(new CatalogLint.Problem(e.source(), e.line(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2)));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new CliException("could not read " + dir + ": " + e.getMessage());
                }
            }
            List<CatalogLint.Problem> all = CatalogLint.lint(files, dir == null);
            if (dir != null) {
                List<String> builtInSources = loader.builtInFiles().stream().map(CatalogLoader.CatalogFile::source).toList();
                all = all.stream().filter(pr -> !builtInSources.contains(pr.source())).toList();
            }
            problems.addAll(all);
            problems.forEach(pr -> out.println(pr));
            if (problems.isEmpty()) {
                out.println(dir == null ? "built-in catalog: no problems" : dir + ": " + userFiles + " file(s), no problems");
                return ExitCodes.OK;
            }
            out.println(problems.size() + " problem(s)");
            return ExitCodes.LINT_PROBLEMS;
        }
    }
}
