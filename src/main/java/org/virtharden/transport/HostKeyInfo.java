package org.virtharden.transport;

/**
 * A host key as the operator compares it: {@code SHA256:...} exactly as {@code ssh-keygen -lf} prints it.
 *
 * @param keyType e.g. {@code ssh-ed25519}
 */
public record HostKeyInfo(String host, int port, String keyType, String fingerprint) {
    /** The known_hosts name: {@code host} for port 22, {@code [host]:port} otherwise. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    public String describe() {
        return knownHostsName() + " " + keyType + " " + fingerprint;
    }
}
