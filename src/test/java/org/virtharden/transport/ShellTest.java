package org.virtharden.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellTest {

    /** Runs {@code sh -c 'printf %s ARG'} with ARG quoted by Shell.quote and returns what sh printed. */
    private static String roundTrip(String s) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "printf %s " + Shell.quote(s)).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "sh hung");
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "'", "''", "a'b", "'\\''", "$(id)", "`id`", "; rm -rf / #", "a && b || c",
            "$HOME", "${IFS}", "\"double\"", "back\\slash", "*", "~root", "-n", "--", "%s%d%%", "!event", "{a,b}",
            "tab\there", "new\nline", "trailing\n", "\r\n", "äöü € 日本", "a b  c", "|&;<>()", "#comment", "'$(echo pwned)'"})
    void hostileStringsSurviveTheShellUnchanged(String s) throws Exception {
        assertEquals(s, roundTrip(s));
    }

    @Test
    void longStringWithEveryAsciiCharacterSurvives() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int rep = 0; rep < 20; rep++) {
            for (char c = 1; c < 128; c++) {
                b.append(c);
            }
        }
        assertEquals(b.toString(), roundTrip(b.toString()));
    }

    @Test
    void quotedOutputIsOneSingleQuotedWord() {
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''", Shell.quote(""));
    }

    @Test
    void nulIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
    }
}
