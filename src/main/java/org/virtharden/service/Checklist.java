package org.virtharden.service;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;

/**
 * Where an assessment stands: for each of the six checklists (in assessment order) every item per host (and per
 * guest for guest checks), with the operator's answer, the latest scan's finding, or "open". Manual items are
 * open until answered; hybrid items are open while the scan leaves them to the operator (MANUAL_PENDING) or has
 * not run; automated items only report their latest result.
 */
public final class Checklist {
    /** The six checklists in the order an assessment walks them. */
    public static final List<Domain> ORDER = List.of(Domain.PHYSICAL, Domain.HYPERVISOR, Domain.GUEST, Domain.NETWORK,
            Domain.MONITORING, Domain.DR);

    /** What an item needs: the operator (MANUAL/HYBRID without a decisive finding) or nothing more. */
    public enum State { OPEN, ANSWERED, SCANNED, NOT_SCANNED }

    /**
     * One row of the checklist.
     *
     * @param status the answer's status, the finding's status, or null when open / not scanned
     * @param detail the answer's note, or the finding's observed facts (shown beside the question)
     */
    public record Item(Domain domain, String host, String guest, Check check, State state, Status status, String detail,
            Answer answer, Finding finding) {
        public boolean needsOperator() {
            return state == State.OPEN;
        }
    }

    /** Counts for one checklist. */
    public record Progress(Domain domain, int operatorItems, int answered, int open, Map<Status, Integer> statuses) {
    }

    private final List<Item> items;

    private Checklist(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public List<Item> items() {
        return items;
    }

    /**
     * @param hosts    the hosts in scope
     * @param latest   the latest run's findings (empty before the first scan)
     * @param answers  the current answers
     * @param domain   only this checklist, or null for all six
     */
    public static Checklist build(Catalog catalog, List<HostConfig> hosts, List<Finding> latest, List<Answer> answers,
            Domain domain) {
        Map<String, Finding> findings = new LinkedHashMap<>();
        Map<String, Set<String>> guests = new LinkedHashMap<>();
        for (Finding f : latest) {
            findings.put(key(f.hostName(), f.guest(), f.checkId()), f);
            if (f.guest() != null) {
                guests.computeIfAbsent(f.hostName().toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>()).add(f.guest());
            }
        }
        Map<String, Answer> byKey = new LinkedHashMap<>();
        for (Answer a : answers) {
            byKey.put(key(a.hostName(), a.guest(), a.checkId()), a);
        }
        List<Item> out = new ArrayList<>();
        for (Domain d : ORDER) {
            if (domain != null && d != domain) {
                continue;
            }
            for (HostConfig h : hosts) {
                for (Check c : catalog.checks()) {
                    if (c.domain() != d) {
                        continue;
                    }
                    if (c.scope().equals("guest")) {
                        for (String g : guests.getOrDefault(h.name().toLowerCase(Locale.ROOT), Set.of())) {
                            out.add(item(d, h.name(), g, c, findings, byKey));
                        }
                    } else {
                        out.add(item(d, h.name(), null, c, findings, byKey));
                    }
                }
            }
        }
        return new Checklist(out);
    }

    private static Item item(Domain d, String host, String guest, Check c, Map<String, Finding> findings,
            Map<String, Answer> answers) {
        String k = key(host, guest, c.id());
        Answer a = answers.get(k);
        Finding f = findings.get(k);
        if (a != null && c.mode() != Mode.AUTOMATED) {
            return new Item(d, host, guest, c, State.ANSWERED, a.status(), a.note(), a, f);
        }
        if (c.mode() == Mode.MANUAL) {
            return new Item(d, host, guest, c, State.OPEN, null, null, null, f);
        }
        if (f == null) {
            return new Item(d, host, guest, c, c.mode() == Mode.HYBRID ? State.OPEN : State.NOT_SCANNED, null, null, null, null);
        }
        if (f.status() == Status.MANUAL_PENDING) {
            return new Item(d, host, guest, c, State.OPEN, null, f.observed(), null, f);
        }
        return new Item(d, host, guest, c, State.SCANNED, f.status(), f.observed(), null, f);
    }

    private static String key(String host, String guest, String check) {
        return host.toLowerCase(Locale.ROOT) + "\u0000" + (guest == null ? "\u0001" : guest) + "\u0000" + check;
    }

    /** Progress of each checklist present in the items, in assessment order. */
    public List<Progress> progress() {
        Map<Domain, int[]> counts = new EnumMap<>(Domain.class);
        Map<Domain, Map<Status, Integer>> statuses = new EnumMap<>(Domain.class);
        for (Item i : items) {
            int[] c = counts.computeIfAbsent(i.domain(), k -> new int[3]);
            if (i.check().mode() != Mode.AUTOMATED) {
                c[0]++;
                if (i.state() == State.ANSWERED) {
                    c[1]++;
                }
            }
            if (i.state() == State.OPEN) {
                c[2]++;
            }
            if (i.status() != null) {
                statuses.computeIfAbsent(i.domain(), k -> new EnumMap<>(Status.class)).merge(i.status(), 1, Integer::sum);
            }
        }
        List<Progress> out = new ArrayList<>();
        for (Domain d : ORDER) {
            int[] c = counts.get(d);
            if (c != null) {
                out.add(new Progress(d, c[0], c[1], c[2], Map.copyOf(statuses.getOrDefault(d, Map.of()))));
            }
        }
        return out;
    }
}
