package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the libvirt commands of the guest-nics probe (guests, networks, nwfilters, bindings) with the real virsh
 * against the test hosts' node files, as the scan engine does with $VH_URI set, and checks VN-008/010/011 against
 * hosts/expected.yaml. The host-state commands (bridges, VLANs, qemu.conf, OVS) would read this build machine, so
 * they are given the empty answers of the namespaced test hosts (see the recorded debian12-*-host fixtures).
 * Skipped without virsh.
 */
class GuestNicsProbeTest {
    private static final Path HOSTS = Path.of("src/test/resources/hosts");
    private static final Set<String> LIBVIRT_COMMANDS = Set.of("guests", "networks", "nwfilters", "bindings");
    private static final Map<String, String> HOST_STATE = Map.of("bridge-links", "", "bridge-vlans", "port   vlan-id\n",
            "bridges", "", "vlan-links", "", "mac-filter", "# present\n", "ovs", "@@absent ovs-vsctl not installed\n");
    private static final String HOSTILE = "web'$(touch $(printf '\\057tmp\\057pwned'))`;<b>x<b> ü";

    private static String[] sh(String command, String uri) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("VH_URI", uri);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8)};
    }

    @Test
    void nodeFilesGiveTheExpectedHostStatuses() throws Exception {
        Assumptions.assumeTrue(Integer.parseInt(sh("command -v virsh >/dev/null 2>&1", "")[0]) == 0,
                "virsh is not installed");
        boolean pwnedBefore = Files.exists(Path.of("/tmp/pwned"));
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        ProbeDef probe = catalog.probes().get("guest-nics");
        JsonNode expected = new ObjectMapper(new YAMLFactory()).readTree(HOSTS.resolve("expected.yaml").toFile());
        List<String> problems = new ArrayList<>();
        for (String host : List.of("good", "bad")) {
            String uri = "test://" + HOSTS.resolve(host + "/etc/libvirt/testnode.xml").toAbsolutePath().normalize();
            Map<String, CommandOutput> outputs = new LinkedHashMap<>();
            for (ProbeDef.ProbeCommand c : probe.commands()) {
                if (LIBVIRT_COMMANDS.contains(c.id())) {
                    String[] r = sh(c.run(), uri);
                    int exit = Integer.parseInt(r[0]);
                    outputs.put(c.id(), new CommandOutput(c.id(), c.run(), r[1], r[2], exit, 0, 0,
                            c.okExit().contains(exit) ? null : c.id() + " exited " + exit + ": " + r[2].strip()));
                } else {
                    outputs.put(c.id(), new CommandOutput(c.id(), c.run(), HOST_STATE.get(c.id()), "", 0, 0, 0, null));
                }
            }
            ProbeData data = ProbeData.parse(probe, outputs);
            assertNull(data.failure(), host);
            if (host.equals("bad")) {
                assertTrue(data.facts().get("guests").contains("\nname " + HOSTILE + "\n"), "the hostile name is printed verbatim");
            }
            for (String id : List.of("VN-008", "VN-010", "VN-011")) {
                Outcome o = new CheckEngine().evaluate(catalog.check(id).orElseThrow(),
                        new EvaluationContext(data, Map.of("host.os.family", "debian"), Map.of()));
                String want = expected.get(host).get(id).asText();
                if (!Status.parse(want).equals(o.status())) {
                    problems.add(host + " " + id + ": expected " + want + " but gives " + o.status() + ": " + o.reason());
                }
                assertFalse(o.reason().contains("\n"), id + ": one-line reason");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        if (!pwnedBefore) {
            assertFalse(Files.exists(Path.of("/tmp/pwned")), "the hostile guest name was executed by a shell");
        }
    }

    @Test
    void probeOnlyUsesHostNamesAsQuotedVariables() {
        ProbeDef probe = new CatalogLoader().loadBuiltIn().probes().get("guest-nics");
        for (ProbeDef.ProbeCommand c : probe.commands()) {
            assertNull(CatalogLint.writeOperation(c.run()), c.id());
            // every expansion of a host-supplied name ($d, $n, $f, $br, $l, $o, $b, $x) is inside double quotes
            String unquoted = c.run().replaceAll("'[^']*'", "''").replaceAll("\"[^\"]*\"", "\"\"");
            assertFalse(unquoted.matches("(?s).*\\$(d|n|f|br|l|o|b|x)\\b.*"), c.id() + " expands a host-supplied name unquoted: " + c.run());
        }
    }
}
