package org.virtharden.scan;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.CommandWrapper;
import org.virtharden.transport.Shell;

/**
 * Many probe commands in one shell script, so a host costs one round trip per privilege level however
 * many checks there are. Each command runs under its own {@code timeout}, with stdin closed; its stdout,
 * stderr, exit code and timings are framed by markers that carry a per-batch random nonce, so output
 * from the host cannot forge a frame. Commands are constant catalog text and travel as quoted words.
 */
public final class BatchScript {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One command of the batch; {@code key} is unique within the batch. */
    /** @param costMs expected run time, used only to balance channels */
    public record Item(String key, String command, int timeoutSeconds, int costMs) {
        public Item(String key, String command, int timeoutSeconds) {
            this(key, command, timeoutSeconds, 20);
        }
    }

    /** One command's section of the batch output, before exit-code interpretation. */
    public record Section(String key, String stdout, String stderr, int exitCode, long startedMillis,
            long durationMillis, boolean finished) {
    }

    private final List<Item> items;
    private final String marker;
    private final Map<String, String> env;

    public BatchScript(List<Item> items) {
        this(items, Map.of());
    }

    /** @param env variables exported to every command (values are quoted, names must be [A-Z_]+) */
    public BatchScript(List<Item> items, Map<String, String> env) {
        this.items = List.copyOf(items);
        this.env = new LinkedHashMap<>(env);
        env.keySet().forEach(k -> {
            if (!k.matches("[A-Z_]+")) {
                throw new IllegalArgumentException("bad variable name " + k);
            }
        });
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        this.marker = "@@VH-" + HexFormat.of().formatHex(nonce) + "@@";
    }

    public List<Item> items() {
        return items;
    }

    /** The frame marker of this batch ({@code @@VH-<16 hex>@@}). */
    public String marker() {
        return marker;
    }

    public String script() {
        return render("M='" + marker + "'", Map.of());
    }

    /**
     * The script text with the marker assignment and some variables given as shell code rather than values: the
     * collector script takes its markers from its (validated) arguments. {@code rawEnv} values are trusted code.
     */
    String render(String markerAssignment, Map<String, String> rawEnv) {
        StringBuilder sb = new StringBuilder(256 + items.size() * 96);
        sb.append("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH; LC_ALL=C; export LC_ALL\n");
        env.forEach((k, v) -> sb.append(k).append('=').append(Shell.quote(v)).append("; export ").append(k).append('\n'));
        rawEnv.forEach((k, v) -> sb.append(k).append('=').append(v).append("; export ").append(k).append('\n'));
        sb.append(markerAssignment).append('\n');
        sb.append("_vh() {\n");
        sb.append("  printf '%s B %s %s\\n' \"$M\" \"$1\" \"$(date +%s%3N)\"; printf '%s B %s\\n' \"$M\" \"$1\" >&2\n");
        sb.append("  timeout -k 2 \"$2\" sh -c \"$3\" </dev/null; _r=$?\n");
        sb.append("  printf '\\n%s E %s %s %s\\n' \"$M\" \"$1\" \"$_r\" \"$(date +%s%3N)\"; printf '\\n%s E %s\\n' \"$M\" \"$1\" >&2\n");
        sb.append("}\n");
        for (Item it : items) {
            sb.append("_vh ").append(it.key()).append(' ').append(it.timeoutSeconds()).append(' ')
                    .append(Shell.quote(it.command())).append('\n');
        }
        sb.append("printf '%s DONE\\n' \"$M\"\n");
        return sb.toString();
    }

    /** Whether the batch never started its first command because root could not be had. */
    public boolean privilegeRefused(CommandResult r) {
        return !r.stdout().contains(marker + " B ")
                && (r.stderr().contains(CommandWrapper.PRIVILEGE_MARKER) || r.stderr().contains("sudo"));
    }

    /** Splits the batch output into per-command sections; commands that never finished are marked so. */
    public Map<String, Section> parse(CommandResult r) {
        Map<String, Section> out = new LinkedHashMap<>();
        String so = r.stdout();
        String se = r.stderr();
        for (Item it : items) {
            String begin = marker + " B " + it.key() + " ";
            int b = lineStart(so, begin);
            if (b < 0) {
                out.put(it.key(), new Section(it.key(), "", "", -1, 0, 0, false));
                continue;
            }
            int bEol = so.indexOf('\n', b);
            long start = parseLong(so.substring(b + begin.length(), bEol < 0 ? so.length() : bEol));
            String endTag = "\n" + marker + " E " + it.key() + " ";
            int e = bEol < 0 ? -1 : so.indexOf(endTag, bEol);
            String err = section(se, marker + " B " + it.key() + "\n", "\n" + marker + " E " + it.key() + "\n");
            if (e < 0) {
                String partial = bEol < 0 ? "" : so.substring(bEol + 1);
                out.put(it.key(), new Section(it.key(), partial, err, -1, start, 0, false));
                continue;
            }
            int eEol = so.indexOf('\n', e + endTag.length());
            String[] tail = so.substring(e + endTag.length(), eEol < 0 ? so.length() : eEol).trim().split(" ");
            int exit = (int) parseLong(tail[0]);
            long end = tail.length > 1 ? parseLong(tail[1]) : start;
            out.put(it.key(), new Section(it.key(), so.substring(bEol + 1, e), err, exit, start,
                    Math.max(0, end - start), true));
        }
        return out;
    }

    private static int lineStart(String s, String prefix) {
        if (s.startsWith(prefix)) {
            return 0;
        }
        int i = s.indexOf("\n" + prefix);
        return i < 0 ? -1 : i + 1;
    }

    private static String section(String s, String begin, String end) {
        int b = lineStart(s, begin.substring(0, begin.length() - 1) + "\n");
        if (b < 0) {
            return "";
        }
        int from = b + begin.length();
        int e = s.indexOf(end, from - 1);
        if (e < 0) {
            return s.substring(Math.min(from, s.length()));
        }
        return e < from ? "" : s.substring(from, e);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
