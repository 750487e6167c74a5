package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VN-017/018/019: judge the effective sshd configuration ({@code sshd -T}, probe {@code sshd-config},
 * command {@code sshd-t}). Keys are the lower-case names sshd -T prints.
 */
final class SshEvaluators {
    static final String SSHD = "sshd-t.";
    static final Set<String> STRONG_CIPHERS = Set.of("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com",
            "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr");
    static final Set<String> STRONG_MACS = Set.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "umac-128-etm@openssh.com");
    static final Set<String> TOLERATED_MACS = Set.of("hmac-sha2-256", "hmac-sha2-512", "umac-128@openssh.com");
    static final Set<String> WEAK_KEX = Set.of("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1",
            "diffie-hellman-group-exchange-sha1");
    static final Set<String> WEAK_KEY_ALGS = Set.of("ssh-rsa", "ssh-dss", "ssh-rsa-cert-v01@openssh.com",
            "ssh-dss-cert-v01@openssh.com");
    private static final Pattern KEY_BITS = Pattern.compile("^(\\d+)\\s+\\S+\\s+.*\\((\\w+)\\)\\s*$");
    private static final Pattern KEY_STAT = Pattern.compile("^([0-7]{3,4})\\s+(\\S+)\\s+(\\S+)\\s+(/\\S+)$");

    private SshEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("ssh-auth", SshEvaluators::auth);
        m.put("ssh-crypto", SshEvaluators::crypto);
        m.put("ssh-access", SshEvaluators::access);
    }

    private static String key(EvaluationContext ctx, String k) {
        return Facts.lower(ctx, SSHD + k);
    }

    private static boolean present(EvaluationContext ctx) {
        return ctx.fact(SSHD + "port") != null || ctx.fact(SSHD + "permitrootlogin") != null;
    }

    /** VN-017: authentication hardening. */
    static Outcome auth(Check check, EvaluationContext ctx) {
        if (!present(ctx)) {
            return Outcome.error("sshd -T printed no configuration");
        }
        Verdict v = new Verdict();
        String root = key(ctx, "permitrootlogin");
        v.seen("permitrootlogin " + root);
        if (!"no".equals(root)) {
            boolean keyOnly = Set.of("without-password", "prohibit-password", "forced-commands-only").contains(root);
            if (keyOnly && Settings.flag(ctx, Settings.SSH_ROOT_BREAKGLASS)) {
                v.note("root key login accepted as documented break-glass (" + Settings.SSH_ROOT_BREAKGLASS + ")");
            } else if (keyOnly) {
                v.fail("permitrootlogin " + root + ": root may log in with a key; allowed only for a documented break-glass key");
            } else {
                v.fail("permitrootlogin " + root + ": root can log in with a password");
            }
        }
        String methods = key(ctx, "authenticationmethods");
        boolean keyFirst = methods != null && !methods.equals("any") && keyFirst(methods);
        String pw = key(ctx, "passwordauthentication");
        String kbdKey = ctx.fact(SSHD + "kbdinteractiveauthentication") != null ? "kbdinteractiveauthentication"
                : "challengeresponseauthentication";
        String kbd = key(ctx, kbdKey);
        v.seen("passwordauthentication " + pw).seen(kbdKey + " " + kbd);
        if (methods != null && !methods.equals("any")) {
            v.seen("authenticationmethods " + methods);
        }
        if ("yes".equals(pw) && !keyFirst) {
            v.fail("passwordauthentication yes: password logins are possible");
        }
        if ("yes".equals(kbd) && !keyFirst) {
            v.fail(kbdKey + " yes: keyboard-interactive asks for the password through PAM");
        }
        expect(v, ctx, "permitemptypasswords", "no", "empty passwords accepted");
        expect(v, ctx, "hostbasedauthentication", "no", "host-based trust accepted");
        expect(v, ctx, "ignorerhosts", "yes", ".rhosts/.shosts files are honoured");
        expect(v, ctx, "permituserenvironment", "no", "users can set environment variables for sshd");
        Long tries = Facts.firstLong(key(ctx, "maxauthtries"));
        v.seen("maxauthtries " + tries);
        if (tries == null || tries > 4) {
            v.fail("maxauthtries " + tries + " > 4");
        }
        Long grace = Facts.firstLong(key(ctx, "logingracetime"));
        v.seen("logingracetime " + grace);
        if (grace == null || grace < 1 || grace > 60) {
            v.fail("logingracetime " + grace + (grace != null && grace == 0 ? " (no limit)" : "") + " not within 1-60 s");
        }
        boolean keytab = "present".equals(Facts.lower(ctx, "krb5-keytab"));
        for (String k : List.of("gssapiauthentication", "kerberosauthentication")) {
            if ("yes".equals(key(ctx, k))) {
                v.seen(k + " yes");
                if (!keytab) {
                    v.warn(k + " yes but /etc/krb5.keytab is missing or empty (unused mechanism left on)");
                }
            }
        }
        return v.outcome("permitrootlogin no; password and keyboard-interactive auth off (unless a key is required first); "
                + "permitemptypasswords no; hostbasedauthentication no; ignorerhosts yes; permituserenvironment no; "
                + "maxauthtries <= 4; logingracetime 1-60", "SSH authentication is hardened");
    }

    private static boolean keyFirst(String methods) {
        for (String alt : methods.split("\\s+")) {
            if (!alt.startsWith("publickey")) {
                return false;
            }
        }
        return true;
    }

    private static void expect(Verdict v, EvaluationContext ctx, String k, String want, String why) {
        String val = key(ctx, k);
        if (val == null) {
            v.warn(k + " not reported by sshd -T");
        } else if (!val.equals(want)) {
            v.seen(k + " " + val).fail(k + " " + val + ": " + why);
        }
    }

    /** VN-018: ciphers, MACs, key exchange, host key algorithms, host keys. */
    static Outcome crypto(Check check, EvaluationContext ctx) {
        if (!present(ctx)) {
            return Outcome.error("sshd -T printed no configuration");
        }
        Verdict v = new Verdict();
        List<String> badCiphers = new ArrayList<>();
        for (String c : Facts.tokens(key(ctx, "ciphers"))) {
            if (!STRONG_CIPHERS.contains(c)) {
                badCiphers.add(c);
            }
        }
        v.seen("ciphers " + key(ctx, "ciphers"));
        if (!badCiphers.isEmpty()) {
            v.fail("weak or unapproved ciphers: " + String.join(", ", badCiphers));
        }
        List<String> badMacs = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        for (String m : Facts.tokens(key(ctx, "macs"))) {
            if (TOLERATED_MACS.contains(m)) {
                tolerated.add(m);
            } else if (!STRONG_MACS.contains(m)) {
                badMacs.add(m);
            }
        }
        v.seen("macs " + key(ctx, "macs"));
        if (!badMacs.isEmpty()) {
            v.fail("weak MACs: " + String.join(", ", badMacs));
        }
        if (!tolerated.isEmpty()) {
            v.warn("non-ETM MACs tolerated: " + String.join(", ", tolerated));
        }
        List<String> badKex = Facts.tokens(key(ctx, "kexalgorithms")).stream().filter(WEAK_KEX::contains).toList();
        if (!badKex.isEmpty()) {
            v.fail("SHA-1 key exchange: " + String.join(", ", badKex));
        }
        String pubKey = ctx.fact(SSHD + "pubkeyacceptedalgorithms") != null ? "pubkeyacceptedalgorithms" : "pubkeyacceptedkeytypes";
        for (String k : List.of("hostkeyalgorithms", pubKey)) {
            List<String> bad = Facts.tokens(key(ctx, k)).stream().filter(WEAK_KEY_ALGS::contains).toList();
            if (!bad.isEmpty()) {
                v.fail(k + " allows " + String.join(", ", bad) + " (SHA-1 / DSA signatures)");
            }
        }
        boolean rhel = "rhel".equals(ctx.osFamily());
        int keys = 0;
        for (String line : Facts.lines(Facts.text(ctx, "hostkeys"))) {
            String l = line.strip();
            Matcher st = KEY_STAT.matcher(l);
            Matcher bits = KEY_BITS.matcher(l);
            if (st.matches()) {
                keys++;
                int mode = Integer.parseInt(st.group(1), 8);
                String owner = st.group(2);
                String group = st.group(3);
                String file = st.group(4);
                boolean ok = owner.equals("root") && ((mode & 0177) == 0 && group.equals("root")
                        || rhel && group.equals("ssh_keys") && (mode & 0137) == 0);
                if (!ok) {
                    v.fail("host key " + file + " is " + st.group(1) + " " + owner + ":" + group
                            + " (want 0600 root:root" + (rhel ? " or 0640 root:ssh_keys" : "") + ")");
                }
            } else if (bits.matches() && bits.group(2).equals("RSA")) {
                int b = Integer.parseInt(bits.group(1));
                v.seen("RSA host key " + b + " bit");
                if (b < 2048) {
                    v.fail("RSA host key " + b + " bit < 2048");
                } else if (b < 3072) {
                    v.warn("RSA host key " + b + " bit (3072+ recommended)");
                }
            }
        }
        v.seen(Facts.plural(keys, "host key") + " checked");
        String policy = Facts.text(ctx, "crypto-policy").strip();
        if (!policy.isEmpty() && !policy.equals("none")) {
            v.seen("crypto policy " + policy);
        }
        return v.outcome("ciphers within chacha20-poly1305/AES-GCM/AES-CTR; ETM SHA-2 or UMAC-128 MACs; no SHA-1 kex; "
                + "no ssh-rsa/ssh-dss; RSA host keys >= 3072 bit; host private keys 0600 root", "SSH cryptography is strong");
    }

    /** VN-019: who may log in, forwarding, idle limits, logging, banner, root keys. */
    static Outcome access(Check check, EvaluationContext ctx) {
        if (!present(ctx)) {
            return Outcome.error("sshd -T printed no configuration");
        }
        Verdict v = new Verdict();
        String users = key(ctx, "allowusers");
        String groups = key(ctx, "allowgroups");
        if (users == null && groups == null) {
            v.fail("no allowusers/allowgroups: every local account may log in over SSH");
        } else {
            String scope = (users != null ? "allowusers " + users : "") + (users != null && groups != null ? ", " : "")
                    + (groups != null ? "allowgroups " + groups : "");
            v.seen(scope);
            if (Facts.tokens(users).contains("*") || Facts.tokens(groups).contains("*")) {
                v.fail(scope + ": a bare '*' does not limit access");
            }
        }
        expect(v, ctx, "x11forwarding", "no", "X11 forwarding through the hypervisor");
        String tcp = key(ctx, "allowtcpforwarding");
        if ("local".equals(tcp)) {
            v.note("allowtcpforwarding local (acceptable on a jump host only)");
        } else if (!"no".equals(tcp)) {
            v.seen("allowtcpforwarding " + tcp).fail("allowtcpforwarding " + tcp + ": TCP tunnels through the hypervisor");
        }
        expect(v, ctx, "permittunnel", "no", "tun/tap tunnels through the hypervisor");
        Long interval = Facts.firstLong(key(ctx, "clientaliveinterval"));
        Long count = Facts.firstLong(key(ctx, "clientalivecountmax"));
        v.seen("clientaliveinterval " + interval + ", clientalivecountmax " + count);
        if (interval == null || interval < 1 || interval > 300) {
            v.fail("clientaliveinterval " + interval + (interval != null && interval == 0 ? " (idle cut-off off)" : "")
                    + " not within 1-300 s");
        }
        if (count == null || count > 3) {
            v.fail("clientalivecountmax " + count + " > 3");
        }
        String ms = key(ctx, "maxstartups");
        v.seen("maxstartups " + ms);
        if (!maxStartupsOk(ms)) {
            v.fail("maxstartups " + ms + " is looser than 10:30:60");
        }
        Long sessions = Facts.firstLong(key(ctx, "maxsessions"));
        if (sessions == null || sessions > 10) {
            v.seen("maxsessions " + sessions).fail("maxsessions " + sessions + " > 10");
        }
        String log = key(ctx, "loglevel");
        v.seen("loglevel " + log);
        if (!"verbose".equals(log) && !"info".equals(log)) {
            v.fail("loglevel " + log + ": key fingerprints of logins are not logged (VERBOSE, INFO accepted)");
        }
        String banner = key(ctx, "banner");
        if (banner == null || banner.equals("none")) {
            v.fail("no login banner (banner none)");
        }
        Long rootKeys = Facts.firstLong(Facts.text(ctx, "root-keys"));
        v.seen("root authorized keys " + rootKeys);
        if (rootKeys == null) {
            v.warn("could not count root's authorized keys");
        } else if (rootKeys > 0 && !(rootKeys == 1 && Settings.flag(ctx, Settings.SSH_ROOT_BREAKGLASS))) {
            v.fail("root has " + Facts.plural(rootKeys.intValue(), "authorized key")
                    + " (allowed: none, or one documented break-glass key)");
        }
        return v.outcome("allowusers/allowgroups set; x11forwarding no; allowtcpforwarding no; permittunnel no; "
                + "clientaliveinterval 1-300 with countmax <= 3; maxstartups 10:30:60 or stricter; maxsessions <= 10; "
                + "loglevel VERBOSE/INFO; banner set; no root keys", "SSH access scope and session limits are set");
    }

    /** start:rate:full; stricter = fewer unauthenticated connections before dropping, higher drop rate. */
    static boolean maxStartupsOk(String ms) {
        if (ms == null) {
            return false;
        }
        String[] p = ms.strip().split(":");
        try {
            int start = Integer.parseInt(p[0]);
            if (p.length == 1) {
                return start <= 10;
            }
            int rate = Integer.parseInt(p[1]);
            int full = p.length > 2 ? Integer.parseInt(p[2]) : start;
            return start <= 10 && rate >= 30 && full <= 60;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
