package org.virtharden.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Per-guest checks that weigh a guest against the rest of the host or against the operator's inputs: its own
 * sVirt category (GU-002), memory limits on an overcommitted host (GU-007), I/O limits among several zones
 * (GU-009), encryption of sensitive guests (GU-014), confidential computing (GU-016), the guest OS support
 * window (GU-020), the template it was built from (GU-021) and dormant guests (GU-023).
 */
final class GuestPolicyEvaluators {
    private GuestPolicyEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("guest-svirt-category", GuestPolicyEvaluators::category);
        m.put("guest-memory-limits", GuestPolicyEvaluators::memory);
        m.put("guest-io-limits", GuestPolicyEvaluators::ioLimits);
        m.put("guest-encryption", GuestPolicyEvaluators::encryption);
        m.put("guest-confidential", GuestPolicyEvaluators::confidential);
        m.put("guest-os-support", GuestPolicyEvaluators::osSupport);
        m.put("guest-template", GuestPolicyEvaluators::template);
        m.put("guest-dormant", GuestPolicyEvaluators::dormant);
    }

    /** What the checks here need from one guest's domain XML, parsed once per XML text. */
    record Guest(String name, String uuid, boolean running, boolean macSeclabel, List<String> macLabels, boolean staticLabel,
            long memoryKib, boolean memLimits, boolean ioLimits) {
    }

    private static final int CACHE = 4096;
    private static final Map<String, Guest> SUMMARIES = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Guest> e) {
            return size() > CACHE;
        }
    });

    static Guest summary(String xml) {
        Guest g = SUMMARIES.get(xml);
        if (g == null) {
            g = summarize(XmlFacts.parse(xml));
            SUMMARIES.put(xml, g);
        }
        return g;
    }

    private static Guest summarize(Document d) {
        String id = d.getDocumentElement().getAttribute("id");
        boolean running = !id.isEmpty() && !id.equals("-1");
        List<String> labels = new ArrayList<>();
        boolean isStatic = false;
        List<Element> mac = GuestEvaluators.select(d, "/domain/seclabel[@model='selinux' or @model='apparmor']");
        for (Element s : mac) {
            String label = GuestEvaluators.text(s, "label");
            if (!label.isEmpty()) {
                labels.add(s.getAttribute("model") + " " + label);
            }
            isStatic |= s.getAttribute("type").equals("static");
        }
        long mem = kib(GuestEvaluators.text(d, "/domain/memory"), GuestEvaluators.text(d, "/domain/memory/@unit"));
        boolean memLimits = !GuestEvaluators.select(d, "/domain/memtune/soft_limit | /domain/memtune/hard_limit").isEmpty();
        boolean io = !GuestEvaluators.select(d, "/domain/devices/disk/iotune/* | /domain/blkiotune/* | "
                + "/domain/devices/interface/bandwidth/*").isEmpty();
        return new Guest(GuestEvaluators.text(d, "/domain/name"), GuestEvaluators.text(d, "/domain/uuid").toLowerCase(Locale.ROOT),
                running, !mac.isEmpty(), List.copyOf(labels), isStatic, mem, memLimits, io);
    }

    static long kib(String value, String unit) {
        long v;
        try {
            v = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
        return switch (unit.strip().toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> v / 1024;
            case "", "k", "kib" -> v;
            case "kb" -> v * 1000 / 1024;
            case "m", "mib" -> v * 1024;
            case "mb" -> v * 1_000_000 / 1024;
            case "g", "gib" -> v * 1024 * 1024;
            case "gb" -> v * 1_000_000_000L / 1024;
            case "t", "tib" -> v * 1024L * 1024 * 1024;
            default -> v;
        };
    }

    private static Guest self(EvaluationContext ctx) {
        String xml = ctx.fact("xml");
        if (xml == null || xml.isBlank()) {
            throw new IllegalArgumentException("no domain XML");
        }
        return summary(xml);
    }

    private static List<Guest> peers(EvaluationContext ctx) {
        List<Guest> out = new ArrayList<>();
        for (ProbeData p : ctx.peers()) {
            String xml = p.facts().get("xml");
            if (xml != null && !xml.isBlank()) {
                out.add(summary(xml));
            }
        }
        return out;
    }

    private static Optional<GuestInventory.Entry> listed(EvaluationContext ctx, String uuid, String name) {
        return GuestInventory.of(ctx).find(uuid, name);
    }

    /** MCS category pair of an SELinux label ("system_u:system_r:svirt_t:s0:c392,c662" gives "s0:c392,c662"). */
    static String isolationKey(String modelAndLabel) {
        int sp = modelAndLabel.indexOf(' ');
        String model = modelAndLabel.substring(0, sp);
        String label = modelAndLabel.substring(sp + 1).strip();
        if (model.equals("selinux")) {
            String[] parts = label.split(":", 4);
            return "selinux " + (parts.length == 4 ? parts[3] : label);
        }
        return modelAndLabel;
    }

    /** GU-002: no other guest (running, or shut off with a static label) holds the same category pair or profile. */
    static Outcome category(Check check, EvaluationContext ctx) {
        Guest g = self(ctx);
        String expected = "a category pair / AppArmor profile no other guest of the host has";
        if (g.macLabels().isEmpty() && g.running() && g.macSeclabel()) {
            return Outcome.notApplicable("libvirt shows no applied label for this running guest (libvirt's test driver, or XML "
                    + "read without the live state): compare the QEMU processes' labels in `ps -eZ` by hand");
        }
        if (g.macLabels().isEmpty()) {
            return Outcome.notApplicable(g.running()
                    ? "runs without an SELinux or AppArmor label, so it has no category to compare (GU-001 judges that)"
                    : "shut off without a static label: libvirt assigns a fresh category when it starts");
        }
        Set<String> mine = new LinkedHashSet<>();
        g.macLabels().forEach(l -> mine.add(isolationKey(l)));
        Verdict v = new Verdict().seen((g.staticLabel() ? "static " : "") + String.join(", ", g.macLabels()));
        for (Guest p : peers(ctx)) {
            if (!(p.running() || p.staticLabel()) || p.uuid().equals(g.uuid())) {
                continue;
            }
            for (String l : p.macLabels()) {
                String k = isolationKey(l);
                if (mine.contains(k)) {
                    v.fail("shares " + k.substring(k.indexOf(' ') + 1) + " with guest '" + p.name() + "'"
                            + (g.staticLabel() || p.staticLabel() ? " (static label copied between guests)" : ""));
                }
            }
        }
        if (!v.failed() && !g.running()) {
            v.note("shut off: the static label is compared with the other guests' labels");
        }
        return v.outcome(expected, "no other guest of this host shares its category pair or profile");
    }

    /** GU-007: on a host whose guests' memory exceeds the overcommit policy, each guest needs a memtune limit. */
    static Outcome memory(Check check, EvaluationContext ctx) {
        Guest g = self(ctx);
        Long hostKib = Facts.firstLong(ctx.fact("nodeinfo.memory size"));
        if (hostKib == null || hostKib <= 0) {
            return Outcome.error("the host's memory size is missing from nodeinfo");
        }
        long total = g.memoryKib();
        for (Guest p : peers(ctx)) {
            total += p.memoryKib();
        }
        double ratio = ratio(Settings.get(ctx, Settings.MEMORY_OVERCOMMIT_MAX));
        double used = (double) total / hostKib;
        String seen = String.format(Locale.ROOT, "guests' memory %d MiB of %d MiB host memory (%.2fx, policy %.2fx)%s",
                total / 1024, hostKib / 1024, used, ratio, g.memLimits() ? "; memtune limit set" : "");
        String expected = "host within its memory policy, or a memtune soft_limit on each guest of an overcommitted host";
        if (used <= ratio) {
            return new Outcome(Status.PASS, seen, expected, "the defined guests fit the host's memory policy");
        }
        if (g.memLimits()) {
            return new Outcome(Status.PASS, seen, expected, "the host is overcommitted and this guest carries a memtune limit");
        }
        return new Outcome(Status.WARN, seen, expected, String.format(Locale.ROOT,
                "the host's guests are given %.2fx its memory (policy %.2fx) and this guest has no memtune soft_limit", used, ratio));
    }

    private static double ratio(String s) {
        try {
            double d = Double.parseDouble(s.strip());
            return d > 0 ? d : 1.0;
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    /** GU-009: I/O limits, needed when the host carries guests of more than one zone. */
    static Outcome ioLimits(Check check, EvaluationContext ctx) {
        Guest g = self(ctx);
        String expected = "iotune/blkiotune or <bandwidth> limits, or all guests of the host in one zone";
        if (g.ioLimits()) {
            return new Outcome(Status.PASS, "disk or network I/O limits set", expected, "the guest carries I/O limits");
        }
        List<Guest> all = new ArrayList<>(peers(ctx));
        if (all.isEmpty()) {
            return new Outcome(Status.PASS, "no I/O limits; the only guest on the host", expected,
                    "no other guest shares the host's disks and links");
        }
        all.add(g);
        Set<String> zones = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (Guest x : all) {
            Optional<GuestInventory.Entry> e = listed(ctx, x.uuid(), x.name());
            if (e.isPresent() && e.get().zone() != null) {
                zones.add(e.get().zone());
            } else {
                unknown.add(x.name());
            }
        }
        String seen = "no I/O limits; " + all.size() + " guests on the host, zones " + (zones.isEmpty() ? "unknown" : String.join(", ", zones));
        if (zones.size() > 1) {
            return new Outcome(Status.WARN, seen, expected, "guests of zones " + String.join(", ", zones)
                    + " share the host and this guest has neither disk nor network limits");
        }
        if (!unknown.isEmpty()) {
            return new Outcome(Status.WARN, seen, expected, "no I/O limits and the zone of " + unknown.size()
                    + " guest(s) is not in the guest inventory (guests.inventory): confirm they belong to one zone");
        }
        return new Outcome(Status.PASS, seen, expected, "every guest of the host is in zone " + zones.iterator().next());
    }

    /** GU-014: guests the inventory marks sensitive keep their disks encrypted (libvirt LUKS, or attested). */
    static Outcome encryption(Check check, EvaluationContext ctx) {
        Document d = GuestEvaluators.domain(ctx);
        Guest g = self(ctx);
        Optional<GuestInventory.Entry> e = listed(ctx, g.uuid(), g.name());
        if (e.isEmpty() || !e.get().sensitive()) {
            return Outcome.notApplicable(GuestInventory.of(ctx).present()
                    ? "the guest inventory does not mark this guest sensitive"
                    : "no guest inventory (guests.inventory) marks this guest sensitive");
        }
        List<String> plain = new ArrayList<>();
        int disks = 0;
        for (Element disk : GuestEvaluators.select(d, "/domain/devices/disk[@device='disk' or not(@device)]")) {
            disks++;
            boolean luks = !GuestEvaluators.select(disk, "source/encryption[@format='luks' or @format='luks2'] | encryption[@format='luks']")
                    .isEmpty();
            if (!luks) {
                String dev = GuestEvaluators.text(disk, "target/@dev");
                plain.add(dev.isEmpty() ? "disk " + disks : dev);
            }
        }
        String expected = "every disk of a sensitive guest encrypted (libvirt LUKS, encrypted host storage or in-guest FDE)";
        if (disks == 0) {
            return new Outcome(Status.PASS, "sensitive; no disks", expected, "the guest has no disks");
        }
        String seen = "sensitive; " + disks + " disk(s), " + (disks - plain.size()) + " with LUKS";
        if (plain.isEmpty()) {
            return new Outcome(Status.PASS, seen, expected, "every disk uses libvirt LUKS encryption");
        }
        List<String> attested = Conditions.tokens(Settings.get(ctx, Settings.ENCRYPTION_ATTESTED));
        if (attested.contains("*") || attested.contains(g.name()) || attested.stream().anyMatch(a -> a.equalsIgnoreCase(g.uuid()))) {
            return new Outcome(Status.PASS, seen + "; encryption attested", expected,
                    "disks " + String.join(", ", plain) + " are encrypted by host storage or in the guest, as attested");
        }
        return new Outcome(Status.FAIL, seen, expected, "sensitive guest with unencrypted disk(s) " + String.join(", ", plain)
                + " (no libvirt LUKS; host-storage or in-guest encryption not attested in " + Settings.ENCRYPTION_ATTESTED + ")");
    }

    /** GU-016: guests flagged confidential use SEV/SEV-SNP/TDX/s390 PV. */
    static Outcome confidential(Check check, EvaluationContext ctx) {
        Document d = GuestEvaluators.domain(ctx);
        Guest g = self(ctx);
        Optional<GuestInventory.Entry> e = listed(ctx, g.uuid(), g.name());
        if (e.isEmpty() || !e.get().confidential()) {
            return Outcome.notApplicable("the guest inventory does not flag this guest confidential: true");
        }
        String type = GuestEvaluators.text(d, "/domain/launchSecurity/@type");
        String expected = "<launchSecurity> (sev, sev-snp, tdx or s390-pv) on a guest flagged confidential";
        if (type.isEmpty()) {
            return new Outcome(Status.WARN, "flagged confidential; no <launchSecurity>", expected,
                    "guest flagged confidential runs without memory encryption (<launchSecurity>)");
        }
        return new Outcome(Status.PASS, "launchSecurity type " + type, expected, "memory encrypted with " + type);
    }

    private static final Pattern OSINFO = Pattern.compile("^https?://([a-z0-9.-]+)/([a-z0-9-]+)/([0-9][0-9.]*)");

    /** The support-table key ("debian 10", "ubuntu 22.04") of a libosinfo OS id, or null. */
    static String osKey(String osinfoId) {
        Matcher m = OSINFO.matcher(osinfoId.strip().toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return null;
        }
        String distro = m.group(2);
        String version = m.group(3);
        String id = switch (distro) {
            case "debian", "ubuntu", "rhel", "centos", "almalinux" -> distro;
            case "rocky" -> "rocky";
            default -> null;
        };
        if (id == null) {
            return null;
        }
        return id + " " + (id.equals("ubuntu") ? version : version.split("\\.")[0]);
    }

    /** GU-020: the OS libvirt recorded for the guest (libosinfo metadata) against the vendor support table. */
    static Outcome osSupport(Check check, EvaluationContext ctx) {
        Document d = GuestEvaluators.domain(ctx);
        String os = GuestEvaluators.text(d, "/domain/metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id");
        String expected = "guest OS inside vendor security support, patched within policy";
        if (os.isEmpty()) {
            return Outcome.manual("no libosinfo metadata in the domain XML", expected,
                    "the guest OS is not recorded in libvirt: confirm its release and patch level from the guest or its management");
        }
        String key = osKey(os);
        OsEvaluators.SupportWindow w = key == null ? null : OsEvaluators.supportTable().get(key);
        if (w == null) {
            return Outcome.manual("libosinfo " + os, expected,
                    os + " is not in the support table: confirm vendor support and patch level by hand");
        }
        LocalDate today = OsEvaluators.today(ctx);
        String seen = "libosinfo " + os;
        if (!today.isAfter(w.standardEnd())) {
            return new Outcome(Status.PASS, seen, expected, key + " has vendor security support until " + w.standardEnd()
                    + " (the patch level is confirmed in the guest)");
        }
        if (w.extendedEnd() != null && !today.isAfter(w.extendedEnd())) {
            if (w.extendedNeeds().equals("none")) {
                return new Outcome(Status.PASS, seen, expected, key + " is in " + w.extendedName() + " until " + w.extendedEnd());
            }
            return new Outcome(Status.WARN, seen, expected, key + ": standard support ended " + w.standardEnd()
                    + "; only " + w.extendedName() + " (until " + w.extendedEnd() + ") covers it: confirm it in the guest");
        }
        LocalDate end = w.extendedEnd() != null ? w.extendedEnd() : w.standardEnd();
        return new Outcome(Status.FAIL, seen, expected, key + " is end of life since " + end
                + ": an unpatched guest OS without documented compensating isolation");
    }

    /** GU-021: the guest is traceable to an approved template (inventory column, metadata or backing file). */
    static Outcome template(Check check, EvaluationContext ctx) {
        Document d = GuestEvaluators.domain(ctx);
        Guest g = self(ctx);
        List<String> seen = new ArrayList<>();
        Optional<GuestInventory.Entry> e = listed(ctx, g.uuid(), g.name());
        e.map(GuestInventory.Entry::template).ifPresent(t -> seen.add("inventory template " + t));
        for (Element b : GuestEvaluators.select(d, "/domain/devices/disk[@device='disk' or not(@device)]/backingStore/source")) {
            String f = b.getAttribute("file").isEmpty() ? b.getAttribute("dev") : b.getAttribute("file");
            if (!f.isEmpty()) {
                seen.add("backing file " + f);
            }
        }
        List<String> approved = Conditions.tokens(Settings.get(ctx, Settings.TEMPLATES_APPROVED));
        String expected = "traceable to an approved, versioned template (templates.approved)";
        String observed = seen.isEmpty() ? "no template in the inventory and no backing file" : String.join("; ", seen);
        if (approved.isEmpty()) {
            return Outcome.manual(observed, expected,
                    "no approved template list (templates.approved): confirm the guest's baseline by hand");
        }
        for (String s : seen) {
            String value = s.substring(s.indexOf(' ', s.indexOf(' ') + 1) + 1);
            String base = value.substring(value.lastIndexOf('/') + 1);
            if (approved.contains(value) || approved.contains(base)) {
                return new Outcome(Status.PASS, observed, expected, "built from approved template " + value);
            }
        }
        return new Outcome(Status.FAIL, observed, expected, seen.isEmpty()
                ? "no template or backing image ties this guest to an approved baseline"
                : "its template/backing image is not on the approved list");
    }

    /** GU-023: shut-off guests are in the inventory with an owner, or have not been dormant long. */
    static Outcome dormant(Check check, EvaluationContext ctx) {
        String state = Facts.text(ctx, "info.state").strip();
        String name = Facts.text(ctx, "info.name").strip();
        String uuid = Facts.text(ctx, "info.uuid").strip();
        if (state.isEmpty()) {
            return Outcome.error("dominfo shows no state");
        }
        if (!state.equals("shut off")) {
            return Outcome.notApplicable("the guest is " + state + ", not dormant");
        }
        String expected = "shut-off guest in the inventory with an owner, kept patched or archived";
        Optional<GuestInventory.Entry> e = listed(ctx, uuid, name);
        if (e.isPresent() && e.get().owner() != null) {
            return new Outcome(Status.PASS, "shut off; inventory owner " + e.get().owner(), expected,
                    "dormant guest is in the inventory, owned by " + e.get().owner());
        }
        String why = e.isPresent() ? "in the inventory without an owner" : "not in the guest inventory";
        Long now = Facts.firstLong(ctx.fact("lastrun.now"));
        String log = ctx.fact("lastrun.log");
        if (now == null || log == null) {
            return new Outcome(Status.WARN, "shut off; last run unknown", expected, why + "; last run unknown (reading the QEMU log "
                    + "/var/log/libvirt/qemu/NAME.log needs root)");
        }
        if (log.equals("absent")) {
            return new Outcome(Status.WARN, "shut off; no QEMU log", expected, why + "; no QEMU log, so the last run is unknown");
        }
        Long last = Facts.firstLong(log);
        if (last == null) {
            return Outcome.error("unreadable QEMU log time: " + log);
        }
        long days = Math.max(0, (now - last) / 86_400);
        long max = Settings.number(ctx, Settings.DORMANT_MAX_DAYS);
        String seen = "shut off; last ran " + days + " day(s) ago";
        if (days > max) {
            return new Outcome(Status.FAIL, seen, expected, why + " and shut off for " + days + " days (over " + max
                    + "): it comes back unpatched when started");
        }
        return new Outcome(Status.WARN, seen, expected, why + "; shut off for " + days + " day(s)");
    }
}
