package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.HostConfig;
import org.virtharden.project.ProjectException.Kind;

class HostRepositoryTest {

    @TempDir
    Path dir;
    Project project;
    HostRepository hosts;

    @BeforeEach
    void open() throws ProjectException {
        project = Project.create(dir.resolve("h.vhproj"), TestData.info());
        hosts = project.hosts();
    }

    @AfterEach
    void close() {
        project.close();
    }

    private static HostConfig with(HostConfig h, String name, String address, int port, String user) {
        return new HostConfig(h.id(), name, address, port, user, h.keyPath(), h.passwordEnv(), h.sudoMode(), h.jump(),
                h.knownHosts(), h.libvirtUri(), h.hostGroup());
    }

    private ProjectException invalid(HostConfig h) {
        ProjectException e = assertThrows(ProjectException.class, () -> hosts.add(h));
        assertEquals(Kind.INVALID, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void addReturnsTheHostWithIdAndDefaults() throws Exception {
        HostConfig h = hosts.add(new HostConfig(0, "kvm01", "10.0.0.1", 2222, "audit", "", "", null, " ", null, null,
                "rack-a"));
        assertTrue(h.id() > 0);
        assertEquals(new HostConfig(h.id(), "kvm01", "10.0.0.1", 2222, "audit", null, null, "none", null, null,
                "qemu:///system", "rack-a"), h);
        assertEquals(h, hosts.byName("kvm01").orElseThrow());
        assertEquals(List.of(h), hosts.list());
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        HostConfig h = hosts.add(new HostConfig(0, "kvm02", "fe80::1%eth0", 22, "root", "/k/id", "VH_KVM02_PW",
                "password", "jump@bastion:2200", "/k/known_hosts", "qemu+ssh://x/system", "dmz"));
        assertEquals(h, hosts.byName("kvm02").orElseThrow());
    }

    @Test
    void duplicateNamesAreRefusedIgnoringCase() throws Exception {
        hosts.add(TestData.host("kvm01"));
        ProjectException e = assertThrows(ProjectException.class, () -> hosts.add(TestData.host("kvm01")));
        assertEquals(Kind.DUPLICATE, e.kind());
        assertEquals("A host named 'kvm01' is already in this project. Choose another name, or edit the existing"
                + " host.", e.getMessage());
        ProjectException e2 = assertThrows(ProjectException.class, () -> hosts.add(TestData.host("KVM01")));
        assertEquals(Kind.DUPLICATE, e2.kind());
        assertTrue(e2.getMessage().contains("(as 'kvm01')"), e2.getMessage());
        assertEquals(1, hosts.list().size());
        assertTrue(hosts.byName("Kvm01").isPresent());
    }

    @Test
    void invalidHostsAreRefusedWithAReason() {
        HostConfig ok = TestData.host("kvm01");
        assertTrue(invalid(with(ok, "", "a", 22, "u")).getMessage().contains("host name is empty"));
        assertTrue(invalid(with(ok, "  ", "a", 22, "u")).getMessage().contains("host name is empty"));
        invalid(with(ok, " kvm01", "a", 22, "u"));
        invalid(with(ok, "kvm\n01", "a", 22, "u"));
        assertTrue(invalid(with(ok, "kvm01", "", 22, "u")).getMessage().contains("address"));
        invalid(with(ok, "kvm01", null, 22, "u"));
        invalid(with(ok, "kvm01", "-oProxyCommand=x", 22, "u"));
        invalid(with(ok, "kvm01", "a b", 22, "u"));
        assertTrue(invalid(with(ok, "kvm01", "a", 0, "u")).getMessage().contains("between 1 and 65535"));
        invalid(with(ok, "kvm01", "a", 65536, "u"));
        invalid(with(ok, "kvm01", "a", -22, "u"));
        assertTrue(invalid(with(ok, "kvm01", "a", 22, "")).getMessage().contains("SSH user"));
        invalid(with(ok, "kvm01", "a", 22, null));
        invalid(with(ok, "kvm01", "a", 22, "-l"));
        invalid(new HostConfig(0, "kvm01", "a", 22, "u", null, null, "always", null, null, null, null));
        invalid(new HostConfig(0, "kvm01", "a", 22, "u", null, null, null, "-J evil", null, null, null));
        assertTrue(hosts.list().isEmpty());
    }

    @Test
    void passwordVariableMustBeAVariableNameNotAPassword() throws Exception {
        ProjectException e = invalid(new HostConfig(0, "kvm01", "a", 22, "u", null, "S3cret!pw", "password", null,
                null, null, null));
        assertTrue(e.getMessage().contains("NAME of an environment variable"), e.getMessage());
        assertTrue(!e.getMessage().contains("S3cret!pw"), "the rejected value is not echoed");
        HostConfig h = hosts.add(new HostConfig(0, "kvm01", "a", 22, "u", null, "VH_KVM01_PASSWORD", "password", null,
                null, null, null));
        assertEquals("VH_KVM01_PASSWORD", h.passwordEnv());
    }

    @Test
    void updateChangesEveryFieldAndMayRename() throws Exception {
        HostConfig h = hosts.add(TestData.host("kvm01"));
        HostConfig changed = new HostConfig(h.id(), "kvm01-new", "10.1.1.1", 2200, "auditor", "/k2", "PW_VAR",
                "password", "j@b", "/kh", "qemu:///session", "lab");
        hosts.update(changed);
        assertEquals(List.of(changed), hosts.list());
        assertTrue(hosts.byName("kvm01").isEmpty());
    }

    @Test
    void updateRefusesDuplicatesUnknownAndUnsavedHosts() throws Exception {
        HostConfig a = hosts.add(TestData.host("a"));
        hosts.add(TestData.host("b"));
        assertEquals(Kind.DUPLICATE, assertThrows(ProjectException.class,
                () -> hosts.update(with(a, "B", a.address(), 22, "u"))).kind());
        hosts.update(with(a, "A", a.address(), 22, "u")); // re-casing its own name is fine
        assertEquals(Kind.NOT_FOUND, assertThrows(ProjectException.class,
                () -> hosts.update(TestData.host("c").withId(999))).kind());
        assertEquals(Kind.INVALID, assertThrows(ProjectException.class,
                () -> hosts.update(TestData.host("c"))).kind());
        assertEquals(Kind.INVALID, assertThrows(ProjectException.class,
                () -> hosts.update(with(a, "", a.address(), 22, "u"))).kind());
    }

    @Test
    void removeWithoutHistoryDeletesTheHost() throws Exception {
        hosts.add(TestData.host("kvm01"));
        hosts.remove("KVM01");
        assertTrue(hosts.list().isEmpty());
        assertEquals(Kind.NOT_FOUND, assertThrows(ProjectException.class, () -> hosts.remove("kvm01")).kind());
    }

    @Test
    void removeKeepsTheHistoryOfAScannedHostAndFreesItsName() throws Exception {
        HostConfig h = hosts.add(TestData.host("kvm01"));
        long run = project.runs().start("2026.11").id();
        project.findings().add(List.of(TestData.finding(run, h.id(), null, "VH-001", Status.FAIL)));
        hosts.remove("kvm01");
        assertTrue(hosts.list().isEmpty());
        assertTrue(hosts.byName("kvm01").isEmpty());
        assertEquals("kvm01", project.findings().list(new FindingQuery(run, null, null, null, null)).get(0).hostName());

        HostConfig again = hosts.add(TestData.host("kvm01"));
        assertTrue(again.id() != h.id());
        assertEquals(List.of(again), hosts.list());
    }

    @Test
    void listIsSortedByName() throws Exception {
        for (String n : List.of("kvm10", "Alpha", "kvm02", "beta")) {
            hosts.add(TestData.host(n));
        }
        assertEquals(List.of("Alpha", "beta", "kvm02", "kvm10"), hosts.list().stream().map(HostConfig::name).toList());
    }

    @Test
    void hostileTextIsStoredVerbatim() throws Exception {
        String name = "web'01\" $(rm -rf /) `id` <b>bold</b> Ærø 🚀 ; DROP TABLE hosts; --";
        String group = "Gruppe \"Süd\" <script>alert(1)</script> 💥 $(x)";
        HostConfig h = hosts.add(new HostConfig(0, name, "h.example", 22, "u", "/path with spaces/ключ", null, null,
                null, "/k'h", "qemu:///system?x='y'", group));
        HostConfig back = hosts.byName(name).orElseThrow();
        assertEquals(h, back);
        assertEquals(name, back.name());
        assertEquals(group, back.hostGroup());
    }
}
