package org.virtharden.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtharden.model.HostConfig;

class HostImportTest {
    @Test
    void sshConfigHostsWithDefaultsFromHostStar() {
        String text = """
                # lab
                Host kvm01 kvm01-alias
                    HostName 10.1.0.11
                    User audit
                    Port 2222
                    IdentityFile ~/.ssh/acme_ed25519
                    ProxyJump jump@bastion:2200,other
                Host kvm02
                  HostName=10.1.0.12
                Host *.lan web-?
                    User nobody
                Match host foo
                    User matched
                Host *
                    User fallback
                    ProxyJump none
                """;
        List<HostConfig> hosts = SshConfigImport.parse(text, "me", "/home/me");
        assertEquals(List.of("kvm01", "kvm01-alias", "kvm02"), hosts.stream().map(HostConfig::name).toList());
        HostConfig a = hosts.get(0);
        assertEquals("10.1.0.11", a.address());
        assertEquals(2222, a.port());
        assertEquals("audit", a.user());
        assertEquals("/home/me/.ssh/acme_ed25519", a.keyPath());
        assertEquals("jump@bastion:2200", a.jump());
        HostConfig b = hosts.get(2);
        assertEquals("10.1.0.12", b.address());
        assertEquals(22, b.port());
        assertEquals("fallback", b.user());
        assertNull(b.jump());
    }

    @Test
    void sshConfigHostWithoutHostNameUsesTheAliasAndTheDefaultUser() {
        List<HostConfig> hosts = SshConfigImport.parse("Host kvm09\n", "me", "/home/me");
        assertEquals("kvm09", hosts.get(0).address());
        assertEquals("me", hosts.get(0).user());
    }

    @Test
    void ansibleIniGroupsVarsAndRanges() {
        String text = """
                bare.example ansible_user=root
                [kvm]
                kvm01 ansible_host=10.1.0.11 ansible_port=2222
                kvm02 ansible_host="10.1.0.12" ansible_user=ops
                web[01:03]
                [kvm:vars]
                ansible_user=audit
                [all:vars]
                ansible_port=22
                [prod:children]
                kvm
                """;
        AnsibleInventoryImport.Result r = AnsibleInventoryImport.parse(text, "me");
        assertEquals(List.of("bare.example", "kvm01", "kvm02"), r.hosts().stream().map(HostConfig::name).toList());
        HostConfig bare = r.hosts().get(0);
        assertEquals("root", bare.user());
        assertNull(bare.hostGroup());
        HostConfig k1 = r.hosts().get(1);
        assertEquals("10.1.0.11", k1.address());
        assertEquals(2222, k1.port());
        assertEquals("audit", k1.user());
        assertEquals("kvm", k1.hostGroup());
        assertEquals("ops", r.hosts().get(2).user());
        assertEquals("10.1.0.12", r.hosts().get(2).address());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).startsWith("web[01:03]"));
    }

    @Test
    void ansibleYamlChildrenAndInheritedVars() {
        String text = """
                all:
                  vars:
                    ansible_user: audit
                  hosts:
                    standalone:
                  children:
                    kvm:
                      vars:
                        ansible_port: 2200
                      hosts:
                        kvm01:
                          ansible_host: 10.1.0.11
                        kvm02:
                          ansible_host: 10.1.0.12
                          ansible_user: ops
                          ansible_port: 22
                """;
        AnsibleInventoryImport.Result r = AnsibleInventoryImport.parse(text, "me");
        assertEquals(List.of("standalone", "kvm01", "kvm02"), r.hosts().stream().map(HostConfig::name).toList());
        assertEquals("standalone", r.hosts().get(0).address());
        assertEquals("audit", r.hosts().get(0).user());
        assertNull(r.hosts().get(0).hostGroup());
        HostConfig k1 = r.hosts().get(1);
        assertEquals(2200, k1.port());
        assertEquals("audit", k1.user());
        assertEquals("kvm", k1.hostGroup());
        HostConfig k2 = r.hosts().get(2);
        assertEquals("ops", k2.user());
        assertEquals(22, k2.port());
    }

    @Test
    void badYamlSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnsibleInventoryImport.parseYaml("all:\n  hosts: [unclosed\n", "me"));
        assertTrue(e.getMessage().contains("ansible-inventory"), e.getMessage());
    }
}
