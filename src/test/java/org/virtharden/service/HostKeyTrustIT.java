package org.virtharden.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtharden.model.HostConfig;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.TransportException;

/** The trust flow the CLI (host add --trust-new-host-key) and the app's dialog share, against a real sshd. */
class HostKeyTrustIT {
    private static TestHosts hosts;

    @BeforeAll
    static void start() {
        RealPeers.assume(TestHosts.namespacesAvailable(), "HostKeyTrustIT needs root for network namespaces");
        hosts = TestHosts.start(TestHostSpec.named("trust").sudo("none", null));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static HostConfig config(TestHost h, Path knownHosts) {
        return new HostConfig(1, "trust", h.address(), h.port(), h.user(), h.privateKey().toString(), null, "none", null,
                knownHosts.toString(), null, null);
    }

    private static java.util.function.Function<HostKeyVerifier, HostTransportFactory> factory() {
        return v -> new HostTransportFactory(v, h -> null, HostTransportFactory.userKnownHosts(), Duration.ofSeconds(5));
    }

    @Test
    void aNewKeyIsTrustedOnlyOnTheOperatorsWordAndAChangedKeyIsRefused() throws Exception {
        TestHost h = hosts.get("trust");
        Path known = h.emptyKnownHosts();
        HostConfig c = config(h, known);

        TransportException refused = assertThrows(TransportException.class,
                () -> HostKeyTrust.connect(c, k -> false, factory()));
        assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, refused.kind());
        assertFalse(Files.exists(known) && Files.readString(known).contains("ssh-"), "nothing trusted");

        HostKeyTrust.Outcome first = HostKeyTrust.connect(c, k -> true, factory());
        assertEquals(1, first.newlyTrusted().size());
        assertEquals(h.hostKeyFingerprint(), first.newlyTrusted().get(0).fingerprint());

        AtomicInteger asked = new AtomicInteger();
        HostKeyTrust.Outcome again = HostKeyTrust.connect(c, k -> asked.incrementAndGet() > 0, factory());
        assertTrue(again.newlyTrusted().isEmpty());
        assertEquals(0, asked.get(), "a known key is not asked about");

        byte[] before = Files.readAllBytes(known);
        h.rotateHostKey();
        TransportException changed = assertThrows(TransportException.class,
                () -> HostKeyTrust.connect(c, k -> asked.incrementAndGet() > 0, factory()));
        assertEquals(TransportException.Kind.CHANGED_HOST_KEY, changed.kind());
        assertEquals(0, asked.get(), "a changed key never reaches the operator's verifier");
        assertTrue(changed.getMessage().contains("man-in-the-middle"), changed.getMessage());
        assertArrayEquals(before, Files.readAllBytes(known));
    }
}
