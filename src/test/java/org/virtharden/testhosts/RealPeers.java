package org.virtharden.testhosts;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skip-or-fail policy for tests that need a real peer (sshd, root, namespaces, ssh-agent...).
 * On a developer machine a missing peer skips the test with a reason; in CI (system property
 * {@code virtharden.requireRealPeers=true} or environment {@code CI=true}) it fails it, so a green
 * CI run always means the real thing was exercised.
 */
public final class RealPeers {
    private RealPeers() {
    }

    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty("virtharden.requireRealPeers", "false"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void assume(boolean ok, String reason) {
        if (ok) {
            return;
        }
        if (required()) {
            Assertions.fail("real peer required but missing: " + reason);
        }
        Assumptions.abort(reason);
    }
}
