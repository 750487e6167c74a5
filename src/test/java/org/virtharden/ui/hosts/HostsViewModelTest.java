package org.virtharden.ui.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.Project;
import org.virtharden.service.ConnectionTestService;
import org.virtharden.service.ConnectionTestService.Result;
import org.virtharden.service.ConnectionTestService.State;
import org.virtharden.service.ConnectionTestService.Step;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.ui.FxThread;
import org.virtharden.ui.SessionPasswords;
import org.virtharden.ui.session.ProjectSession;

/** The Hosts view model on a real SQLite project, with real connection tests to this machine and to 127.0.0.1. */
class HostsViewModelTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    @BeforeAll
    static void toolkit() {
        FxThread.start();
    }

    private static HostsViewModel open(Path dir, HostConfig... hosts) throws Exception {
        Path file = dir.resolve("hosts.vhproj");
        try (Project p = Project.create(file, new ProjectInfo("ACME Bank", "DC-North", "J. Doe", Instant.now()))) {
            for (HostConfig h : hosts) {
                p.hosts().add(h);
            }
        }
        ProjectSession session = new ProjectSession(Runnable::run, CATALOG);
        ConnectionTestService tester = new ConnectionTestService(SessionPasswords.of(session),
                dir.resolve("known_hosts"), Duration.ofSeconds(2));
        return FxThread.call(() -> {
            session.open(file);
            return new HostsViewModel(session, SessionPasswords.of(session), tester, HostKeyVerifier.REJECT_NEW,
                    Runnable::run);
        });
    }

    private static HostConfig host(String name, String address, int port, String keyPath, Path knownHosts) {
        return new HostConfig(0, name, address, port, "audit", keyPath, null, "none", null,
                knownHosts == null ? null : knownHosts.toString(), null, null);
    }

    @Test
    void theFormAddsEditsAndRemovesHostsInTheProjectFile(@TempDir Path dir) throws Exception {
        HostsViewModel vm = open(dir);
        FxThread.run(() -> {
            vm.newHost();
            vm.nameProperty().set(" kvm-07 ");
            vm.addressProperty().set("10.1.0.17");
            vm.portProperty().set("2207");
            vm.userProperty().set("audit");
            vm.authProperty().set(HostsViewModel.Auth.PASSWORD);
            vm.sudoProperty().set("nopasswd");
            vm.jumpProperty().set("ops@bastion:2222");
            vm.groupProperty().set("prod-a");
            vm.save();
        });
        assertEquals("Added kvm-07.", FxThread.call(() -> vm.messageProperty().get()));
        assertEquals(HostsViewModel.MessageKind.OK, FxThread.call(() -> vm.messageKindProperty().get()));
        assertEquals("", FxThread.call(() -> vm.nameProperty().get()), "the form is cleared for the next host");
        assertEquals(List.of("prod-a"), FxThread.call(() -> List.copyOf(vm.groups())));
        try (Project p = Project.open(dir.resolve("hosts.vhproj"))) {
            HostConfig saved = p.hosts().list().get(0);
            assertEquals("kvm-07", saved.name());
            assertEquals(2207, saved.port());
            assertEquals("VH_KVM_07_PASSWORD", saved.passwordEnv(), "only the variable's name is stored");
            assertEquals("ops@bastion:2222", saved.jump());
            assertEquals("prod-a", saved.hostGroup());
        }

        HostConfig h = FxThread.call(() -> vm.session().hosts().get(0));
        FxThread.run(() -> vm.edit(h));
        assertEquals("Host kvm-07", FxThread.call(() -> vm.formTitleProperty().get()));
        assertEquals(HostsViewModel.Auth.PASSWORD, FxThread.call(() -> vm.authProperty().get()));
        FxThread.run(() -> {
            vm.portProperty().set("twenty-two");
            vm.save();
        });
        assertEquals("The SSH port 'twenty-two' is not a number (usually 22).", FxThread.call(() -> vm.messageProperty().get()));
        assertEquals(HostsViewModel.MessageKind.ERROR, FxThread.call(() -> vm.messageKindProperty().get()));
        FxThread.run(() -> {
            vm.portProperty().set("22");
            vm.authProperty().set(HostsViewModel.Auth.KEY);
            vm.keyPathProperty().set(dir.resolve("no-such-key").toString());
            vm.save();
        });
        assertTrue(FxThread.call(() -> vm.messageProperty().get()).contains("does not exist or is not readable"));
        FxThread.run(() -> {
            vm.authProperty().set(HostsViewModel.Auth.AGENT);
            vm.userProperty().set("auditor");
            vm.save();
        });
        assertEquals("Saved kvm-07.", FxThread.call(() -> vm.messageProperty().get()));
        assertEquals("auditor", FxThread.call(() -> vm.session().hosts().get(0).user()));
        assertNull(FxThread.call(() -> vm.session().hosts().get(0).passwordEnv()));

        FxThread.run(() -> vm.remove(vm.session().hosts().get(0)));
        FxThread.waitFor(10, () -> vm.session().hosts().isEmpty());
        assertTrue(FxThread.call(() -> vm.messageProperty().get()).startsWith("Removed kvm-07."));
        try (Project p = Project.open(dir.resolve("hosts.vhproj"))) {
            assertTrue(p.hosts().list().isEmpty());
        }
    }

    @Test
    void anAnsibleInventoryIsPreviewedThenAddedAndAHostAlreadyThereIsNamed(@TempDir Path dir) throws Exception {
        HostsViewModel vm = open(dir, host("kvm01", "10.1.0.11", 22, null, null));
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, """
                [prod_a]
                kvm01 ansible_host=10.1.0.11 ansible_user=audit
                kvm02 ansible_host=10.1.0.12 ansible_user=audit ansible_port=2222
                """);
        List<org.virtharden.service.AnsibleInventoryImport.Result> seen = new CopyOnWriteArrayList<>();
        FxThread.run(() -> vm.importAnsible(inv, seen::add));
        FxThread.waitFor(10, () -> seen.size() == 1);
        List<HostConfig> found = seen.get(0).hosts();
        assertEquals(List.of("kvm01", "kvm02"), found.stream().map(HostConfig::name).toList());
        assertTrue(FxThread.call(() -> vm.exists("KVM01")), "names compare case-insensitively");
        FxThread.run(() -> vm.addAll(found));
        FxThread.waitFor(10, () -> vm.session().hosts().size() == 2);
        String msg = FxThread.call(() -> vm.messageProperty().get());
        assertTrue(msg.startsWith("Added 1 of 2 hosts. "), msg);
        HostConfig kvm02 = FxThread.call(() -> vm.session().hosts().stream().filter(h -> h.name().equals("kvm02"))
                .findFirst().orElseThrow());
        assertEquals(2222, kvm02.port());
        assertEquals("prod_a", kvm02.hostGroup());

        FxThread.run(() -> vm.importSshConfig(dir.resolve("no-ssh-config"), seen::add));
        assertTrue(FxThread.call(() -> vm.messageProperty().get()).startsWith("There is no readable "));
        assertEquals(1, seen.size(), "nothing to preview");
    }

    /** What the tools stage must say on this machine, found the way the probes' PATH finds them. */
    private static List<String> missingTools() {
        List<String> missing = new ArrayList<>();
        for (String t : ConnectionTestService.TOOLS) {
            boolean found = false;
            for (String d : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".split(":")) {
                found |= Files.isExecutable(Path.of(d, t));
            }
            if (!found) {
                missing.add(t);
            }
        }
        return missing;
    }

    @Test
    void testAllFillsTheTestColumnAndTheStagesOfTheHostInTheForm(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HostsViewModel vm = open(dir, host("self", HostTransportFactory.LOCAL, 22, null, null),
                host("gone", "127.0.0.1", closed, null, null));
        List<Result> each = new CopyOnWriteArrayList<>();
        FxThread.run(() -> vm.testAll(each::add));
        assertTrue(FxThread.call(() -> vm.session().jobCancelProperty().get() != null)
                || each.size() == 2, "the run shows in the status bar while it lasts");
        FxThread.waitFor(30, () -> !vm.testingProperty().get());
        assertEquals(2, each.size());
        HostConfig self = FxThread.call(() -> vm.session().hosts().stream().filter(h -> h.name().equals("self")).findFirst().orElseThrow());
        HostConfig gone = FxThread.call(() -> vm.session().hosts().stream().filter(h -> h.name().equals("gone")).findFirst().orElseThrow());
        Result local = FxThread.call(() -> vm.resultFor(self));
        assertEquals(State.NOT_USED, local.stage(Step.TCP).state());
        assertEquals(State.OK, local.stage(Step.LOGIN).state(), local::diagnostics);
        assertEquals(missingTools().isEmpty() ? "✓ OK" : "⚡ tools", FxThread.call(() -> vm.testLabel(self)), local::diagnostics);
        assertEquals("✕ TCP", FxThread.call(() -> vm.testLabel(gone)));
        String status = FxThread.call(() -> vm.session().statusProperty().get());
        assertEquals("Connection tests done: " + (missingTools().isEmpty() ? 1 : 0) + " of 2 hosts OK.", status);
        assertNull(FxThread.call(() -> vm.session().jobCancelProperty().get()), "nothing left to cancel");
        assertEquals(HostsViewModel.MessageKind.ERROR, FxThread.call(() -> vm.messageKindProperty().get()));

        assertNull(FxThread.call(() -> vm.shownResultProperty().get()), "no host in the form yet");
        FxThread.run(() -> vm.edit(gone));
        Result shown = FxThread.call(() -> vm.shownResultProperty().get());
        assertEquals("gone", shown.host());
        assertTrue(shown.diagnostics().contains("connection refused"), shown::diagnostics);
        assertTrue(shown.stage(Step.LOGIN).text().endsWith("not tested (an earlier stage failed)"));

        // testing one host again replaces its row only
        FxThread.run(() -> vm.test(List.of(gone), null));
        FxThread.waitFor(30, () -> !vm.testingProperty().get());
        assertTrue(FxThread.call(() -> vm.messageProperty().get()).startsWith("✕ gone: ✕ TCP: nothing listens on 127.0.0.1:"
                + closed + " (connection refused) Fix: "));
        assertTrue(FxThread.call(() -> vm.shownResultProperty().get()).at().isAfter(shown.at().minusMillis(1)));
        assertEquals(2, FxThread.call(() -> vm.results().size()));
    }

    @Test
    void cancellingFromTheStatusBarLeavesTheHostsNotStartedYetUntested(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("id_ed25519");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(kg.waitFor(10, TimeUnit.SECONDS) && kg.exitValue() == 0, "ssh-keygen");
        // a server that accepts TCP but never sends an SSH greeting: each test waits for its timeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closedNow) {
                    // the test is over
                }
            }, "silent-sshd");
            acceptor.setDaemon(true);
            acceptor.start();
            HostConfig[] hosts = new HostConfig[8];
            for (int i = 0; i < hosts.length; i++) {
                hosts[i] = host("h" + i, "127.0.0.1", silent.getLocalPort(), key.toString(), dir.resolve("kh"));
            }
            HostsViewModel vm = open(dir, hosts);
            FxThread.run(() -> vm.testAll(null));
            assertTrue(FxThread.call(() -> vm.testingProperty().get()));
            assertTrue(FxThread.call(() -> vm.session().statusProperty().get()).startsWith("Testing connections: 0/8"));
            FxThread.run(() -> vm.session().cancelJob());
            FxThread.waitFor(30, () -> !vm.testingProperty().get());
            List<Result> all = FxThread.call(() -> List.copyOf(vm.results().values()));
            assertEquals(8, all.size());
            long cancelled = all.stream().filter(r -> r.stages().stream()
                    .allMatch(s -> s.state() == State.NOT_TESTED && s.text().endsWith("(cancelled)"))).count();
            assertTrue(cancelled >= 8 - HostsViewModel.PARALLEL, "at most " + HostsViewModel.PARALLEL
                    + " hosts had started: " + all);
            assertTrue(all.stream().noneMatch(Result::ok));
            assertTrue(FxThread.call(() -> vm.session().statusProperty().get()).startsWith("Connection tests cancelled: 0 of 8"));
            held.forEach(s -> {
                try {
                    s.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            });
        }
    }
}
