package org.virtharden.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalTransportTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void runsACommandAndKeepsStdoutStderrAndExitCodeApart() throws Exception {
        try (LocalTransport t = new LocalTransport()) {
            CommandResult r = t.run("echo out; echo err >&2; exit 7", T);
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertEquals(7, r.exitCode());
            assertFalse(r.timedOut());
            assertFalse(r.truncated());
            assertEquals("echo out; echo err >&2; exit 7", r.command());
            assertEquals(1, t.roundTrips());
            assertEquals("local", t.target());
        }
    }

    @Test
    void commandGetsNoStdin() throws Exception {
        try (LocalTransport t = new LocalTransport()) {
            CommandResult r = t.run("cat; echo done", T);
            assertEquals("done\n", r.stdout());
        }
    }

    @Test
    void hangingCommandIsKilledAtItsTimeout() throws Exception {
        String marker = "sleep 293.5";
        try (LocalTransport t = new LocalTransport()) {
            long t0 = System.nanoTime();
            CommandResult r = t.run(marker, Duration.ofSeconds(1));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(r.timedOut(), r.toString());
            assertTrue(CommandWrapper.isTimeoutExit(r.exitCode()) || r.exitCode() == -1, r.toString());
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
        boolean left = true;
        for (int i = 0; i < 20 && left; i++) {
            left = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker));
            if (left) {
                Thread.sleep(50);
            }
        }
        assertFalse(left, "the timed-out command is still running");
    }

    @Test
    void outputIsCappedAndNonUtf8Replaced() throws Exception {
        try (LocalTransport t = new LocalTransport(SudoMode.NONE, null, 1000)) {
            CommandResult big = t.run("head -c 50000 /dev/zero | tr '\\0' b", T);
            assertTrue(big.truncated());
            assertTrue(big.stdout().startsWith("b".repeat(1000) + "\n[virtharden: output truncated: kept 1000 of 50000 bytes]"),
                    big.stdout());
            CommandResult bad = t.run("printf '\\377\\376abc'", T);
            assertEquals("\uFFFD\uFFFDabc", bad.stdout());
        }
    }

    @Test
    void rootWithoutSudoGivesThePrivilegeMarkerUnlessAlreadyRoot() throws Exception {
        try (LocalTransport t = new LocalTransport()) {
            CommandResult r = t.run("id -u", true, T);
            if (r.exitCode() == 0) {
                assertEquals("0\n", r.stdout(), "only a root login may pass without sudo");
            } else {
                assertEquals(CommandWrapper.PRIVILEGE_EXIT, r.exitCode());
                assertTrue(r.stderr().contains(CommandWrapper.PRIVILEGE_MARKER));
            }
        }
    }
}
