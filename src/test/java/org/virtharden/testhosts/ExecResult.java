package org.virtharden.testhosts;

/** What a command run inside a test host (as root, via nsenter) printed. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
