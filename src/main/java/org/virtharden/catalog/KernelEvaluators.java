package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Host kernel checks: side-channel mitigations, KSM, running kernel, boot chain, unused drivers. */
final class KernelEvaluators {
    private static final long DAY = 86_400L;
    private static final Pattern CMDLINE_OFF = Pattern.compile("(^|\\s)(mitigations=off|nopti)(\\s|$)");
    private static final Pattern DEB_UNAME_VERSION = Pattern.compile("Debian (\\S+)");

    private KernelEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("cpu-vulns", KernelEvaluators::cpuVulns);
        m.put("ksm", KernelEvaluators::ksm);
        m.put("kernel-current", KernelEvaluators::kernelCurrent);
        m.put("boot-chain", KernelEvaluators::bootChain);
        m.put("unused-hardware", KernelEvaluators::unusedHardware);
    }

    /** HV-006. Facts: vulns (grep -r . output), smt, cmdline, qemu-conf.sched_core. */
    static Outcome cpuVulns(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        List<String> vulnerable = new ArrayList<>();
        List<String> smtVulnerable = new ArrayList<>();
        int files = 0;
        for (String line : Facts.lines(Facts.text(ctx, "vulns"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            files++;
            String name = line.substring(0, colon).replaceFirst(".*/", "");
            String text = line.substring(colon + 1).strip();
            if (text.startsWith("Vulnerable")) {
                vulnerable.add(name + " (" + text + ")");
            } else if (text.startsWith("Mitigation") && text.endsWith("SMT vulnerable")) {
                smtVulnerable.add(name);
            }
        }
        if (files == 0) {
            return Outcome.error("the kernel reports no /sys/devices/system/cpu/vulnerabilities entries");
        }
        v.seen(Facts.plural(files, "vulnerability file") + ", " + vulnerable.size() + " vulnerable");
        if (!vulnerable.isEmpty()) {
            v.fail("vulnerable: " + String.join(", ", vulnerable));
        }
        Matcher off = CMDLINE_OFF.matcher(Facts.text(ctx, "cmdline"));
        if (off.find()) {
            v.fail("kernel command line has " + off.group(2));
        }
        if (!smtVulnerable.isEmpty()) {
            String smt = Facts.text(ctx, "smt").strip();
            String sched = ctx.fact("qemu-conf.sched_core");
            boolean smtOff = Set.of("off", "forceoff", "notsupported").contains(smt);
            boolean coreSched = sched != null && !sched.isBlank() && !sched.strip().equals("none");
            v.seen("SMT " + smt + ", sched_core " + (sched == null ? "unset" : sched));
            if (!smtOff && !coreSched && Settings.flag(ctx, Settings.MIXED_TRUST)) {
                v.warn("SMT vulnerable (" + String.join(", ", smtVulnerable) + ") with SMT on and no core scheduling "
                        + "while guests of different trust share the host");
            }
        }
        return v.outcome("no 'Vulnerable' entry; no mitigations=off/nopti; SMT off or sched_core set where SMT is vulnerable",
                "all reported CPU vulnerabilities are mitigated or not applicable");
    }

    /** HV-008. Facts: ksm.run, ksm.pages_sharing. */
    static Outcome ksm(Check check, EvaluationContext ctx) {
        String run = Facts.lower(ctx, "ksm.run");
        String sharing = Facts.lower(ctx, "ksm.pages_sharing");
        if (run == null) {
            return Outcome.error("KSM state was not reported");
        }
        String observed = "run=" + run + ", pages_sharing=" + sharing;
        if (run.equals("absent")) {
            return new Outcome(Status.PASS, "kernel without KSM", "run=0 or pages_sharing=0", "the kernel has no KSM");
        }
        if (run.equals("0") || "0".equals(sharing)) {
            return new Outcome(Status.PASS, observed, "run=0 or pages_sharing=0", "no pages are merged between guests");
        }
        if (Settings.flag(ctx, Settings.KSM_ALLOWED)) {
            return new Outcome(Status.WARN, observed, "run=0 or pages_sharing=0",
                    "KSM merges pages; accepted because all guests share one trust level (" + Settings.KSM_ALLOWED + ")");
        }
        return new Outcome(Status.FAIL, observed, "run=0 or pages_sharing=0",
                "KSM merges " + sharing + " pages across guests of different trust (page-dedup side channel)");
    }

    /** HV-003. Facts: running.release/version/now, installed (image lines), reboot. */
    static Outcome kernelCurrent(Check check, EvaluationContext ctx) {
        String release = ctx.fact("running.release");
        if (release == null) {
            return Outcome.error("uname -r was not reported");
        }
        long now = parseLong(ctx.fact("running.now"), System.currentTimeMillis() / 1000);
        long sla = Settings.number(ctx, Settings.PATCH_SLA_DAYS);
        Verdict v = new Verdict();
        v.seen("running " + release);
        String newest = null;
        long newestTime = 0;
        String runningPkg = null;
        for (String line : Facts.lines(Facts.text(ctx, "installed"))) {
            String[] t = line.strip().split("\\s+");
            if (t.length < 3 || !t[0].equals("image")) {
                continue;
            }
            if (newest == null || VersionCompare.compare(t[1], newest) > 0) {
                newest = t[1];
                newestTime = parseLong(t[2], 0);
            }
            if (t[1].equals(release) && t.length > 3) {
                runningPkg = t[3];
            }
        }
        if (newest == null) {
            v.warn("no installed kernel image found (running " + release + " is not from a package, so package updates never reach it)");
            return v.outcome("running kernel = newest installed, no reboot pending", "");
        }
        v.seen("newest installed " + newest);
        if (VersionCompare.compare(newest, release) > 0) {
            long age = (now - newestTime) / DAY;
            String msg = "newer kernel " + newest + " installed " + age + " day(s) ago but " + release + " is running";
            if (age > sla) {
                v.fail(msg + " (SLA " + sla + " days)");
            } else {
                v.warn(msg);
            }
        } else if ("debian".equals(ctx.osFamily()) && runningPkg != null && !runningPkg.equals("-")) {
            Matcher m = DEB_UNAME_VERSION.matcher(Facts.text(ctx, "running.version"));
            if (m.find() && !m.group(1).equals(runningPkg)) {
                long age = (now - newestTime) / DAY;
                String msg = "package linux-image-" + release + " is " + runningPkg + " but the running build is "
                        + m.group(1) + " (updated " + age + " day(s) ago, not rebooted)";
                if (age > sla) {
                    v.fail(msg + " (SLA " + sla + " days)");
                } else {
                    v.warn(msg);
                }
            }
        }
        String reboot = Facts.text(ctx, "reboot");
        Matcher flag = Pattern.compile("(?m)^flag (\\d+)").matcher(reboot);
        if (flag.find()) {
            long age = (now - Long.parseLong(flag.group(1))) / DAY;
            v.warn("reboot-required flag set " + age + " day(s) ago");
        } else if (reboot.contains("needs-restarting-exit 1")) {
            v.warn("needs-restarting -r: a reboot is required to use installed updates");
        }
        return v.outcome("running kernel = newest installed (same package build); no reboot flag",
                "the newest installed kernel is running and no reboot is pending");
    }

    private static long parseLong(String s, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** HV-022. Facts: sb-state, lockdown, tpm, grub. */
    static Outcome bootChain(Check check, EvaluationContext ctx) {
        String sb = Facts.text(ctx, "sb-state");
        String sbl = sb.toLowerCase(Locale.ROOT);
        boolean sbOn = sbl.contains("secureboot enabled");
        boolean efi = !sbl.contains("efi variables are not supported");
        boolean grubPw = false;
        int grubFiles = 0;
        for (String line : Facts.lines(Facts.text(ctx, "grub"))) {
            String[] t = line.strip().split("\\s+", 2);
            if (t.length == 2 && t[0].matches("\\d+")) {
                grubFiles++;
                grubPw |= Integer.parseInt(t[0]) > 0;
            }
        }
        boolean tpm = Facts.text(ctx, "tpm").matches("(?s).*tpm\\d.*");
        Verdict v = new Verdict();
        v.seen(efi ? (sbOn ? "Secure Boot on" : "Secure Boot off") : "legacy BIOS boot (no EFI variables)")
                .seen(grubFiles == 0 ? "no GRUB configuration found" : grubPw ? "GRUB password set" : "no GRUB password")
                .seen(tpm ? "TPM present" : "no TPM")
                .seen("lockdown " + Facts.text(ctx, "lockdown").strip());
        if (!sbOn && !grubPw) {
            v.fail("neither Secure Boot nor a boot-loader password protects the boot chain");
        } else {
            if (!sbOn) {
                v.warn(efi ? "Secure Boot is off" : "legacy BIOS boot: no Secure Boot");
            }
            if (!grubPw) {
                v.warn("no GRUB superuser password");
            }
        }
        if (!tpm) {
            v.warn("no TPM: measured boot is not possible");
        }
        return v.outcome("Secure Boot on, GRUB superuser password, TPM present", "boot chain protected");
    }

    /** HV-024. Facts: modules, modprobe, wireless, usbguard. */
    static Outcome unusedHardware(Check check, EvaluationContext ctx) {
        Set<String> loaded = new LinkedHashSet<>();
        boolean moduleSupport = true;
        for (String line : Facts.lines(Facts.text(ctx, "modules"))) {
            String[] t = line.strip().split("\\s+");
            if (t[0].equals("no-module-support")) {
                moduleSupport = false;
            } else if (t.length == 2 && (t[0].equals("loaded") || t[0].equals("present"))) {
                loaded.add(t[1].replace('-', '_'));
            }
        }
        Set<String> install = new LinkedHashSet<>();
        Set<String> blacklist = new LinkedHashSet<>();
        for (String line : Facts.lines(Facts.text(ctx, "modprobe"))) {
            String[] t = line.strip().split("\\s+");
            if (t.length >= 3 && t[0].equals("install")
                    && t[2].matches("(/usr)?/bin/(false|true)")) {
                install.add(t[1].replace('-', '_'));
            } else if (t.length >= 2 && t[0].equals("blacklist")) {
                blacklist.add(t[1].replace('-', '_'));
            }
        }
        Verdict v = new Verdict();
        if (!moduleSupport) {
            v.seen("kernel without loadable-module support");
        }
        for (String m : List.of("usb_storage", "firewire_core")) {
            if (loaded.contains(m)) {
                v.fail(m + " is loaded");
            }
            if (install.contains(m)) {
                v.seen(m + " disabled (install /bin/false)");
            } else if (blacklist.contains(m)) {
                v.seen(m + " blacklisted").warn(m + " only blacklisted: an explicit modprobe still loads it");
            } else {
                v.fail(m + " has neither an install nor a blacklist line (auto-loads on demand)");
            }
        }
        for (String m : List.of("bluetooth", "btusb")) {
            if (loaded.contains(m)) {
                v.warn(m + " is loaded");
            } else if (!install.contains(m) && !blacklist.contains(m)) {
                v.warn(m + " is not disabled");
            }
        }
        List<String> wifi = new ArrayList<>();
        for (String line : Facts.lines(Facts.text(ctx, "wireless"))) {
            String[] t = line.strip().split("\\s+");
            if (t.length >= 2 && t[1].equals("UP")) {
                wifi.add(t[0]);
            }
        }
        if (!wifi.isEmpty()) {
            v.warn("active wireless interface " + String.join(", ", wifi));
        }
        String guard = Facts.text(ctx, "usbguard").strip();
        v.seen("usbguard " + guard);
        if (!guard.equals("active")) {
            v.warn("USBGuard is not active");
        }
        return v.outcome("usb-storage and firewire-core not loaded and disabled by 'install ... /bin/false'; "
                + "bluetooth disabled; no active wireless NIC; USBGuard active", "unused host drivers are disabled");
    }
}
