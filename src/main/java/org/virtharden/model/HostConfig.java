package org.virtharden.model;

/**
 * A host in scope and how to reach it. Never holds a password: {@code passwordEnv} names the
 * environment variable the password is read from at scan time.
 *
 * @param id          database id, 0 before it is stored
 * @param sudoMode    none | nopasswd | password | collector
 * @param jump        {@code user@host[:port]} or null
 * @param knownHosts  known_hosts path, or null for the project default
 * @param libvirtUri  libvirt URI on the host, default {@code qemu:///system}
 */
public record HostConfig(long id, String name, String address, int port, String user, String keyPath,
        String passwordEnv, String sudoMode, String jump, String knownHosts, String libvirtUri, String hostGroup) {

    public HostConfig withId(long newId) {
        return new HostConfig(newId, name, address, port, user, keyPath, passwordEnv, sudoMode, jump, knownHosts,
                libvirtUri, hostGroup);
    }
}
