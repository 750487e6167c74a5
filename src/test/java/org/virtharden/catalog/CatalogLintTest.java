package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLintTest {
    private final CatalogLoader loader = new CatalogLoader();

    @Test
    void builtInCatalogLintsClean() {
        List<CatalogLint.Problem> problems = CatalogLint.lint(loader.builtInFiles(), true);
        assertTrue(problems.isEmpty(), () -> "built-in catalog problems:\n" + problems.stream().map(Object::toString)
                .collect(Collectors.joining("\n")));
    }

    @Test
    void builtInCatalogHasAtLeastThirtyAutomatedHostChecks() {
        Catalog c = loader.loadBuiltIn();
        long n = c.automated().stream().filter(k -> k.scope().equals("host")).count();
        assertTrue(n >= 30, "only " + n + " automated host checks");
        Set<String> domains = c.checks().stream().map(k -> k.domain().id()).collect(Collectors.toSet());
        assertEquals(Set.of("hypervisor", "guest", "network", "monitoring", "physical", "dr", "fleet"), domains);
    }

    @Test
    void everyAutomatedCheckHasPassingAndFailingFixtures() {
        Map<String, List<Status>> byCheck = new TreeMap<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            byCheck.computeIfAbsent(f.checkId(), k -> new ArrayList<>()).add(f.expected());
        }
        List<String> missing = new ArrayList<>();
        for (Check c : loader.loadBuiltIn().automated()) {
            List<Status> s = byCheck.getOrDefault(c.id(), List.of());
            if (!s.contains(Status.PASS)) {
                missing.add(c.id() + " has no *.pass.yaml fixture");
            }
            if (!s.contains(Status.FAIL) && !s.contains(Status.WARN)) {
                missing.add(c.id() + " has no *.fail.yaml or *.warn.yaml fixture");
            }
        }
        assertTrue(missing.isEmpty(), () -> String.join("\n", missing));
    }

    @Test
    void everyFixtureBelongsToAKnownCheck() {
        Catalog c = loader.loadBuiltIn();
        for (Fixtures.Fixture f : Fixtures.all()) {
            assertTrue(c.check(f.checkId()).isPresent(), () -> f.name() + ": no such check");
        }
    }

    @Test
    void noBuiltInProbeCommandWrites() {
        for (ProbeDef p : loader.loadBuiltIn().probes().values()) {
            for (ProbeDef.ProbeCommand c : p.commands()) {
                assertNull(CatalogLint.writeOperation(c.run()), () -> p.name() + "/" + c.id() + " writes: " + c.run());
            }
        }
    }

    @Test
    void writeDetectionCatchesStateChangesButNotReads() {
        for (String bad : List.of("rm -rf /tmp/x", "cat /etc/hosts > /etc/passwd", "echo 1 >> /etc/sysctl.conf",
                "systemctl restart sshd", "sudo systemctl stop auditd", "sysctl -w kernel.kptr_restrict=0", "apt install nmap",
                "apt-get update", "dnf install aide", "sed -i s/a/b/ /etc/ssh/sshd_config", "echo x | tee /etc/motd",
                "virsh -c qemu:///system destroy vm1", "modprobe usb_storage", "auditctl -e 0", "nft flush ruleset",
                "iptables -F", "ls; chmod 777 /etc/shadow", "x=$(touch /tmp/a)")) {
            assertNotNull(CatalogLint.writeOperation(bad), () -> "not caught: " + bad);
        }
        for (String ok : List.of("apt list --upgradable 2>/dev/null", "dnf -C -q updateinfo list --security", "sysctl -n kernel.kptr_restrict",
                "systemctl is-active auditd", "modprobe --showconfig | grep -E '^(install|blacklist) '", "auditctl -l",
                "nft list ruleset", "iptables-save", "grep -c x /etc/hosts 2>&1", "awk '$3 > 0' /etc/passwd",
                "echo 'a > b'", "ls /etc >/dev/null 2>&1")) {
            assertNull(CatalogLint.writeOperation(ok), () -> "false positive: " + ok);
        }
    }

    @Test
    void lintReportsBadUserCatalogEntriesWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("custom.yaml");
        Files.writeString(file, String.join("\n",
                "probes:",
                "  - name: cleanup",                                        // line 2
                "    commands:",
                "      - {id: wipe, run: rm -rf /tmp/x}",
                "  - name: clobber",                                        // line 5
                "    commands:",
                "      - {id: pw, run: echo root > /etc/passwd}",
                "  - name: bounce",                                         // line 8
                "    commands:",
                "      - {id: restart, run: systemctl restart sshd}",
                "  - name: fine",                                           // line 11
                "    commands:",
                "      - {id: ok, run: cat /etc/hostname}",
                "checks:",
                "  - id: CUST-dup",                                         // line 15
                "    domain: hypervisor",
                "    mode: automated",
                "    title: first",
                "    severity: low",
                "    probe: fine",
                "    conditions: [{type: regex, key: ok, pattern: '.'}]",
                "    rationale: r",
                "    remediation: r",
                "  - id: CUST-dup",                                         // line 24
                "    domain: hypervisor",
                "    mode: automated",
                "    title: second",
                "    severity: low",
                "    probe: fine",
                "    conditions: [{type: regex, key: ok, pattern: '.'}]",
                "    rationale: r",
                "    remediation: r",
                "  - id: CUST-orphan",                                      // line 33
                "    domain: network",
                "    mode: automated",
                "    title: unknown probe",
                "    severity: low",
                "    probe: no-such-probe",
                "    conditions: [{type: regex, key: x, pattern: '.'}]",
                "    rationale: r",
                "    remediation: r",
                ""));
        List<CatalogLint.Problem> problems = CatalogLint.lint(loader.readDir(dir), false);
        String src = file.toString();
        assertProblem(problems, src, 2, "contains a write operation: 'rm'");
        assertProblem(problems, src, 5, "output redirection to a file");
        assertProblem(problems, src, 8, "contains a write operation: 'systemctl restart'");
        assertProblem(problems, src, 24, "id CUST-dup is already used at " + src + ":15");
        assertProblem(problems, src, 33, "unknown probe 'no-such-probe'");
        assertEquals(5, problems.size(), () -> "unexpected problems: " + problems);
    }

    private static void assertProblem(List<CatalogLint.Problem> problems, String source, int line, String text) {
        for (CatalogLint.Problem p : problems) {
            if (p.source().equals(source) && p.line() == line && p.message().contains(text)) {
                return;
            }
        }
        fail("expected " + source + ":" + line + " '" + text + "' in " + problems);
    }
}
