package org.virtharden.service;

import java.nio.file.Path;
import java.time.Duration;
import org.virtharden.model.HostConfig;
import org.virtharden.scan.TransportFactory;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.LocalTransport;
import org.virtharden.transport.OutputCollector;
import org.virtharden.transport.SshTarget;
import org.virtharden.transport.SshTransport;
import org.virtharden.transport.SudoMode;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * Opens SSH sessions for configured hosts, or a {@link LocalTransport} for the address {@code local}
 * (the machine virtharden runs on).
 */
public final class HostTransportFactory implements TransportFactory {
    /** The address that means "this machine, without SSH". */
    public static final String LOCAL = "local";

    private final HostKeyVerifier verifier;
    private final PasswordSource passwords;
    private final Path defaultKnownHosts;
    private final Duration connectTimeout;

    public HostTransportFactory(HostKeyVerifier verifier, PasswordSource passwords, Path defaultKnownHosts,
            Duration connectTimeout) {
        this.verifier = verifier;
        this.passwords = passwords;
        this.defaultKnownHosts = defaultKnownHosts;
        this.connectTimeout = connectTimeout;
    }

    public static Path userKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    @Override
    public Transport open(HostConfig h) throws TransportException {
        char[] password = passwords.password(h);
        SudoMode sudo = SudoMode.parse(h.sudoMode() == null ? "none" : h.sudoMode());
        if (LOCAL.equals(h.address())) {
            return new LocalTransport(sudo, password, OutputCollector.DEFAULT_CAP);
        }
        if (h.passwordEnv() != null && !h.passwordEnv().isBlank() && password == null) {
            throw new TransportException(TransportException.Kind.CONFIG, "host " + h.name() + " reads its password from the"
                    + " environment variable " + h.passwordEnv() + ", which is not set. Set it before scanning,"
                    + " e.g. read -rs " + h.passwordEnv() + " && export " + h.passwordEnv());
        }
        SshTarget target;
        try {
            target = new SshTarget(h.address(), h.port(), h.user(),
                    h.keyPath() == null ? null : Path.of(h.keyPath()), null, password,
                    h.keyPath() == null, sudo, password,
                    h.jump() == null ? null : SshTarget.JumpHost.parse(h.jump()),
                    h.knownHosts() == null ? defaultKnownHosts : Path.of(h.knownHosts()), connectTimeout);
        } catch (IllegalArgumentException e) {
            throw new TransportException(TransportException.Kind.CONFIG, "host " + h.name() + " is misconfigured: "
                    + e.getMessage() + ". Fix it with 'virtharden host add' (or edit it in the app).");
        }
        return SshTransport.connect(target, verifier, OutputCollector.DEFAULT_CAP);
    }
}
