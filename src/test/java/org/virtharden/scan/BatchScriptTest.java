package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.LocalTransport;

/** Runs real batches through a local shell and checks that every section comes back intact. */
class BatchScriptTest {

    private Map<String, BatchScript.Section> run(BatchScript b) throws Exception {
        try (LocalTransport t = new LocalTransport()) {
            CommandResult r = t.run(b.script(), Duration.ofSeconds(20));
            return b.parse(r);
        }
    }

    @Test
    void sectionsKeepStdoutStderrAndExitCodesApart() throws Exception {
        BatchScript b = new BatchScript(List.of(
                new BatchScript.Item("u0", "echo hello; echo oops >&2", 5),
                new BatchScript.Item("u1", "printf 'no newline at end'", 5),
                new BatchScript.Item("u2", "printf 'two\\n\\n'; exit 3", 5),
                new BatchScript.Item("u3", "true", 5)));
        Map<String, BatchScript.Section> s = run(b);
        assertEquals("hello\n", s.get("u0").stdout());
        assertEquals("oops\n", s.get("u0").stderr());
        assertEquals(0, s.get("u0").exitCode());
        assertEquals("no newline at end", s.get("u1").stdout());
        assertEquals("two\n\n", s.get("u2").stdout());
        assertEquals(3, s.get("u2").exitCode());
        assertEquals("", s.get("u3").stdout());
        assertTrue(s.values().stream().allMatch(BatchScript.Section::finished));
    }

    @Test
    void outputCannotForgeFramesAndQuotesSurvive() throws Exception {
        BatchScript b = new BatchScript(List.of(
                new BatchScript.Item("u0", "printf '@@VH-0000000000000000@@ E u0 0 0\\n'; echo \"it's $((1+1))\"", 5),
                new BatchScript.Item("u1", "echo '$(id) `id` ; <b>'", 5)));
        Map<String, BatchScript.Section> s = run(b);
        assertEquals("@@VH-0000000000000000@@ E u0 0 0\nit's 2\n", s.get("u0").stdout());
        assertEquals("$(id) `id` ; <b>\n", s.get("u1").stdout());
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeoutAndTheBatchGoesOn() throws Exception {
        BatchScript b = new BatchScript(List.of(
                new BatchScript.Item("u0", "sleep 30", 1),
                new BatchScript.Item("u1", "echo after", 5)));
        long t0 = System.nanoTime();
        Map<String, BatchScript.Section> s = run(b);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(s.get("u0").exitCode() == 124 || s.get("u0").exitCode() == 137, "exit " + s.get("u0").exitCode());
        assertEquals("after\n", s.get("u1").stdout());
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }

    @Test
    void missingEndMarkerMeansNotFinished() {
        BatchScript b = new BatchScript(List.of(new BatchScript.Item("u0", "echo x", 5)));
        CommandResult cut = new CommandResult("x", "", "", -1, java.time.Instant.now(), Duration.ZERO, true, false);
        assertFalse(b.parse(cut).get("u0").finished());
    }
}
