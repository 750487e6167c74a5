package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static Condition cond(String type, String key) {
        return new Condition(type, key, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Condition with(Condition c, List<String> in, List<String> notIn, String eq, Double min, Double max, String pattern,
            Boolean forbid, List<String> forbidTokens, List<Integer> codes, String dflt, String absent, String level) {
        return new Condition(c.type(), c.key(), c.name(), in, notIn, eq, min, max, pattern, forbid, forbidTokens, codes, dflt, absent,
                level, c.message(), c.xpath());
    }

    private static EvaluationContext ctx(Map<String, String> facts) {
        ProbeData data = new ProbeData("p", Map.of(), facts);
        return new EvaluationContext(data, Map.of("host.os.family", "debian"), Map.of());
    }

    private static Status eval(Condition c, Map<String, String> facts) {
        return Conditions.evaluate(c, ctx(facts)).status();
    }

    @Test
    void keyValueIsCaseInsensitive() {
        Condition c = with(cond("key-value", "x.k"), List.of("no", "prohibit-password"), null, null, null, null, null, null, null, null,
                null, null, null);
        assertEquals(Status.PASS, eval(c, Map.of("x.k", " No ")));
        assertEquals(Status.FAIL, eval(c, Map.of("x.k", "yes")));
        Condition notIn = with(cond("key-value", "x.k"), null, List.of("root", "+0"), null, null, null, null, null, null, null, null,
                null, null);
        assertEquals(Status.PASS, eval(notIn, Map.of("x.k", "qemu")));
        assertEquals(Status.FAIL, eval(notIn, Map.of("x.k", "ROOT")));
        Condition eq = with(cond("key-value", "x.k"), null, null, "Enforcing", null, null, null, null, null, null, null, null, null);
        assertEquals(Status.PASS, eval(eq, Map.of("x.k", "enforcing")));
    }

    @Test
    void numericRangesAndNonNumbers() {
        Condition c = with(cond("numeric", "s.v"), null, null, null, 2.0, 2.0, null, null, null, null, null, null, null);
        assertEquals(Status.PASS, eval(c, Map.of("s.v", "2")));
        assertEquals(Status.FAIL, eval(c, Map.of("s.v", "1")));
        assertEquals(Status.FAIL, eval(c, Map.of("s.v", "absent")), "a non-number never satisfies a range");
        Condition min = with(cond("numeric", "s.v"), null, null, null, 1.0, null, null, null, null, null, null, null, null);
        assertEquals(Status.PASS, eval(min, Map.of("s.v", "3 extra words")));
    }

    @Test
    void missingFactsUseDefaultOrAbsentStatus() {
        Condition plain = with(cond("numeric", "s.v"), null, null, null, 1.0, null, null, null, null, null, null, null, null);
        assertEquals(Status.FAIL, eval(plain, Map.of()), "absent without default is a violation");
        Condition warn = with(plain, null, null, null, 1.0, null, null, null, null, null, null, "warn", null);
        assertEquals(Status.WARN, eval(warn, Map.of()));
        Condition dflt = with(cond("key-value", "q.seccomp"), null, List.of("0"), null, null, null, null, null, null, null, "1", null, null);
        assertEquals(Status.PASS, eval(dflt, Map.of()), "the compiled-in default applies");
        ConditionResult r = Conditions.evaluate(plain, ctx(Map.of()));
        assertEquals("s.v not set", r.observed());
    }

    @Test
    void levelWarnTurnsViolationsIntoWarnings() {
        Condition c = with(cond("key-value", "k"), List.of("0"), null, null, null, null, null, null, null, null, null, null, "warn");
        assertEquals(Status.WARN, eval(c, Map.of("k", "2")));
        assertEquals(Status.PASS, eval(c, Map.of("k", "0")));
    }

    @Test
    void regexMatchesLinesAndForbid() {
        Condition must = with(cond("regex", "out"), null, null, null, null, null, "^# present", null, null, null, null, null, null);
        assertEquals(Status.PASS, eval(must, Map.of("out", "# present\nuser = \"qemu\"")));
        assertEquals(Status.FAIL, eval(must, Map.of("out", "# absent")));
        Condition forbid = with(cond("regex", "out"), null, null, null, null, null, "^\\s*0\\s", true, null, null, null, null, null);
        assertEquals(Status.PASS, eval(forbid, Map.of("out", "107 107 qemu")));
        assertEquals(Status.FAIL, eval(forbid, Map.of("out", "107 107 qemu\n  0 0 root")), "multi-line: ^ matches every line");
        assertEquals(Status.PASS, eval(forbid, Map.of("out", "")));
        assertEquals("out=(empty)", Conditions.evaluate(forbid, ctx(Map.of("out", ""))).observed());
    }

    @Test
    void listSubsetAndForbiddenTokens() {
        Condition c = with(cond("list-subset", "ciphers"), List.of("aes256-ctr", "aes128-ctr"), null, null, null, null, null, null,
                List.of(".*-cbc"), null, null, null, null);
        assertEquals(Status.PASS, eval(c, Map.of("ciphers", "aes256-ctr,aes128-ctr")));
        assertEquals(Status.FAIL, eval(c, Map.of("ciphers", "aes256-ctr,3des-cbc")));
        Condition onlyForbid = with(cond("list-subset", "ciphers"), null, null, null, null, null, null, null, List.of(".*-cbc"), null,
                null, null, null);
        assertEquals(Status.FAIL, eval(onlyForbid, Map.of("ciphers", "aes128-cbc")));
        assertEquals(Status.PASS, eval(onlyForbid, Map.of("ciphers", "chacha20-poly1305@openssh.com")));
    }

    @Test
    void exitCodeAndLineCount() {
        Condition exit = with(cond("exit-code", "grep"), null, null, null, null, null, null, null, null, List.of(0, 1), null, null, null);
        assertEquals(Status.PASS, eval(exit, Map.of("grep#exit", "1")));
        assertEquals(Status.FAIL, eval(exit, Map.of("grep#exit", "2")));
        Condition lines = with(cond("line-count", "keys"), null, null, null, null, 0.0, null, null, null, null, null, null, null);
        assertEquals(Status.PASS, eval(lines, Map.of("keys", "")));
        assertEquals(Status.FAIL, eval(lines, Map.of("keys", "ssh-ed25519 AAAA\n\nssh-rsa BBBB")));
    }

    @Test
    void combineNamesEveryViolationAndTakesTheWorst() {
        Condition a = with(cond("key-value", "a"), List.of("1"), null, null, null, null, null, null, null, null, null, null, "warn");
        Condition b = with(cond("key-value", "b"), List.of("1"), null, null, null, null, null, null, null, null, null, null, null);
        EvaluationContext ctx = ctx(Map.of("a", "0", "b", "0"));
        Outcome o = CheckEngine.combine(List.of(Conditions.evaluate(a, ctx), Conditions.evaluate(b, ctx)));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.reason().contains("a=0 (WARN") && o.reason().contains("b=0 (FAIL"), o.reason());
        Outcome ok = CheckEngine.combine(List.of(Conditions.evaluate(a, ctx(Map.of("a", "1")))));
        assertEquals(Status.PASS, ok.status());
        assertEquals("the condition holds", ok.reason());
    }
}
