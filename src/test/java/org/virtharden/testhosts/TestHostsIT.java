package org.virtharden.testhosts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.SshTransport;
import org.virtharden.transport.SudoMode;
import org.virtharden.transport.TransportException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test-host harness itself: what other packages' tests rely on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestHostsIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void hostFromResourcesHasItsFilesOverridesStandInsAndPolicy() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "needs root for network namespaces");
        Path etcDir;
        Path base;
        long pid;
        try (TestHosts th = TestHosts.start(
                TestHostSpec.named("sample").fromResources("hosts/sample")
                        .file("/etc/libvirt/qemu.conf", "security_driver = \"apparmor\"\n")
                        .override("/proc/sys/net/ipv4/ip_forward", "1\n")
                        .standIn("virt-host-validate", "#!/bin/sh\necho 'QEMU: Checking for hardware virtualization : PASS'\n")
                        .authorizedKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl extra"),
                TestHostSpec.named("plain"))) {
            TestHost h = th.get("sample");
            TestHost plain = th.get("plain");
            assertEquals(List.of("sample", "plain"), th.hosts().stream().map(TestHost::name).toList());
            assertNotEquals(h.address(), plain.address());
            assertTrue(h.address().matches("10\\.250\\.\\d+\\.2"), h.address());
            assertEquals(22, h.port());
            assertEquals("auditor", h.user());
            etcDir = h.etcDir();
            base = etcDir.getParent().getParent();
            pid = h.sshdPid;

            assertEquals("sample\n", h.exec("hostname").stdout());
            assertEquals("2\n", h.exec("cat /proc/sys/kernel/kptr_restrict").stdout());
            assertEquals("1\n", h.exec("cat /proc/sys/net/ipv4/ip_forward").stdout());
            assertTrue(h.exec("cat /etc/os-release").stdout().contains("Sample KVM host"));
            assertEquals("security_driver = \"apparmor\"\n", Files.readString(etcDir.resolve("libvirt/qemu.conf")));
            assertEquals("stand-in virsh list --all\n", h.exec("virsh list --all").stdout());
            assertTrue(h.exec("/usr/local/sbin/virt-host-validate").stdout().contains("PASS"));
            assertEquals("4242\n", h.exec("id -u auditor").stdout());
            assertEquals("/home/auditor\n", h.exec("getent passwd auditor | cut -d: -f6").stdout());
            String sshdT = h.exec("sshd -T -f /etc/ssh/sshd_config").stdout();
            assertTrue(sshdT.contains("permitrootlogin no"), sshdT);
            assertTrue(sshdT.contains("maxauthtries 3"), sshdT);
            assertTrue(h.exec("cat /home/auditor/.ssh/authorized_keys").stdout().contains(" extra"));
            // only the namespace's own processes are visible; sshd is PID 1
            assertEquals("1\n", h.exec("pgrep -x sshd | head -1").stdout());
            assertTrue(h.exec("ip -4 -o addr show dev eth0").stdout().contains(h.address() + "/24"));
            // the plain host has none of it
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/kptr_restrict")).strip(),
                    plain.exec("cat /proc/sys/kernel/kptr_restrict").stdout().strip());
            assertEquals("0\n", plain.exec("cat /proc/sys/net/ipv4/ip_forward").stdout());
            assertFalse(plain.exec("virsh list 2>&1").stdout().contains("stand-in"));

            try (SshTransport t = SshTransport.connect(h.target("auditor", SudoMode.NOPASSWD), HostKeyVerifier.REJECT_NEW)) {
                CommandResult r = t.run("cat /proc/sys/kernel/kptr_restrict; virsh version", true, T);
                assertEquals("2\nstand-in virsh version\n", r.stdout(), r.stderr());
            }
            TransportException root = assertThrows(TransportException.class,
                    () -> SshTransport.connect(h.target("root", SudoMode.NONE), HostKeyVerifier.REJECT_NEW));
            assertEquals(TransportException.Kind.AUTH_FAILED, root.kind());
            try (SshTransport t = SshTransport.connect(plain.target("root", SudoMode.NONE), HostKeyVerifier.REJECT_NEW)) {
                assertEquals("0\n", t.run("id -u", T).stdout());
            }
            assertTrue(Files.exists(h.knownHosts()));
            assertFalse(Files.exists(h.emptyKnownHosts()));
            assertTrue(h.hostKeyFingerprint().startsWith("SHA256:"));
            assertEquals(43 + 7, h.hostKeyFingerprint().length());

            th.close();
            th.close(); // idempotent
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && !TestHost.zombie(pid), "sshd still running after close");
        }
        assertFalse(Files.exists(base), "temp dir left behind: " + base);
    }

    @Test
    void sudoPasswordHostHasAHashedPasswordAndSudoPolicy() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "needs root for network namespaces");
        try (TestHosts th = TestHosts.start(TestHostSpec.named("pwd").sudo("password", "sekrit"),
                TestHostSpec.named("nopw").sudo("nopasswd", null))) {
            TestHost h = th.get("pwd");
            assertEquals("sekrit", h.password());
            String shadow = Files.readString(h.etcDir().resolve("shadow"));
            assertTrue(shadow.contains("\nauditor:$6$"), "sha-512 crypt hash expected");
            assertFalse(shadow.contains("sekrit"));
            assertEquals("auditor ALL=(ALL) ALL", Files.readAllLines(h.etcDir().resolve("sudoers")).get(7));
            assertEquals("r--r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(h.etcDir().resolve("sudoers"))));
            assertTrue(Files.readString(th.get("nopw").etcDir().resolve("sudoers"))
                    .contains("auditor ALL=(ALL) NOPASSWD: ALL"));
            assertEquals(0, h.exec("visudo -c -q -f /etc/sudoers").exitCode());
        }
    }

    @Test
    void killedHostVanishesAndCloseStillCleansUp() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "needs root for network namespaces");
        try (TestHosts th = TestHosts.start(TestHostSpec.named("gone"))) {
            TestHost h = th.get("gone");
            String link = "vh" + h.address().split("\\.")[2];
            assertTrue(Files.exists(Path.of("/sys/class/net/" + link)));
            h.killSshd();
            assertFalse(h.alive());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (Files.exists(Path.of("/sys/class/net/" + link)) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(Path.of("/sys/class/net/" + link)), "veth should go with the namespace");
        }
    }

    @Test
    void slotLeftByAKilledJvmIsCleanedWhenTakenAgain() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "needs root for network namespaces");
        TestHosts.Slot probe = TestHosts.Slot.acquire();
        int n = probe.n;
        probe.release();
        // what a SIGKILLed JVM leaves: the link still there, an info file, no lock holder
        String stalePeer = "vh" + n + "p";
        ExecResult made = Cmd.run(List.of("ip", "link", "add", "vh" + n, "type", "veth", "peer", "name", stalePeer),
                Duration.ofSeconds(5));
        assertEquals(0, made.exitCode(), made.stderr());
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "virtharden-testhosts", n + ".info"),
                "pid=999999999\ndir=/nonexistent/vh-hosts-stale/x\n");
        try (TestHosts th = TestHosts.start(TestHostSpec.named("reuse"))) {
            assertEquals("reuse\n", th.get("reuse").exec("hostname").stdout());
            // whoever took slot n (this JVM, or another one meanwhile) removed the stale pair
            assertFalse(Files.exists(Path.of("/sys/class/net/" + stalePeer)), "stale link vh" + n + " still there");
        } finally {
            if (Files.exists(Path.of("/sys/class/net/" + stalePeer))) {
                Cmd.run(List.of("ip", "link", "del", stalePeer), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void rotatedHostKeyChangesTheFingerprint() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "needs root for network namespaces");
        try (TestHosts th = TestHosts.start(TestHostSpec.named("rotor"))) {
            TestHost h = th.get("rotor");
            String before = h.hostKeyFingerprint();
            h.rotateHostKey();
            assertNotEquals(before, h.hostKeyFingerprint());
            String scanned = h.exec("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub").stdout();
            assertTrue(scanned.contains(h.hostKeyFingerprint()), scanned);
        }
    }

    @Test
    void specRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("Bad Name"));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").file("/var/x", "y"));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").file("/etc/../root/x", "y"));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").sudo("sometimes", null));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").sudo("password", null));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").standIn("../evil", "x"));
        assertThrows(IllegalArgumentException.class, () -> TestHostSpec.named("x").fromResources("hosts/nope"));
    }
}
