package org.virtharden.transport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach one host. Passwords are char arrays held in memory only and never persisted.
 *
 * @param keyFile      private key (ed25519, RSA, ECDSA); null to use ssh-agent and/or password
 * @param password     login password, or null
 * @param sudoPassword sudo password for {@link SudoMode#PASSWORD}; defaults to the login password
 * @param jump         one ProxyJump host, or null
 * @param knownHosts   the known_hosts file keys are checked against and new trusted keys are added to
 */
public record SshTarget(String host, int port, String user, Path keyFile, char[] keyPassphrase, char[] password,
        boolean useAgent, SudoMode sudo, char[] sudoPassword, JumpHost jump, Path knownHosts,
        Duration connectTimeout) {

    public SshTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host address is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is empty");
        }
        sudo = sudo == null ? SudoMode.NONE : sudo;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public String describe() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }

    /** A jump host; authenticated with the same key/agent as the target. */
    public record JumpHost(String user, String host, int port) {
        /** Parses {@code user@host[:port]}. */
        public static JumpHost parse(String spec) {
            int at = spec.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("jump host must be USER@HOST[:PORT], not '" + spec + "'");
            }
            HostPort hp = HostPort.parse(spec.substring(at + 1), 22);
            return new JumpHost(spec.substring(0, at), hp.host(), hp.port());
        }

        @Override
        public String toString() {
            return user + "@" + host + (port == 22 ? "" : ":" + port);
        }
    }
}
