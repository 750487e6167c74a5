package org.virtharden.scan;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.virtharden.transport.Shell;

/**
 * Runs a per-guest probe command once for every guest libvirt knows on the host, inside one batch item:
 * a shell loop over {@code virsh -r list --all --uuid}. The command sees the guest's UUID as
 * {@code $VH_DOM} and the host's libvirt URI as {@code $VH_URI}; neither is ever spliced into command
 * text (the URI is operator configuration and travels quoted). Each guest's output is framed by
 * markers with a per-scan nonce, on stdout and stderr, with its own exit code and its own timeout.
 */
final class GuestLoop {
    /** Exit code of the loop when virsh is missing; 3 when it could not list the guests. */
    static final int NO_VIRSH = 127;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One guest's part of the loop's output. */
    record Part(String stdout, String stderr, int exitCode) {
    }

    private final String marker;

    GuestLoop() {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        this.marker = "@@VG-" + HexFormat.of().formatHex(nonce) + "@@";
    }

    /** The marker that frames each guest's part: the batch exports it to the loop as {@code $VH_GM}. */
    String marker() {
        return marker;
    }

    /**
     * The loop around one per-guest command. It reads the libvirt URI ({@code $VH_URI}) and the frame marker
     * ({@code $VH_GM}) from the batch's environment, so its text depends only on the command and the timeout: the
     * same text the collector script carries for this command.
     */
    static String wrap(String command, int timeoutSeconds) {
        return "command -v virsh >/dev/null 2>&1 || { echo 'virsh: not found (install libvirt-clients)' >&2; exit " + NO_VIRSH + "; }\n"
                + "VH_LIST=$(virsh -r -c \"$VH_URI\" list --all --uuid) || { echo \"virsh could not list the guests of $VH_URI\" >&2; exit 3; }\n"
                + "for VH_DOM in $VH_LIST; do export VH_DOM\n"
                + "  printf '%s B %s\\n' \"$VH_GM\" \"$VH_DOM\"; printf '%s B %s\\n' \"$VH_GM\" \"$VH_DOM\" >&2\n"
                + "  timeout -k 2 " + timeoutSeconds + " sh -c " + Shell.quote(command) + " </dev/null; r=$?\n"
                + "  printf '\\n%s E %s %s\\n' \"$VH_GM\" \"$VH_DOM\" \"$r\"; printf '\\n%s E %s\\n' \"$VH_GM\" \"$VH_DOM\" >&2\n"
                + "done\n";
    }

    /** Splits the loop's output by guest UUID, in libvirt's order. Guests whose part never ended are left out. */
    Map<String, Part> split(String stdout, String stderr) {
        Map<String, Part> out = new LinkedHashMap<>();
        String begin = marker + " B ";
        int i = 0;
        while ((i = stdout.indexOf(begin, i)) >= 0) {
            int eol = stdout.indexOf('\n', i);
            if (eol < 0) {
                break;
            }
            String uuid = stdout.substring(i + begin.length(), eol).strip();
            String endTag = "\n" + marker + " E " + uuid + " ";
            int e = stdout.indexOf(endTag, eol);
            if (e < 0) {
                break;
            }
            int eEol = stdout.indexOf('\n', e + endTag.length());
            String rc = stdout.substring(e + endTag.length(), eEol < 0 ? stdout.length() : eEol).strip();
            String err = between(stderr, marker + " B " + uuid + "\n", "\n" + marker + " E " + uuid + "\n");
            int code;
            try {
                code = Integer.parseInt(rc);
            } catch (NumberFormatException ex) {
                code = -1;
            }
            out.put(uuid, new Part(stdout.substring(eol + 1, e), err, code));
            i = eEol < 0 ? stdout.length() : eEol;
        }
        return out;
    }

    private static String between(String s, String begin, String end) {
        int b = s.indexOf(begin);
        if (b < 0) {
            return "";
        }
        int from = b + begin.length();
        int e = s.indexOf(end, from - 1);
        return e < from ? "" : s.substring(from, e);
    }
}
