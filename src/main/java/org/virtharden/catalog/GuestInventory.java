package org.virtharden.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's approved guest inventory (check catalog section 9): which guests should exist, who owns them,
 * their security zone and how sensitive they are. It is the project setting {@value Settings#GUEST_INVENTORY},
 * written as CSV with a header row or as YAML (a list of maps, or {@code guests:} with such a list), using the
 * column names {@link #COLUMNS}. Guests are matched by UUID first, then by exact name.
 */
public final class GuestInventory {
    /** The columns the reference names; {@code name} or {@code uuid} is required in every row. */
    public static final List<String> COLUMNS = List.of("name", "uuid", "owner", "zone", "host_group", "ha_group",
            "autostart", "ephemeral", "sensitive", "confidential", "backup_scope", "template");

    /** One approved guest; booleans are null when the inventory leaves them empty. */
    public record Entry(String name, String uuid, String owner, String zone, String hostGroup, String haGroup,
            Boolean autostart, Boolean ephemeral, boolean sensitive, boolean confidential, String backupScope,
            String template, int line) {
    }

    /** A problem in the inventory text, with the 1-based line it is on (0 when unknown). */
    public static final class InvalidInventoryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        InvalidInventoryException(int line, String message) {
            super((line > 0 ? "guest inventory line " + line + ": " : "guest inventory: ") + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final GuestInventory EMPTY = new GuestInventory(List.of(), "");
    private static volatile GuestInventory cached = EMPTY;

    private final List<Entry> entries;
    private final String source;

    private GuestInventory(List<Entry> entries, String source) {
        this.entries = List.copyOf(entries);
        this.source = source;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Whether the operator supplied an inventory at all (an empty one means "not judged"). */
    public boolean present() {
        return !entries.isEmpty();
    }

    /** The entry for a guest, by UUID (case-insensitive) or else by exact name. */
    public Optional<Entry> find(String uuid, String name) {
        if (uuid != null && !uuid.isBlank()) {
            for (Entry e : entries) {
                if (e.uuid() != null && e.uuid().equalsIgnoreCase(uuid.strip())) {
                    return Optional.of(e);
                }
            }
        }
        if (name != null) {
            for (Entry e : entries) {
                if (e.name() != null && e.name().equals(name)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** The project's inventory as the checks see it; an unreadable inventory counts as none (the CLI refuses to store one). */
    static GuestInventory of(EvaluationContext ctx) {
        String text = ctx.setting(Settings.GUEST_INVENTORY, "");
        GuestInventory c = cached;
        if (c.source.equals(text)) {
            return c;
        }
        GuestInventory parsed;
        try {
            parsed = parse(text);
        } catch (InvalidInventoryException e) {
            parsed = new GuestInventory(List.of(), text);
        }
        cached = parsed;
        return parsed;
    }

    /**
     * Parses inventory text: CSV when the first non-blank, non-comment line is a header of known column names,
     * otherwise YAML.
     *
     * @throws InvalidInventoryException naming the line and what is wrong
     */
    public static GuestInventory parse(String text) {
        if (text == null || text.isBlank()) {
            return new GuestInventory(List.of(), text == null ? "" : text);
        }
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
        boolean csv = !first.startsWith("-") && !first.contains(": ") && !first.endsWith(":") && first.contains(",")
                || COLUMNS.contains(first.toLowerCase(Locale.ROOT));
        return new GuestInventory(csv ? parseCsv(text) : parseYaml(text), text);
    }

    private static List<Entry> parseCsv(String text) {
        List<Entry> out = new ArrayList<>();
        List<String> header = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            List<String> cells = splitCsv(l, i + 1);
            if (header == null) {
                header = new ArrayList<>();
                for (String h : cells) {
                    String k = h.strip().toLowerCase(Locale.ROOT);
                    if (!COLUMNS.contains(k)) {
                        throw new InvalidInventoryException(i + 1, "unknown column '" + h.strip() + "'; the columns are "
                                + String.join(", ", COLUMNS));
                    }
                    if (header.contains(k)) {
                        throw new InvalidInventoryException(i + 1, "column '" + k + "' appears twice");
                    }
                    header.add(k);
                }
                if (!header.contains("name") && !header.contains("uuid")) {
                    throw new InvalidInventoryException(i + 1, "the header needs a 'name' or 'uuid' column");
                }
                continue;
            }
            if (cells.size() > header.size()) {
                throw new InvalidInventoryException(i + 1, cells.size() + " cells but the header has " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                row.put(header.get(c), cells.get(c).strip());
            }
            out.add(entry(row, i + 1));
        }
        check(out);
        return out;
    }

    /** RFC 4180 cells of one line: commas separate, double quotes quote, "" is a quote. */
    static List<String> splitCsv(String line, int lineNo) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' && cur.toString().isBlank()) {
                cur.setLength(0);
                quoted = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new InvalidInventoryException(lineNo, "a quoted cell is not closed (cells cannot span lines)");
        }
        cells.add(cur.toString());
        return cells;
    }

    private static List<Entry> parseYaml(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidInventoryException(line, "neither a CSV table with a header nor valid YAML: "
                    + e.getOriginalMessage());
        }
        if (root != null && root.isObject() && root.has("guests")) {
            root = root.get("guests");
        }
        if (root == null || !root.isArray()) {
            throw new InvalidInventoryException(0, "YAML must be a list of guests (or 'guests:' with a list)");
        }
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (JsonNode g : root) {
            n++;
            if (!g.isObject()) {
                throw new InvalidInventoryException(0, "guest " + n + " is not a map of column: value");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String k = f.getKey().strip().toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(k)) {
                    throw new InvalidInventoryException(0, "guest " + n + ": unknown key '" + f.getKey() + "'; the keys are "
                            + String.join(", ", COLUMNS));
                }
                row.put(k, f.getValue().isNull() ? "" : f.getValue().asText().strip());
            }
            out.add(entry(row, 0));
        }
        check(out);
        return out;
    }

    private static Entry entry(Map<String, String> row, int line) {
        String name = blankToNull(row.get("name"));
        String uuid = blankToNull(row.get("uuid"));
        if (name == null && uuid == null) {
            throw new InvalidInventoryException(line, "a guest needs a name or a uuid");
        }
        if (uuid != null && !uuid.matches("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")) {
            throw new InvalidInventoryException(line, "'" + uuid + "' is not a UUID");
        }
        return new Entry(name, uuid, blankToNull(row.get("owner")), blankToNull(row.get("zone")),
                blankToNull(row.get("host_group")), blankToNull(row.get("ha_group")), bool(row.get("autostart"), "autostart", line),
                bool(row.get("ephemeral"), "ephemeral", line), Boolean.TRUE.equals(bool(row.get("sensitive"), "sensitive", line)),
                Boolean.TRUE.equals(bool(row.get("confidential"), "confidential", line)), blankToNull(row.get("backup_scope")),
                blankToNull(row.get("template")), line);
    }

    private static void check(List<Entry> entries) {
        Set<String> seen = new java.util.HashSet<>();
        for (Entry e : entries) {
            String key = e.uuid() != null ? "uuid " + e.uuid().toLowerCase(Locale.ROOT) : "name " + e.name();
            if (!seen.add(key)) {
                throw new InvalidInventoryException(e.line(), "the guest with " + key + " is listed twice");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Boolean bool(String s, String column, int line) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "y" -> Boolean.TRUE;
            case "no", "false", "0", "n" -> Boolean.FALSE;
            default -> throw new InvalidInventoryException(line, column + " must be yes or no, not '" + s.strip() + "'");
        };
    }
}
