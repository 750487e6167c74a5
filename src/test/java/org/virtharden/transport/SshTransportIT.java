package org.virtharden.transport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtharden.testhosts.ExecResult;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SshTransport against real OpenSSH servers in network namespaces (no mocks). Needs root; skips
 * elsewhere, fails in CI (see RealPeers).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshTransportIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String PW = "pw s3cret 'x\"";

    private static TestHosts hosts;
    private static Path keys;
    private static Path rsaKey;
    private static Path ecdsaKey;
    private static Path strangerKey;
    private static final String ECDSA_PASS = "ecdsa pass phrase";

    @BeforeAll
    static void startHosts() throws IOException {
        RealPeers.assume(TestHosts.namespacesAvailable(), "SshTransportIT needs root for network namespaces");
        keys = Files.createTempDirectory("vh-it-keys-");
        rsaKey = keygen("rsa", "-b", "2048", "-N", "", "-f", keys.resolve("id_rsa").toString());
        ecdsaKey = keygen("ecdsa", "-b", "256", "-N", ECDSA_PASS, "-f", keys.resolve("id_ecdsa").toString());
        strangerKey = keygen("ed25519", "-N", "", "-f", keys.resolve("stranger").toString());
        hosts = TestHosts.start(
                TestHostSpec.named("alpha").sudo("nopasswd", null)
                        .authorizedKey(Files.readString(Path.of(rsaKey + ".pub")).strip())
                        .authorizedKey(Files.readString(Path.of(ecdsaKey + ".pub")).strip()),
                TestHostSpec.named("pw").sudo("password", PW),
                TestHostSpec.named("nosudo").sudo("none", null),
                TestHostSpec.named("rot").sudo("password", PW)
                        .file("/etc/ssh/sshd_config.d/10-debug.conf", "LogLevel DEBUG1\n"),
                TestHostSpec.named("doomed").sudo("nopasswd", null),
                // a host whose timeout(1) ignores the limit, so only the local deadline can stop a command
                TestHostSpec.named("notimeout").override("/usr/bin/timeout",
                        "#!/bin/sh\n# stand-in that ignores the limit: drop options and duration, run the rest\n"
                                + "while [ $# -gt 0 ] && [ \"$1\" != sh ]; do shift; done\nexec \"$@\"\n"));
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
        if (keys != null) {
            deleteTree(keys);
        }
    }

    private static Path keygen(String type, String... args) {
        List<String> argv = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-C", "it-" + type));
        argv.addAll(List.of(args));
        ExecResult r = local(argv);
        assertEquals(0, r.exitCode(), r.stderr());
        return Path.of(argv.get(argv.indexOf("-f") + 1));
    }

    private static ExecResult local(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + argv);
            }
            return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes()),
                    new String(p.getErrorStream().readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SshTarget target(TestHost h, String user, Path key, char[] passphrase, char[] password,
            boolean agent, SudoMode sudo, char[] sudoPw, SshTarget.JumpHost jump, Path known, Duration timeout) {
        return new SshTarget(h == null ? "127.0.0.1" : h.address(), h == null ? 22 : h.port(), user, key, passphrase,
                password, agent, sudo, sudoPw, jump, known, timeout);
    }

    private static HostKeyVerifier failIfAsked() {
        return k -> fail("verifier must not be consulted, was asked about " + k.describe());
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void connectsWithEd25519KeyAndRunsACommand() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked())) {
            CommandResult r = t.run("id -u; hostname", T);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("4242\nalpha\n", r.stdout());
            assertFalse(r.timedOut());
            assertFalse(r.truncated());
            assertEquals("id -u; hostname", r.command());
            assertEquals(1, t.roundTrips());
            assertEquals("auditor@" + a.address() + ":22", t.target());
            assertTrue(t.isConnected());
        }
    }

    @Test
    void connectsWithRsaKey() throws Exception {
        TestHost a = hosts.get("alpha");
        SshTarget tg = target(a, "auditor", rsaKey, null, null, false, SudoMode.NONE, null, null, a.knownHosts(),
                Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
    }

    @Test
    void connectsWithPassphraseProtectedEcdsaKey() throws Exception {
        TestHost a = hosts.get("alpha");
        SshTarget tg = target(a, "auditor", ecdsaKey, ECDSA_PASS.toCharArray(), null, false, SudoMode.NONE, null, null,
                a.knownHosts(), Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
    }

    @Test
    void wrongPassphraseIsAnAuthFailureBeforeConnecting() {
        TestHost a = hosts.get("alpha");
        SshTarget tg = target(a, "auditor", ecdsaKey, "not it".toCharArray(), null, false, SudoMode.NONE, null, null,
                a.knownHosts(), Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        assertEquals(TransportException.Kind.AUTH_FAILED, e.kind());
        assertTrue(e.getMessage().contains("passphrase"), e.getMessage());
        assertFalse(e.getMessage().contains("not it"), "passphrase leaked: " + e.getMessage());
    }

    @Test
    void connectsWithPasswordOnly() throws Exception {
        TestHost pw = hosts.get("pw");
        SshTarget tg = target(pw, "auditor", null, null, PW.toCharArray(), false, SudoMode.NONE, null, null,
                pw.knownHosts(), Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            assertEquals("auditor\n", t.run("id -un", T).stdout());
        }
        assertTrue(pw.sshdLog().contains("Accepted password for auditor"), pw.sshdLog());
    }

    @Test
    void wrongPasswordIsAuthFailedWithoutThePasswordInTheMessage() {
        TestHost pw = hosts.get("pw");
        String wrong = "Wr0ng-Secret-42";
        SshTarget tg = target(pw, "auditor", null, null, wrong.toCharArray(), false, SudoMode.NONE, null, null,
                pw.knownHosts(), Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        assertEquals(TransportException.Kind.AUTH_FAILED, e.kind());
        assertFalse(e.getMessage().contains(wrong));
        assertTrue(e.getMessage().contains("check user, key file, agent or password")
                || e.getMessage().contains("Check user, key file, agent or password"), e.getMessage());
    }

    @Test
    void wrongKeyIsAuthFailed() {
        TestHost a = hosts.get("alpha");
        SshTarget tg = target(a, "auditor", strangerKey, null, null, false, SudoMode.NONE, null, null, a.knownHosts(),
                Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        assertEquals(TransportException.Kind.AUTH_FAILED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("auditor@" + a.address()), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), "no stack traces in messages");
    }

    @Test
    void authenticatesThroughSshAgent() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/ssh-agent")) && Files.isExecutable(Path.of("/usr/bin/ssh-add")),
                "ssh-agent/ssh-add missing (apt-get install openssh-client)");
        TestHost a = hosts.get("alpha");
        Path sock = keys.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-a", sock.toString(), "-D")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(sock) && System.nanoTime() < end && agent.isAlive()) {
                Thread.sleep(20);
            }
            RealPeers.assume(Files.exists(sock), "ssh-agent did not create its socket");
            ProcessBuilder add = new ProcessBuilder("ssh-add", a.privateKey().toString());
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process p = add.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "ssh-add hung");
            assertEquals(0, p.exitValue());
            SshTarget tg = target(a, "auditor", null, null, null, true, SudoMode.NONE, null, null, a.knownHosts(),
                    Duration.ofSeconds(5));
            try (SshTransport t = SshTransport.connect(tg, failIfAsked(), OutputCollector.DEFAULT_CAP, sock)) {
                assertEquals("4242\n", t.run("id -u", T).stdout());
            }
        } finally {
            agent.destroy();
            if (!agent.waitFor(3, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ host keys

    @Test
    void unknownHostKeyIsRejectedWithFingerprintAndKnownHostsUntouched() throws Exception {
        TestHost a = hosts.get("alpha");
        Path known = keys.resolve("unknown/known_hosts");
        Files.createDirectories(known.getParent());
        String before = "[other.example]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
        Files.writeString(known, before);
        List<HostKeyInfo> asked = new CopyOnWriteArrayList<>();
        SshTarget tg = target(a, "auditor", a.privateKey(), null, null, false, SudoMode.NONE, null, null, known,
                Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, k -> {
            asked.add(k);
            return false;
        }));
        assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains(a.hostKeyFingerprint()), e.getMessage());
        assertTrue(e.getMessage().contains("--trust-new-host-key"), e.getMessage());
        assertTrue(e.getMessage().contains("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"), e.getMessage());
        assertEquals(before, Files.readString(known));
        assertEquals(1, asked.size());
        assertEquals(new HostKeyInfo(a.address(), 22, "ssh-ed25519", a.hostKeyFingerprint()), asked.get(0));
    }

    @Test
    void missingKnownHostsFileIsCreatedPrivateAndStaysEmptyOnRejection() throws Exception {
        TestHost a = hosts.get("alpha");
        Path known = a.emptyKnownHosts();
        SshTarget tg = target(a, "auditor", a.privateKey(), null, null, false, SudoMode.NONE, null, null, known,
                Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class,
                () -> SshTransport.connect(tg, HostKeyVerifier.REJECT_NEW));
        assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, e.kind());
        assertEquals(0, Files.size(known));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(known)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(known.getParent())));
    }

    @Test
    void keyTrustedOnOperatorsWordIsSavedAndNotAskedAgain() throws Exception {
        TestHost a = hosts.get("alpha");
        Path known = keys.resolve("trust/known_hosts");
        List<HostKeyInfo> asked = new CopyOnWriteArrayList<>();
        SshTarget tg = target(a, "auditor", a.privateKey(), null, null, false, SudoMode.NONE, null, null, known,
                Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, k -> asked.add(k))) {
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
        assertEquals(1, asked.size());
        String saved = Files.readString(known);
        String pub = Files.readString(a.etcDir().resolve("ssh/ssh_host_ed25519_key.pub")).split("\\s+")[1];
        assertEquals(a.address() + " ssh-ed25519 " + pub + "\n", saved);
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
        assertEquals(saved, Files.readString(known), "second connect must not write again");
    }

    @Test
    void changedHostKeyIsRefusedBeforeAnyCredentialIsSent() throws Exception {
        TestHost rot = hosts.get("rot");
        Path known = keys.resolve("rot_known_hosts");
        Files.copy(rot.knownHosts(), known);
        SshTarget tg = target(rot, "auditor", null, null, PW.toCharArray(), false, SudoMode.NONE, null, null, known,
                Duration.ofSeconds(5));
        // positive control: with the right key the password login is visible in sshd's debug log
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
        assertTrue(rot.sshdLog().contains("userauth-request for user auditor"), "control: sshd must log auth requests");
        String oldFp = rot.hostKeyFingerprint();
        rot.rotateHostKey();
        String newFp = rot.hostKeyFingerprint();
        assertNotEquals(oldFp, newFp);
        int logMark = rot.sshdLog().length();
        byte[] knownBefore = Files.readAllBytes(known);
        AtomicInteger asked = new AtomicInteger();
        SshTarget again = target(rot, "auditor", null, null, PW.toCharArray(), false, SudoMode.NONE, null, null, known,
                Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(again, k -> {
            asked.incrementAndGet();
            return true;
        }));
        assertEquals(TransportException.Kind.CHANGED_HOST_KEY, e.kind());
        assertEquals(0, asked.get(), "a changed key must never be offered to the verifier");
        assertTrue(e.getMessage().contains(oldFp), e.getMessage());
        assertTrue(e.getMessage().contains(newFp), e.getMessage());
        assertTrue(e.getMessage().contains("man-in-the-middle"), e.getMessage());
        assertTrue(e.getMessage().contains("reinstall"), e.getMessage());
        assertArrayEquals(knownBefore, Files.readAllBytes(known));
        Thread.sleep(200); // let sshd flush its log for this connection
        String after = rot.sshdLog().substring(logMark);
        assertTrue(after.contains("Connection from") || after.contains("connection from"), "the attempt reached sshd: " + after);
        assertFalse(after.contains("userauth-request"), "no authentication request may reach sshd:\n" + after);
        assertFalse(after.contains("Failed password") || after.contains("Accepted"), after);
    }

    // ------------------------------------------------------------------ network failures

    @Test
    void closedPortIsConnectionRefusedQuickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SshTarget tg = new SshTarget("127.0.0.1", port, "auditor", hosts.get("alpha").privateKey(), null, null, false,
                SudoMode.NONE, null, null, keys.resolve("refused_known_hosts"), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(TransportException.Kind.CONNECTION_REFUSED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing listens on 127.0.0.1:" + port), e.getMessage());
        assertTrue(ms < 2000, "took " + ms + " ms");
    }

    @Test
    void silentServerIsNoBannerWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept()); // accept and say nothing
                    }
                } catch (IOException ignored) {
                    // closed
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            SshTarget tg = new SshTarget("127.0.0.1", silent.getLocalPort(), "auditor", hosts.get("alpha").privateKey(),
                    null, null, false, SudoMode.NONE, null, null, keys.resolve("silent_known_hosts"), Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(TransportException.Kind.NO_BANNER, e.kind(), e.getMessage());
            assertTrue(ms < 3000, "took " + ms + " ms");
            assertTrue(e.getMessage().contains("no SSH greeting"), e.getMessage());
            silent.close();
            acceptor.join(2000);
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void addressNobodyAnswersForIsUnreachable() throws Exception {
        // 10.250.N.3 is on the link into alpha's namespace but owned by nobody: ARP gets no answer, the
        // SYN never leaves this machine, and the connect times out
        TestHost a = hosts.get("alpha");
        String nobody = a.address().substring(0, a.address().lastIndexOf('.')) + ".3";
        SshTarget tg = new SshTarget(nobody, 22, "auditor", a.privateKey(), null, null, false, SudoMode.NONE, null,
                null, keys.resolve("nobody_known_hosts"), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(TransportException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(nobody + ":22 did not answer within 1 s"), e.getMessage());
        assertTrue(ms < 4000, "took " + ms + " ms");
    }

    /** A relay on 127.0.0.1 that drops the first {@code drops} connections, then forwards to the host. */
    @Test
    void droppedHandshakesAreRetried() throws Exception {
        TestHost a = hosts.get("alpha");
        AtomicInteger seen = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relay");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket relay = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            pool.submit(() -> {
                while (!relay.isClosed()) {
                    Socket c;
                    try {
                        c = relay.accept();
                    } catch (IOException e) {
                        return null;
                    }
                    if (seen.incrementAndGet() <= 2) {
                        c.setSoLinger(true, 0); // reset, like sshd's MaxStartups drop
                        c.close();
                        continue;
                    }
                    Socket up = new Socket();
                    up.connect(new InetSocketAddress(a.address(), 22), 2000);
                    pool.submit(() -> pump(c.getInputStream(), up.getOutputStream(), c, up));
                    pool.submit(() -> pump(up.getInputStream(), c.getOutputStream(), c, up));
                }
                return null;
            });
            Path known = keys.resolve("relay_known_hosts");
            String pub = Files.readString(a.etcDir().resolve("ssh/ssh_host_ed25519_key.pub")).split("\\s+")[1];
            Files.writeString(known, "[127.0.0.1]:" + relay.getLocalPort() + " ssh-ed25519 " + pub + "\n");
            SshTarget tg = new SshTarget("127.0.0.1", relay.getLocalPort(), "auditor", a.privateKey(), null, null, false,
                    SudoMode.NONE, null, null, known, Duration.ofSeconds(5));
            try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
                assertEquals("ok\n", t.run("echo ok", T).stdout());
            }
            assertEquals(3, seen.get(), "two dropped handshakes, third attempt succeeds");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            try {
                a.close();
                b.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ commands

    @Test
    void hangingCommandTimesOutAndLeavesNothingRunning() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked())) {
            long t0 = System.nanoTime();
            CommandResult r = t.run("sleep 300", Duration.ofSeconds(2));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(r.timedOut(), r.toString());
            assertTrue(ms < 7000 + 1000, "returned after " + ms + " ms");
            ExecResult p = null;
            for (int i = 0; i < 20; i++) { // bounded: up to 2 s for the kernel to reap
                p = a.exec("pgrep -f 'sleep 30[0]'"); // the bracket keeps pgrep's own sh -c from matching
                if (p.exitCode() == 1) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(1, p.exitCode(), "still running inside the host: " + p.stdout());
        }
    }

    @Test
    void whenTheRemoteTimeoutFailsTheLocalDeadlineKillsTheCommand() throws Exception {
        TestHost h = hosts.get("notimeout");
        try (SshTransport t = SshTransport.connect(h.target("auditor", SudoMode.NONE), failIfAsked())) {
            long t0 = System.nanoTime();
            CommandResult r = t.run("sleep 300", Duration.ofSeconds(1));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(r.timedOut(), r.toString());
            assertEquals(-1, r.exitCode());
            assertTrue(ms >= 5500 && ms < 9000, "local deadline is timeout + 5 s, took " + ms + " ms");
            ExecResult p = null;
            for (int i = 0; i < 20; i++) {
                p = h.exec("pgrep -f 'sleep 30[0]'");
                if (p.exitCode() == 1) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(1, p.exitCode(), "the KILL signal should have ended it: " + p.stdout());
            assertEquals("ok\n", t.run("echo ok", T).stdout(), "the session survives a killed channel");
        }
    }

    @Test
    void outputOverTheCapIsTruncatedVisiblyAndTheCallReturns() throws Exception {
        TestHost a = hosts.get("alpha");
        int cap = 1024 * 1024;
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked(), cap)) {
            CommandResult r = t.run("head -c 20000000 /dev/zero | tr '\\0' a", Duration.ofSeconds(30));
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.truncated());
            assertFalse(r.timedOut());
            assertTrue(r.stdout().startsWith("aaaa"));
            assertTrue(r.stdout().contains("[virtharden: output truncated: kept 1048576 of 20000000 bytes]"),
                    r.stdout().substring(Math.max(0, r.stdout().length() - 200)));
            assertTrue(r.stdout().length() < cap + 200);
            // the session still works afterwards
            assertEquals("ok\n", t.run("echo ok", T).stdout());
        }
    }

    @Test
    void nonUtf8OutputIsDecodedWithReplacementCharacters() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked())) {
            CommandResult r = t.run("printf '\\377\\376abc'; printf '\\377x' >&2", T);
            assertEquals("\uFFFD\uFFFDabc", r.stdout());
            assertEquals("\uFFFDx", r.stderr());
        }
    }

    @Test
    void exitCodesAndStderrAreKeptApart() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked())) {
            CommandResult r = t.run("echo out; echo err >&2; exit 3", T);
            assertEquals(3, r.exitCode());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertFalse(r.timedOut());
            CommandResult q = t.run("echo \"'$HOME'\"", T);
            assertEquals("'/home/auditor'\n", q.stdout());
        }
    }

    // ------------------------------------------------------------------ sudo

    @Test
    void sudoNoneGivesThePrivilegeMarker() throws Exception {
        TestHost h = hosts.get("nosudo");
        try (SshTransport t = SshTransport.connect(h.target("auditor", SudoMode.NONE), failIfAsked())) {
            CommandResult r = t.run("id -u", true, T);
            assertEquals(CommandWrapper.PRIVILEGE_EXIT, r.exitCode());
            assertTrue(r.stderr().contains(CommandWrapper.PRIVILEGE_MARKER), r.stderr());
            assertEquals("", r.stdout());
            assertEquals("4242\n", t.run("id -u", false, T).stdout());
        }
    }

    @Test
    void sudoNopasswdRunsAsRoot() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NOPASSWD), failIfAsked())) {
            CommandResult r = t.run("id -u", true, T);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("0\n", r.stdout());
            assertEquals("4242\n", t.run("id -u", false, T).stdout());
        }
    }

    @Test
    void rootLoginNeedsNoSudo() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("root", SudoMode.NONE), failIfAsked())) {
            assertEquals("0\n", t.run("id -u", true, T).stdout());
        }
    }

    @Test
    void sudoPasswordRunsAsRoot() throws Exception {
        TestHost h = hosts.get("pw");
        try (SshTransport t = SshTransport.connect(h.target("auditor", SudoMode.PASSWORD), failIfAsked())) {
            CommandResult r = t.run("id -u", true, T);
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("0\n", r.stdout());
        }
        // the login password serves as sudo password when none is given separately
        SshTarget loginOnly = target(h, "auditor", null, null, PW.toCharArray(), false, SudoMode.PASSWORD, null, null,
                h.knownHosts(), Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(loginOnly, failIfAsked())) {
            assertEquals("0\n", t.run("id -u", true, T).stdout());
        }
    }

    @Test
    void wrongSudoPasswordFailsFastWithStderr() throws Exception {
        TestHost h = hosts.get("pw");
        SshTarget tg = target(h, "auditor", h.privateKey(), null, null, false, SudoMode.PASSWORD,
                "definitely-wrong".toCharArray(), null, h.knownHosts(), Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, failIfAsked())) {
            long t0 = System.nanoTime();
            CommandResult r = t.run("id -u", true, T);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertNotEquals(0, r.exitCode());
            assertFalse(r.timedOut());
            assertFalse(r.stderr().isBlank());
            assertFalse(r.stderr().contains("definitely-wrong"));
            assertEquals("", r.stdout());
            assertTrue(ms < 8000, "took " + ms + " ms");
        }
    }

    // ------------------------------------------------------------------ jump host

    @Test
    void jumpHostReachesATargetOnlyItCanSee() throws Exception {
        TestHost a = hosts.get("alpha");
        Path known = keys.resolve("jump_known_hosts");
        Files.copy(a.knownHosts(), known);
        List<HostKeyInfo> asked = new CopyOnWriteArrayList<>();
        SshTarget tg = new SshTarget("127.0.0.1", 22, "auditor", a.privateKey(), null, null, false, SudoMode.NOPASSWD,
                null, new SshTarget.JumpHost("auditor", a.address(), 22), known, Duration.ofSeconds(5));
        try (SshTransport t = SshTransport.connect(tg, k -> asked.add(k))) {
            CommandResult r = t.run("hostname; echo $SSH_CONNECTION", T);
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().startsWith("alpha\n127.0.0.1 "), r.stdout());
            assertEquals("0\n", t.run("id -u", true, T).stdout());
            assertEquals("auditor@127.0.0.1:22", t.target());
        }
        assertEquals(1, asked.size(), "only the target behind the jump was new: " + asked);
        assertEquals("127.0.0.1", asked.get(0).host());
        assertEquals(a.hostKeyFingerprint(), asked.get(0).fingerprint());
        assertTrue(Files.readString(known).contains("\n127.0.0.1 ssh-ed25519 "));
    }

    @Test
    void jumpHostKeyIsCheckedToo() throws Exception {
        TestHost a = hosts.get("alpha");
        List<HostKeyInfo> asked = new CopyOnWriteArrayList<>();
        SshTarget tg = new SshTarget("127.0.0.1", 22, "auditor", a.privateKey(), null, null, false, SudoMode.NONE,
                null, new SshTarget.JumpHost("auditor", a.address(), 22), keys.resolve("jump2/known_hosts"),
                Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, k -> {
            asked.add(k);
            return false;
        }));
        assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("jump host"), e.getMessage());
        assertEquals(1, asked.size());
        assertEquals(a.address(), asked.get(0).host());
    }

    @Test
    void jumpHostThatCannotReachTheTargetSaysSo() throws Exception {
        TestHost a = hosts.get("alpha");
        SshTarget tg = new SshTarget("127.0.0.1", 2, "auditor", a.privateKey(), null, null, false, SudoMode.NONE,
                null, new SshTarget.JumpHost("auditor", a.address(), 22), a.knownHosts(), Duration.ofSeconds(5));
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        assertEquals(TransportException.Kind.CONNECTION_REFUSED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("jump host"), e.getMessage());
    }

    @Test
    void silentTargetBehindAJumpHostIsNoBannerNotAHang() throws Exception {
        TestHost a = hosts.get("alpha");
        RealPeers.assume(a.exec("command -v perl").exitCode() == 0, "perl (perl-base) is needed for a silent listener");
        // a listener inside alpha that accepts and never speaks; it dies with the host
        ExecResult started = a.exec("setsid perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalAddr => "
                + "\"127.0.0.1\", LocalPort => 2299, Listen => 5, ReuseAddr => 1) or die; "
                + "while ($c = $s->accept) { push @keep, $c }' </dev/null >/dev/null 2>&1 & "
                + "for i in $(seq 50); do ss -ltn | grep -q '127.0.0.1:2299 ' && exit 0; sleep 0.05; done; exit 1");
        assertEquals(0, started.exitCode(), "silent listener did not start: " + started.stderr());
        SshTarget tg = new SshTarget("127.0.0.1", 2299, "auditor", a.privateKey(), null, null, false, SudoMode.NONE,
                null, new SshTarget.JumpHost("auditor", a.address(), 22), a.knownHosts(), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(tg, failIfAsked()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(TransportException.Kind.NO_BANNER, e.kind(), e.getMessage());
        assertTrue(ms < 4000, "took " + ms + " ms");
        a.exec("pkill -f 'LocalPort => 2299'");
    }

    // ------------------------------------------------------------------ concurrency and failure

    @Test
    void eightThreadsShareOneSession() throws Exception {
        TestHost a = hosts.get("alpha");
        try (SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<String>>> fs = new ArrayList<>();
                for (int th = 0; th < 8; th++) {
                    int id = th;
                    fs.add(pool.submit(() -> {
                        List<String> bad = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            String want = id + "-" + i;
                            CommandResult r = t.run("echo " + want + "; echo e" + want + " >&2", T);
                            if (r.exitCode() != 0 || !r.stdout().equals(want + "\n") || !r.stderr().equals("e" + want + "\n")) {
                                bad.add(want + " -> " + r);
                            }
                        }
                        return bad;
                    }));
                }
                for (Future<List<String>> f : fs) {
                    assertEquals(List.of(), f.get(40, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(80, t.roundTrips());
        }
    }

    @Test
    void sshdKilledMidRunGivesDisconnectedNotAHang() throws Exception {
        TestHost d = hosts.get("doomed");
        SshTransport t = SshTransport.connect(d.target("auditor", SudoMode.NONE), failIfAsked());
        try {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                Future<Object> f = one.submit(() -> {
                    try {
                        return t.run("sleep 30", Duration.ofSeconds(40));
                    } catch (TransportException e) {
                        return e;
                    }
                });
                Thread.sleep(500);
                long t0 = System.nanoTime();
                d.killSshd();
                Object outcome = f.get(15, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (outcome instanceof TransportException e) {
                    assertEquals(TransportException.Kind.DISCONNECTED, e.kind(), e.getMessage());
                } else {
                    CommandResult r = (CommandResult) outcome;
                    assertNotEquals(0, r.exitCode(), "a killed host cannot report success: " + r);
                }
                assertTrue(ms < 15000, "took " + ms + " ms");
            } finally {
                one.shutdownNow();
            }
            TransportException after = assertThrows(TransportException.class, () -> t.run("true", T));
            assertEquals(TransportException.Kind.DISCONNECTED, after.kind());
            assertFalse(t.isConnected());
        } finally {
            t.close();
        }
    }

    @Test
    void closeIsIdempotentAndRunAfterCloseFails() throws Exception {
        TestHost a = hosts.get("alpha");
        SshTransport t = SshTransport.connect(a.target("auditor", SudoMode.NONE), failIfAsked());
        t.close();
        t.close();
        TransportException e = assertThrows(TransportException.class, () -> t.run("true", T));
        assertEquals(TransportException.Kind.DISCONNECTED, e.kind());
    }

    @Test
    void loopbackHostWorksToo() throws Exception {
        try (TestHosts loop = TestHosts.startLoopback()) {
            TestHost h = loop.hosts().get(0);
            try (SshTransport t = SshTransport.connect(h.target(h.user(), SudoMode.NONE), failIfAsked())) {
                CommandResult r = t.run("id -un", T);
                assertEquals(h.user() + "\n", r.stdout());
            }
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
