package org.virtharden.service;

import org.virtharden.model.HostConfig;

/** Supplies a host's password at connect time; passwords are never stored. Null means none. */
@FunctionalInterface
public interface PasswordSource {
    char[] password(HostConfig host);

    /** Reads the environment variable the host names in {@code passwordEnv} (CLI). */
    static PasswordSource fromEnvironment() {
        return h -> {
            if (h.passwordEnv() == null || h.passwordEnv().isBlank()) {
                return null;
            }
            String v = System.getenv(h.passwordEnv());
            return v == null ? null : v.toCharArray();
        };
    }
}
