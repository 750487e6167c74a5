package org.virtharden.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.virtharden.model.HostConfig;
import org.virtharden.scan.TransportFactory;
import org.virtharden.transport.HostKeyInfo;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * Connects to a host once so that the operator can decide about a host key seen for the first time (CLI
 * {@code host add --trust-new-host-key}, the app's trust dialog). A new key is trusted only if the operator's
 * verifier says so; a changed key is refused by the transport with {@link TransportException.Kind#CHANGED_HOST_KEY}
 * before any credential is sent, and never reaches the verifier.
 */
public final class HostKeyTrust {
    /**
     * @param target       what the connection reached (e.g. {@code audit@kvm01:22})
     * @param newlyTrusted keys the operator trusted during this connection (empty if the key was already known)
     */
    public record Outcome(String target, List<HostKeyInfo> newlyTrusted) {
    }

    private HostKeyTrust() {
    }

    /**
     * @param operator   asked about each new key; only {@code true} trusts it
     * @param transports builds the transport factory around the verifier that records the operator's decisions
     */
    public static Outcome connect(HostConfig host, HostKeyVerifier operator,
            Function<HostKeyVerifier, ? extends TransportFactory> transports) throws TransportException {
        List<HostKeyInfo> trusted = Collections.synchronizedList(new ArrayList<>());
        HostKeyVerifier recording = k -> {
            boolean yes = operator.trustNewKey(k);
            if (yes) {
                trusted.add(k);
            }
            return yes;
        };
        try (Transport t = transports.apply(recording).open(host)) {
            return new Outcome(t.target(), List.copyOf(trusted));
        }
    }
}
