package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactParsersTest {
    private static Map<String, String> parse(String parser, String text) {
        Map<String, String> facts = new LinkedHashMap<>();
        FactParsers.parse(parser, "c", text, facts);
        return facts;
    }

    @Test
    void libvirtConfFirstAssignmentWins() {
        Map<String, String> f = parse("libvirt-conf", String.join("\n",
                "# user = \"commented\"",
                "user = \"libvirt-qemu\"",
                "group = \"kvm\"  # trailing comment",
                "user = \"root\"",
                "   seccomp_sandbox = 0",
                "seccomp_sandbox = 1"));
        assertEquals("libvirt-qemu", f.get("c.user"), "libvirt returns the first uncommented assignment");
        assertEquals("kvm", f.get("c.group"));
        assertEquals("0", f.get("c.seccomp_sandbox"));
    }

    @Test
    void libvirtConfListsSpanLinesAndKeepHashesInQuotes() {
        Map<String, String> f = parse("libvirt-conf", String.join("\n",
                "cgroup_device_acl = [",
                "    \"/dev/null\", \"/dev/full\",",
                "    # a comment inside the list",
                "    \"/dev/kvm\"",
                "]",
                "namespaces = [ ]",
                "security_driver = [ \"selinux\", \"dac\" ]",
                "vnc_password = \"a#b\"",
                "tls_allowed_dn_list = [\"C=DE,O=Example,CN=a\", \"CN=b\"]",
                "cgroup_device_acl = [ \"/dev/mem\" ]"));
        assertEquals("/dev/null,/dev/full,/dev/kvm", f.get("c.cgroup_device_acl"));
        assertEquals("", f.get("c.namespaces"), "an empty list is present but empty");
        assertEquals("selinux,dac", f.get("c.security_driver"));
        assertEquals("a#b", f.get("c.vnc_password"));
        assertEquals("C=DE,O=Example,CN=a,CN=b", f.get("c.tls_allowed_dn_list"));
    }

    @Test
    void spaceKvLowerCasesKeysAndJoinsRepeatedKeys() {
        Map<String, String> f = parse("space-kv", String.join("\n",
                "Port 22",
                "allowgroups sudo",
                "allowgroups auditor",
                "hostkey /etc/ssh/ssh_host_ed25519_key",
                "hostkey /etc/ssh/ssh_host_rsa_key",
                "banner none",
                "# comment",
                "lonely"));
        assertEquals("22", f.get("c.port"));
        assertEquals("sudo,auditor", f.get("c.allowgroups"));
        assertEquals("/etc/ssh/ssh_host_ed25519_key,/etc/ssh/ssh_host_rsa_key", f.get("c.hostkey"));
        assertEquals("", f.get("c.lonely"));
        assertFalse(f.containsKey("c.#"));
    }

    @Test
    void wholeOutputIsKeptStripped() {
        Map<String, String> f = parse("raw", "  line one\nline two \n\n");
        assertEquals("line one\nline two", f.get("c"));
        assertEquals("2", parse("lines", "a\n\nb\n").get("c.count"));
    }

    @Test
    void sysctlAndColonAndEnvParsers() {
        Map<String, String> s = parse("sysctl", "kernel.kptr_restrict = 1\nnet.ipv4.ip_forward=0\nkernel.kptr_restrict = 2\n# x = 3\n");
        assertEquals("1", s.get("c.kernel.kptr_restrict"), "first occurrence wins");
        assertEquals("0", s.get("c.net.ipv4.ip_forward"));
        assertNull(s.get("c.# x"));
        Map<String, String> c = parse("colon-kv", "       Server: 10.0.0.1 (ntp1)\n       Offset: +1.018ms\nPoll interval: 34min 8s (min: 32s)\n");
        assertEquals("10.0.0.1 (ntp1)", c.get("c.server"));
        assertEquals("34min 8s (min: 32s)", c.get("c.poll interval"));
        Map<String, String> e = parse("env-file", "ID=debian\nVERSION_ID=\"12\"\nNAME='Debian'\n#X=1\n");
        assertEquals("debian", e.get("c.ID"));
        assertEquals("12", e.get("c.VERSION_ID"));
        assertEquals("Debian", e.get("c.NAME"));
    }

    @Test
    void unknownParserIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> parse("xml", "<a/>"));
    }
}
