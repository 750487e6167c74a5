package org.virtharden.ui.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.service.Checklist;
import org.virtharden.service.Checklist.Item;

/**
 * The state of one assessment step without any controls: the step's checklist items, the filter query, the
 * grouping (by status with per-check roll-ups, or host ▸ VM ▸ check) and the selected item's key. Rows are plain
 * records, so grouping, roll-up counts and filtering are tested without a scene.
 */
public final class StepViewModel {

    /** The groups of the master list, in the order shown; each has a shape, a label and a style id. */
    public enum Bucket {
        FAIL("✕", "FAIL"), ERROR("⚡", "ERROR"), WARN("▲", "WARN"), OPEN("○", "TO ANSWER"), NOT_RUN("·", "NOT RUN"),
        PASS("✓", "PASS"), WAIVED("⛨", "WAIVED"), NA("—", "N/A");

        private final String glyph;
        private final String label;

        Bucket(String glyph, String label) {
            this.glyph = glyph;
            this.label = label;
        }

        public String glyph() {
            return glyph;
        }

        public String label() {
            return label;
        }

        /** Style class suffix and filter token ({@code status:fail}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Where an item belongs: open items are TO ANSWER, unscanned automated items NOT RUN (never PASS). */
        public static Bucket of(Item i) {
            if (i.state() == Checklist.State.OPEN) {
                return OPEN;
            }
            if (i.state() == Checklist.State.NOT_SCANNED || i.status() == null) {
                return NOT_RUN;
            }
            return switch (i.status()) {
                case PASS -> PASS;
                case WARN -> WARN;
                case FAIL -> FAIL;
                case ERROR -> ERROR;
                case NOT_APPLICABLE -> NA;
                case WAIVED -> WAIVED;
                case MANUAL_PENDING -> OPEN;
            };
        }

        static Optional<Bucket> parse(String token) {
            String t = token.toLowerCase(Locale.ROOT);
            for (Bucket b : values()) {
                if (b.id().equals(t) || b.name().toLowerCase(Locale.ROOT).equals(t)) {
                    return Optional.of(b);
                }
            }
            return switch (t) {
                case "n/a", "not-applicable", "notapplicable" -> Optional.of(NA);
                case "to-answer", "answer", "manual" -> Optional.of(OPEN);
                case "notrun" -> Optional.of(NOT_RUN);
                default -> Optional.empty();
            };
        }
    }

    /** How the master list is grouped. */
    public enum Grouping {
        STATUS("Status"), HOST("Host ▸ VM");

        private final String label;

        Grouping(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public enum Kind { GROUP, CHECK, HOST, GUEST, ITEM }

    /**
     * One row of the master list.
     *
     * @param key    stable across refreshes (selection and expansion are kept by it)
     * @param text   the main text (shown verbatim; may contain hostile guest names)
     * @param detail the right-hand text: roll-up ("✕ 2 of 3 hosts"), counts or the target
     * @param bucket the row's status group (for GROUP, CHECK and ITEM rows; the worst for HOST/GUEST rows)
     * @param item   the checklist item for ITEM rows, else null
     */
    public record Row(Kind kind, String key, String text, String detail, Bucket bucket, Item item, List<Row> children) {
        public Row {
            children = List.copyOf(children);
        }
    }

    private final Catalog catalog;
    private final Domain domain;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObjectProperty<Grouping> grouping;
    private final StringProperty selectedKey = new SimpleStringProperty(this, "selectedKey");
    private final ReadOnlyObjectWrapper<List<Row>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyObjectWrapper<Checklist.Progress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyObjectWrapper<Map<Bucket, Integer>> counts = new ReadOnlyObjectWrapper<>(this, "counts", Map.of());
    private final javafx.beans.property.ReadOnlyIntegerWrapper newResults = new javafx.beans.property.ReadOnlyIntegerWrapper(
            this, "newResults", 0);
    private List<Item> items = List.of();
    private int visible;
    private boolean loaded;

    public StepViewModel(Catalog catalog, Domain domain) {
        this.catalog = catalog;
        this.domain = domain;
        this.grouping = new SimpleObjectProperty<>(this, "grouping", domain == Domain.GUEST ? Grouping.HOST : Grouping.STATUS);
        query.addListener((o, a, b) -> regroup());
        grouping.addListener((o, a, b) -> regroup());
        progress.set(new Checklist.Progress(domain, 0, 0, 0, Map.of()));
    }

    private org.virtharden.catalog.GuestInventory inventory = org.virtharden.catalog.GuestInventory.parse("");
    private Map<String, String> hostGroups = Map.of();

    public Domain domain() {
        return domain;
    }

    /**
     * The approved guest inventory (project setting {@code guests.inventory}) for the Guests step's badges:
     * ✓ approved (listed, and on a host of its host group when the entry names one), ✕ unapproved (listed for
     * another host group), ? unknown (not listed). Without an inventory no badge is shown.
     */
    public void setInventory(org.virtharden.catalog.GuestInventory inventory) {
        this.inventory = inventory == null ? org.virtharden.catalog.GuestInventory.parse("") : inventory;
        regroup();
    }

    /** The inventory badge of a guest on a host: "✓ approved", "✕ unapproved (group G)", "? unknown", or "". */
    public String inventoryBadge(String hostName, String guest) {
        if (!inventory.present() || guest == null || guest.isEmpty()) {
            return "";
        }
        var entry = inventory.find(null, guest);
        if (entry.isEmpty()) {
            return "? unknown";
        }
        String want = entry.get().hostGroup();
        String group = hostGroups.get(hostName == null ? "" : hostName.toLowerCase(Locale.ROOT));
        if (want != null && !want.isBlank() && !want.equalsIgnoreCase(group == null ? "" : group)) {
            return "✕ unapproved (for " + want + ")";
        }
        return "✓ approved";
    }

    /** Rebuilds the step from the session's lists (FX thread). The selected key and the query are kept. */
    public void refresh(List<HostConfig> hosts, List<Finding> findings, List<Answer> answers) {
        Map<String, String> groups = new java.util.HashMap<>();
        for (HostConfig h : hosts) {
            groups.put(h.name().toLowerCase(Locale.ROOT), h.hostGroup() == null ? "" : h.hostGroup());
        }
        hostGroups = groups;
        Checklist c = Checklist.build(catalog, hosts, findings, answers, domain);
        Map<String, Bucket> before = new java.util.HashMap<>();
        for (Item i : items) {
            before.put(key(i), Bucket.of(i));
        }
        items = c.items();
        if (loaded) {
            int changed = 0;
            for (Item i : items) {
                Bucket was = before.get(key(i));
                if (was != Bucket.of(i) && Bucket.of(i) != Bucket.OPEN && Bucket.of(i) != Bucket.NOT_RUN) {
                    changed++;
                }
            }
            newResults.set(newResults.get() + changed);
        }
        loaded = loaded || !items.isEmpty();
        progress.set(c.progress().stream().filter(p -> p.domain() == domain).findFirst()
                .orElse(new Checklist.Progress(domain, 0, 0, 0, Map.of())));
        Map<Bucket, Integer> m = new EnumMap<>(Bucket.class);
        for (Item i : items) {
            m.merge(Bucket.of(i), 1, Integer::sum);
        }
        counts.set(Map.copyOf(m));
        regroup();
    }

    public List<Item> items() {
        return items;
    }

    /** The item with this key, if the step still has it. */
    public Optional<Item> item(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return items.stream().filter(i -> key(i).equals(key)).findFirst();
    }

    public Optional<Item> selectedItem() {
        return item(selectedKey.get());
    }

    /** The key of one item: host (case-insensitive), guest and check. */
    public static String key(Item i) {
        return key(i.host(), i.guest(), i.check().id());
    }

    public static String key(String host, String guest, String checkId) {
        return "i:" + host.toLowerCase(Locale.ROOT) + "\u0000" + (guest == null ? "\u0001" : guest) + "\u0000" + checkId;
    }

    /** The next open item after the given key in list order (wrapping), for "answer and move on". */
    public Optional<String> nextOpen(String fromKey) {
        List<Item> order = new ArrayList<>();
        collect(rows.get(), order);
        int start = -1;
        for (int n = 0; n < order.size(); n++) {
            if (key(order.get(n)).equals(fromKey)) {
                start = n;
            }
        }
        for (int n = 1; n <= order.size(); n++) {
            Item i = order.get((start + n + order.size()) % order.size());
            if (i.state() == Checklist.State.OPEN && !key(i).equals(fromKey)) {
                return Optional.of(key(i));
            }
        }
        return Optional.empty();
    }

    /** The keys of the items as the list shows them, top to bottom (Walk mode steps through them in this order). */
    public List<String> itemKeys() {
        List<Item> order = new ArrayList<>();
        collect(rows.get(), order);
        return order.stream().map(StepViewModel::key).toList();
    }

    private static void collect(List<Row> rs, List<Item> out) {
        for (Row r : rs) {
            if (r.item() != null) {
                out.add(r.item());
            }
            collect(r.children(), out);
        }
    }

    /**
     * Toggles a status filter, writing it into the query ({@code status:fail}) so the filter is always visible
     * and editable; a second press on the same status removes it.
     */
    public void toggleStatus(Bucket b) {
        String token = "status:" + b.id();
        List<String> words = new ArrayList<>();
        boolean had = false;
        for (String w : query.get().trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.toLowerCase(Locale.ROOT).startsWith("status:")) {
                had |= w.equalsIgnoreCase(token);
                continue;
            }
            words.add(w);
        }
        if (!had) {
            words.add(0, token);
        }
        query.set(String.join(" ", words));
    }

    /** The status filter currently in the query, if exactly one. */
    public Optional<Bucket> statusFilter() {
        for (String w : query.get().trim().split("\\s+")) {
            if (w.toLowerCase(Locale.ROOT).startsWith("status:") && !w.contains(",")) {
                return Bucket.parse(w.substring(7));
            }
        }
        return Optional.empty();
    }

    /**
     * The filter from a query: {@code status:fail,warn}, {@code host:kvm*}, {@code guest:web*}, {@code sev:high}
     * (that severity or worse), {@code mode:manual}; other words must each appear in the id, title, host or guest.
     */
    public static Predicate<Item> filter(String q) {
        Predicate<Item> p = i -> true;
        if (q == null) {
            return p;
        }
        for (String raw : q.trim().split("\\s+")) {
            if (raw.isEmpty()) {
                continue;
            }
            String w = raw.toLowerCase(Locale.ROOT);
            int colon = w.indexOf(':');
            String field = colon > 0 ? w.substring(0, colon) : "";
            String value = colon > 0 ? w.substring(colon + 1) : w;
            Predicate<Item> t = switch (field) {
                case "status", "is" -> {
                    List<Bucket> bs = new ArrayList<>();
                    for (String s : value.split(",")) {
                        Bucket.parse(s).ifPresent(bs::add);
                    }
                    yield i -> bs.contains(Bucket.of(i));
                }
                case "host" -> {
                    Pattern g = glob(value);
                    yield i -> g.matcher(i.host().toLowerCase(Locale.ROOT)).matches();
                }
                case "guest", "vm" -> {
                    Pattern g = glob(value);
                    yield i -> i.guest() != null && g.matcher(i.guest().toLowerCase(Locale.ROOT)).matches();
                }
                case "sev", "severity" -> {
                    Severity s = parseSeverity(value);
                    yield i -> s == null || i.check().severity().ordinal() <= s.ordinal();
                }
                case "mode" -> i -> i.check().mode().id().equals(value);
                case "id", "check" -> i -> i.check().id().toLowerCase(Locale.ROOT).contains(value);
                default -> i -> text(i).contains(w);
            };
            p = p.and(t);
        }
        return p;
    }

    private static Severity parseSeverity(String v) {
        String s = v.endsWith("+") ? v.substring(0, v.length() - 1) : v;
        for (Severity x : Severity.values()) {
            if (x.id().equals(s)) {
                return x;
            }
        }
        return null;
    }

    private static Pattern glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char ch : g.toCharArray()) {
            sb.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(sb.toString());
    }

    private static String text(Item i) {
        return (i.check().id() + "\u0000" + i.check().title() + "\u0000" + i.host() + "\u0000"
                + (i.guest() == null ? "" : i.guest())).toLowerCase(Locale.ROOT);
    }

    private void regroup() {
        Predicate<Item> f = filter(query.get());
        List<Item> shown = items.stream().filter(f).toList();
        visible = shown.size();
        rows.set(grouping.get() == Grouping.HOST ? byHost(shown) : byStatus(shown));
    }

    /** How many items pass the filter. */
    public int visibleCount() {
        return visible;
    }

    private static final Comparator<Item> BY_TARGET = Comparator.comparing((Item i) -> i.host().toLowerCase(Locale.ROOT))
            .thenComparing(i -> i.guest() == null ? "" : i.guest());

    private List<Row> byStatus(List<Item> shown) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Item i : items) {
            totals.merge(i.check().id(), 1L, Long::sum);
        }
        Map<Bucket, Map<String, List<Item>>> groups = new EnumMap<>(Bucket.class);
        for (Item i : shown) {
            groups.computeIfAbsent(Bucket.of(i), b -> new java.util.TreeMap<>(Comparator.comparing(StepViewModel::idOrder)))
                    .computeIfAbsent(i.check().id(), k -> new ArrayList<>()).add(i);
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<Bucket, Map<String, List<Item>>> g : groups.entrySet()) {
            Bucket b = g.getKey();
            List<Row> checks = new ArrayList<>();
            int n = 0;
            for (List<Item> list : g.getValue().values()) {
                list.sort(BY_TARGET);
                n += list.size();
                Item first = list.get(0);
                long total = totals.getOrDefault(first.check().id(), (long) list.size());
                if (total == 1) {
                    checks.add(new Row(Kind.ITEM, key(first), checkText(first), target(first), b, first, List.of()));
                    continue;
                }
                List<Row> targets = new ArrayList<>();
                for (Item i : list) {
                    targets.add(new Row(Kind.ITEM, key(i), target(i), i.check().id(), b, i, List.of()));
                }
                String unit = first.check().scope().equals("guest") ? "guests" : "hosts";
                checks.add(new Row(Kind.CHECK, "c:" + b.id() + ":" + first.check().id(), checkText(first),
                        b.glyph() + " " + list.size() + " of " + total + " " + unit, b, null, targets));
            }
            String label = b.glyph() + " " + b.label() + " " + n + (b == Bucket.ERROR ? " · did not run" : "");
            out.add(new Row(Kind.GROUP, "g:" + b.id(), label, "", b, null, checks));
        }
        return out;
    }

    private List<Row> byHost(List<Item> shown) {
        Map<String, Map<String, List<Item>>> hosts = new LinkedHashMap<>();
        for (Item i : shown) {
            hosts.computeIfAbsent(i.host(), h -> new java.util.TreeMap<>())
                    .computeIfAbsent(i.guest() == null ? "" : i.guest(), g -> new ArrayList<>()).add(i);
        }
        Comparator<Item> order = Comparator.comparing((Item i) -> Bucket.of(i).ordinal())
                .thenComparing(i -> idOrder(i.check().id()));
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Item>>> h : hosts.entrySet()) {
            List<Row> hostChildren = new ArrayList<>();
            List<Item> all = new ArrayList<>();
            List<Item> hostLevel = h.getValue().getOrDefault("", List.of());
            for (Map.Entry<String, List<Item>> g : h.getValue().entrySet()) {
                List<Item> list = new ArrayList<>(g.getValue());
                list.sort(order);
                all.addAll(list);
                if (g.getKey().isEmpty()) {
                    continue;
                }
                List<Row> checks = new ArrayList<>();
                for (Item i : list) {
                    checks.add(new Row(Kind.ITEM, key(i), checkText(i), "", Bucket.of(i), i, List.of()));
                }
                String badge = inventoryBadge(h.getKey(), g.getKey());
                hostChildren.add(new Row(Kind.GUEST, "v:" + h.getKey().toLowerCase(Locale.ROOT) + "\u0000" + g.getKey(),
                        g.getKey(), (badge.isEmpty() ? "" : badge + " · ") + summary(list), worst(list), null, checks));
            }
            List<Item> sortedHostLevel = new ArrayList<>(hostLevel);
            sortedHostLevel.sort(order);
            for (Item i : sortedHostLevel) {
                hostChildren.add(new Row(Kind.ITEM, key(i), checkText(i), "", Bucket.of(i), i, List.of()));
            }
            long vms = h.getValue().keySet().stream().filter(k -> !k.isEmpty()).count();
            out.add(new Row(Kind.HOST, "h:" + h.getKey().toLowerCase(Locale.ROOT), h.getKey(),
                    vms + (vms == 1 ? " VM · " : " VMs · ") + summary(all), worst(all), null, hostChildren));
        }
        return out;
    }

    /** Compact counts in group order, e.g. "✕1 ○3 ✓5". */
    public static String summary(List<Item> list) {
        Map<Bucket, Integer> m = new EnumMap<>(Bucket.class);
        for (Item i : list) {
            m.merge(Bucket.of(i), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((b, n) -> sb.append(sb.length() == 0 ? "" : " ").append(b.glyph()).append(n));
        return sb.toString();
    }

    private static Bucket worst(List<Item> list) {
        return list.stream().map(Bucket::of).min(Comparator.naturalOrder()).orElse(Bucket.NOT_RUN);
    }

    private static String checkText(Item i) {
        return i.check().id() + "  " + i.check().title();
    }

    /** The item's target as shown: the host, or the guest and its host. */
    public static String target(Item i) {
        return i.guest() == null ? i.host() : i.guest() + " on " + i.host();
    }

    /** Orders GU-2 before GU-10. */
    private static String idOrder(String id) {
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = Pattern.compile("\\d+|\\D+").matcher(id);
        while (m.find()) {
            String part = m.group();
            sb.append(Character.isDigit(part.charAt(0)) ? String.format("%08d", Long.parseLong(part.length() > 17
                    ? part.substring(0, 17) : part)) : part);
        }
        return sb.toString();
    }

    /**
     * Why an answer cannot be saved yet, or null when it can: a status is required, and Fail and N/A need a note
     * saying what was seen or why the item does not apply.
     */
    public static String answerProblem(Status status, String note) {
        if (status == null) {
            return "Choose Pass, Fail or N/A.";
        }
        boolean empty = note == null || note.isBlank();
        if (status == Status.FAIL && empty) {
            return "A note is required for Fail: say what you found.";
        }
        if (status == Status.NOT_APPLICABLE && empty) {
            return "A note is required for N/A: say why it does not apply.";
        }
        return null;
    }

    /** "answered 3/12 · open 9" plus the status counts of the step. */
    public String progressText() {
        Checklist.Progress p = progress.get();
        StringBuilder sb = new StringBuilder();
        sb.append("Answered ").append(p.answered()).append('/').append(p.operatorItems()).append(" operator items");
        sb.append(" · ").append(p.open()).append(" open");
        for (Status s : List.of(Status.PASS, Status.WARN, Status.FAIL, Status.ERROR, Status.NOT_APPLICABLE)) {
            int n = p.statuses().getOrDefault(s, 0);
            String label = switch (s) {
                case PASS -> "✓ pass";
                case WARN -> "▲ warn";
                case FAIL -> "✕ fail";
                case ERROR -> "⚡ error";
                default -> "— N/A";
            };
            sb.append(" · ").append(label).append(' ').append(n);
        }
        return sb.toString();
    }

    /** Whether the check needs the operator (manual, or hybrid). */
    public static boolean answerable(Item i) {
        return i.check().mode() != Mode.AUTOMATED;
    }

    /**
     * How many items got a new result (a scan result or an answer) since the operator last acknowledged them; the
     * list updates in place, so this is what tells the operator that something arrived.
     */
    public javafx.beans.property.ReadOnlyIntegerProperty newResultsProperty() {
        return newResults.getReadOnlyProperty();
    }

    public void acknowledgeNewResults() {
        newResults.set(0);
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObjectProperty<Grouping> groupingProperty() {
        return grouping;
    }

    public StringProperty selectedKeyProperty() {
        return selectedKey;
    }

    public ReadOnlyObjectProperty<List<Row>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public List<Row> rows() {
        return rows.get();
    }

    public ReadOnlyObjectProperty<Checklist.Progress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<Bucket, Integer>> countsProperty() {
        return counts.getReadOnlyProperty();
    }
}
