package org.virtharden.catalog;

import java.util.List;
import java.util.Map;

/** Everything a fleet (FL-*) check looks at: the hosts of one run (optionally one group) and the project settings. */
public record FleetInput(List<FleetHost> hosts, Map<String, String> settings) {
    public FleetInput {
        hosts = List.copyOf(hosts);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public String setting(String key) {
        return settings.getOrDefault(key, Settings.defaults().getOrDefault(key, ""));
    }
}
