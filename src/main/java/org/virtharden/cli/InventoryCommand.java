package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.virtharden.inventory.DomainModel;
import org.virtharden.inventory.Inventory;
import org.virtharden.inventory.InventoryException;
import org.virtharden.inventory.LibvirtJavaSource;
import org.virtharden.inventory.VirshInventorySource;
import org.virtharden.model.HostConfig;
import org.virtharden.project.Project;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inventory", description = {"Show a host's guests, virtual networks and storage pools as libvirt describes them,",
    "and its libvirt daemon model (monolithic libvirtd, modular virtqemud/virtproxyd, or unknown)",
    "(read-only: virsh -r over SSH, or libvirt-java for a URI this machine can open)."})
final class InventoryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--host", required = true, paramLabel = "N", description = "The host.")
    String host;

    @Option(names = "--source", defaultValue = "virsh", description = "virsh (over the host's connection, default) | libvirt "
            + "(libvirt-java on this machine, for the host's libvirt URI).")
    String source;

    @Option(names = "--format", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "Time limit (default ${DEFAULT-VALUE}).")
    int timeout;

    @Override
    public Integer call() {
        if (!List.of("table", "json").contains(format) || !List.of("virsh", "libvirt").contains(source)) {
            throw new CliException("--format must be table or json and --source virsh or libvirt", ExitCodes.USAGE);
        }
        HostConfig h;
        try (Project p = ProjectFiles.open(file)) {
            h = p.hosts().byName(host).orElseThrow(() -> new CliException("no host named '" + host + "' in " + file));
        }
        Inventory inv;
        try {
            if (source.equals("libvirt")) {
                inv = new LibvirtJavaSource(h.libvirtUri()).collect();
            } else {
                HostTransportFactory f = CliTransports.factory(HostKeyVerifier.REJECT_NEW);
                try (Transport t = f.open(h)) {
                    inv = new VirshInventorySource(t, h.libvirtUri()).collect(Duration.ofSeconds(timeout));
                }
            }
        } catch (TransportException | InventoryException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(Json.pretty(inv));
            return ExitCodes.OK;
        }
        out.printf("%s: %d guest(s), %d network(s), %d storage pool(s); libvirt %s, %s %s%n", host, inv.guests().size(),
                inv.networks().size(), inv.pools().size(), inv.versions().libvirt(), inv.versions().hypervisor(),
                inv.versions().hypervisorVersion());
        out.printf("daemons: %s%s%n", inv.daemons().model().label(),
                inv.daemons().evidence().isEmpty() ? "" : " (" + inv.daemons().evidence() + ")");
        TextTable g = new TextTable(40, "GUEST", "STATE", "AUTOSTART", "FIRMWARE", "CONSOLES", "DISKS", "NICS", "SNAPSHOTS", "PASSTHROUGH");
        for (Inventory.Guest x : inv.guests()) {
            DomainModel d = x.domain();
            g.row(x.name(), x.state(), x.autostart() ? "yes" : "no", d.firmware() + (d.secureBoot() ? "+secureboot" : "")
                    + (d.tpm() ? "+tpm" : ""),
                    d.graphics().stream().map(gr -> gr.type() + "@" + (gr.listen().isEmpty() ? "default" : gr.listen()))
                            .collect(Collectors.joining(" ")),
                    Integer.toString(d.disks().size()), Integer.toString(d.interfaces().size()), snapshots(x.snapshots()),
                    String.join(" ", d.hostdevs()));
        }
        g.print(out);
        if (!inv.networks().isEmpty()) {
            out.println();
            TextTable n = new TextTable(40, "NETWORK", "ACTIVE", "AUTOSTART", "FORWARD", "BRIDGE", "ADDRESSES");
            inv.networks().forEach(x -> n.row(x.name(), x.active() ? "yes" : "no", x.autostart() ? "yes" : "no", x.forwardMode(),
                    x.bridge(), String.join(" ", x.addresses())));
            n.print(out);
        }
        if (!inv.pools().isEmpty()) {
            out.println();
            TextTable p = new TextTable(60, "POOL", "ACTIVE", "TYPE", "PATH", "MODE");
            inv.pools().forEach(x -> p.row(x.name(), x.active() ? "yes" : "no", x.type(), x.targetPath(), x.targetMode()));
            p.print(out);
        }
        return ExitCodes.OK;
    }

    /** "2, newest 2023-11-14 (current)" or "none". */
    static String snapshots(List<Inventory.Snapshot> l) {
        if (l.isEmpty()) {
            return "none";
        }
        Inventory.Snapshot last = l.get(l.size() - 1);
        String when = last.created() == 0 ? "?" : java.time.Instant.ofEpochSecond(last.created()).toString().substring(0, 10);
        return l.size() + ", newest " + when + (last.current() ? " (current)" : "");
    }
}
