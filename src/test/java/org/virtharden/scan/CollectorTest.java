package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;

class CollectorTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    private static int sh(Path script, StringBuilder err, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void theScriptCarriesEveryRootCommandOfTheScanAndRefusesAnyOtherArgument(@TempDir Path dir) throws Exception {
        String uri = "test:///x'$(touch " + dir.resolve("pwned") + ")'\nrm -rf /";
        String text = Collector.script(CATALOG, uri, 30, "test");
        Path f = dir.resolve("virtharden-collect");
        Files.writeString(f, text);
        assertEquals(0, new ProcessBuilder("sh", "-n", f.toString()).start().waitFor(), "valid POSIX sh");
        List<List<BatchScript.Item>> parts = Collector.parts(CATALOG, 30);
        assertEquals(HostScanner.ROOT_CHANNELS, parts.size());
        int commands = 0;
        for (List<BatchScript.Item> part : parts) {
            assertTrue(text.contains(Collector.header(Collector.fingerprint(part, uri))), "each part announces its fingerprint");
            for (BatchScript.Item it : part) {
                assertTrue(text.contains(org.virtharden.transport.Shell.quote(it.command())), it.key());
                commands++;
            }
        }
        assertEquals(HostScanner.plan(CATALOG, true, 30).root().size(), commands, "all root commands, nothing else");
        // the URI travels only as one quoted value; comments show a copy without the line break
        assertEquals(HostScanner.ROOT_CHANNELS + 2, text.split(java.util.regex.Pattern.quote("rm -rf /"), -1).length - 1,
                "once per part in the quoted assignment, and in two comment lines (as ?rm -rf /)");
        assertTrue(text.contains("VH_URI=" + org.virtharden.transport.Shell.quote(uri) + "; export VH_URI"));
        assertTrue(text.lines().filter(l -> l.startsWith("#")).anyMatch(l -> l.contains("?rm -rf /")));
        for (String[] bad : new String[][] {{}, {"1"}, {"1", "0123456789abcdef"}, {"5", "0123456789abcdef", "0123456789abcdef"},
                {"1", "$(id)", "0123456789abcdef"}, {"1", "0123456789abcdeF", "0123456789abcdef"},
                {"1", "0123456789abcde", "0123456789abcdef"}, {"1 2", "0123456789abcdef", "0123456789abcdef"}}) {
            StringBuilder err = new StringBuilder();
            assertEquals(2, sh(f, err, bad), String.join(" ", bad) + ": " + err);
            assertTrue(err.toString().startsWith("virtharden-collect: "), err.toString());
        }
        assertFalse(Files.exists(dir.resolve("pwned")));
        // another timeout or URI makes other parts: a scan notices from the fingerprint
        assertFalse(Collector.fingerprint(Collector.parts(CATALOG, 31).get(0), uri)
                .equals(Collector.fingerprint(parts.get(0), uri)));
        assertFalse(Collector.fingerprint(parts.get(0), "qemu:///system").equals(Collector.fingerprint(parts.get(0), uri)));
        assertEquals("/usr/local/sbin/virtharden-collect 2 0123456789abcdef fedcba9876543210",
                Collector.invocation(2, "@@VH-0123456789abcdef@@", "@@VG-fedcba9876543210@@"));
    }
}
