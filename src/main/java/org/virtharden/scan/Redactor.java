package org.virtharden.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from collected output before anything is stored: console passwords in domain XML
 * and qemu.conf, private key blocks, and values of password/secret/token/community settings. What
 * remains shows that a secret was present, never what it was.
 */
public final class Redactor {
    public static final String MASK = "«redacted»";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // PEM private keys of any kind
            new Rule(Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?-----END \\1PRIVATE KEY-----"),
                    "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----"),
            // XML attributes: passwd='x', passwd="x" (VNC/SPICE graphics), secret/key attributes
            new Rule(Pattern.compile("(?i)\\b(passwd|password|secret|psk)(\\s*=\\s*)(['\"])(.*?)\\3"), "$1$2$3" + MASK + "$3"),
            // config lines: vnc_password = "x", spice_password, *_password, token: x, api_key=x
            new Rule(Pattern.compile("(?im)^(\\s*[\\w.-]*(?:passw(?:or)?d|secret|token|api[_-]?key|psk|credential)[\\w.-]*\\s*[=:]\\s*)(\\S.*)$"),
                    "$1" + MASK),
            // SNMP communities and v3 user secrets keep the directive, drop the secret
            new Rule(Pattern.compile("(?im)^(\\s*(?:rocommunity6?|rwcommunity6?)\\s+)(\\S+)"), "$1" + MASK),
            new Rule(Pattern.compile("(?im)^(\\s*com2sec6?\\s+\\S+\\s+\\S+\\s+)(\\S+)"), "$1" + MASK),
            new Rule(Pattern.compile("(?im)^(\\s*createUser\\s+\\S+.*?)(\\s+\\S+)(\\s+(?:DES|AES\\S*))(\\s+\\S+)\\s*$"), "$1 " + MASK + "$3 " + MASK),
            // URLs with embedded credentials
            new Rule(Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)@"), "$1" + MASK + "@"));

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(s);
            if (m.find()) {
                s = m.replaceAll(r.replacement());
            }
        }
        return s;
    }
}
