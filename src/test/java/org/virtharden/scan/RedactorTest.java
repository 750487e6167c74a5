package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void consolePasswordsInDomainXmlAreRemoved() {
        String xml = "<graphics type='vnc' port='5900' autoport='no' listen='0.0.0.0' passwd='S3cr3t!'>\n"
                + "<graphics type=\"spice\" passwd=\"hunter2\" passwdValidTo='2026-01-01T00:00:00'/>";
        String r = Redactor.redact(xml);
        assertFalse(r.contains("S3cr3t!"));
        assertFalse(r.contains("hunter2"));
        assertTrue(r.contains("passwd='" + Redactor.MASK + "'"), r);
        assertTrue(r.contains("listen='0.0.0.0'"), "non-secret attributes stay: " + r);
        assertTrue(r.contains("passwdValidTo='2026-01-01T00:00:00'"), r);
    }

    @Test
    void configSecretsAndKeysAreRemoved() {
        String conf = "vnc_password = \"topsecret\"\n#spice_password = \"x\"\nuser = \"qemu\"\n"
                + "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\n"
                + "rocommunity s3cretcomm 10.0.0.0/8\nurl=https://backup:pa55@host/repo\nAPI_TOKEN=abc123\n";
        String r = Redactor.redact(conf);
        for (String secret : new String[] {"topsecret", "b3BlbnNzaC1rZXk", "s3cretcomm", "pa55", "abc123"}) {
            assertFalse(r.contains(secret), secret + " leaked: " + r);
        }
        assertTrue(r.contains("user = \"qemu\""), r);
        assertTrue(r.contains("rocommunity " + Redactor.MASK + " 10.0.0.0/8"), r);
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String s = "permitrootlogin no\npasswordauthentication no\nkbdinteractiveauthentication no\n";
        assertEquals(s, Redactor.redact(s));
    }
}
