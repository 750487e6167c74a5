package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests for evaluator helpers and outcomes the fixture statuses cannot name (MANUAL_PENDING). */
class EvaluatorsTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    private static Outcome run(String checkId, Map<String, String> facts, Map<String, String> host, Map<String, String> settings) {
        Check c = CATALOG.check(checkId).orElseThrow();
        return new CheckEngine().evaluate(c, new EvaluationContext(new ProbeData(c.probe(), Map.of(), facts), host, settings));
    }

    @Test
    void everyCatalogEvaluatorIsRegistered() {
        Map<String, CheckEvaluator> m = Evaluators.builtIn();
        for (Check c : CATALOG.checks()) {
            if (c.evaluator() != null && c.scope().equals("fleet")) {
                assertNotNull(Evaluators.fleet().get(c.evaluator()), c.id() + " names an unregistered fleet evaluator " + c.evaluator());
            } else if (c.evaluator() != null) {
                assertNotNull(m.get(c.evaluator()), c.id() + " names an unregistered evaluator " + c.evaluator());
            }
        }
    }

    @Test
    void settingsDefaultsCoverTheDocumentedInputs() {
        Map<String, String> d = Settings.defaults();
        assertEquals("30", d.get("patch.sla.days"));
        assertEquals("false", d.get("fips.required"));
        assertEquals("", d.get("eol.date"));
        assertEquals("false", d.get("storage.encryption.required"));
        assertEquals("false", d.get("ksm.allowed"));
        assertEquals("false", d.get("nested.allowed"));
    }

    @Test
    void supportTableCoversTheRequiredReleases() {
        Map<String, OsEvaluators.SupportWindow> t = OsEvaluators.supportTable();
        for (String k : List.of("debian 10", "debian 11", "debian 12", "debian 13", "ubuntu 18.04", "ubuntu 20.04", "ubuntu 22.04",
                "ubuntu 24.04", "rhel 7", "rhel 8", "rhel 9", "rhel 10", "almalinux 8", "almalinux 9", "almalinux 10", "rocky 8",
                "rocky 9", "rocky 10")) {
            assertTrue(t.containsKey(k), "missing " + k);
        }
        assertEquals(LocalDate.parse("2028-06-30"), t.get("debian 12").extendedEnd());
    }

    @Test
    void unknownReleaseWaitsForTheOperator() {
        Outcome o = run("HV-001", Map.of("os-release.ID", "ol", "os-release.VERSION_ID", "9.4",
                "os-release.PRETTY_NAME", "Oracle Linux Server 9.4", "pro-status", ""), Map.of(), Map.of("eol.date", "2026-11-22"));
        assertEquals(Status.MANUAL_PENDING, o.status());
        assertTrue(o.reason().contains("not in the support table"));
    }

    @Test
    void logAgentWithoutConfirmationWaitsForTheOperator() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("rsyslog", "");
        f.put("services.rsyslog", "inactive");
        f.put("services.fluent-bit", "active");
        f.put("journal-upload", "");
        f.put("auditd-conf", "space_left_action = email");
        assertEquals(Status.MANUAL_PENDING, run("MON-001", f, Map.of(), Map.of()).status());
        Outcome confirmed = run("MON-001", f, Map.of(), Map.of("log.agent.confirmed", "true"));
        assertEquals(Status.WARN, confirmed.status(), "agent confirmed, but audit records are still not forwarded");
    }

    @Test
    void rhelExtendedSupportCountsOnlyWhenAttested() {
        Map<String, String> f = Map.of("os-release.ID", "rhel", "os-release.VERSION_ID", "7.9", "pro-status", "");
        assertEquals(Status.FAIL, run("HV-001", f, Map.of(), Map.of("eol.date", "2026-11-22")).status());
        assertEquals(Status.PASS, run("HV-001", f, Map.of(), Map.of("eol.date", "2026-11-22", "os.extended.support.attested", "true")).status());
    }

    @Test
    void maxStartups() {
        assertTrue(SshEvaluators.maxStartupsOk("10:30:60"));
        assertTrue(SshEvaluators.maxStartupsOk("5:50:30"));
        assertTrue(SshEvaluators.maxStartupsOk("10"));
        assertFalse(SshEvaluators.maxStartupsOk("10:30:100"), "OpenSSH's default is looser than 10:30:60");
        assertFalse(SshEvaluators.maxStartupsOk("20:30:60"));
        assertFalse(SshEvaluators.maxStartupsOk(null));
    }

    @Test
    void versionOrder() {
        assertTrue(VersionCompare.compare("6.1.0-28-amd64", "6.1.0-9-amd64") > 0);
        assertTrue(VersionCompare.compare("5.14.0-611.9.1.el9_7.x86_64", "5.14.0-570.42.1.el9_6.x86_64") > 0);
        assertEquals(0, VersionCompare.compare("6.1.0-41-amd64", "6.1.0-41-amd64"));
        assertTrue(VersionCompare.compare("6.1.0-41-amd64", "6.1.0-41-amd64+1") < 0);
    }

    @Test
    void rpmNamesAndDnfRows() {
        assertEquals("openssl-libs", OsEvaluators.rpmName("openssl-libs-1:3.0.7-25.el9_3.x86_64"));
        assertEquals("kernel-core", OsEvaluators.rpmName("kernel-core-5.14.0-611.9.1.el9_7.x86_64"));
        OsEvaluators.DnfRow d4 = OsEvaluators.dnfRow("RHSA-2026:7812 Important/Sec. kernel-5.14.0-611.9.1.el9_7.x86_64");
        assertEquals("Important", d4.severity());
        assertEquals(null, d4.issued());
        OsEvaluators.DnfRow d5 = OsEvaluators.dnfRow("ALSA-2026:8841  security Critical  openssl-libs-1:3.2.2-16.el10_0.4.x86_64   2026-11-10 08:21:14");
        assertEquals("Critical", d5.severity());
        assertEquals(LocalDate.parse("2026-11-10"), d5.issued());
        assertEquals(null, OsEvaluators.dnfRow("Name  Type  Severity  Package  Issued"));
    }

    @Test
    void durationsAndListeners() {
        assertEquals(1.018, MonitoringEvaluators.parseDurationMs("+1.018ms"), 1e-9);
        assertEquals(-0.123, MonitoringEvaluators.parseDurationMs("-123us"), 1e-9);
        assertEquals(1500.0, MonitoringEvaluators.parseDurationMs("+1.5s"), 1e-9);
        List<Net.Listener> l = Net.listeners("tcp   LISTEN 0      128    [::ffff:10.0.0.1]:22   [::]:*  users:((\"sshd\",pid=1,fd=3))\n"
                + "LISTEN 0      4096               *:16514            *:*\nudp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*\n");
        assertEquals(3, l.size());
        assertEquals("10.0.0.1", l.get(0).address());
        assertEquals("sshd", l.get(0).process());
        assertTrue(Net.isWildcard(l.get(1).address()));
        assertTrue(Net.isLoopback(l.get(2).address()));
        assertTrue(Net.isPrivate("172.20.1.1") && !Net.isPrivate("172.32.0.1") && Net.isPublic("8.8.8.8"));
    }

    @Test
    void auditWatchRecognition() {
        assertTrue(MonitoringEvaluators.watchesLibvirt("-w /etc/libvirt -p wa -k libvirt"));
        assertTrue(MonitoringEvaluators.watchesLibvirt("-a always,exit -F dir=/etc/libvirt -F perm=wa -F key=libvirt"));
        assertFalse(MonitoringEvaluators.watchesLibvirt("-w /etc/libvirt -p r -k libvirt"));
        assertFalse(MonitoringEvaluators.watchesLibvirt("-w /etc/libvirtd -p wa"));
    }
}
