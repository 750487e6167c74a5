package org.virtharden.ui.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Domain;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;

/**
 * What "Go to…" (Ctrl+K) can jump to: the screens, the hosts, every check of the catalog (to its checklist) and
 * every guest seen in the latest run (to the Guests step). Plain values so it is tested without a scene.
 */
public final class GoToIndex {
    /** One place: what the list shows, where it leads, and (for checks and guests) what to select there. */
    public record Entry(String kind, String label, String detail, String screen, String host, String guest, String checkId) {
        String haystack() {
            return (kind + " " + label + " " + detail).toLowerCase(Locale.ROOT);
        }
    }

    private final List<Entry> entries;

    private GoToIndex(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @param screens navigation id → title, in navigation order */
    public static GoToIndex build(Map<String, String> screens, Catalog catalog, List<HostConfig> hosts, List<Finding> findings) {
        List<Entry> out = new ArrayList<>();
        screens.forEach((id, title) -> out.add(new Entry("Screen", title, "", id, null, null, null)));
        for (HostConfig h : hosts) {
            out.add(new Entry("Host", h.name(), h.user() + "@" + h.address() + ":" + h.port()
                    + (h.hostGroup() == null || h.hostGroup().isBlank() ? "" : " · group " + h.hostGroup()), "hosts", h.name(), null, null));
        }
        Map<String, Entry> guests = new LinkedHashMap<>();
        Map<String, Finding> firstOfCheck = new LinkedHashMap<>();
        for (Finding f : findings) {
            firstOfCheck.putIfAbsent(f.checkId(), f);
            if (f.guest() != null && !f.guest().isBlank()) {
                guests.putIfAbsent(f.hostName() + "\u0000" + f.guest(), new Entry("Guest", f.guest(), "on " + f.hostName(),
                        "step:" + Domain.GUEST.id(), f.hostName(), f.guest(), f.checkId()));
            }
        }
        for (Check c : catalog.checks()) {
            if (c.domain() == Domain.FLEET) {
                continue;
            }
            Finding f = firstOfCheck.get(c.id());
            out.add(new Entry("Check", c.id() + " · " + c.title(), c.domain().title(), "step:" + c.domain().id(),
                    f == null ? null : f.hostName(), f == null ? null : f.guest(), c.id()));
        }
        out.addAll(guests.values());
        return new GoToIndex(out);
    }

    /** Entries whose kind, label or detail contain every word of the query (case-insensitive), at most {@code limit}. */
    public List<Entry> search(String query, int limit) {
        String[] words = query == null ? new String[0] : query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            String hay = e.haystack();
            boolean all = true;
            for (String w : words) {
                if (!w.isEmpty() && !hay.contains(w)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                hits.add(e);
                if (hits.size() >= limit) {
                    break;
                }
            }
        }
        return hits;
    }

    public int size() {
        return entries.size();
    }
}
