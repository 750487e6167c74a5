package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtharden.model.HostConfig;
import org.virtharden.project.Project;
import org.virtharden.project.ProjectException;
import org.virtharden.service.HostKeyTrust;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.transport.HostKeyInfo;
import org.virtharden.transport.HostPort;
import org.virtharden.transport.SshTarget;
import org.virtharden.transport.SudoMode;
import org.virtharden.transport.TransportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "host", description = "Manage the hosts in scope.",
        subcommands = {HostCommand.Add.class, HostCommand.ListHosts.class, HostCommand.Remove.class})
final class HostCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", description = {"Add a host. Nothing is sent to it unless --trust-new-host-key is given,",
        "in which case virtharden connects once, shows the host key's SHA-256 fingerprint and trusts it."})
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Option(names = "--name", required = true, description = "Short unique name, e.g. kvm01.")
        String name;

        @Option(names = "--address", required = true, paramLabel = "HOST[:PORT]",
                description = "DNS name or IP, optionally with :PORT ([v6]:PORT for IPv6); 'local' audits this machine without SSH.")
        String address;

        @Option(names = "--user", required = true, description = "SSH login (a dedicated audit account is best).")
        String user;

        @Option(names = "--key", paramLabel = "PATH", description = "Private key file (ed25519, RSA, ECDSA). Without it ssh-agent is used.")
        Path key;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Name of an environment variable holding the password (login and sudo). The password itself is never stored.")
        String passwordEnv;

        @Option(names = "--sudo", defaultValue = "none", paramLabel = "MODE",
                description = "none | nopasswd | password | collector. How checks that need root are run; collector: only the root-owned "
                        + "script from 'virtharden catalog collector' through sudo -n (see docs/sudoers.md) (default: ${DEFAULT-VALUE}).")
        String sudo;

        @Option(names = "--jump", paramLabel = "USER@HOST[:PORT]", description = "One jump host (like ssh -J).")
        String jump;

        @Option(names = "--known-hosts", paramLabel = "PATH", description = "known_hosts file (default ~/.ssh/known_hosts).")
        Path knownHosts;

        @Option(names = "--libvirt-uri", paramLabel = "URI", defaultValue = "qemu:///system",
                description = "libvirt URI on the host (default: ${DEFAULT-VALUE}).")
        String libvirtUri;

        @Option(names = "--group", paramLabel = "GROUP", description = "Host group (cluster of migration peers).")
        String group;

        @Option(names = "--trust-new-host-key",
                description = "Connect now and trust the host key presented if it is new (its fingerprint is printed). A changed key is always refused.")
        boolean trustNewHostKey;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HostConfig h = validate();
            try (Project p = ProjectFiles.open(file)) {
                if (p.hosts().byName(name).isPresent()) {
                    throw new CliException("a host named '" + name + "' already exists in " + file
                            + ". Choose another --name, or remove it first with 'virtharden host remove'.");
                }
                if (trustNewHostKey && !HostTransportFactory.LOCAL.equals(h.address())) {
                    connectAndTrust(h, out);
                }
                HostConfig saved = p.hosts().add(h);
                out.println("Added host " + saved.name() + " (" + saved.user() + "@" + saved.address()
                        + (saved.port() == 22 ? "" : ":" + saved.port()) + ", sudo " + saved.sudoMode() + ")");
                return ExitCodes.OK;
            } catch (ProjectException e) {
                throw new CliException(e.getMessage());
            }
        }

        private HostConfig validate() {
            if (name.isBlank() || !name.matches("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]*")) {
                throw new CliException("--name '" + name + "' must start with a letter or digit and use only letters, digits, '.', '_' or '-'");
            }
            HostPort hp;
            try {
                hp = HostTransportFactory.LOCAL.equals(address) ? new HostPort(address, 22) : HostPort.parse(address, 22);
                SudoMode.parse(sudo);
                if (jump != null) {
                    SshTarget.JumpHost.parse(jump);
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            if (key != null && !Files.isReadable(key)) {
                throw new CliException("key file " + key + " does not exist or is not readable");
            }
            if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new CliException("--password-env takes the NAME of an environment variable (e.g. KVM_PASS), not a password");
            }
            return new HostConfig(0, name, hp.host(), hp.port(), user, key == null ? null : key.toAbsolutePath().toString(),
                    passwordEnv, SudoMode.parse(sudo).id(), jump, knownHosts == null ? null : knownHosts.toAbsolutePath().toString(),
                    libvirtUri, group);
        }

        private void connectAndTrust(HostConfig h, PrintWriter out) {
            try {
                HostKeyTrust.Outcome o = HostKeyTrust.connect(h, k -> true, CliTransports::factory);
                for (HostKeyInfo k : o.newlyTrusted()) {
                    out.println("Trusted new host key " + k.describe());
                    out.println("  (compare on the host's console: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)");
                }
                if (o.newlyTrusted().isEmpty()) {
                    out.println("Host key already trusted for " + o.target());
                }
            } catch (TransportException e) {
                throw new CliException("could not connect to " + h.address() + ":" + h.port() + " to trust its key: "
                        + e.getMessage() + " The host was not added.");
            }
        }
    }

    @Command(name = "list", description = "List the hosts of a project.")
    static final class ListHosts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Override
        public Integer call() {
            try (Project p = ProjectFiles.open(file)) {
                List<HostConfig> hosts = p.hosts().list();
                PrintWriter out = spec.commandLine().getOut();
                if (hosts.isEmpty()) {
                    out.println("No hosts yet. Add one: virtharden host add " + file + " --name NAME --address HOST --user USER");
                    return ExitCodes.OK;
                }
                TextTable t = new TextTable("NAME", "ADDRESS", "USER", "AUTH", "SUDO", "JUMP", "GROUP", "LIBVIRT URI");
                for (HostConfig h : hosts) {
                    String auth = h.keyPath() != null ? "key " + h.keyPath() : h.passwordEnv() != null ? "password ($" + h.passwordEnv() + ")" : "agent";
                    t.row(h.name(), h.address() + (h.port() == 22 ? "" : ":" + h.port()), h.user(), auth, h.sudoMode(),
                            h.jump() == null ? "-" : h.jump(), h.hostGroup() == null ? "-" : h.hostGroup(), h.libvirtUri());
                }
                t.print(out);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", description = "Remove a host (its past findings stay in the project).")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Option(names = "--name", required = true, description = "The host to remove.")
        String name;

        @Override
        public Integer call() {
            try (Project p = ProjectFiles.open(file)) {
                p.hosts().remove(name);
                spec.commandLine().getOut().println("Removed host " + name);
                return ExitCodes.OK;
            } catch (ProjectException e) {
                throw new CliException(e.getMessage());
            }
        }
    }
}
