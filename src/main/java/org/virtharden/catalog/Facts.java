package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, shared readers for probe output used by the Java evaluators. */
final class Facts {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");

    private Facts() {
    }

    /** The fact, or "" when absent. */
    static String text(EvaluationContext ctx, String key) {
        String v = ctx.fact(key);
        return v == null ? "" : v;
    }

    /** The fact lower-cased and stripped, or null when absent. */
    static String lower(EvaluationContext ctx, String key) {
        String v = ctx.fact(key);
        return v == null ? null : v.strip().toLowerCase(Locale.ROOT);
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.stripTrailing());
            }
        }
        return out;
    }

    /** The first integer in the text, or null. */
    static Long firstLong(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Long.valueOf(m.group()) : null;
    }

    static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        String s = v.strip().toLowerCase(Locale.ROOT);
        return s.equals("1") || s.equals("yes") || s.equals("true") || s.equals("on");
    }

    /** Splits a libvirt list or an sshd comma list into tokens. */
    static List<String> tokens(String v) {
        return v == null ? List.of() : Conditions.tokens(v);
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
