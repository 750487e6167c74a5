package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Evaluates the closed set of declarative condition types against an {@link EvaluationContext}. */
public final class Conditions {
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[,\\s]+");

    private Conditions() {
    }

    public static ConditionResult evaluate(Condition c, EvaluationContext ctx) {
        String label = c.label();
        String raw = "exit-code".equals(c.type()) ? ctx.fact(c.key() + "#exit") : ctx.fact(c.key());
        String expected = describeExpected(c);
        if (raw == null && c.defaultValue() != null) {
            raw = c.defaultValue();
        }
        if (raw == null) {
            Status s = c.absent() == null ? c.violationStatus() : Status.parse(c.absent());
            return new ConditionResult(c, s, label + " not set", expected);
        }
        if ("xpath".equals(c.type())) {
            try {
                raw = XmlFacts.evaluate(raw, c.xpath());
            } catch (IllegalArgumentException e) {
                return new ConditionResult(c, Status.ERROR, label + ": " + e.getMessage(), expected);
            }
        }
        boolean ok = switch (c.type()) {
            case "key-value" -> keyValue(c, raw);
            case "numeric" -> numeric(c, raw);
            case "regex" -> Pattern.compile(c.pattern(), Pattern.MULTILINE).matcher(raw).find() != Boolean.TRUE.equals(c.forbid());
            case "list-subset" -> listSubset(c, raw);
            case "exit-code" -> c.codes().contains(parseInt(raw));
            case "line-count" -> inRange(c, raw.lines().filter(l -> !l.isBlank()).count());
            case "xpath" -> c.min() != null || c.max() != null ? numeric(c, raw)
                    : c.pattern() != null ? Pattern.compile(c.pattern(), Pattern.MULTILINE).matcher(raw).find() != Boolean.TRUE.equals(c.forbid())
                    : keyValue(c, raw);
            default -> throw new IllegalArgumentException("unknown condition type: " + c.type());
        };
        String observed = "line-count".equals(c.type())
                ? label + ": " + raw.lines().filter(l -> !l.isBlank()).count() + " line(s)"
                : label + "=" + abbreviate(raw);
        return new ConditionResult(c, ok ? Status.PASS : c.violationStatus(), observed, expected);
    }

    private static boolean keyValue(Condition c, String raw) {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (c.equalTo() != null && !v.equals(c.equalTo().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (c.in() != null && c.in().stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).equals(v))) {
            return false;
        }
        return c.notIn() == null || c.notIn().stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).equals(v));
    }

    private static boolean numeric(Condition c, String raw) {
        try {
            return inRange(c, Double.parseDouble(raw.strip().split("\\s+")[0]));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean inRange(Condition c, double v) {
        return (c.min() == null || v >= c.min()) && (c.max() == null || v <= c.max());
    }

    private static boolean listSubset(Condition c, String raw) {
        for (String tok : tokens(raw)) {
            if (c.in() != null && !c.in().contains(tok)) {
                return false;
            }
            if (c.forbidTokens() != null && c.forbidTokens().stream().anyMatch(p -> tok.matches(p))) {
                return false;
            }
        }
        return true;
    }

    public static List<String> tokens(String raw) {
        List<String> out = new ArrayList<>();
        for (String t : TOKEN_SPLIT.split(raw.strip())) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    static String describeExpected(Condition c) {
        if (c.message() != null) {
            return c.message();
        }
        String l = c.label();
        return switch (c.type()) {
            case "key-value" -> c.equalTo() != null ? l + "=" + c.equalTo()
                    : c.in() != null ? l + " in {" + String.join(", ", c.in()) + "}"
                    : l + " not in {" + String.join(", ", c.notIn() == null ? List.of() : c.notIn()) + "}";
            case "numeric", "line-count" -> l + range(c);
            case "regex" -> l + (Boolean.TRUE.equals(c.forbid()) ? " does not match /" : " matches /") + c.pattern() + "/";
            case "list-subset" -> l + (c.in() != null ? " within {" + String.join(", ", c.in()) + "}" : "")
                    + (c.forbidTokens() != null ? " without " + String.join(", ", c.forbidTokens()) : "");
            case "exit-code" -> l + " exit code in " + c.codes();
            case "xpath" -> c.min() != null || c.max() != null ? l + range(c)
                    : c.pattern() != null ? l + (Boolean.TRUE.equals(c.forbid()) ? " does not match /" : " matches /") + c.pattern() + "/"
                    : c.equalTo() != null ? l + "=" + c.equalTo()
                    : c.in() != null ? l + " in {" + String.join(", ", c.in()) + "}"
                    : l + " not in {" + String.join(", ", c.notIn() == null ? List.of() : c.notIn()) + "}";
            default -> l;
        };
    }

    private static String range(Condition c) {
        if (c.min() != null && c.max() != null) {
            return " in " + num(c.min()) + ".." + num(c.max());
        }
        return c.min() != null ? " >= " + num(c.min()) : " <= " + num(c.max());
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        if (one.isEmpty()) {
            return "(empty)";
        }
        return one.length() > 200 ? one.substring(0, 197) + "..." : one;
    }
}
