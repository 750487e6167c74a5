package org.virtharden.ui.scan;

import java.util.List;
import javafx.event.Event;
import javafx.event.EventType;
import org.virtharden.model.HostConfig;

/** Fired (bubbling) by a screen that wants hosts scanned; the main window runs the scan and shows its progress. */
public final class ScanRequest extends Event {
    public static final EventType<ScanRequest> SCAN = new EventType<>(Event.ANY, "VH_SCAN_REQUEST");
    private final transient List<HostConfig> hosts;

    /** @param hosts the hosts to scan; empty means all hosts */
    public ScanRequest(List<HostConfig> hosts) {
        super(SCAN);
        this.hosts = List.copyOf(hosts);
    }

    public List<HostConfig> hosts() {
        return hosts;
    }
}
