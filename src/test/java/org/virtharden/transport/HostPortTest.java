package org.virtharden.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {

    @Test
    void hostAlone() {
        assertEquals(new HostPort("kvm1.example.org", 22), HostPort.parse("kvm1.example.org", 22));
        assertEquals(new HostPort("10.0.0.5", 2200), HostPort.parse("10.0.0.5", 2200));
    }

    @Test
    void hostWithPort() {
        assertEquals(new HostPort("kvm1", 2222), HostPort.parse("kvm1:2222", 22));
        assertEquals(new HostPort("192.168.1.9", 22), HostPort.parse("192.168.1.9:22", 2222));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertEquals(new HostPort("kvm1", 2222), HostPort.parse("  kvm1:2222\t", 22));
    }

    @Test
    void bracketedIpv6WithAndWithoutPort() {
        assertEquals(new HostPort("::1", 2222), HostPort.parse("[::1]:2222", 22));
        assertEquals(new HostPort("fe80::1%eth0", 22), HostPort.parse("[fe80::1%eth0]", 22));
    }

    @Test
    void bareIpv6KeepsTheDefaultPort() {
        assertEquals(new HostPort("2001:db8::7", 22), HostPort.parse("2001:db8::7", 22));
        assertEquals(new HostPort("::1", 2022), HostPort.parse("::1", 2022));
    }

    @Test
    void portBoundaries() {
        assertEquals(1, HostPort.parse("h:1", 22).port());
        assertEquals(65535, HostPort.parse("h:65535", 22).port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h:0", "h:65536", "h:-1", "h:abc", "h:", "[::1]:x", "[::1]:99999"})
    void badPortsAreRefusedWithAMessage(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(spec, 22));
        assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());
    }

    @Test
    void emptyAndUnclosedBracketAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("", 22));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("   ", 22));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[::1", 22));
        assertTrue(e.getMessage().contains("']'"), e.getMessage());
    }

    @Test
    void jumpHostSpecUsesHostPort() {
        SshTarget.JumpHost j = SshTarget.JumpHost.parse("ops@[2001:db8::1]:2200");
        assertEquals(new SshTarget.JumpHost("ops", "2001:db8::1", 2200), j);
        assertEquals("ops@bastion", SshTarget.JumpHost.parse("ops@bastion").toString());
        assertThrows(IllegalArgumentException.class, () -> SshTarget.JumpHost.parse("bastion"));
    }
}
