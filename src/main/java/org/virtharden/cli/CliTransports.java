package org.virtharden.cli;

import java.time.Duration;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.PasswordSource;
import org.virtharden.transport.HostKeyVerifier;

/** How the CLI reaches hosts: passwords from the environment variable a host names, ~/.ssh/known_hosts, 10 s to connect. */
final class CliTransports {
    private CliTransports() {
    }

    static HostTransportFactory factory(HostKeyVerifier verifier) {
        return new HostTransportFactory(verifier, PasswordSource.fromEnvironment(), HostTransportFactory.userKnownHosts(),
                Duration.ofSeconds(10));
    }
}
