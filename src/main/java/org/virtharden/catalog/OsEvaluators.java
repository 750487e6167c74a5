package org.virtharden.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OS-level checks: vendor support window (HV-001), security updates (HV-002), crypto policy/FIPS (HV-027). */
final class OsEvaluators {
    /** One row of {@code os-support.csv}. */
    record SupportWindow(String id, String release, LocalDate standardEnd, LocalDate extendedEnd, String extendedName,
            String extendedNeeds) {
    }

    private static final Map<String, SupportWindow> TABLE = loadTable();
    private static final Pattern ESM_ON = Pattern.compile("(?m)^esm-infra\\s+\\S+\\s+enabled\\b");
    private static final Pattern APT_LINE = Pattern.compile("^(\\S+)/(\\S+)\\s+(\\S+)\\s+\\S+\\s+\\[upgradable from: ([^\\]]+)\\]");
    private static final Pattern ADVISORY = Pattern.compile("^[A-Z][A-Za-z]*-\\d{4}[:-]\\d+.*");
    private static final Pattern SEVERITY = Pattern.compile("(?i)(critical|important|moderate|low|none)(/sec\\.)?");
    private static final Pattern ARCH = Pattern.compile("\\.(x86_64|aarch64|noarch|i686|ppc64le|s390x)$");
    private static final Pattern ADVISORY_ID = Pattern.compile("^\\s*(?:Update ID|Name)\\s*:\\s*(\\S+)");
    private static final Pattern ADVISORY_DATE = Pattern.compile("^\\s*(Issued|Updated)\\s*:\\s*(\\d{4}-\\d{2}-\\d{2})");
    static final Pattern RELEVANT = Pattern.compile("^(linux-(image|modules|signed|generic|virtual|firmware).*|kernel(-.*)?"
            + "|qemu.*|libvirt.*|ovmf|edk2.*|openssh.*|openssl.*|libssl.*|gnutls.*|libgnutls.*"
            + "|intel-microcode|amd64-microcode|microcode_ctl)$");

    private OsEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("os-eol", OsEvaluators::osEol);
        m.put("security-updates", OsEvaluators::securityUpdates);
        m.put("fips-policy", OsEvaluators::fipsPolicy);
    }

    private static Map<String, SupportWindow> loadTable() {
        Map<String, SupportWindow> out = new HashMap<>();
        try (InputStream in = OsEvaluators.class.getResourceAsStream("/org/virtharden/catalog/os-support.csv")) {
            if (in == null) {
                throw new IllegalStateException("os-support.csv missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith("id,")) {
                    continue;
                }
                String[] f = (l + ",,,,,").split(",", -1);
                out.put(f[0] + " " + f[1], new SupportWindow(f[0], f[1], LocalDate.parse(f[2]),
                        f[3].isEmpty() ? null : LocalDate.parse(f[3]), f[4], f[5].isEmpty() ? "none" : f[5]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The support table, for tests and reports. */
    static Map<String, SupportWindow> supportTable() {
        return Map.copyOf(TABLE);
    }

    static LocalDate today(EvaluationContext ctx) {
        String d = Settings.get(ctx, Settings.EOL_DATE).strip();
        if (!d.isEmpty()) {
            try {
                return LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                // fall through to the real date; the setting is validated where it is entered
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** HV-001. Facts: os-release.ID/VERSION_ID/PRETTY_NAME, pro-status. */
    static Outcome osEol(Check check, EvaluationContext ctx) {
        String id = firstNonNull(ctx.fact("os-release.ID"), ctx.fact("host.os.id"));
        String version = firstNonNull(ctx.fact("os-release.VERSION_ID"), ctx.fact("host.os.version"));
        if (id == null || version == null) {
            return Outcome.error("os-release has no ID/VERSION_ID");
        }
        id = id.toLowerCase(Locale.ROOT);
        String release = id.equals("ubuntu") ? version : version.split("\\.")[0];
        String name = firstNonNull(ctx.fact("os-release.PRETTY_NAME"), id + " " + version);
        SupportWindow w = TABLE.get(id + " " + release);
        String expected = "release inside the vendor's security-support window";
        if (w == null) {
            return Outcome.manual(name, expected,
                    name + " is not in the support table; confirm vendor security support by hand");
        }
        LocalDate today = today(ctx);
        if (!today.isAfter(w.standardEnd())) {
            return new Outcome(Status.PASS, name, expected, name + " has vendor security support until " + w.standardEnd());
        }
        if (w.extendedEnd() != null && !today.isAfter(w.extendedEnd())) {
            String phase = w.extendedName() + " until " + w.extendedEnd() + " (standard support ended " + w.standardEnd() + ")";
            switch (w.extendedNeeds()) {
                case "esm" -> {
                    if (ESM_ON.matcher(Facts.text(ctx, "pro-status")).find()) {
                        return new Outcome(Status.PASS, name + ", esm-infra enabled", expected, name + " is covered by " + phase);
                    }
                    return new Outcome(Status.FAIL, name + ", Ubuntu Pro ESM not enabled", expected,
                            name + ": standard support ended " + w.standardEnd() + " and esm-infra is not enabled");
                }
                case "attest" -> {
                    if (Settings.flag(ctx, Settings.EXTENDED_SUPPORT_ATTESTED)) {
                        return new Outcome(Status.PASS, name, expected, name + " is covered by attested " + phase);
                    }
                    return new Outcome(Status.FAIL, name, expected, name + ": standard support ended " + w.standardEnd()
                            + "; only a paid " + w.extendedName() + " subscription (attest with "
                            + Settings.EXTENDED_SUPPORT_ATTESTED + ") covers it");
                }
                default -> {
                    return new Outcome(Status.PASS, name, expected, name + " is in " + phase);
                }
            }
        }
        LocalDate end = w.extendedEnd() != null ? w.extendedEnd() : w.standardEnd();
        return new Outcome(Status.FAIL, name, expected, name + " is end of life since " + end + " (evaluated on " + today + ")");
    }

    private static String firstNonNull(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    /** HV-002. Facts: upgradable, advisories, metadata. */
    static Outcome securityUpdates(Check check, EvaluationContext ctx) {
        String up = Facts.text(ctx, "upgradable");
        Verdict v = new Verdict();
        long now = 0;
        long newest = 0;
        for (String line : Facts.lines(Facts.text(ctx, "metadata"))) {
            String[] t = line.strip().split("\\s+", 2);
            if (t[0].equals("now") && t.length == 2) {
                now = Long.parseLong(t[1].strip());
            } else if (t[0].matches("\\d+")) {
                newest = Math.max(newest, Long.parseLong(t[0]));
            }
        }
        LocalDate today = now > 0 ? LocalDate.ofEpochDay(now / 86_400L) : today(ctx);
        long maxAge = Settings.number(ctx, Settings.METADATA_MAX_AGE_HOURS);
        if (newest == 0) {
            v.warn("no package metadata found: pending updates cannot be known");
        } else if (now > 0 && (now - newest) / 3600 > maxAge) {
            v.warn("package metadata is " + (now - newest) / 3600 + " h old (verdict uncertain; the audit does not refresh it)");
        }
        long sla = Settings.number(ctx, Settings.PATCH_SLA_DAYS);
        long slaCritical = Settings.number(ctx, Settings.PATCH_SLA_CRITICAL_DAYS);
        TreeSet<String> relevant = new TreeSet<>();
        int otherSecurity = 0;
        if (up.startsWith("# dnf")) {
            Map<String, LocalDate> issued = advisoryDates(Facts.text(ctx, "advisories"));
            List<String> late = new ArrayList<>();
            List<String> undated = new ArrayList<>();
            for (String line : Facts.lines(up)) {
                DnfRow row = dnfRow(line);
                if (row == null) {
                    continue;
                }
                String pkg = rpmName(row.nevra());
                if (!RELEVANT.matcher(pkg).matches()) {
                    otherSecurity++;
                    continue;
                }
                relevant.add(pkg);
                LocalDate d = row.issued() != null ? row.issued() : issued.get(row.id());
                boolean critical = row.severity().toLowerCase(Locale.ROOT).startsWith("critical");
                long limit = critical ? slaCritical : sla;
                if (d == null) {
                    undated.add(pkg + " (" + row.id() + ")");
                } else if (d.plusDays(limit).isBefore(today)) {
                    late.add(pkg + " (" + row.id() + " " + row.severity() + ", issued " + d + ")");
                }
            }
            v.seen(Facts.plural(relevant.size(), "hypervisor-relevant security update") + " pending");
            if (!late.isEmpty()) {
                v.fail("security updates pending beyond the SLA (" + sla + " days, critical " + slaCritical + "): "
                        + String.join(", ", new TreeSet<>(late)));
            }
            if (!undated.isEmpty()) {
                v.warn("advisory date unknown for " + String.join(", ", new TreeSet<>(undated)));
            }
            if (late.isEmpty() && undated.isEmpty() && !relevant.isEmpty()) {
                v.note("pending within the SLA: " + String.join(", ", relevant));
            }
        } else {
            for (String line : Facts.lines(up)) {
                Matcher m = APT_LINE.matcher(line.strip());
                if (!m.matches()) {
                    continue;
                }
                boolean security = false;
                for (String suite : m.group(2).split(",")) {
                    security |= suite.endsWith("-security");
                }
                if (!security) {
                    continue;
                }
                if (RELEVANT.matcher(m.group(1)).matches()) {
                    relevant.add(m.group(1));
                } else {
                    otherSecurity++;
                }
            }
            v.seen(Facts.plural(relevant.size(), "hypervisor-relevant security update") + " pending");
            if (!relevant.isEmpty()) {
                v.warn("security updates pending for " + String.join(", ", relevant)
                        + " (apt shows no advisory date, so their age against the " + sla + "-day SLA is unknown)");
            }
        }
        if (otherSecurity > 0) {
            v.seen(otherSecurity + " other security update(s) pending");
        }
        return v.outcome("no security update for kernel, QEMU, libvirt, firmware, OpenSSH, OpenSSL/GnuTLS or microcode "
                + "pending longer than " + sla + " days (critical " + slaCritical + ")",
                relevant.isEmpty() ? "no hypervisor-relevant security update is pending" : "pending updates are within the SLA");
    }

    /** One advisory/package row of {@code dnf updateinfo list} (dnf 4) or {@code dnf advisory list} (dnf 5, with Issued). */
    record DnfRow(String id, String severity, String nevra, LocalDate issued) {
    }

    static DnfRow dnfRow(String line) {
        String[] t = line.strip().split("\\s+");
        if (t.length < 3 || !ADVISORY.matcher(t[0]).matches()) {
            return null;
        }
        String severity = "";
        String nevra = null;
        LocalDate issued = null;
        for (int i = 1; i < t.length; i++) {
            if (SEVERITY.matcher(t[i]).matches()) {
                severity = t[i].replace("/Sec.", "");
            } else if (nevra == null && ARCH.matcher(t[i]).find()) {
                nevra = t[i];
            } else if (issued == null && t[i].matches("\\d{4}-\\d{2}-\\d{2}")) {
                issued = LocalDate.parse(t[i]);
            }
        }
        return nevra == null ? null : new DnfRow(t[0], severity, nevra, issued);
    }

    static Map<String, LocalDate> advisoryDates(String info) {
        Map<String, LocalDate> out = new HashMap<>();
        String current = null;
        for (String line : Facts.lines(info)) {
            Matcher id = ADVISORY_ID.matcher(line);
            if (id.find()) {
                current = id.group(1);
                continue;
            }
            Matcher d = ADVISORY_DATE.matcher(line);
            if (current != null && d.find()) {
                LocalDate date = LocalDate.parse(d.group(2));
                if (d.group(1).equals("Issued") || !out.containsKey(current)) {
                    out.put(current, date);
                }
            }
        }
        return out;
    }

    /** Package name of an NEVRA such as {@code openssl-libs-1:3.0.7-25.el9_3.x86_64}. */
    static String rpmName(String nevra) {
        String s = nevra.replaceFirst("\\.[^.]+$", "");
        int last = s.lastIndexOf('-');
        int prev = last > 0 ? s.lastIndexOf('-', last - 1) : -1;
        return prev > 0 ? s.substring(0, prev) : s;
    }

    /** HV-027. Facts: fips-enabled, crypto-policy, fips-setup, pro-fips. */
    static Outcome fipsPolicy(Check check, EvaluationContext ctx) {
        boolean required = Settings.flag(ctx, Settings.FIPS_REQUIRED);
        String fips = Facts.text(ctx, "fips-enabled").strip();
        String policy = Facts.text(ctx, "crypto-policy").strip();
        boolean hasPolicy = !policy.isEmpty() && !policy.equals("absent");
        String family = ctx.osFamily();
        String observed = "fips_enabled=" + fips + (hasPolicy ? ", crypto policy " + policy : "");
        if (!required && !"rhel".equals(family) && !hasPolicy) {
            return Outcome.notApplicable("no FIPS requirement (" + Settings.FIPS_REQUIRED + "=false) and no system crypto policy on this "
                    + family + " host");
        }
        if (required) {
            String expected = "fips_enabled=1" + (hasPolicy ? " and crypto policy FIPS" : "");
            boolean policyOk = !hasPolicy || policy.equals("FIPS") || policy.startsWith("FIPS:");
            if (fips.equals("1") && policyOk) {
                return new Outcome(Status.PASS, observed, expected, "FIPS mode is active as required");
            }
            return new Outcome(Status.FAIL, observed, expected, "FIPS mode is required but "
                    + (!fips.equals("1") ? "the kernel reports fips_enabled=" + fips : "the crypto policy is " + policy));
        }
        String expected = "base policy DEFAULT, FUTURE or FIPS without weakening sub-policies";
        if (!hasPolicy) {
            return new Outcome(Status.WARN, observed, expected, "no update-crypto-policies on this host: SSH/TLS algorithms are not centrally set");
        }
        String[] parts = policy.split(":");
        String base = parts[0];
        List<String> weak = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String sub = parts[i].toUpperCase(Locale.ROOT);
            if (sub.contains("SHA1") || sub.contains("LEGACY") || sub.contains("NO-ENFORCE-EMS") || sub.contains("AD-SUPPORT-LEGACY")) {
                weak.add(parts[i]);
            }
        }
        if (base.equals("LEGACY")) {
            return new Outcome(Status.FAIL, observed, expected, "crypto policy LEGACY re-enables weak algorithms (SHA-1, small keys)");
        }
        if (!List.of("DEFAULT", "FUTURE", "FIPS").contains(base)) {
            return new Outcome(Status.WARN, observed, expected, "custom crypto policy " + base + ": review its algorithm set");
        }
        if (!weak.isEmpty()) {
            return new Outcome(Status.WARN, observed, expected, "sub-policy " + String.join(":", weak) + " re-enables weak algorithms");
        }
        return new Outcome(Status.PASS, observed, expected, "crypto policy " + policy + " (FIPS not required)");
    }
}
