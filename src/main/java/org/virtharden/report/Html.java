package org.virtharden.report;

/**
 * A small XHTML builder: every piece of text goes through {@link #text}, which escapes markup characters and
 * replaces characters XML cannot carry, so host-supplied names and output always render as plain text.
 */
final class Html {
    private final StringBuilder sb = new StringBuilder(64 * 1024);

    /** Appends markup written by us (never host data). */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** Appends escaped text; null appends nothing. */
    Html text(Object value) {
        if (value != null) {
            escape(value.toString(), sb);
        }
        return this;
    }

    /** {@code <tag class="cls">text</tag>}, text escaped. */
    Html el(String tag, String cls, Object value) {
        sb.append('<').append(tag);
        if (cls != null) {
            sb.append(" class=\"").append(cls).append('"');
        }
        sb.append('>');
        text(value);
        sb.append("</").append(tag).append('>');
        return this;
    }

    Html td(Object value) {
        return el("td", null, value);
    }

    Html td(String cls, Object value) {
        return el("td", cls, value);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** XML/HTML text and attribute escaping; control characters become visible {@code \\uXXXX}. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        escape(s, out);
        return out.toString();
    }

    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                case '\r' -> { }
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A CSS string literal (for margin boxes): everything but letters, digits and spaces as a hex escape. */
    static String cssString(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) && cp < 0x80 || cp == ' ' || cp == '.' || cp == ',' || cp == '-') {
                out.appendCodePoint(cp);
            } else {
                out.append('\\').append(Integer.toHexString(cp)).append(' ');
            }
        });
        return out.append('"').toString();
    }
}
