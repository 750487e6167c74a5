package org.virtharden.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The closed set of output parsers. Each writes {@code id} (the whole stdout, stripped) and, for
 * structured output, {@code id.<key>} facts. Keys are lower-cased where the source is case-insensitive.
 */
public final class FactParsers {
    public static final List<String> NAMES =
            List.of("raw", "space-kv", "sysctl", "env-file", "libvirt-conf", "colon-kv", "lines");

    private FactParsers() {
    }

    public static void parse(String parser, String id, String stdout, Map<String, String> facts) {
        String text = stdout == null ? "" : stdout;
        facts.put(id, text.strip());
        switch (parser) {
            case "raw" -> { }
            case "lines" -> facts.put(id + ".count", Long.toString(text.lines().filter(l -> !l.isBlank()).count()));
            case "space-kv" -> spaceKv(id, text, facts);
            case "sysctl" -> separated(id, text, '=', false, facts);
            case "colon-kv" -> separated(id, text, ':', true, facts);
            case "env-file" -> envFile(id, text, facts);
            case "libvirt-conf" -> libvirtConf(id, text, facts);
            default -> throw new IllegalArgumentException("unknown parser: " + parser);
        }
    }

    /** {@code sshd -T} style: first word is the key (lower-cased); repeated keys are joined with commas. */
    private static void spaceKv(String id, String text, Map<String, String> facts) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int sp = indexOfSpace(l);
            String key = (sp < 0 ? l : l.substring(0, sp)).toLowerCase(Locale.ROOT);
            String val = sp < 0 ? "" : l.substring(sp + 1).strip();
            facts.merge(id + "." + key, val, (a, b) -> a + "," + b);
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code key = value} or {@code key: value}; the first occurrence wins. */
    private static void separated(String id, String text, char sep, boolean lowerKey, Map<String, String> facts) {
        for (String line : text.split("\n")) {
            int i = line.indexOf(sep);
            if (i <= 0) {
                continue;
            }
            String key = line.substring(0, i).strip();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            if (lowerKey) {
                key = key.toLowerCase(Locale.ROOT);
            }
            facts.putIfAbsent(id + "." + key, line.substring(i + 1).strip());
        }
    }

    /** Shell-style {@code KEY=value} files such as os-release; surrounding quotes are removed. */
    private static void envFile(String id, String text, Map<String, String> facts) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            int i = l.indexOf('=');
            if (l.startsWith("#") || i <= 0) {
                continue;
            }
            facts.putIfAbsent(id + "." + l.substring(0, i).strip(), unquote(l.substring(i + 1).strip()));
        }
    }

    /**
     * libvirt's config syntax: the first uncommented assignment of a key wins, later duplicates are
     * ignored; a list value {@code [ ... ]} may run over several lines. Strings lose their quotes.
     */
    private static void libvirtConf(String id, String text, Map<String, String> facts) {
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String l = stripComment(lines[n]).strip();
            int i = l.indexOf('=');
            if (i <= 0) {
                continue;
            }
            String key = l.substring(0, i).strip();
            StringBuilder val = new StringBuilder(l.substring(i + 1).strip());
            if (val.toString().startsWith("[")) {
                while (val.indexOf("]") < 0 && n + 1 < lines.length) {
                    val.append(' ').append(stripComment(lines[++n]).strip());
                }
            }
            facts.putIfAbsent(id + "." + key, normaliseConfValue(val.toString()));
        }
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String normaliseConfValue(String v) {
        String s = v.strip();
        if (s.startsWith("[")) {
            String inner = s.substring(1, s.endsWith("]") ? s.length() - 1 : s.length());
            StringBuilder out = new StringBuilder();
            for (String part : listItems(inner)) {
                String p = unquote(part.strip());
                if (!p.isEmpty()) {
                    out.append(out.length() == 0 ? "" : ",").append(p);
                }
            }
            return out.toString();
        }
        return unquote(s);
    }

    /** Splits a list body on commas outside double quotes (DN lists contain commas inside their strings). */
    private static java.util.List<String> listItems(String inner) {
        java.util.List<String> items = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                items.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        items.add(cur.toString());
        return items;
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
