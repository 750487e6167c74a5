package org.virtharden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.virtharden.catalog.GuestInventory;
import org.virtharden.catalog.Settings;
import org.virtharden.catalog.ZoneMap;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "settings", description = {"Show or change the operator inputs the checks read (thresholds, policy flags,",
    "approved lists, the guest inventory and the network-to-zone map)."},
        subcommands = {SettingsCommand.Show.class, SettingsCommand.Set.class, SettingsCommand.Unset.class})
final class SettingsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", description = "List every setting with its value; '(default)' marks values the project does not set.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Option(names = "--format", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            if (!format.equals("table") && !format.equals("json")) {
                throw new CliException("--format must be table or json", ExitCodes.USAGE);
            }
            Map<String, String> set;
            try (Project p = ProjectFiles.open(file)) {
                set = p.settings().all();
            }
            Map<String, String> effective = new TreeMap<>(Settings.defaults());
            effective.putAll(set);
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                out.println(Json.pretty(effective));
                return ExitCodes.OK;
            }
            TextTable t = new TextTable(60, "KEY", "VALUE", "SOURCE");
            effective.forEach((k, v) -> t.row(k, v.contains("\n") ? v.lines().count() + " lines" : v,
                    set.containsKey(k) ? "project" : "(default)"));
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = {"Set one input. VALUE @PATH reads the value from a file, e.g.",
        "  virtharden settings set site.vhproj guests.inventory @approved-guests.csv",
        "  virtharden settings set site.vhproj networks.zones 'br-dmz=dmz, vlan:20=cde'"})
    static final class Set implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Parameters(index = "1", paramLabel = "KEY", description = "A key from 'settings show', or custom.* for custom checks.")
        String key;

        @Parameters(index = "2", paramLabel = "VALUE", description = "The value, or @PATH to read it from a UTF-8 file.")
        String value;

        @Override
        public Integer call() {
            String v = value.startsWith("@") ? read(Path.of(value.substring(1))) : value;
            validate(key, v);
            try (Project p = ProjectFiles.open(file)) {
                p.settings().put(key, v);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
            String shown = key.equals(Settings.GUEST_INVENTORY) ? GuestInventory.parse(v).entries().size() + " guest(s)"
                    : key.equals(Settings.NETWORK_ZONES) ? ZoneMap.parse(v).zones().size() + " segment(s)" : v;
            spec.commandLine().getOut().println(key + " = " + shown);
            return ExitCodes.OK;
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new CliException("cannot read " + p + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "; give a readable UTF-8 file after @", ExitCodes.USAGE);
            }
        }
    }

    @Command(name = "unset", description = "Remove a project value, so the default applies again.")
    static final class Unset implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
        String key;

        @Override
        public Integer call() {
            known(key);
            try (Project p = ProjectFiles.open(file)) {
                p.settings().put(key, null);
            }
            spec.commandLine().getOut().println(key + " = " + Settings.defaults().getOrDefault(key, "") + " (default)");
            return ExitCodes.OK;
        }
    }

    static void known(String key) {
        if (!Settings.defaults().containsKey(key) && !key.startsWith("custom.")) {
            throw new CliException("unknown setting '" + key + "'; 'virtharden settings show FILE' lists the keys "
                    + "(custom checks use keys starting with custom.)", ExitCodes.USAGE);
        }
    }

    /** Refuses values the checks could not read, with the line and what is wrong. */
    static void validate(String key, String value) {
        known(key);
        try {
            if (key.equals(Settings.GUEST_INVENTORY)) {
                GuestInventory.parse(value);
            } else if (key.equals(Settings.NETWORK_ZONES)) {
                ZoneMap.parse(value);
            } else {
                String dflt = Settings.defaults().get(key);
                if (dflt != null && dflt.matches("true|false") && !value.strip().matches("(?i)true|false|yes|no|1|0")) {
                    throw new IllegalArgumentException(key + " is a yes/no flag: give true or false, not '" + value + "'");
                }
                if (dflt != null && dflt.matches("\\d+\\.\\d+") && !value.strip().matches("\\d+(\\.\\d+)?")) {
                    throw new IllegalArgumentException(key + " is a number: give e.g. " + dflt + ", not '" + value + "'");
                }
                if (dflt != null && dflt.matches("\\d+") && !value.strip().matches("\\d+")) {
                    throw new IllegalArgumentException(key + " is a whole number: give e.g. " + dflt + ", not '" + value + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE);
        }
    }
}
