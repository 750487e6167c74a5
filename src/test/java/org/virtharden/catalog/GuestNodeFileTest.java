package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Proves hosts/expected-guests.yaml: runs the guest-domain probe's own commands (as the scan engine does, with
 * $VH_URI and $VH_DOM set) against the libvirt test-driver node files of the good and bad test hosts with the
 * real virsh, and evaluates every automated guest check through the CheckEngine. Skipped without virsh.
 */
class GuestNodeFileTest {
    private static final Path HOSTS = Path.of("src/test/resources/hosts");
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    private static final CheckEngine ENGINE = new CheckEngine();

    record Run(int exit, String stdout, String stderr) {
    }

    private static Run sh(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static boolean virshAvailable() {
        try {
            return sh("command -v virsh >/dev/null 2>&1", Map.of()).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void nodeFilesGiveTheExpectedGuestStatuses() throws Exception {
        Assumptions.assumeTrue(virshAvailable(), "virsh is not installed");
        boolean pwnedBefore = Files.exists(Path.of("/tmp/pwned"));
        JsonNode expected = new ObjectMapper(new YAMLFactory()).readTree(HOSTS.resolve("expected-guests.yaml").toFile());
        ProbeDef probe = CATALOG.probes().get("guest-domain");
        assertTrue(probe.perGuest(), "guest-domain must be a per-guest probe");
        List<Check> guestChecks = CATALOG.automated().stream().filter(c -> c.scope().equals("guest")).toList();
        assertTrue(guestChecks.size() >= 12, "only " + guestChecks.size() + " automated guest checks");
        List<String> problems = new ArrayList<>();
        for (String host : List.of("good", "bad")) {
            String uri = "test://" + HOSTS.resolve(host + "/etc/libvirt/testnode.xml").toAbsolutePath().normalize();
            Run list = sh("virsh -r -c \"$VH_URI\" list --all --uuid", Map.of("VH_URI", uri));
            assertEquals(0, list.exit(), () -> host + ": virsh list failed: " + list.stderr());
            List<String> uuids = list.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            JsonNode want = expected.get(host);
            TreeSet<String> seen = new TreeSet<>();
            Map<String, ProbeData> datas = new LinkedHashMap<>();
            for (String uuid : uuids) {
                Map<String, CommandOutput> outputs = new LinkedHashMap<>();
                for (ProbeDef.ProbeCommand c : probe.commands()) {
                    Run r = sh(c.run(), Map.of("VH_URI", uri, "VH_DOM", uuid));
                    String failure = c.okExit().contains(r.exit()) ? null : c.id() + " exited " + r.exit() + ": " + r.stderr().strip();
                    outputs.put(c.id(), new CommandOutput(c.id(), c.run(), r.stdout(), r.stderr(), r.exit(), 0, 0, failure));
                }
                ProbeData data = ProbeData.parse(probe, outputs);
                assertEquals(null, data.failure(), host + "/" + uuid);
                datas.put(uuid, data);
            }
            for (ProbeData data : datas.values()) {
                List<ProbeData> peers = datas.values().stream().filter(d -> d != data).toList();
                String name = XmlFacts.evaluate(data.facts().get("xml"), "/domain/name");
                assertEquals(name, data.facts().get("info.name"), "dominfo and dumpxml agree on the name");
                seen.add(name);
                JsonNode g = want == null ? null : want.get(name);
                if (g == null) {
                    problems.add(host + ": no expectations for guest '" + name + "' (" + data.facts().get("info.uuid") + ")");
                    continue;
                }
                for (Check check : guestChecks) {
                    Outcome o = ENGINE.evaluate(check, new EvaluationContext(data, Map.of("host.os.family", "debian"),
                            org.virtharden.testhosts.TestSettings.load(), peers));
                    JsonNode s = g.get(check.id());
                    if (s == null) {
                        problems.add(host + "/" + name + ": no expectation for " + check.id() + " (gives " + o.status() + ": " + o.reason() + ")");
                    } else if (Status.valueOf(s.asText()) != o.status()) {
                        problems.add(host + "/" + name + ": " + check.id() + " expected " + s.asText() + " but gives "
                                + o.status() + ": " + o.reason());
                    }
                    assertFalse(o.reason().contains("\n"), check.id() + ": one-line reason");
                }
            }
            TreeSet<String> listed = new TreeSet<>();
            if (want != null) {
                for (Iterator<String> it = want.fieldNames(); it.hasNext();) {
                    listed.add(it.next());
                }
            }
            assertEquals(listed, seen, host + ": guests in expected-guests.yaml vs the node file");
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        if (!pwnedBefore) {
            assertFalse(Files.exists(Path.of("/tmp/pwned")), "the hostile guest name was executed by a shell");
        }
    }

    @Test
    void nodeFilesHoldTheDocumentedGuests() throws IOException {
        String good = Files.readString(HOSTS.resolve("good/etc/libvirt/testnode.xml"));
        String bad = Files.readString(HOSTS.resolve("bad/etc/libvirt/testnode.xml"));
        assertEquals(2, good.split("<domain type='kvm'", -1).length - 1);
        assertEquals(3, bad.split("<domain type='kvm'", -1).length - 1);
        // The hostile name is stored escaped, so the node file stays well-formed XML.
        assertTrue(bad.contains("<name>web&apos;$(touch $(printf &apos;\\057tmp\\057pwned&apos;))`;&lt;b&gt;x&lt;b&gt; ü</name>"));
        String xml = bad.replaceFirst("(?s)<\\?xml.*?\\?>", "");
        assertEquals("3", XmlFacts.evaluate(xml, "count(/node/domain)"));
    }
}
