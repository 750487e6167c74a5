package org.virtharden.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Attachment;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Waiver;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.FleetReport;
import org.virtharden.fleet.FleetService;
import org.virtharden.fleet.RunDiff;
import org.virtharden.fleet.Sprawl;
import org.virtharden.service.FindingStates;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.service.Checklist;
import org.virtharden.service.Scoring;

/** Reads a project once and builds the {@link AuditPack} for the given options. */
public final class AuditPackBuilder {
    /** The framework the cross-reference shows when none is chosen. */
    public static final String DEFAULT_XREF = "pci-dss-4";

    /** The status a finding marked as a false positive is reported with (as {@code virtharden findings} does). */
    public static final String FALSE_POSITIVE = "FALSE_POSITIVE";

    private static final List<Status> NON_PASSING = List.of(Status.FAIL, Status.WARN, Status.WAIVED, Status.ERROR);

    private final Catalog fullCatalog;

    public AuditPackBuilder(Catalog catalog) {
        this.fullCatalog = catalog;
    }

    /** The pack and the bytes of the attached images (shown in PDF/HTML, not part of the hashes' JSON). */
    public record Built(AuditPack pack, Map<Long, byte[]> images) {
    }

    /** Cooperative cancellation: checked between sections. */
    public interface Cancel {
        boolean requested();

        Cancel NEVER = () -> false;
    }

    public Built build(Project p, PackOptions opt, Instant at) throws ReportException {
        return build(p, opt, at, Cancel.NEVER);
    }

    public Built build(Project p, PackOptions opt, Instant at, Cancel cancel) throws ReportException {
        return build(p, opt, at, cancel, true);
    }

    /** @param enforceFinal false to rebuild a final pack for verification even if new items are open */
    Built build(Project p, PackOptions opt, Instant at, Cancel cancel, boolean enforceFinal) throws ReportException {
        ScanRun run = resolveRun(p, opt.runId());
        List<HostConfig> hosts = resolveHosts(p, opt.hosts());
        Set<String> hostNames = new LinkedHashSet<>();
        hosts.forEach(h -> hostNames.add(h.name().toLowerCase(Locale.ROOT)));

        Frameworks.Framework fw = null;
        Catalog catalog = fullCatalog;
        if (opt.framework() != null) {
            fw = Frameworks.find(opt.framework(), fullCatalog).orElseThrow(() -> new ReportException("Unknown framework '"
                    + opt.framework() + "'. Known: " + Frameworks.ids()));
            Set<String> ids = new java.util.HashSet<>();
            Frameworks.mapped(fw, fullCatalog).forEach(m -> ids.add(m.check().id()));
            catalog = new Catalog(fullCatalog.checks().stream().filter(c -> ids.contains(c.id())).toList(), fullCatalog.probes());
        }
        Set<String> checkIds = new java.util.HashSet<>();
        catalog.checks().forEach(c -> checkIds.add(c.id()));

        List<Finding> findings = new ArrayList<>();
        if (run != null) {
            for (Finding f : p.findings().list(new FindingQuery(run.id(), null, null, null, null))) {
                if (hostNames.contains(f.hostName().toLowerCase(Locale.ROOT)) && checkIds.contains(f.checkId())) {
                    findings.add(f);
                }
            }
        }
        List<Answer> answers = p.answers().current().stream()
                .filter(a -> hostNames.contains(a.hostName().toLowerCase(Locale.ROOT)) && checkIds.contains(a.checkId()))
                .toList();
        List<Waiver> allWaivers = p.waivers().all().stream()
                .filter(w -> (w.allHosts() || hostNames.contains(w.hostName().toLowerCase(Locale.ROOT)))
                        && checkIds.contains(w.checkId()))
                .toList();
        List<FalsePositive> allFalsePositives = p.falsePositives().all().stream()
                .filter(f -> hostNames.contains(f.hostName().toLowerCase(Locale.ROOT)) && checkIds.contains(f.checkId()))
                .toList();
        checkCancel(cancel);

        Checklist checklist = Checklist.build(catalog, hosts, findings, answers, null);
        Scoring.Figures fig = Scoring.compute(catalog, hosts, run, findings, answers, allWaivers, at);
        // the findings board's rule (FindingStates): a standing false positive wins over a waiver
        Map<Long, Waiver> waived = new HashMap<>();
        Map<Long, FalsePositive> wrong = new HashMap<>();
        for (Finding f : findings) {
            FindingStates.Judged j = FindingStates.judge(f, allWaivers, allFalsePositives, at);
            if (j.falsePositive() != null) {
                wrong.put(f.id(), j.falsePositive());
            } else if (j.waiver() != null) {
                waived.put(f.id(), j.waiver());
            }
        }
        Shown shown = new Shown(waived, wrong);

        Set<String> guests = new LinkedHashSet<>();
        findings.stream().filter(f -> f.guest() != null).forEach(f -> guests.add(f.hostName() + "\u0000" + f.guest()));
        String fwTitle = fw == null ? null : fw.title();
        AuditPack.Cover cover = new AuditPack.Cover(p.info().client(), p.info().site(), p.info().assessor(),
                p.info().created(), run == null ? null : run.id(), run == null ? null : run.started(),
                run == null ? null : run.finished(), run == null ? null : run.state(),
                run == null ? null : run.catalogVersion(), hosts.stream().map(HostConfig::name).toList(), guests.size(),
                fwTitle, p.settings().get("report.classification").orElse("Confidential"));

        AuditPack.Summary summary = summary(fig, findings, shown, catalog);
        List<AuditPack.OpenItem> preflight = preflight(checklist, findings, allWaivers, at, opt.limitations());
        AuditPack.Method method = method(catalog, run == null ? List.of() : p.runs().hostRuns(run.id()), hostNames,
                checklist, findings, opt.limitations());
        checkCancel(cancel);
        List<AuditPack.FindingGroup> groups = findingGroups(catalog, findings, answers, shown);
        List<AuditPack.HostSection> hostSections = hostSections(hosts, run == null ? List.of() : p.runs().hostRuns(run.id()),
                findings, shown);
        checkCancel(cancel);
        Map<Long, byte[]> images = new HashMap<>();
        List<AuditPack.Attestation> attestations = attestations(p, catalog, answers, images);
        Map<Long, Integer> renewals = new HashMap<>();
        p.waivers().history().forEach(r -> renewals.merge(r.waiverId(), 1, Integer::sum));
        List<AuditPack.WaiverRow> waiverRows = allWaivers.stream().map(w -> new AuditPack.WaiverRow(w.id(), w.checkId(),
                w.hostName(), w.guest(), w.justification(), w.author(), w.approver(), w.scopeText(), w.created(), w.expires(),
                w.renewed(), w.stateAt(at).name().toLowerCase(Locale.ROOT), renewals.getOrDefault(w.id(), 0))).toList();
        List<AuditPack.FalsePositiveRow> fpRows = allFalsePositives.stream().map(f -> new AuditPack.FalsePositiveRow(f.id(),
                f.checkId(), f.hostName(), f.guest(), f.reason(), f.author(), f.created(), f.revoked(), f.revokedBy()))
                .sorted(Comparator.comparing(AuditPack.FalsePositiveRow::checkId).thenComparing(AuditPack.FalsePositiveRow::host)
                        .thenComparing(r -> r.guest() == null ? "" : r.guest()).thenComparing(AuditPack.FalsePositiveRow::id))
                .toList();
        AuditPack.CrossReference xref = crossReference(fw, findings, answers, shown);
        checkCancel(cancel);
        FleetService fleetService = new FleetService(p, fullCatalog);
        AuditPack.Fleet fleet = fleet(fleetService, run, hosts, hostNames);
        AuditPack.Retest retest = retest(p, fleetService, run, opt.retestFrom(), hostNames, checkIds);
        checkCancel(cancel);
        List<AuditPack.EvidenceItem> evidence = evidence(p, findings, cancel);

        boolean draft = !preflight.isEmpty() && !opt.finalPack();
        if (opt.finalPack() && enforceFinal) {
            List<AuditPack.OpenItem> uncovered = preflight.stream().filter(i -> i.limitation() == null).toList();
            if (!uncovered.isEmpty()) {
                throw new FinalRefused(uncovered);
            }
        }
        PackOptions recorded = new PackOptions(run == null ? null : run.id(), opt.hosts(), opt.framework(), opt.paper(),
                opt.finalPack(), opt.limitations(), opt.retestFrom());
        AuditPack pack = new AuditPack(AuditPack.SCHEMA, at, recorded, cover, summary, method, groups, hostSections,
                attestations, waiverRows, fpRows, fleet, retest, xref, evidence, preflight, draft, null, null);
        pack = new AuditPack(AuditPack.SCHEMA, at, recorded, cover, summary, method, groups, hostSections, attestations,
                waiverRows, fpRows, fleet, retest, xref, evidence, preflight, draft,
                Integrity.evidenceSetSha256(pack.integrityLines()), null);
        return new Built(pack.withContentSha256(Integrity.contentSha256(pack)), Map.copyOf(images));
    }

    /** A final pack asked for while pre-flight items have no written limitation. */
    public static final class FinalRefused extends ReportException {
        private static final long serialVersionUID = 1L;
        private final transient List<AuditPack.OpenItem> items;

        FinalRefused(List<AuditPack.OpenItem> items) {
            super(items.size() + " pre-flight item(s) are open and have no written limitation, so a final pack cannot be"
                    + " made. Resolve them, or give a limitation for each (--limitations FILE with 'KEY: text' lines; '*'"
                    + " covers all).");
            this.items = List.copyOf(items);
        }

        public List<AuditPack.OpenItem> items() {
            return items;
        }
    }

    private static void checkCancel(Cancel c) throws ReportException {
        if (c.requested()) {
            throw new ReportException("Cancelled.");
        }
    }

    private static ScanRun resolveRun(Project p, Long id) throws ReportException {
        if (id == null) {
            return p.runs().latest().orElse(null);
        }
        return p.runs().byId(id).orElseThrow(() -> new ReportException("There is no run #" + id + " in " + p.file()
                + ". Give the number of an existing run, or leave out --run for the latest."));
    }

    private static List<HostConfig> resolveHosts(Project p, List<String> names) throws ReportException {
        List<HostConfig> all = p.hosts().list();
        if (names.isEmpty()) {
            return all;
        }
        List<HostConfig> out = new ArrayList<>();
        for (String n : names) {
            HostConfig h = all.stream().filter(x -> x.name().equalsIgnoreCase(n.strip())).findFirst()
                    .orElseThrow(() -> new ReportException("There is no host '" + n + "' in " + p.file() + ". Hosts: "
                            + String.join(", ", all.stream().map(HostConfig::name).toList())));
            if (!out.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    static String key(String checkId, String host, String guest) {
        return checkId + "@" + host + (guest == null ? "" : "/" + guest);
    }

    private static String limitationFor(Map<String, String> limitations, String key) {
        String l = limitations.get(key);
        return l != null ? l : limitations.get("*");
    }

    private static AuditPack.Summary summary(Scoring.Figures fig, List<Finding> findings, Shown shown, Catalog catalog) {
        Scoring.Score s = fig.score();
        List<AuditPack.DomainScore> domains = new ArrayList<>();
        for (Scoring.DomainCounts d : fig.domains()) {
            int den = d.passed() + d.failed() + d.warned() + d.errors() + d.open();
            domains.add(new AuditPack.DomainScore(d.domain().id(), d.domain().title(), d.passed(), d.failed(), d.warned(),
                    d.errors(), d.open(), d.notApplicable(), den == 0 ? -1 : (int) Math.floor(100.0 * d.passed() / den)));
        }
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status st : Status.values()) {
            byStatus.put(st.name(), 0);
        }
        byStatus.put(FALSE_POSITIVE, 0);
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (Severity sev : Severity.values()) {
            bySeverity.put(sev.id(), 0);
        }
        int waivedCount = 0;
        int fpCount = 0;
        for (Finding f : findings) {
            byStatus.merge(shown.status(f), 1, Integer::sum);
            switch (shown.state(f)) {
                case OPEN -> bySeverity.merge(f.severity().id(), 1, Integer::sum);
                case WAIVED -> waivedCount++;
                case FALSE_POSITIVE -> fpCount++;
                default -> { }
            }
        }
        // top risks: open FAIL/WARN grouped by check, worst first
        Map<String, int[]> targets = new LinkedHashMap<>();
        Map<String, Finding> first = new LinkedHashMap<>();
        for (Finding f : findings) {
            if ((f.status() == Status.FAIL || f.status() == Status.WARN) && shown.state(f) == FindingStates.State.OPEN) {
                String k = f.checkId() + "\u0000" + f.status();
                targets.computeIfAbsent(k, x -> new int[1])[0]++;
                first.putIfAbsent(k, f);
            }
        }
        List<AuditPack.TopRisk> risks = new ArrayList<>();
        first.forEach((k, f) -> risks.add(new AuditPack.TopRisk(f.checkId(), catalog.check(f.checkId()).map(Check::title)
                .orElse(f.title()), f.severity().id(), f.status().name(), targets.get(k)[0])));
        risks.sort(Comparator.comparing((AuditPack.TopRisk r) -> Severity.parse(r.severity()).ordinal())
                .thenComparing(r -> r.status().equals("FAIL") ? 0 : 1)
                .thenComparing(r -> -r.targets()).thenComparing(AuditPack.TopRisk::checkId));
        return new AuditPack.Summary(s.passed(), s.failed(), s.warned(), s.errors(), s.open(), s.notApplicable(),
                s.percent(), domains, byStatus, bySeverity, waivedCount, fpCount, risks.subList(0, Math.min(5, risks.size())),
                Scoring.FORMULA);
    }

    private static List<AuditPack.OpenItem> preflight(Checklist cl, List<Finding> findings, List<Waiver> waivers,
            Instant at, Map<String, String> limitations) {
        List<AuditPack.OpenItem> out = new ArrayList<>();
        for (Checklist.Item i : cl.items()) {
            String k = key(i.check().id(), i.host(), i.guest());
            if (i.state() == Checklist.State.OPEN) {
                out.add(new AuditPack.OpenItem(k, "unanswered", i.check().id(), i.host(), i.guest(),
                        "Not answered: " + i.check().title(), limitationFor(limitations, k)));
            } else if (i.state() == Checklist.State.NOT_SCANNED) {
                out.add(new AuditPack.OpenItem(k, "not-run", i.check().id(), i.host(), i.guest(),
                        "No result in this run: " + i.check().title(), limitationFor(limitations, k)));
            } else if (i.status() == Status.ERROR) {
                String reason = i.finding() == null || i.finding().reason() == null ? "" : " (" + i.finding().reason() + ")";
                out.add(new AuditPack.OpenItem(k, "not-run", i.check().id(), i.host(), i.guest(),
                        "Could not check: " + i.check().title() + reason, limitationFor(limitations, k)));
            }
        }
        for (Waiver w : waivers) {
            if (w.revoked() == null && !w.activeAt(at)) {
                boolean renewed = waivers.stream().anyMatch(o -> o.id() > w.id() && o.hostId() == w.hostId()
                        && java.util.Objects.equals(o.guest(), w.guest()) && o.checkId().equals(w.checkId()) && o.activeAt(at));
                if (!renewed) {
                    String k = "waiver#" + w.id();
                    out.add(new AuditPack.OpenItem(k, "expired-waiver", w.checkId(), w.hostName(), w.guest(),
                            "Waiver expired on " + w.expiryDate() + " (" + w.justification() + ")", limitationFor(limitations, k)));
                }
            }
        }
        return out;
    }

    private static AuditPack.Method method(Catalog catalog, List<HostRun> hostRuns, Set<String> hostNames, Checklist cl,
            List<Finding> findings, Map<String, String> limitations) {
        Map<Domain, int[]> modes = new EnumMap<>(Domain.class);
        for (Check c : catalog.checks()) {
            int[] m = modes.computeIfAbsent(c.domain(), k -> new int[3]);
            m[c.mode() == Mode.AUTOMATED ? 0 : c.mode() == Mode.MANUAL ? 1 : 2]++;
        }
        List<AuditPack.DomainChecks> domains = new ArrayList<>();
        List<Domain> order = new ArrayList<>(Checklist.ORDER);
        order.add(Domain.FLEET);
        for (Domain d : order) {
            int[] m = modes.get(d);
            if (m != null) {
                domains.add(new AuditPack.DomainChecks(d.id(), d.title(), m[0], m[1], m[2]));
            }
        }
        List<AuditPack.HostRunRow> runs = hostRuns.stream()
                .filter(h -> hostNames.contains(h.hostName().toLowerCase(Locale.ROOT)))
                .map(h -> new AuditPack.HostRunRow(h.hostName(), h.state(), h.reason(), h.started(), h.finished())).toList();
        List<AuditPack.NotRun> notRun = new ArrayList<>();
        for (Checklist.Item i : cl.items()) {
            if (i.state() == Checklist.State.NOT_SCANNED) {
                notRun.add(new AuditPack.NotRun(i.check().id(), i.check().title(), i.host(), i.guest(), "no result in this run"));
            } else if (i.status() == Status.ERROR) {
                notRun.add(new AuditPack.NotRun(i.check().id(), i.check().title(), i.host(), i.guest(),
                        i.finding() == null ? "error" : i.finding().reason()));
            }
        }
        return new AuditPack.Method(domains, runs, notRun, limitations);
    }

    private static List<AuditPack.FindingGroup> findingGroups(Catalog catalog, List<Finding> findings, List<Answer> answers,
            Shown shown) {
        Map<String, List<AuditPack.FindingRow>> rows = new LinkedHashMap<>();
        Map<String, Status> worst = new HashMap<>();
        for (Finding f : findings) {
            Waiver w = shown.waived().get(f.id());
            FalsePositive fp = shown.wrong().get(f.id());
            Status st = w != null ? Status.WAIVED : f.status();
            if (!NON_PASSING.contains(st)) {
                continue;
            }
            rows.computeIfAbsent(f.checkId(), k -> new ArrayList<>()).add(new AuditPack.FindingRow(f.id(), f.hostName(),
                    f.guest(), shown.status(f), f.observed(), f.expected(), f.reason(), f.evidenceId(),
                    f.evidenceSha256() == null || f.evidenceSha256().isEmpty() ? null : f.evidenceSha256(),
                    w == null ? null : waiverText(w), "scan", fp == null ? null : falsePositiveText(fp)));
            Status rank = fp != null ? Status.WAIVED : st; // a false positive sorts with the waived: not open
            worst.merge(f.checkId(), rank, (a, b) -> rankForGroup(a) >= rankForGroup(b) ? a : b);
        }
        for (Answer a : answers) {
            Check c = catalog.check(a.checkId()).orElse(null);
            if (a.status() != Status.FAIL || c == null || c.mode() == Mode.AUTOMATED) {
                continue;
            }
            rows.computeIfAbsent(a.checkId(), k -> new ArrayList<>()).add(new AuditPack.FindingRow(0, a.hostName(), a.guest(),
                    Status.FAIL.name(), a.note(), c.question(), "answered by " + a.answeredBy(), 0, null, null, "answer",
                    null));
            worst.merge(a.checkId(), Status.FAIL, (x, y) -> rankForGroup(x) >= rankForGroup(y) ? x : y);
        }
        List<AuditPack.FindingGroup> out = new ArrayList<>();
        List<Domain> order = new ArrayList<>(Checklist.ORDER);
        order.add(Domain.FLEET);
        for (Domain d : order) {
            List<Check> checks = new ArrayList<>();
            for (Check c : catalog.checks()) {
                if (c.domain() == d && rows.containsKey(c.id())) {
                    checks.add(c);
                }
            }
            checks.sort(Comparator.comparing((Check c) -> c.severity().ordinal())
                    .thenComparing(c -> -rankForGroup(worst.get(c.id()))).thenComparing(Check::id));
            for (Check c : checks) {
                out.add(new AuditPack.FindingGroup(d.id(), d.title(), c.id(), c.title(), c.severity().id(),
                        c.mode().name().toLowerCase(Locale.ROOT), c.rationale(), c.remediation(), rows.get(c.id())));
            }
        }
        return out;
    }

    private static int rankForGroup(Status s) {
        return switch (s) {
            case FAIL -> 4;
            case WARN -> 3;
            case ERROR -> 2;
            case WAIVED -> 1;
            default -> 0;
        };
    }

    private static List<AuditPack.HostSection> hostSections(List<HostConfig> hosts, List<HostRun> hostRuns,
            List<Finding> findings, Shown shown) {
        List<AuditPack.HostSection> out = new ArrayList<>();
        for (HostConfig h : hosts) {
            Map<String, Integer> st = new TreeMap<>();
            Map<String, Map<String, Integer>> guests = new TreeMap<>();
            for (Finding f : findings) {
                if (!f.hostName().equalsIgnoreCase(h.name())) {
                    continue;
                }
                String s = shown.status(f);
                if (f.guest() == null) {
                    st.merge(s, 1, Integer::sum);
                } else {
                    guests.computeIfAbsent(f.guest(), k -> new TreeMap<>()).merge(s, 1, Integer::sum);
                }
            }
            HostRun hr = hostRuns.stream().filter(r -> r.hostName().equalsIgnoreCase(h.name())).findFirst().orElse(null);
            List<AuditPack.GuestRow> g = new ArrayList<>();
            guests.forEach((k, v) -> g.add(new AuditPack.GuestRow(k, v)));
            out.add(new AuditPack.HostSection(h.name(), h.address() + ":" + h.port(), hr == null ? "not scanned" : hr.state(),
                    hr == null ? null : hr.reason(), st, g));
        }
        return out;
    }

    private static List<AuditPack.Attestation> attestations(Project p, Catalog catalog, List<Answer> answers,
            Map<Long, byte[]> images) {
        List<AuditPack.Attestation> out = new ArrayList<>();
        for (Answer a : answers) {
            List<AuditPack.AttachmentItem> items = new ArrayList<>();
            for (Attachment at : a.attachments()) {
                String sha;
                try {
                    byte[] bytes = p.answers().content(at.id()).orElse(null);
                    sha = bytes == null ? null : Integrity.sha256(bytes);
                    if (bytes != null && at.mediaType() != null && at.mediaType().startsWith("image/")
                            && (at.mediaType().contains("png") || at.mediaType().contains("jpeg"))) {
                        images.put(at.id(), bytes);
                    }
                } catch (IllegalStateException e) {
                    sha = null; // the stored bytes no longer match the hash recorded when they were added
                }
                items.add(new AuditPack.AttachmentItem(at.id(), at.fileName(), at.mediaType(), at.size(), at.sha256(), sha));
            }
            String title = catalog.check(a.checkId()).map(Check::title).orElse(a.checkId());
            out.add(new AuditPack.Attestation(a.checkId(), title, a.hostName(), a.guest(), a.status().name(), a.note(),
                    a.answeredBy(), a.answered(), items));
        }
        out.sort(Comparator.comparing(AuditPack.Attestation::checkId).thenComparing(AuditPack.Attestation::host)
                .thenComparing(x -> x.guest() == null ? "" : x.guest()));
        return out;
    }

    private AuditPack.CrossReference crossReference(Frameworks.Framework chosen, List<Finding> findings, List<Answer> answers,
            Shown shown) {
        Frameworks.Framework fw = chosen != null ? chosen : Frameworks.find(DEFAULT_XREF, fullCatalog).orElse(null);
        if (fw == null) {
            return new AuditPack.CrossReference(null, null, List.of());
        }
        Map<String, Map<String, Integer>> byCheck = new HashMap<>();
        for (Finding f : findings) {
            String s = shown.status(f);
            byCheck.computeIfAbsent(f.checkId(), k -> new TreeMap<>()).merge(s, 1, Integer::sum);
        }
        for (Answer a : answers) {
            byCheck.computeIfAbsent(a.checkId(), k -> new TreeMap<>()).merge(a.status().name(), 1, Integer::sum);
        }
        List<AuditPack.XrefRow> rows = new ArrayList<>();
        for (Frameworks.Mapping m : Frameworks.mapped(fw, fullCatalog)) {
            Map<String, Integer> st = byCheck.getOrDefault(m.check().id(), Map.of());
            String worst = "NOT RUN";
            for (String s : List.of("FAIL", "ERROR", "WARN", "WAIVED", FALSE_POSITIVE, "MANUAL_PENDING", "PASS", "NOT_APPLICABLE")) {
                if (st.containsKey(s)) {
                    worst = s;
                    break;
                }
            }
            rows.add(new AuditPack.XrefRow(String.join("; ", m.references()), m.check().id(), m.check().title(), worst,
                    new TreeMap<>(st), m.unverified()));
        }
        rows.sort(Comparator.comparing((AuditPack.XrefRow r) -> requirementSortKey(r.requirement()))
                .thenComparing(AuditPack.XrefRow::checkId));
        return new AuditPack.CrossReference(fw.id(), fw.title(), rows);
    }

    /** "2.2.10" sorts after "2.2.9". */
    static String requirementSortKey(String req) {
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(req);
        while (m.find()) {
            String t = m.group();
            sb.append(Character.isDigit(t.charAt(0)) ? String.format(Locale.ROOT, "%08d", Long.parseLong(t.length() > 15
                    ? t.substring(0, 15) : t)) : t);
        }
        return sb.toString();
    }

    private static List<AuditPack.EvidenceItem> evidence(Project p, List<Finding> findings, Cancel cancel)
            throws ReportException {
        Map<Long, Finding> ids = new TreeMap<>();
        for (Finding f : findings) {
            if (f.evidenceId() != 0) {
                ids.putIfAbsent(f.evidenceId(), f);
            }
        }
        List<AuditPack.EvidenceItem> out = new ArrayList<>();
        int n = 0;
        for (Map.Entry<Long, Finding> e : ids.entrySet()) {
            if (++n % 200 == 0) {
                checkCancel(cancel);
            }
            Evidence ev = p.findings().evidence(e.getKey()).orElse(null);
            Finding f = e.getValue();
            if (ev == null) {
                out.add(new AuditPack.EvidenceItem(e.getKey(), f.hostName(), f.guest(), "(missing)", null,
                        f.evidenceSha256(), null));
                continue;
            }
            String sha = Integrity.sha256(ev.outputsJson() == null ? new byte[0]
                    : ev.outputsJson().getBytes(StandardCharsets.UTF_8));
            out.add(new AuditPack.EvidenceItem(ev.id(), f.hostName(), ev.guest(), ev.probe(), ev.collected(), ev.sha256(), sha));
        }
        return out;
    }

    /** How each finding is shown: the waiver in force or the standing false positive (the board's rule). */
    private record Shown(Map<Long, Waiver> waived, Map<Long, FalsePositive> wrong) {
        FindingStates.State state(Finding f) {
            return FindingStates.of(f.status(), waived.containsKey(f.id()), wrong.containsKey(f.id()));
        }

        String status(Finding f) {
            return wrong.containsKey(f.id()) ? FALSE_POSITIVE : waived.containsKey(f.id()) ? Status.WAIVED.name() : f.status().name();
        }
    }

    /** "until 2027-02-20, approved by CIO (recorded by J. Doe), all hosts: reason". */
    static String waiverText(Waiver w) {
        return "until " + w.expiryDate() + ", approved by " + w.approver()
                + (w.approver().equals(w.author()) ? "" : " (recorded by " + w.author() + ")")
                + (w.allHosts() ? ", all hosts" : "") + ": " + w.justification();
    }

    /** "by J. Doe 2026-11-22: reason", as {@code virtharden findings} writes it. */
    static String falsePositiveText(FalsePositive fp) {
        return "by " + fp.author() + " " + PackHtml.day(fp.created()) + ": " + fp.reason();
    }

    // ---------------------------------------------------------------- across hosts

    /**
     * The drift matrices of the run's hosts in scope (rows that differ, plus the migration-critical ones) and the VM
     * sprawl summary (rows on a host in scope, and inventory entries found nowhere).
     */
    static AuditPack.Fleet fleet(FleetService fleet, ScanRun run, List<HostConfig> hosts, Set<String> hostNames) {
        if (run == null) {
            return new AuditPack.Fleet(0, List.of(), "No scan run: nothing to compare across hosts.", List.of(), null);
        }
        FleetReport rep = fleet.report(run.id(), null, true);
        List<DriftMatrix> matrices = new ArrayList<>();
        int inScope = 0;
        for (DriftMatrix m : rep.matrices()) {
            DriftMatrix sub = subset(m, hostNames);
            inScope += sub.hosts().size();
            if (!sub.hosts().isEmpty()) {
                matrices.add(sub);
            }
        }
        Set<String> groups = new java.util.TreeSet<>();
        for (HostConfig h : hosts) {
            if (h.hostGroup() != null && !h.hostGroup().isBlank()) {
                groups.add(h.hostGroup().strip());
            }
        }
        String note = null;
        if (inScope < 2) {
            note = inScope == 0 ? "No host in scope has a result in run #" + run.id() + ": nothing to compare across hosts."
                    : "Only one host in scope: there is no other host to compare it with.";
            matrices = List.of();
        } else if (groups.isEmpty()) {
            note = "No host groups are set: the " + inScope + " hosts are compared as one group (set one with 'host add"
                    + " ... --group G').";
        }
        Sprawl s = rep.sprawl();
        List<Sprawl.Row> rows = s.rows().stream().filter(r -> r.kind() != Sprawl.Kind.APPROVED)
                .filter(r -> r.hosts().isEmpty() || r.hosts().stream().anyMatch(h -> hostNames.contains(h.toLowerCase(Locale.ROOT))))
                .toList();
        return new AuditPack.Fleet(inScope, List.copyOf(groups), note, matrices,
                new Sprawl(s.inventoryPresent(), s.inventoryProblem(), s.entries(), s.discovered(), rows));
    }

    /** The matrix over the hosts in scope: majority and differing cells recomputed; rows kept when they differ or are migration-critical. */
    static DriftMatrix subset(DriftMatrix m, Set<String> hostNames) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < m.hosts().size(); i++) {
            if (hostNames.contains(m.hosts().get(i).toLowerCase(Locale.ROOT))) {
                keep.add(i);
            }
        }
        List<DriftMatrix.Row> rows = new ArrayList<>();
        for (DriftMatrix.Row r : m.rows()) {
            List<DriftMatrix.Cell> cells = keep.stream().map(i -> r.cells().get(i)).toList();
            Map<Status, Integer> counts = new LinkedHashMap<>();
            cells.stream().filter(c -> c.status() != null).forEach(c -> counts.merge(c.status(), 1, Integer::sum));
            if (counts.isEmpty()) {
                continue;
            }
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            List<Status> tops = counts.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
            Status majority = tops.size() == 1 ? tops.get(0) : null;
            boolean differs = counts.size() > 1 || cells.stream().anyMatch(c -> c.status() == null);
            if (!differs && !r.migrationCritical()) {
                continue;
            }
            List<DriftMatrix.Cell> out = cells.stream().map(c -> new DriftMatrix.Cell(c.host(), c.status(), c.value(),
                    differs && (c.status() == null || majority == null || c.status() != majority))).toList();
            rows.add(new DriftMatrix.Row(r.checkId(), r.title(), r.migrationCritical(), out,
                    (majority == null ? "split " : majority.name() + " ") + top + "/" + total, differs));
        }
        return new DriftMatrix(m.group(), keep.stream().map(i -> m.hosts().get(i)).toList(), rows, true);
    }

    // ---------------------------------------------------------------- retest

    private static AuditPack.Retest retest(Project p, FleetService fleet, ScanRun run, Long from, Set<String> hostNames,
            Set<String> checkIds) throws ReportException {
        if (from == null) {
            return null;
        }
        ScanRun earlier = p.runs().byId(from).orElseThrow(() -> new ReportException("There is no run #" + from + " in "
                + p.file() + " to retest from. Give the number of an earlier run (see 'virtharden diff')."));
        if (run == null) {
            throw new ReportException("The project has no scan run to compare run #" + from + " with.");
        }
        if (earlier.id() == run.id()) {
            throw new ReportException("The retest compares two runs: --retest-from " + from + " is the pack's own run."
                    + " Give an earlier run.");
        }
        RunDiff d = fleet.diff(earlier.id(), run.id());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RunDiff.Category c : RunDiff.Category.values()) {
            counts.put(categoryName(c), 0);
        }
        List<AuditPack.RetestRow> rows = new ArrayList<>();
        for (RunDiff.Row r : d.rows()) {
            if (!hostNames.contains(r.host().toLowerCase(Locale.ROOT)) || !checkIds.contains(r.checkId())) {
                continue;
            }
            counts.merge(categoryName(r.category()), 1, Integer::sum);
            if (r.category() != RunDiff.Category.CHANGED_EVIDENCE && r.category() != RunDiff.Category.UNCHANGED) {
                rows.add(new AuditPack.RetestRow(categoryName(r.category()), r.host(), r.guest(), r.checkId(), r.title(),
                        r.before() == null ? null : r.before().name(), r.after() == null ? null : r.after().name(),
                        r.reasonAfter(), r.evidenceChanged()));
            }
        }
        return new AuditPack.Retest(earlier.id(), earlier.started(), run.id(), counts, rows);
    }

    static String categoryName(RunDiff.Category c) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

}
