package org.virtharden.transport;

/**
 * Decides whether to trust a host key seen for the first time. Only the operator's explicit word
 * trusts a key (CLI flag, GUI dialog). A changed key is never passed here: it is refused outright.
 */
@FunctionalInterface
public interface HostKeyVerifier {
    boolean trustNewKey(HostKeyInfo key);

    /** Trusts nothing new: only keys already in known_hosts are accepted. */
    HostKeyVerifier REJECT_NEW = key -> false;
}
