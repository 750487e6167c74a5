package org.virtharden.project;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.virtharden.model.Evidence;

/**
 * Child process for {@link ProjectKillIT}: opens a project and records probes in a loop until it is
 * killed. It stops by itself after a time limit, so a failed test never leaves it running.
 *
 * <p>Arguments: project file, run id, host id, findings per probe, time limit in seconds.
 */
public final class RecordingChild {

    private RecordingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long runId = Long.parseLong(args[1]);
        long hostId = Long.parseLong(args[2]);
        int perProbe = Integer.parseInt(args[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        try (Project p = Project.open(file)) {
            System.out.println("child: opened " + file);
            for (int i = 0; System.nanoTime() < deadline; i++) {
                String json = "{\"probe\":" + i + ",\"stdout\":\"" + "y".repeat(100) + "\"}";
                Evidence ev = new Evidence(0, runId, hostId, null, "probe-" + i, json, TestData.sha256(json), null, i);
                p.findings().recordProbe(ev, TestData.findings(runId, hostId, null, "K" + i, perProbe));
                if (i % 500 == 0) {
                    System.out.println("child: recorded " + (i + 1) + " probes");
                }
            }
        }
        System.out.println("child: time limit reached without being killed");
        System.exit(3);
    }
}
