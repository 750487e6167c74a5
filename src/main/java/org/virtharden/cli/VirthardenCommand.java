package org.virtharden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "virtharden",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Read-only hardening assessment of KVM/libvirt hosts over SSH.",
            "Run without arguments to open the desktop app."},
        subcommands = {InitCommand.class, HostCommand.class, ScanCommand.class, FindingsCommand.class, InventoryCommand.class,
            CatalogCommand.class, SettingsCommand.class, AnswerCommand.class, WaiveCommand.class, WaiverCommand.class,
            ChecklistCommand.class, ReportCommand.class, VerifyCommand.class, FleetCommand.class, DiffCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage error, 3 scan partial (some hosts failed),",
            "4 catalog lint found problems, 5 audit pack does not match (verify), 130 cancelled."})
public final class VirthardenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
