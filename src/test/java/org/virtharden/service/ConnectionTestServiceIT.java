package org.virtharden.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.model.HostConfig;
import org.virtharden.service.ConnectionTestService.Result;
import org.virtharden.service.ConnectionTestService.State;
import org.virtharden.service.ConnectionTestService.Step;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.SudoMode;

/** The staged connection test against real sshd test hosts, one failure per stage. */
class ConnectionTestServiceIT {
    private static final String COLLECTOR_RULE = "auditor ALL=(root) NOPASSWD: " + SudoMode.COLLECTOR_PATH;
    private static TestHosts hosts;

    @BeforeAll
    static void start() {
        RealPeers.assume(TestHosts.namespacesAvailable(), "ConnectionTestServiceIT needs root for network namespaces");
        hosts = TestHosts.start(
                // the good host's narrow rule: only `sudo -n timeout …`, exactly what the scan runs
                TestHostSpec.named("good").sudo("nopasswd", null).sudoRule("auditor ALL=(root) NOPASSWD: /usr/bin/timeout"),
                TestHostSpec.named("nosudo").sudo("nopasswd", null).sudoRule("auditor ALL=(root) NOPASSWD: /usr/bin/id"),
                TestHostSpec.named("coll").standIn("virtharden-collect", "#!/bin/sh\necho '@@VHC test'\n")
                        .sudoRule(COLLECTOR_RULE),
                TestHostSpec.named("rot").sudo("none", null));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static HostConfig config(TestHost h, String sudo, String key, Path knownHosts) {
        return new HostConfig(0, h.name(), h.address(), h.port(), h.user(), key, null, sudo, null, knownHosts.toString(),
                null, null);
    }

    private static HostConfig config(TestHost h, String sudo) {
        return config(h, sudo, h.privateKey().toString(), h.knownHosts());
    }

    private static ConnectionTestService service() {
        return new ConnectionTestService(h -> null, HostTransportFactory.userKnownHosts(), Duration.ofSeconds(5));
    }

    private static void assertStages(Result r, State... expected) {
        List<State> got = r.stages().stream().map(s -> s.state()).toList();
        assertEquals(List.of(expected), got, r::diagnostics);
    }

    @Test
    void aGoodHostPassesEveryStage() {
        Result r = service().test(config(hosts.get("good"), "nopasswd"), HostKeyVerifier.REJECT_NEW);
        assertStages(r, State.OK, State.OK, State.OK, State.OK, State.OK);
        assertTrue(r.ok());
        assertEquals("✓ OK", r.shortLabel());
        assertTrue(r.stage(Step.TCP).text().matches("TCP reachable \\(\\d+ ms\\)"), r.stage(Step.TCP).text());
        assertTrue(r.stage(Step.HOST_KEY).text().startsWith("Host key matches the trusted key"));
        assertTrue(r.stage(Step.LOGIN).text().startsWith("Logged in as " + hosts.get("good").user() + " (publickey"));
        assertTrue(r.stage(Step.TOOLS).text().startsWith("Tools present: virsh, ip"), r::diagnostics);
    }

    @Test
    void aNewKeyIsAskedAboutAndTrustedOnlyOnTheOperatorsWord() throws Exception {
        TestHost h = hosts.get("good");
        Path known = h.emptyKnownHosts();
        HostConfig c = config(h, "nopasswd", h.privateKey().toString(), known);
        Result refused = service().test(c, k -> false);
        assertStages(refused, State.OK, State.FAIL, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED);
        assertTrue(refused.stage(Step.HOST_KEY).text().contains(h.hostKeyFingerprint()), refused::diagnostics);
        assertTrue(refused.stage(Step.SUDO).text().endsWith("not tested (an earlier stage failed)"));
        AtomicInteger asked = new AtomicInteger();
        Result trusted = service().test(c, k -> asked.incrementAndGet() > 0);
        assertEquals(1, asked.get());
        assertStages(trusted, State.OK, State.OK, State.OK, State.OK, State.OK);
        assertTrue(trusted.stage(Step.HOST_KEY).text().contains("New host key trusted on your word"));
        assertTrue(Files.readString(known).contains("ssh-ed25519"));
    }

    @Test
    void aWrongKeyFailsTheLoginAndLeavesTheLaterStagesUntested(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen");
        TestHost h = hosts.get("good");
        Result r = service().test(config(h, "nopasswd", other.toString(), h.knownHosts()), HostKeyVerifier.REJECT_NEW);
        assertStages(r, State.OK, State.OK, State.FAIL, State.NOT_TESTED, State.NOT_TESTED);
        assertEquals("✕ auth", r.shortLabel());
        assertTrue(r.stage(Step.LOGIN).text().contains("was refused"), r::diagnostics);
        assertTrue(r.diagnostics().contains("Fix: Check the user"), r::diagnostics);
    }

    @Test
    void aClosedPortFailsTcp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HostConfig c = new HostConfig(0, "closed", "127.0.0.1", port, "audit", null, null, "none", null, null, null, null);
        Result r = service().test(c, HostKeyVerifier.REJECT_NEW);
        assertStages(r, State.FAIL, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED);
        assertTrue(r.stage(Step.TCP).text().contains("connection refused"), r::diagnostics);
        assertEquals("✕ TCP", r.shortLabel());
    }

    @Test
    void aRefusedSudoWarnsWithItsFixAndToolsAreStillTested() {
        Result r = service().test(config(hosts.get("nosudo"), "nopasswd"), HostKeyVerifier.REJECT_NEW);
        assertStages(r, State.OK, State.OK, State.OK, State.WARN, State.OK);
        assertEquals("⚡ sudo", r.shortLabel());
        assertTrue(r.stage(Step.SUDO).text().contains("No checks that need root will run"), r::diagnostics);
        assertTrue(r.stage(Step.SUDO).hint().contains("docs/sudoers.md"));
        Result none = service().test(config(hosts.get("nosudo"), "none"), HostKeyVerifier.REJECT_NEW);
        assertStages(none, State.OK, State.OK, State.OK, State.NOT_USED, State.OK);
    }

    @Test
    void theCollectorModeChecksThatSudoAllowsTheInstalledCollector() {
        Result ok = service().test(config(hosts.get("coll"), "collector"), HostKeyVerifier.REJECT_NEW);
        assertStages(ok, State.OK, State.OK, State.OK, State.OK, State.OK);
        assertTrue(ok.stage(Step.SUDO).text().startsWith("collector: installed"), ok::diagnostics);
        Result narrow = service().test(config(hosts.get("nosudo"), "collector"), HostKeyVerifier.REJECT_NEW);
        assertEquals(State.WARN, narrow.stage(Step.SUDO).state(), narrow::diagnostics);
    }

    @Test
    void aChangedHostKeyIsRefusedAndNeverAskedAbout() throws Exception {
        TestHost h = hosts.get("rot");
        HostConfig c = config(h, "none");
        byte[] before = Files.readAllBytes(h.knownHosts());
        assertTrue(service().test(c, HostKeyVerifier.REJECT_NEW).ok());
        h.rotateHostKey();
        AtomicInteger asked = new AtomicInteger();
        Result r = service().test(c, k -> asked.incrementAndGet() > 0);
        assertStages(r, State.OK, State.FAIL, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED);
        assertTrue(r.changedKey());
        assertEquals("✕ CHANGED", r.shortLabel());
        assertEquals(0, asked.get(), "a changed key never reaches the operator");
        assertTrue(r.diagnostics().contains("man-in-the-middle"), r::diagnostics);
        assertArrayEquals(before, Files.readAllBytes(h.knownHosts()));
        assertFalse(r.stage(Step.LOGIN).state().problem());
    }

    @Test
    void throughAJumpHostTcpIsTheJumpsPortAndAClosedPortBehindItFailsTcp(@TempDir Path dir) throws Exception {
        TestHost j = hosts.get("good");
        Path known = dir.resolve("known_hosts");
        Files.copy(j.knownHosts(), known);
        String jump = j.user() + "@" + j.address() + ":" + j.port();
        HostConfig behind = new HostConfig(0, "behind", "127.0.0.1", 22, j.user(), j.privateKey().toString(), null,
                "nopasswd", jump, known.toString(), null, null);
        AtomicInteger asked = new AtomicInteger();
        Result r = service().test(behind, k -> asked.incrementAndGet() > 0);
        assertStages(r, State.OK, State.OK, State.OK, State.OK, State.OK);
        assertTrue(r.stage(Step.TCP).text().startsWith("TCP reachable: jump host " + j.address() + ":" + j.port() + " ("),
                r::diagnostics);
        assertEquals(1, asked.get(), "only the host behind the jump host was new");
        assertTrue(r.stage(Step.HOST_KEY).text().startsWith("New host key trusted on your word"), r::diagnostics);

        HostConfig closed = new HostConfig(0, "closed", "127.0.0.1", 2, j.user(), j.privateKey().toString(), null,
                "nopasswd", jump, known.toString(), null, null);
        Result c = service().test(closed, HostKeyVerifier.REJECT_NEW);
        assertStages(c, State.FAIL, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED, State.NOT_TESTED);
        assertTrue(c.stage(Step.TCP).hint().contains("as seen from the jump host"), c::diagnostics);
    }
}
