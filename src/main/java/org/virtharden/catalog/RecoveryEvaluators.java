package org.virtharden.catalog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtharden.catalog.PhysicalEvaluators.Section;

/**
 * Disaster-recovery checks DR-001..DR-009 and DR-013: backup jobs and what they cover, guest definitions,
 * disk scope and backup age against the operator's backup catalog export, repository placement and
 * encryption, point-in-time methods, snapshots, free space and the autostart set. Hybrid checks wait for the
 * operator (MANUAL_PENDING) unless the facts or the operator's recorded answers decide.
 */
final class RecoveryEvaluators {
    private RecoveryEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("host-config-backup", RecoveryEvaluators::hostConfig);
        m.put("guest-definitions", RecoveryEvaluators::definitions);
        m.put("guest-backup-scope", RecoveryEvaluators::scope);
        m.put("backup-age", RecoveryEvaluators::age);
        m.put("backup-offsite", RecoveryEvaluators::offsite);
        m.put("backup-encryption", RecoveryEvaluators::encryption);
        m.put("backup-consistency", RecoveryEvaluators::consistency);
        m.put("snapshots", RecoveryEvaluators::snapshots);
        m.put("storage-space", RecoveryEvaluators::space);
        m.put("autostart", RecoveryEvaluators::autostart);
    }

    private static final Pattern BACKUP = Pattern.compile(
            "(?i)borg|restic|backup|bacula|bareos|rsnapshot|duplicity|proxmox-backup|rdiff|amanda|veeam|duplicati");


    // ---------------------------------------------------------------- backup jobs

    /** What the backup-jobs probe found. */
    record Jobs(List<String> timers, Map<String, Long> lastRun, Map<String, String> results, List<String> cron, List<String> tools,
            List<String> sources, List<String> repos, boolean borgPassphrase, List<String> networkMounts) {
        boolean any() {
            return !timers.isEmpty() || !cron.isEmpty() || !tools.isEmpty();
        }

        String summary() {
            List<String> s = new ArrayList<>();
            if (!timers.isEmpty()) {
                s.add("timers " + String.join(", ", timers));
            }
            if (!cron.isEmpty()) {
                s.add(cron.size() + " backup cron line(s)");
            }
            if (!tools.isEmpty()) {
                s.add("tools " + String.join(", ", tools));
            }
            return s.isEmpty() ? "no backup timer, cron job or tool" : String.join("; ", s);
        }
    }

    private static final Pattern TIMER_DATE = Pattern.compile("(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (\\S+)");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static Jobs jobs(EvaluationContext ctx) {
        List<String> timers = new ArrayList<>();
        Map<String, Long> last = new LinkedHashMap<>();
        for (String l : Facts.lines(Facts.text(ctx, "timers"))) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            String timer = f[f.length - 2];
            String service = f[f.length - 1];
            if (!BACKUP.matcher(timer).find() && !BACKUP.matcher(service).find()) {
                continue;
            }
            timers.add(timer);
            List<Long> dates = new ArrayList<>();
            Matcher m = TIMER_DATE.matcher(l);
            while (m.find()) {
                Long t = epoch(m.group(1), m.group(2));
                if (t != null) {
                    dates.add(t);
                }
            }
            Long lr = l.strip().startsWith("n/a") ? (dates.isEmpty() ? null : dates.get(0)) : (dates.size() > 1 ? dates.get(1) : null);
            if (lr != null) {
                last.put(service, lr);
            }
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String l : Facts.lines(Facts.text(ctx, "results"))) {
            String[] f = l.strip().split("\\s+");
            if (f.length >= 2 && f[0].equals("result")) {
                results.put(f[1], f.length > 2 ? f[2] : "");
            }
        }
        List<String> cron = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "cron"))) {
            if (BACKUP.matcher(l).find()) {
                cron.add(l.strip());
            }
        }
        List<String> tools = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "tools"))) {
            String t = l.strip();
            if (t.startsWith("tool ") && !t.equals("tool etckeeper")) {
                tools.add(t.substring(5));
            }
        }
        List<String> sources = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "sources"))) {
            String[] f = l.strip().split("\\s+", 2);
            if (f.length == 2 && f[1].startsWith("/")) {
                sources.add(f[1].strip());
            }
        }
        List<String> repos = new ArrayList<>();
        boolean pass = false;
        for (String l : Facts.lines(Facts.text(ctx, "repos"))) {
            String[] f = l.strip().split("\\s+", 3);
            if (f.length == 3 && f[0].equals("repo")) {
                repos.add(f[1] + " " + f[2]);
            } else if (l.contains("encryption borg passphrase-configured")) {
                pass = true;
            }
        }
        List<String> mounts = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "mounts"))) {
            mounts.add(l.strip().split("\\s+")[0]);
        }
        return new Jobs(timers, last, results, cron, tools, sources, repos, pass, mounts);
    }

    static Long epoch(String local, String zone) {
        try {
            LocalDateTime t = LocalDateTime.parse(local, LOCAL);
            ZoneId z;
            try {
                z = ZoneId.of(zone, ZoneId.SHORT_IDS);
            } catch (RuntimeException e) {
                z = ZoneOffset.UTC;
            }
            return t.atZone(z).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static boolean covers(List<String> sources, String path) {
        for (String s : sources) {
            String p = s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
            if (p.equals("/") || path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** DR-001. */
    static Outcome hostConfig(Check check, EvaluationContext ctx) {
        Jobs j = jobs(ctx);
        String expected = "a scheduled job covers /etc (libvirt, PKI, network, firewall), /var/lib/libvirt/qemu/nvram and "
                + "/var/lib/libvirt/swtpm, last successful run <= " + Settings.number(ctx, Settings.HOST_CONFIG_BACKUP_MAX_DAYS) + " days";
        Verdict v = new Verdict();
        v.seen(j.summary());
        if (!j.sources().isEmpty()) {
            v.seen("sources " + String.join(", ", new LinkedHashSet<>(j.sources())));
        }
        String ek = Facts.text(ctx, "etckeeper").strip();
        if (ek.startsWith("last ")) {
            v.note("etckeeper keeps /etc history on the host (not a backup by itself)");
        }
        if (!j.any()) {
            v.fail("no host-configuration backup: no backup timer, cron job, tool or agent on the host");
            return v.outcome(expected, "");
        }
        if (j.sources().isEmpty()) {
            Outcome o = v.outcome(expected, "");
            return Outcome.manual(o.observed(), expected, "backup job(s) found but what they back up is not readable here: confirm they cover "
                    + "/etc/libvirt, /var/lib/libvirt/qemu/nvram, /var/lib/libvirt/swtpm, /etc/pki and network/firewall config");
        }
        if (!covers(j.sources(), "/etc/libvirt")) {
            v.fail("the backup sources found leave out /etc/libvirt (guest definitions, networks, secrets)");
        }
        List<String> missing = new ArrayList<>();
        if (!covers(j.sources(), "/etc")) {
            for (String p : List.of("/etc/pki", "/etc/network", "/etc/netplan", "/etc/NetworkManager")) {
                if (!covers(j.sources(), p)) {
                    missing.add(p);
                }
            }
        }
        for (String p : List.of("/var/lib/libvirt/qemu/nvram", "/var/lib/libvirt/swtpm")) {
            if (!covers(j.sources(), p)) {
                missing.add(p);
            }
        }
        if (!v.failed() && !missing.isEmpty()) {
            v.warn("not in the backup: " + String.join(", ", missing) + " (UEFI variables, vTPM state or PKI)");
        }
        for (Map.Entry<String, String> r : j.results().entrySet()) {
            if (!r.getValue().isEmpty() && !r.getValue().equals("success")) {
                v.fail("the last run of " + r.getKey() + " failed (Result=" + r.getValue() + ")");
            }
        }
        Long now = Facts.firstLong(ctx.fact("now"));
        long maxDays = Settings.number(ctx, Settings.HOST_CONFIG_BACKUP_MAX_DAYS);
        Long newest = j.lastRun().values().stream().max(Long::compare).orElse(null);
        if (newest != null && now != null) {
            long days = (now - newest) / 86_400;
            v.seen("last backup timer run " + days + " day(s) ago");
            if (days > maxDays) {
                v.warn("the newest backup timer run is " + days + " days old (more than " + maxDays + ")");
            }
        }
        if (!v.clean()) {
            return v.outcome(expected, "");
        }
        Outcome o = v.outcome(expected, "");
        boolean resultsKnown = !j.results().isEmpty() && j.results().values().stream().allMatch(r -> r.equals("success"));
        if (newest == null || now == null || !resultsKnown) {
            return Outcome.manual(o.observed(), expected, "the backup covers the host configuration; confirm its last successful run is within "
                    + maxDays + " days (job log or catalog entry)");
        }
        return new Outcome(Status.PASS, o.observed(), expected, "the host configuration, NVRAM and vTPM state are backed up by a timer "
                + "that last ran successfully within " + maxDays + " days");
    }

    // ---------------------------------------------------------------- guests and the backup catalog

    record Disk(String target, String source) {
    }

    record GuestDisks(String uuid, String name, List<Disk> disks) {
    }

    static List<GuestDisks> guestDisks(EvaluationContext ctx) {
        List<GuestDisks> out = new ArrayList<>();
        for (Section s : PhysicalEvaluators.sections(Facts.text(ctx, "guests"))) {
            if (!s.head().startsWith("guest ")) {
                continue;
            }
            String uuid = s.head().substring(6).strip();
            String name = null;
            List<Disk> disks = new ArrayList<>();
            boolean table = false;
            for (String l : s.lines()) {
                String t = l.strip();
                if (!table && name == null && !t.startsWith("Type ") && !t.equals("Type")) {
                    name = l;
                    continue;
                }
                if (t.startsWith("Type ")) {
                    table = true;
                    continue;
                }
                if (t.startsWith("---")) {
                    continue;
                }
                String[] f = t.split("\\s+", 4);
                if (f.length == 4 && (f[1].equals("disk") || f[1].equals("lun")) && !f[3].equals("-")) {
                    disks.add(new Disk(f[2], f[3].strip()));
                }
            }
            out.add(new GuestDisks(uuid, name == null ? uuid : name, disks));
        }
        return out;
    }

    record CatalogRow(String guest, String source, Long time) {
    }

    static List<CatalogRow> catalog(EvaluationContext ctx) {
        List<CatalogRow> rows = new ArrayList<>();
        for (String l : Settings.get(ctx, Settings.BACKUP_CATALOG).split("\n")) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split(",", 3);
            if (f[0].strip().equalsIgnoreCase("guest")) {
                continue;
            }
            rows.add(new CatalogRow(f[0].strip(), f.length > 1 ? f[1].strip() : "", f.length > 2 ? time(f[2].strip()) : null));
        }
        return rows;
    }

    static Long time(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.matches("\\d{9,11}")) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(s).getEpochSecond();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return ZonedDateTime.parse(s).toEpochSecond();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static boolean rowFor(CatalogRow r, GuestDisks g) {
        return r.guest().equals("*") || r.guest().equalsIgnoreCase(g.uuid()) || r.guest().equals(g.name());
    }

    static boolean ephemeral(EvaluationContext ctx, GuestDisks g) {
        Optional<GuestInventory.Entry> e = GuestInventory.of(ctx).find(g.uuid(), g.name());
        return e.isPresent() && Boolean.TRUE.equals(e.get().ephemeral());
    }

    /** DR-002. */
    static Outcome definitions(Check check, EvaluationContext ctx) {
        List<GuestDisks> guests = guestDisks(ctx);
        if (guests.isEmpty()) {
            return Outcome.notApplicable("no guests defined");
        }
        String expected = "the latest backup holds the inactive XML of every defined guest";
        List<CatalogRow> cat = catalog(ctx);
        String observed = guests.size() + " defined guest(s)";
        if (cat.isEmpty()) {
            return Outcome.manual(observed, expected, "no backup catalog (" + Settings.BACKUP_CATALOG + "): confirm the latest backup holds the XML of "
                    + names(guests, 10));
        }
        List<GuestDisks> missing = new ArrayList<>();
        for (GuestDisks g : guests) {
            if (cat.stream().noneMatch(r -> rowFor(r, g) && r.source().toLowerCase(Locale.ROOT).endsWith(".xml"))) {
                missing.add(g);
            }
        }
        observed += ", " + (guests.size() - missing.size()) + " with XML in the backup catalog";
        if (missing.isEmpty()) {
            return new Outcome(Status.PASS, observed, expected, "every defined guest's XML is in the backup catalog");
        }
        return new Outcome(Status.FAIL, observed, expected, "no exported XML in the backup for " + names(missing, 10));
    }

    static String names(List<GuestDisks> gs, int max) {
        List<String> n = new ArrayList<>();
        for (GuestDisks g : gs) {
            if (n.size() == max) {
                n.add("... (" + gs.size() + " in all)");
                break;
            }
            n.add(g.name());
        }
        return String.join(", ", n);
    }

    /** DR-003. */
    static Outcome scope(Check check, EvaluationContext ctx) {
        List<GuestDisks> guests = guestDisks(ctx);
        List<CatalogRow> cat = catalog(ctx);
        GuestInventory inv = GuestInventory.of(ctx);
        boolean inventoryScope = inv.entries().stream().anyMatch(e -> e.backupScope() != null);
        String expected = "every disk source of every non-ephemeral guest inside a backup scope";
        List<String> uncovered = new ArrayList<>();
        List<String> all = new ArrayList<>();
        int judged = 0;
        int skipped = 0;
        for (GuestDisks g : guests) {
            if (ephemeral(ctx, g)) {
                skipped++;
                continue;
            }
            judged++;
            List<String> scopes = new ArrayList<>();
            inv.find(g.uuid(), g.name()).map(GuestInventory.Entry::backupScope).ifPresent(s -> scopes.addAll(List.of(s.strip().split("[\\s;|]+"))));
            cat.stream().filter(r -> rowFor(r, g) && !r.source().isEmpty()).forEach(r -> scopes.add(r.source()));
            boolean allDisks = scopes.stream().anyMatch(s -> Set.of("all", "yes", "full", "*").contains(s.toLowerCase(Locale.ROOT)));
            for (Disk d : g.disks()) {
                all.add(g.name() + " " + d.target() + " " + d.source());
                if (!allDisks && !covers(scopes, d.source())) {
                    uncovered.add(g.name() + " " + d.target() + " " + d.source());
                }
            }
        }
        if (judged == 0) {
            return Outcome.notApplicable(guests.isEmpty() ? "no guests defined" : "every guest is marked ephemeral in the inventory");
        }
        String observed = judged + " guest(s), " + all.size() + " disk(s)" + (skipped > 0 ? ", " + skipped + " ephemeral guest(s) skipped" : "");
        if (cat.isEmpty() && !inventoryScope) {
            return Outcome.manual(observed, expected, "no backup scope supplied (" + Settings.BACKUP_CATALOG + " or the inventory's backup_scope): "
                    + "confirm these disks are backed up: " + first(all, 8));
        }
        if (uncovered.isEmpty()) {
            return new Outcome(Status.PASS, observed, expected, "every disk of every non-ephemeral guest is inside a backup scope");
        }
        return new Outcome(Status.FAIL, observed, expected, "not in any backup scope: " + first(uncovered, 8));
    }

    static String first(List<String> l, int max) {
        return l.size() <= max ? String.join("; ", l) : String.join("; ", l.subList(0, max)) + " ... (" + l.size() + " in all)";
    }

    /** DR-004. */
    static Outcome age(Check check, EvaluationContext ctx) {
        List<GuestDisks> guests = guestDisks(ctx);
        long rpo = Settings.number(ctx, Settings.RPO_HOURS);
        String expected = "newest successful backup of every guest <= RPO " + rpo + " h";
        List<GuestDisks> judged = guests.stream().filter(g -> !ephemeral(ctx, g)).toList();
        if (judged.isEmpty()) {
            return Outcome.notApplicable(guests.isEmpty() ? "no guests defined" : "every guest is marked ephemeral in the inventory");
        }
        List<CatalogRow> cat = catalog(ctx);
        if (cat.isEmpty()) {
            return Outcome.manual(judged.size() + " guest(s)", expected, "no backup catalog (" + Settings.BACKUP_CATALOG + "): confirm the newest "
                    + "successful backup of " + names(judged, 10) + " is within " + rpo + " h");
        }
        Long now = Facts.firstLong(ctx.fact("now"));
        if (now == null) {
            return Outcome.error("the host clock was not read");
        }
        Verdict v = new Verdict();
        long worst = -1;
        for (GuestDisks g : judged) {
            Long newest = cat.stream().filter(r -> rowFor(r, g) && r.time() != null).map(CatalogRow::time).max(Long::compare).orElse(null);
            if (newest == null) {
                v.fail(g.name() + ": no successful backup in the catalog");
                continue;
            }
            long hours = Math.max(0, (now - newest) / 3600);
            worst = Math.max(worst, hours);
            if (hours > 2 * rpo) {
                v.fail(g.name() + ": newest backup " + hours + " h old (more than 2 x RPO)");
            } else if (hours > rpo) {
                v.warn(g.name() + ": newest backup " + hours + " h old (over the RPO of " + rpo + " h)");
            }
        }
        v.seen(judged.size() + " guest(s)" + (worst >= 0 ? ", oldest newest-backup " + worst + " h" : ""));
        return v.outcome(expected, "every guest's newest successful backup is within " + rpo + " h");
    }

    // ---------------------------------------------------------------- repositories

    private static final Pattern REMOTE_REPO = Pattern.compile(
            "(?i)^(?!file://)[a-z][a-z0-9+.-]*://.*|^[^/\\s:]+@[^/\\s:]+:.*|^(sftp|rest|s3|b2|azure|gs|swift|rclone):.*|^[a-z0-9.-]+:[^/].*");
    private static final Pattern PLAINTEXT = Pattern.compile("(?i)^((rest|s3):)?(http|ftp|rsync)://.*");

    static boolean remote(String location, List<String> mounts) {
        if (REMOTE_REPO.matcher(location).matches()) {
            return true;
        }
        return location.startsWith("/") && covers(mounts, location);
    }

    /** DR-005. */
    static Outcome offsite(Check check, EvaluationContext ctx) {
        Jobs j = jobs(ctx);
        String expected = "a copy on another host and storage system, one offline or immutable, credentials unreachable from guests";
        if (j.repos().isEmpty()) {
            return Outcome.manual(j.summary() + "; no repository visible", expected, "no backup repository is configured on the host (pull-based "
                    + "or other tools): confirm where the copies are kept, and that one is offline or immutable");
        }
        List<String> remote = new ArrayList<>();
        List<String> local = new ArrayList<>();
        for (String r : j.repos()) {
            String loc = r.substring(r.indexOf(' ') + 1);
            (remote(loc, j.networkMounts()) ? remote : local).add(r);
        }
        String observed = "repositories: " + String.join(", ", j.repos());
        if (remote.isEmpty()) {
            return new Outcome(Status.FAIL, observed, expected, "every backup repository is on this host (" + String.join(", ", local)
                    + "): host loss or ransomware takes the backups with it");
        }
        if (Settings.flag(ctx, Settings.BACKUP_OFFLINE_ATTESTED)) {
            return new Outcome(Status.PASS, observed, expected, "copies leave the host (" + String.join(", ", remote)
                    + "); offline/immutable copy and credential isolation attested");
        }
        return Outcome.manual(observed, expected, "copies leave the host (" + String.join(", ", remote) + "): confirm one copy is offline or "
                + "immutable and backup credentials are unreachable from guests (setting " + Settings.BACKUP_OFFLINE_ATTESTED + ")");
    }

    /** DR-006. */
    static Outcome encryption(Check check, EvaluationContext ctx) {
        Jobs j = jobs(ctx);
        String expected = "repositories encrypted at rest and in transit, staging dirs 0700 root, keys held separately";
        if (j.repos().isEmpty()) {
            return Outcome.manual(j.summary() + "; no repository visible", expected, "no backup repository is configured on the host: confirm "
                    + "encryption at rest and in transit with the backup system's settings");
        }
        List<String> plain = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String r : j.repos()) {
            String tool = r.substring(0, r.indexOf(' '));
            String loc = r.substring(r.indexOf(' ') + 1);
            if (PLAINTEXT.matcher(loc).matches()) {
                plain.add(r);
            } else if (!(tool.equals("restic") || tool.equals("borg") && j.borgPassphrase())) {
                unknown.add(r);
            }
        }
        String observed = "repositories: " + String.join(", ", j.repos()) + (j.borgPassphrase() ? "; borg passphrase configured" : "");
        if (!plain.isEmpty()) {
            return new Outcome(Status.FAIL, observed, expected, "backup data travels unencrypted to " + String.join(", ", plain));
        }
        if (!unknown.isEmpty()) {
            return Outcome.manual(observed, expected, "encryption at rest is not visible for " + String.join(", ", unknown)
                    + ": confirm (borg info shows Encrypted, LUKS on the target)");
        }
        if (Settings.flag(ctx, Settings.BACKUP_ENCRYPTION_ATTESTED)) {
            return new Outcome(Status.PASS, observed, expected, "encrypted repositories over encrypted transports; staging directories "
                    + "and key escrow attested");
        }
        return Outcome.manual(observed, expected, "repositories are encrypted and reached over encrypted transports: confirm staging directories "
                + "are 0700 root and the repository keys are held separately (setting " + Settings.BACKUP_ENCRYPTION_ATTESTED + ")");
    }

    // ---------------------------------------------------------------- DR-007

    static Outcome consistency(Check check, EvaluationContext ctx) {
        String expected = "image copies from an LVM snapshot, disk-only snapshot or backup-begin, quiesced through the guest agent";
        Verdict v = new Verdict();
        boolean anySnapshot = false;
        boolean anyScript = false;
        for (Section s : PhysicalEvaluators.sections(Facts.text(ctx, "scripts"))) {
            if (!s.head().startsWith("script ")) {
                continue;
            }
            String file = s.head().substring(7);
            Set<String> tok = new LinkedHashSet<>();
            s.lines().forEach(l -> tok.add(l.strip()));
            boolean copies = file.contains("borgmatic") || tok.stream().anyMatch(t -> t.equals("rsync") || t.equals("cp") || t.equals("dd")
                    || t.equals("qemu-img convert") || t.equals("borg create") || t.equals("restic backup"));
            boolean snapshot = tok.stream().anyMatch(t -> t.startsWith("lvcreate") || t.equals("backup-begin"))
                    || tok.contains("snapshot-create-as") && tok.contains("--disk-only");
            boolean quiesce = tok.contains("--quiesce") || tok.contains("domfsfreeze");
            if (!copies && !snapshot) {
                continue;
            }
            anyScript = true;
            v.seen(file + ": " + String.join(", ", tok));
            if (copies && !snapshot) {
                v.fail(file + " copies guest images with no snapshot: running disks are copied torn");
            } else if (!quiesce) {
                v.warn(file + " snapshots without --quiesce/domfsfreeze: crash-consistent only");
                anySnapshot = true;
            } else {
                anySnapshot = true;
            }
        }
        if (!anyScript) {
            return Outcome.manual("no backup script on the host touches guest images", expected, "show how live guest images are backed up "
                    + "(LVM snapshot, disk-only snapshot or backup-begin, with fsfreeze)");
        }
        if (!v.clean() || !anySnapshot) {
            return v.outcome(expected, "");
        }
        String agents = Facts.text(ctx, "agents");
        if (agents.contains("guests unknown")) {
            Outcome o = v.outcome(expected, "");
            return Outcome.manual(o.observed(), expected, "quiesced snapshots are used, but the guests' agent channels could not be listed");
        }
        int without = 0;
        int total = 0;
        for (String l : Facts.lines(agents)) {
            String[] f = l.strip().split("\\s+");
            if (f.length == 3 && f[0].equals("agent")) {
                total++;
                if (f[2].equals("0")) {
                    without++;
                }
            }
        }
        v.seen(total - without + " of " + total + " guest(s) with a guest-agent channel");
        if (without > 0) {
            v.warn(without + " guest(s) have no guest-agent channel: --quiesce cannot freeze them (crash-consistent)");
        }
        return v.outcome(expected, "image copies come from quiesced snapshots and every guest has a guest-agent channel");
    }

    // ---------------------------------------------------------------- DR-008

    private static final DateTimeFormatter LVM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");
    private static final Pattern SNAP_ROW = Pattern.compile("^\\s*(\\S.*?)\\s+(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4})\\s+(\\S+)");

    static Long zoned(String s) {
        try {
            return ZonedDateTime.parse(s.strip(), LVM_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Outcome snapshots(Check check, EvaluationContext ctx) {
        Long now = Facts.firstLong(ctx.fact("now"));
        if (now == null) {
            return Outcome.error("the host clock was not read");
        }
        long windowH = Settings.number(ctx, Settings.BACKUP_WINDOW_HOURS);
        long maxDays = Settings.number(ctx, Settings.SNAPSHOT_MAX_AGE_DAYS);
        long maxChain = Settings.number(ctx, Settings.BACKING_CHAIN_MAX);
        String expected = "LVM snapshots valid, < 80 % full, <= " + windowH + " h old; libvirt snapshots <= " + maxDays
                + " days; backing chains <= " + maxChain;
        Verdict v = new Verdict();
        int lvSnaps = 0;
        for (String l : Facts.lines(Facts.text(ctx, "lvs"))) {
            String[] f = l.strip().split("\\|", -1);
            if (f.length != 6) {
                continue;
            }
            String name = f[1].strip() + "/" + f[0].strip();
            String attr = f[2].strip();
            boolean snap = !attr.isEmpty() && (attr.charAt(0) == 's' || attr.charAt(0) == 'S') || !f[3].isBlank();
            if (!snap) {
                continue;
            }
            lvSnaps++;
            if (attr.length() >= 5 && (attr.charAt(4) == 'I' || attr.charAt(4) == 'S')) {
                v.fail("LVM snapshot " + name + " is invalid (lv_attr " + attr + ")");
                continue;
            }
            Double pct = null;
            try {
                pct = f[5].isBlank() ? null : Double.valueOf(f[5].strip());
            } catch (NumberFormatException e) {
                pct = null;
            }
            if (pct != null && pct >= 100) {
                v.fail("LVM snapshot " + name + " is full (" + f[5].strip() + " %): it has been dropped");
            } else if (pct != null && pct >= 80) {
                v.warn("LVM snapshot " + name + " is " + f[5].strip() + " % full");
            }
            Long t = zoned(f[4]);
            if (t != null && now - t > windowH * 3600) {
                v.warn("LVM snapshot " + name + " is " + (now - t) / 3600 + " h old (backup window " + windowH + " h)");
            }
        }
        int lib = 0;
        for (Section s : PhysicalEvaluators.sections(Facts.text(ctx, "libvirt"))) {
            if (!s.head().startsWith("guest ")) {
                continue;
            }
            String[] h = s.head().split("\\s+", 3);
            String guest = h.length > 2 ? h[2] : h.length > 1 ? h[1] : "?";
            for (String l : s.lines()) {
                Matcher m = SNAP_ROW.matcher(l);
                if (!m.find()) {
                    continue;
                }
                lib++;
                Long t = zoned(m.group(2));
                if (t != null && now - t > maxDays * 86_400) {
                    v.warn(guest + " snapshot " + m.group(1) + " is " + (now - t) / 86_400 + " days old (policy " + maxDays + ")");
                }
            }
        }
        int chains = 0;
        int unchecked = 0;
        for (String l : Facts.lines(Facts.text(ctx, "chains"))) {
            String[] f = l.strip().split("\\s+", 3);
            if (f[0].equals("chain") && f.length == 3) {
                chains++;
                long depth = Math.max(0, Long.parseLong(f[1]) - 1);
                if (depth > maxChain) {
                    v.fail(f[2] + " has " + depth + " backing files (policy " + maxChain + ")");
                }
            } else if (f[0].equals("unchecked")) {
                unchecked++;
            }
        }
        if (unchecked > 0) {
            v.warn(unchecked + " disk image(s) not checked for backing chains (qemu-img not installed)");
        }
        boolean noLvm = Facts.text(ctx, "lvs").contains("lvs absent");
        v.seen(noLvm ? "no LVM tools" : lvSnaps + " LVM snapshot(s)");
        v.seen(lib + " libvirt snapshot(s)");
        v.seen(chains + " image chain(s) checked");
        return v.outcome(expected, "no stale, full or invalid snapshots and no over-long backing chains");
    }

    // ---------------------------------------------------------------- DR-009

    static Outcome space(Check check, EvaluationContext ctx) {
        String vgsText = Facts.text(ctx, "vgs");
        if (vgsText.contains("vgs absent")) {
            return Outcome.notApplicable("no LVM tools on the host: no volume groups or thin pools");
        }
        Map<String, long[]> vgs = new LinkedHashMap<>();
        for (String l : Facts.lines(vgsText)) {
            String[] f = l.strip().split("\\|");
            if (f.length == 3) {
                try {
                    vgs.put(f[0].strip(), new long[] {Long.parseLong(f[1].strip()), Long.parseLong(f[2].strip())});
                } catch (NumberFormatException e) {
                    // not a data row
                }
            }
        }
        if (vgs.isEmpty()) {
            return Outcome.notApplicable("no LVM volume groups on the host");
        }
        Verdict v = new Verdict();
        Map<String, Long> largestSnap = new LinkedHashMap<>();
        Set<String> snapshotVgs = new LinkedHashSet<>();
        int thin = 0;
        for (String l : Facts.lines(Facts.text(ctx, "lvs"))) {
            String[] f = l.strip().split("\\|", -1);
            if (f.length != 6) {
                continue;
            }
            String attr = f[2].strip();
            String name = f[1].strip() + "/" + f[0].strip();
            if (attr.startsWith("t")) {
                thin++;
                for (String[] p : List.of(new String[] {"data", f[4]}, new String[] {"metadata", f[5]})) {
                    double pct;
                    try {
                        pct = Double.parseDouble(p[1].strip());
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (pct > 90) {
                        v.fail("thin pool " + name + " " + p[0] + " is " + p[1].strip() + " % full");
                    } else if (pct >= 80) {
                        v.warn("thin pool " + name + " " + p[0] + " is " + p[1].strip() + " % full");
                    }
                }
            }
            if (attr.startsWith("t") || attr.startsWith("o") || attr.startsWith("s") || attr.startsWith("S")) {
                snapshotVgs.add(f[1].strip());
            }
            if (attr.startsWith("s") || attr.startsWith("S")) {
                try {
                    largestSnap.merge(f[1].strip(), Long.parseLong(f[3].strip()), Math::max);
                } catch (NumberFormatException e) {
                    // size not reported
                }
            }
        }
        int pools = 0;
        for (String l : Facts.lines(Facts.text(ctx, "pools"))) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("Name") && !t.startsWith("---")) {
                pools++;
                snapshotVgs.add(t.split("\\s+")[0]);
            }
        }
        for (Map.Entry<String, long[]> e : vgs.entrySet()) {
            long size = e.getValue()[0];
            long free = e.getValue()[1];
            long pct = size == 0 ? 0 : free * 100 / size;
            v.seen("VG " + e.getKey() + " " + pct + " % free");
            Long snap = largestSnap.get(e.getKey());
            if (snap != null && free < snap) {
                v.fail("VG " + e.getKey() + " has " + free / 1048576 + " MiB free, less than its backup snapshot (" + snap / 1048576
                        + " MiB): the next one cannot be created");
            } else if (snap == null && pct < 15 && snapshotVgs.contains(e.getKey())) {
                v.warn("VG " + e.getKey() + " has only " + pct + " % free and the backup snapshot size is unknown (needs >= 15 %)");
            }
        }
        if (thin > 0) {
            v.seen(thin + " thin pool(s)");
        }
        v.seen(pools + " libvirt pool(s)");
        return v.outcome("VG free >= the backup snapshot (or >= 15 %); thin pool data and metadata < 80 %",
                "room for backup snapshots in every VG and thin pools below 80 %");
    }

    // ---------------------------------------------------------------- DR-013

    static Outcome autostart(Check check, EvaluationContext ctx) {
        String unit = Facts.text(ctx, "guests-unit").strip();
        Map<String, String> conf = PhysicalEvaluators.shellAssignments(Facts.text(ctx, "guests-conf"));
        boolean restarts = unit.startsWith("enabled") && conf.getOrDefault("ON_BOOT", "start").equals("start");
        List<String> auto = new ArrayList<>();
        List<String> unapproved = new ArrayList<>();
        List<String> notStarting = new ArrayList<>();
        GuestInventory inv = GuestInventory.of(ctx);
        int n = 0;
        for (Section s : PhysicalEvaluators.sections(Facts.text(ctx, "guests"))) {
            if (!s.head().equals("guest")) {
                continue;
            }
            n++;
            Map<String, String> info = PhysicalEvaluators.colonPairs(s.lines());
            String name = info.getOrDefault("Name", "?");
            boolean flag = info.getOrDefault("Autostart", "").equals("enable");
            boolean running = info.getOrDefault("State", "").equals("running");
            boolean starts = flag || restarts && running;
            if (starts) {
                auto.add(name + (flag ? "" : " (running; restarted by libvirt-guests)"));
            }
            boolean approved = inv.find(info.get("UUID"), name).map(e -> Boolean.TRUE.equals(e.autostart())).orElse(false);
            if (starts && !approved) {
                unapproved.add(name);
            } else if (approved && !starts) {
                notStarting.add(name);
            }
        }
        if (n == 0) {
            return Outcome.notApplicable("no guests defined");
        }
        String expected = "autostart exactly for the guests the inventory marks autostart: true";
        Verdict v = new Verdict();
        v.seen("libvirt-guests " + (unit.isEmpty() ? "unknown" : unit) + (unit.startsWith("enabled") ? ", ON_BOOT="
                + conf.getOrDefault("ON_BOOT", "start") : ""));
        v.seen(auto.isEmpty() ? "no guest autostarts" : "autostarting: " + String.join(", ", auto));
        if (!inv.present()) {
            v.warn("no guest inventory (" + Settings.GUEST_INVENTORY + "): the autostart set cannot be compared with the recovery design");
            return v.outcome(expected, "");
        }
        if (!unapproved.isEmpty()) {
            v.fail("autostarts without approval in the inventory: " + String.join(", ", unapproved));
        }
        if (!notStarting.isEmpty()) {
            v.warn("approved for autostart but not autostarting: " + String.join(", ", notStarting));
        }
        return v.outcome(expected, "the guests that start at boot are exactly the approved ones");
    }
}
