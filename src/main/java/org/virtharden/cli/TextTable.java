package org.virtharden.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table for terminals. Control characters in cells are shown escaped. */
final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final int maxWidth;

    TextTable(String... header) {
        this(60, header);
    }

    TextTable(int maxWidth, String... header) {
        this.header = header;
        this.maxWidth = maxWidth;
    }

    void row(String... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length ? clean(cells[i]) : "";
        }
        rows.add(r);
    }

    /** Makes host-supplied text safe for a terminal: no escape sequences, no line breaks. */
    static String clean(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    void print(PrintWriter out) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.min(maxWidth, Math.max(w[i], r[i].codePointCount(0, r[i].length())));
            }
        }
        line(out, header, w);
        for (String[] r : rows) {
            line(out, r, w);
        }
    }

    private static void line(PrintWriter out, String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int len = c.codePointCount(0, c.length());
            if (len > w[i]) {
                c = c.substring(0, c.offsetByCodePoints(0, w[i] - 1)) + "…";
                len = w[i];
            }
            b.append(c);
            if (i < cells.length - 1) {
                b.append(" ".repeat(w[i] - len + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
