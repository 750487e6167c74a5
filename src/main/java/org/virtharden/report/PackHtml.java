package org.virtharden.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Renders an {@link AuditPack} as one self-contained XHTML document: for the PDF (paged media: margin boxes, page
 * numbers, repeated table headers, DRAFT watermark) or as a stand-alone HTML file.
 *
 * <p>Each section is one method; {@link #sections} lists them in order. To add a section (e.g. a fleet drift
 * matrix), add its data to {@link AuditPack}, write a {@code private void mySection(Html h, AuditPack p)} here and add
 * one {@code new Section("my-id", "Title", this::mySection)} line to {@link #sections}; the table of contents, the PDF
 * bookmarks and the section numbering follow.
 */
final class PackHtml {
    /** Which document to write. */
    enum Target { PDF, HTML }

    /** One numbered section of the pack. */
    record Section(String id, String title, BiConsumer<Html, AuditPack> body) {
    }

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int MAX_CELL = 700;
    /** Host columns per drift-matrix table. */
    static final int MATRIX_HOSTS = 6;

    private final Target target;
    private final Map<Long, byte[]> images;
    private final byte[] logo;

    PackHtml(Target target, Map<Long, byte[]> images, byte[] logo) {
        this.target = target;
        this.images = images == null ? Map.of() : images;
        this.logo = logo;
    }

    /** The sections after the cover and the table of contents, in order. */
    List<Section> sections(AuditPack p) {
        List<Section> s = new ArrayList<>();
        s.add(new Section("summary", "Executive summary", this::summary));
        s.add(new Section("method", "Method and limits", this::method));
        s.add(new Section("findings", "Findings", this::findings));
        if (p.retest() != null) {
            s.add(new Section("retest", "Retest", this::retest));
        }
        s.add(new Section("hosts", "Hosts and guests", this::hosts));
        s.add(new Section("fleet", "Across hosts", this::fleet));
        s.add(new Section("attestations", "Manual attestations", this::attestations));
        s.add(new Section("waivers", "Waivers and false positives", this::waivers));
        s.add(new Section("xref", "Framework cross-reference", this::crossReference));
        s.add(new Section("evidence", "Evidence appendix", this::evidence));
        s.add(new Section("signoff", "Integrity and sign-off", this::signOff));
        return s;
    }

    String render(AuditPack p) {
        Html h = new Html();
        List<Section> sections = sections(p);
        h.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>");
        h.raw("<title>").text("Audit pack: " + p.cover().client() + " · " + nz(p.cover().site())).raw("</title>");
        h.raw("<meta name=\"author\" content=\"").text(p.cover().assessor()).raw("\"/>");
        h.raw("<meta name=\"subject\" content=\"").text("KVM/libvirt hardening assessment").raw("\"/>");
        h.raw("<style>").raw(css(p)).raw("</style>");
        if (target == Target.PDF) {
            h.raw("<bookmarks><bookmark name=\"Cover\" href=\"#cover\"/><bookmark name=\"Contents\" href=\"#toc\"/>");
            int n = 1;
            for (Section s : sections) {
                h.raw("<bookmark name=\"").text(n++ + " " + s.title()).raw("\" href=\"#sec-" + s.id() + "\"/>");
            }
            h.raw("</bookmarks>");
        }
        h.raw("</head><body>");
        if (p.draft()) {
            if (target == Target.PDF) {
                h.raw("<div class=\"watermark\">DRAFT</div>");
            } else {
                h.raw("<div class=\"draft-banner\">DRAFT — ").text(p.preflight().size())
                        .raw(" pre-flight item(s) open; see Method and limits.</div>");
            }
        }
        cover(h, p);
        toc(h, sections);
        int n = 1;
        for (Section s : sections) {
            h.raw("<div class=\"section\" id=\"sec-" + s.id() + "\"><h1>").text(n++ + "  " + s.title()).raw("</h1>");
            s.body().accept(h, p);
            h.raw("</div>");
        }
        h.raw("</body></html>");
        return h.toString();
    }

    // ---------------------------------------------------------------- styles

    private String css(AuditPack p) {
        StringBuilder c = new StringBuilder(4096);
        String header = p.cover().client() + " · " + nz(p.cover().site()) + " · Audit pack";
        String right = p.draft() ? "DRAFT — not final" : nz(p.cover().classification());
        String sha = p.contentSha256() == null ? "" : p.contentSha256();
        if (target == Target.PDF) {
            c.append("@page { size: ").append(p.options().paper().equals("letter") ? "letter" : "A4")
                    .append("; margin: 20mm 15mm 18mm 15mm;")
                    .append(" @top-left { content: ").append(Html.cssString(header)).append("; font-family: 'DejaVu Sans';"
                            + " font-size: 7.5pt; color: #555; vertical-align: bottom; padding-bottom: 3mm; }")
                    .append(" @top-right { content: ").append(Html.cssString(right)).append("; font-family: 'DejaVu Sans';"
                            + " font-size: 7.5pt; font-weight: bold; color: ").append(p.draft() ? "#b71c1c" : "#555")
                    .append("; vertical-align: bottom; padding-bottom: 3mm; }")
                    .append(" @bottom-left { content: ").append(Html.cssString("Content SHA-256 " + abbreviate(sha)))
                    .append("; font-family: 'DejaVu Sans Mono'; font-size: 6.5pt; color: #777; vertical-align: top; padding-top: 3mm; }")
                    .append(" @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);"
                            + " font-family: 'DejaVu Sans'; font-size: 8pt; color: #333; vertical-align: top; padding-top: 3mm; } }\n")
                    .append("@page :first { @top-left { content: none; } @bottom-left { content: none; } }\n");
        }
        c.append("""
                body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; color: #1d1d1d; line-height: 1.35; }
                h1 { font-size: 15pt; color: #0d3b66; border-bottom: 1.5pt solid #0d3b66; padding-bottom: 2pt; margin: 0 0 8pt 0; }
                h2 { font-size: 11pt; color: #0d3b66; margin: 12pt 0 4pt 0; page-break-after: avoid; }
                h3 { font-size: 9.5pt; margin: 10pt 0 3pt 0; page-break-after: avoid; }
                p { margin: 3pt 0 5pt 0; }
                .section { page-break-before: always; }
                table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt 0; -fs-table-paginate: paginate; table-layout: fixed; }
                th { background: #e8eef5; text-align: left; font-size: 7.5pt; padding: 2.5pt 3pt; border-bottom: 1pt solid #9db3cc; }
                td { padding: 2.5pt 3pt; border-bottom: 0.5pt solid #d8dde3; vertical-align: top; word-wrap: break-word; }
                tr { page-break-inside: avoid; }
                .mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; }
                .hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 6pt; word-wrap: break-word; }
                .pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; white-space: pre-wrap; word-wrap: break-word; }
                .muted { color: #666; }
                .nowrap { white-space: nowrap; }
                .small { font-size: 7.5pt; }
                .num { text-align: right; }
                .st { font-weight: bold; white-space: nowrap; }
                .st-PASS { color: #1b5e20; } .st-FAIL { color: #b71c1c; } .st-WARN { color: #8a5a00; }
                .st-ERROR { color: #6a1b9a; } .st-WAIVED { color: #37474f; } .st-NOT_APPLICABLE { color: #555; }
                .st-MANUAL_PENDING, .st-NOT-RUN { color: #555; }
                .sev { font-weight: bold; text-transform: uppercase; font-size: 7pt; }
                .sev-critical { color: #7f0000; } .sev-high { color: #b71c1c; } .sev-medium { color: #8a5a00; }
                .sev-low { color: #2e5e8a; } .sev-info { color: #555; }
                .group { page-break-inside: auto; margin-bottom: 10pt; }
                .group-head { background: #f3f5f8; border-left: 3pt solid #0d3b66; padding: 3pt 5pt; margin-top: 8pt; page-break-after: avoid; }
                .kv td { border: none; padding: 1pt 4pt 1pt 0; }
                .kv td.k { color: #555; width: 32%; }
                .bar { height: 9pt; width: 100%; border-collapse: collapse; margin: 0; table-layout: fixed; }
                .bar td { padding: 0; border: none; height: 9pt; }
                .c-pass { background: #2e7d32; } .c-fail { background: #c62828; } .c-warn { background: #f9a825; }
                .c-error { background: #6a1b9a; } .c-open { background: #9e9e9e; } .c-na { background: #e0e0e0; }
                .legend span { margin-right: 8pt; }
                .sw { display: inline-block; width: 7pt; height: 7pt; margin-right: 2pt; }
                .score { font-size: 30pt; font-weight: bold; color: #0d3b66; }
                .cover { text-align: left; }
                .cover h1.title { font-size: 26pt; border: none; margin-top: 40mm; }
                .cover .sub { font-size: 13pt; color: #0d3b66; margin-bottom: 18mm; }
                .cover table.kv td { font-size: 10pt; padding: 3pt 6pt 3pt 0; }
                .logo { max-height: 22mm; max-width: 60mm; }
                .toc a { color: #1d1d1d; text-decoration: none; }
                .toc li { list-style: none; font-size: 10.5pt; margin: 4pt 0; }
                .toc ul { padding-left: 0; }
                .photo { max-width: 70mm; max-height: 55mm; border: 0.5pt solid #aaa; margin: 3pt 6pt 3pt 0; }
                .sign td { height: 16mm; vertical-align: bottom; border-bottom: 0.8pt solid #333; }
                .warnbox { border: 1pt solid #b71c1c; background: #fdecea; padding: 4pt 6pt; margin: 6pt 0; }
                .matrix td.cell { font-size: 7pt; }
                .matrix td.differs { font-weight: bold; border: 1pt solid #1d1d1d; }
                .note { font-style: italic; }
                .draft-banner { background: #b71c1c; color: white; font-weight: bold; padding: 6pt; text-align: center; }
                """);
        if (target == Target.PDF) {
            c.append(".watermark { position: fixed; top: 95mm; left: 10mm; font-size: 120pt; font-weight: bold; color: #f6d5d5;"
                    + " transform: rotate(-35deg); z-index: -1; }\n");
            c.append(".toc a::after { content: leader('.') target-counter(attr(href), page); }\n");
        } else {
            c.append("body { max-width: 190mm; margin: 10mm auto; } .section { border-top: 2px solid #0d3b66; margin-top: 20mm; }\n");
        }
        return c.toString();
    }

    // ---------------------------------------------------------------- cover and contents

    private void cover(Html h, AuditPack p) {
        AuditPack.Cover c = p.cover();
        h.raw("<div class=\"cover\" id=\"cover\">");
        if (logo != null) {
            h.raw("<img class=\"logo\" alt=\"logo\" src=\"data:").raw(imageType(logo)).raw(";base64,")
                    .raw(Base64.getEncoder().encodeToString(logo)).raw("\"/>");
        }
        h.el("h1", "title", "KVM / libvirt hardening assessment");
        h.el("div", "sub", "Audit pack" + (p.draft() ? " — DRAFT" : p.options().finalPack() ? " — final" : ""));
        h.raw("<table class=\"kv\">");
        kv(h, "Client", c.client());
        kv(h, "Site", c.site());
        kv(h, "Assessor", c.assessor());
        kv(h, "Project created", day(c.projectCreated()));
        kv(h, "Scan run", c.runId() == null ? "no scan yet" : "#" + c.runId() + " · " + time(c.runStarted()) + " → "
                + time(c.runFinished()) + " · " + c.runState());
        kv(h, "Catalog", c.catalogVersion());
        kv(h, "Scope", c.hosts().size() + " host(s), " + c.guests() + " guest(s)"
                + (p.options().hosts().isEmpty() ? " (all hosts in the project)" : " (selected hosts)"));
        kv(h, "Hosts", String.join(", ", c.hosts()));
        kv(h, "Framework", c.frameworkTitle() == null ? "all checks" : "only checks mapped to " + c.frameworkTitle());
        kv(h, "Generated", time(p.generated()));
        kv(h, "Classification", c.classification());
        h.raw("</table>");
        if (p.draft()) {
            h.raw("<p class=\"warnbox\">This is a DRAFT: ").text(p.preflight().size())
                    .raw(" pre-flight item(s) are open (unanswered items, checks that did not run, expired waivers)."
                            + " They are listed under Method and limits.</p>");
        }
        h.raw("</div>");
    }

    private void toc(Html h, List<Section> sections) {
        h.raw("<div class=\"section toc\" id=\"toc\"><h1>Contents</h1><ul>");
        int n = 1;
        for (Section s : sections) {
            h.raw("<li><a href=\"#sec-" + s.id() + "\">").text(n++ + "  " + s.title()).raw("</a></li>");
        }
        h.raw("</ul></div>");
    }

    // ---------------------------------------------------------------- sections

    private void summary(Html h, AuditPack p) {
        AuditPack.Summary s = p.summary();
        h.raw("<table class=\"kv\"><tr><td style=\"width:30%\"><div class=\"score\">")
                .text(s.percent() < 0 ? "—" : s.percent() + " %").raw("</div><div class=\"muted small\">overall score</div></td><td>");
        h.el("p", null, "✓ " + s.passed() + " passed · ✕ " + s.failed() + " failed · ▲ " + s.warned() + " warned · ⚡ "
                + s.errors() + " could not check · ○ " + s.open() + " open · — " + s.notApplicable() + " not applicable");
        h.el("p", "muted small", s.formula());
        h.el("p", "small", s.waived() + " result(s) waived (accepted risks; they still count as failed or warned)"
                + (s.falsePositives() > 0 ? " · " + s.falsePositives() + " marked as false positive (not open; see Method"
                + " and limits)" : "") + ".");
        h.raw("</td></tr></table>");

        h.el("h2", null, "Score by checklist");
        h.raw("<table><thead><tr><th style=\"width:22%\">Checklist</th><th style=\"width:8%\" class=\"num\">Score</th>"
                + "<th style=\"width:40%\">Results</th><th class=\"num\">✓</th><th class=\"num\">✕</th><th class=\"num\">▲</th>"
                + "<th class=\"num\">⚡</th><th class=\"num\">○</th><th class=\"num\">—</th></tr></thead><tbody>");
        for (AuditPack.DomainScore d : s.domains()) {
            h.raw("<tr>").td(d.title()).td("num", d.percent() < 0 ? "—" : d.percent() + " %").raw("<td>");
            bar(h, new int[] {d.passed(), d.failed(), d.warned(), d.errors(), d.open(), d.notApplicable()});
            h.raw("</td>").td("num", d.passed()).td("num", d.failed()).td("num", d.warned()).td("num", d.errors())
                    .td("num", d.open()).td("num", d.notApplicable()).raw("</tr>");
        }
        h.raw("</tbody></table>");
        h.raw("<div class=\"legend small\">");
        legend(h, "c-pass", "✓ pass");
        legend(h, "c-fail", "✕ fail");
        legend(h, "c-warn", "▲ warn");
        legend(h, "c-error", "⚡ could not check");
        legend(h, "c-open", "○ open / not run");
        legend(h, "c-na", "— not applicable");
        h.raw("</div>");

        h.el("h2", null, "Open results by severity");
        int max = 1;
        for (int v : s.openBySeverity().values()) {
            max = Math.max(max, v);
        }
        h.raw("<table><thead><tr><th style=\"width:18%\">Severity</th><th style=\"width:10%\" class=\"num\">Open</th>"
                + "<th>FAIL, WARN and ERROR results not covered by a waiver or a false positive</th></tr></thead><tbody>");
        for (Map.Entry<String, Integer> e : s.openBySeverity().entrySet()) {
            h.raw("<tr>").td("sev sev-" + e.getKey(), e.getKey()).td("num", e.getValue()).raw("<td>");
            int pct = (int) Math.round(100.0 * e.getValue() / max);
            if (pct > 0) {
                h.raw("<table class=\"bar\"><tr><td class=\"c-fail\" style=\"width:" + pct + "%\"></td>"
                        + (pct < 100 ? "<td style=\"width:" + (100 - pct) + "%\"></td>" : "") + "</tr></table>");
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");

        h.el("h2", null, "Results by status");
        h.raw("<table><thead><tr>");
        for (String k : s.findingsByStatus().keySet()) {
            h.el("th", "num", statusLabel(k));
        }
        h.raw("</tr></thead><tbody><tr>");
        for (Integer v : s.findingsByStatus().values()) {
            h.td("num", v);
        }
        h.raw("</tr></tbody></table>");
        h.el("p", "muted small", "Automated results of the run in scope, one per check and target; waived FAIL/WARN are"
                + " counted as WAIVED here, those marked as false positive as FALSE POSITIVE.");

        h.el("h2", null, "Top risks");
        if (s.topRisks().isEmpty()) {
            h.el("p", null, "No open FAIL or WARN results.");
        } else {
            h.raw("<table><thead><tr><th style=\"width:12%\">Check</th><th>Title</th><th style=\"width:11%\">Severity</th>"
                    + "<th style=\"width:10%\">Status</th><th style=\"width:10%\" class=\"num\">Targets</th></tr></thead><tbody>");
            for (AuditPack.TopRisk r : s.topRisks()) {
                h.raw("<tr>").td("mono", r.checkId()).td(r.title()).td("sev sev-" + r.severity(), r.severity())
                        .td("st st-" + r.status(), statusLabel(r.status())).td("num", r.targets()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
    }

    private static void bar(Html h, int[] v) {
        String[] cls = {"c-pass", "c-fail", "c-warn", "c-error", "c-open", "c-na"};
        int total = 0;
        for (int x : v) {
            total += x;
        }
        if (total == 0) {
            h.text("—");
            return;
        }
        h.raw("<table class=\"bar\"><tr>");
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                double w = 100.0 * v[i] / total;
                h.raw("<td class=\"" + cls[i] + "\" style=\"width:" + String.format(Locale.ROOT, "%.2f", w) + "%\"></td>");
            }
        }
        h.raw("</tr></table>");
    }

    private static void legend(Html h, String cls, String label) {
        h.raw("<span><span class=\"sw " + cls + "\"></span>").text(label).raw("</span> ");
    }

    private void method(Html h, AuditPack p) {
        AuditPack.Method m = p.method();
        h.el("p", null, "virtharden connected to each host over SSH with read-only commands (no configuration was changed),"
                + " collected each probe's output once, redacted secrets, stored the output with its SHA-256, and evaluated"
                + " the catalog's checks against it. Manual items were answered by the assessor on site, with photos or"
                + " documents where the catalog asks for them. A check that could not run is reported as ERROR (could not"
                + " check), never as PASS or FAIL.");
        h.el("h2", null, "What was checked");
        h.raw("<table><thead><tr><th>Checklist</th><th class=\"num\">Automated</th><th class=\"num\">Manual</th>"
                + "<th class=\"num\">Hybrid</th></tr></thead><tbody>");
        for (AuditPack.DomainChecks d : m.domains()) {
            h.raw("<tr>").td(d.title()).td("num", d.automated()).td("num", d.manual()).td("num", d.hybrid()).raw("</tr>");
        }
        h.raw("</tbody></table>");
        h.el("h2", null, "Hosts in this run");
        if (m.hostRuns().isEmpty()) {
            h.el("p", null, "No scan run: automated checks have no results.");
        } else {
            h.raw("<table><thead><tr><th style=\"width:25%\">Host</th><th style=\"width:12%\">State</th>"
                    + "<th style=\"width:26%\">Scanned</th><th>Reason</th></tr></thead><tbody>");
            for (AuditPack.HostRunRow r : m.hostRuns()) {
                h.raw("<tr>").td(r.host()).td(r.state()).td("small", time(r.started()) + " → " + time(r.finished()))
                        .td(r.reason()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.el("h2", null, "Limits: checks that could not run");
        if (m.notRun().isEmpty()) {
            h.el("p", null, "Every check in scope gave a result.");
        } else {
            h.el("p", null, m.notRun().size() + " check result(s) are missing or could not be determined. They count as"
                    + " open or error in the score, never as passed.");
            h.raw("<table><thead><tr><th style=\"width:11%\">Check</th><th style=\"width:30%\">Title</th>"
                    + "<th style=\"width:24%\">Target</th><th>Reason</th></tr></thead><tbody>");
            for (AuditPack.NotRun r : m.notRun()) {
                h.raw("<tr>").td("mono", r.checkId()).td(r.title()).td(target(r.host(), r.guest())).td(cut(r.reason()))
                        .raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.el("h2", null, "Pre-flight items and written limitations");
        if (p.preflight().isEmpty()) {
            h.el("p", null, "None: every item is answered, every check ran, no waiver has expired.");
        } else {
            h.raw("<table><thead><tr><th style=\"width:24%\">Item</th><th style=\"width:12%\">Kind</th>"
                    + "<th style=\"width:32%\">What is open</th><th>Limitation</th></tr></thead><tbody>");
            for (AuditPack.OpenItem i : p.preflight()) {
                h.raw("<tr>").td("mono", i.key()).td(i.kind()).td(i.text())
                        .td(i.limitation() == null ? "— (none written)" : i.limitation()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.el("h2", null, "Open, waived and false positive");
        h.el("p", null, "A FAIL, WARN or ERROR is open unless a waiver is in force (WAIVED) or the assessor marked it as a"
                + " false positive (FALSE POSITIVE: the check misread this target; a false positive wins over a waiver)."
                + " This is the findings board's rule, and the open counts in this pack follow it. The score does not:"
                + " there a waived or false-positive result still counts as failed or warned, as on the overview.");
        String general = m.limitations().get("*");
        if (general != null) {
            h.el("h3", null, "General limitation");
            h.el("p", null, general);
        }
    }

    private void findings(Html h, AuditPack p) {
        if (p.findings().isEmpty()) {
            h.el("p", null, "No FAIL, WARN, ERROR or waived results.");
            return;
        }
        h.el("p", null, "Non-passing results by checklist, then severity. Each check is listed once with every affected"
                + " host or guest, what was observed against what is expected, and how to fix it. Passed checks are"
                + " counted in the summary and the host appendix.");
        String domain = null;
        for (AuditPack.FindingGroup g : p.findings()) {
            if (!g.domain().equals(domain)) {
                domain = g.domain();
                h.el("h2", null, g.domainTitle());
            }
            h.raw("<div class=\"group\"><div class=\"group-head\"><span class=\"mono\">").text(g.checkId()).raw("</span>  <b>")
                    .text(g.title()).raw("</b>  <span class=\"sev sev-" + g.severity() + "\">").text(g.severity())
                    .raw("</span> <span class=\"muted small\">").text(g.mode() + " · " + g.rows().size() + " target(s)")
                    .raw("</span></div>");
            h.raw("<table><thead><tr><th style=\"width:20%\">Target</th><th style=\"width:10%\">Status</th>"
                    + "<th style=\"width:35%\">Observed</th><th>Expected</th></tr></thead><tbody>");
            for (AuditPack.FindingRow r : g.rows()) {
                h.raw("<tr>").td(target(r.host(), r.guest())).td("st st-" + r.status(), statusLabel(r.status()));
                h.raw("<td><div class=\"pre\">").text(cut(r.observed())).raw("</div>");
                if (r.reason() != null && !r.reason().isBlank()) {
                    h.raw("<div class=\"small muted\">").text(cut(r.reason())).raw("</div>");
                }
                if (r.waiver() != null) {
                    h.raw("<div class=\"small\">Waived ").text(r.waiver()).raw("</div>");
                }
                if (r.falsePositive() != null) {
                    h.raw("<div class=\"small\">False positive ").text(r.falsePositive()).raw("</div>");
                }
                h.raw("</td><td><div class=\"pre\">").text(cut(r.expected())).raw("</div>");
                if (r.evidenceId() != 0) {
                    h.raw("<div class=\"small muted\">evidence #").text(r.evidenceId()).raw("</div>");
                }
                h.raw("</td></tr>");
            }
            h.raw("</tbody></table>");
            if (g.rationale() != null) {
                h.raw("<p class=\"small\"><b>Why it matters. </b>").text(g.rationale().strip()).raw("</p>");
            }
            if (g.remediation() != null) {
                h.raw("<p class=\"small\"><b>Remediation. </b></p><div class=\"pre\">").text(g.remediation().strip())
                        .raw("</div>");
            }
            h.raw("</div>");
        }
    }

    private void hosts(Html h, AuditPack p) {
        List<String> cols = List.of("PASS", "FAIL", "WARN", "ERROR", "WAIVED", "NOT_APPLICABLE", "MANUAL_PENDING");
        for (AuditPack.HostSection s : p.hosts()) {
            h.el("h2", null, s.name());
            h.raw("<table class=\"kv\">");
            kv(h, "Address", s.address());
            kv(h, "Scan", s.runState() + (s.runReason() == null ? "" : " — " + s.runReason()));
            h.raw("</table>");
            h.raw("<table><thead><tr><th style=\"width:34%\">Target</th>");
            for (String c : cols) {
                h.el("th", "num", statusLabel(c));
            }
            h.raw("</tr></thead><tbody><tr>").td("Host " + s.name());
            for (String c : cols) {
                h.td("num", s.statuses().getOrDefault(c, 0));
            }
            h.raw("</tr>");
            for (AuditPack.GuestRow g : s.guests()) {
                h.raw("<tr>").td("Guest " + g.name());
                for (String c : cols) {
                    h.td("num", g.statuses().getOrDefault(c, 0));
                }
                h.raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
    }

    private void attestations(Html h, AuditPack p) {
        if (p.attestations().isEmpty()) {
            h.el("p", null, "No manual items were answered.");
            return;
        }
        for (AuditPack.Attestation a : p.attestations()) {
            h.raw("<div class=\"group\"><div class=\"group-head\"><span class=\"mono\">").text(a.checkId()).raw("</span>  <b>")
                    .text(a.title()).raw("</b>  <span class=\"st st-" + a.status() + "\">").text(statusLabel(a.status()))
                    .raw("</span></div><table class=\"kv\">");
            kv(h, "Target", target(a.host(), a.guest()));
            kv(h, "Answered", a.answeredBy() + ", " + time(a.answered()));
            kv(h, "Note", a.note() == null || a.note().isBlank() ? "—" : a.note());
            h.raw("</table>");
            for (AuditPack.AttachmentItem at : a.attachments()) {
                byte[] img = images.get(at.id());
                if (img != null && at.intact()) {
                    h.raw("<img class=\"photo\" alt=\"\" src=\"data:").text(at.mediaType()).raw(";base64,")
                            .raw(Base64.getEncoder().encodeToString(img)).raw("\"/>");
                }
                h.raw("<div class=\"small\">").text(at.fileName() + " · " + at.size() + " bytes · ").raw("<span class=\"hash\">")
                        .text("SHA-256 " + (at.intact() ? at.sha256() : "CHANGED: stored bytes no longer match "
                                + at.recordedSha256())).raw("</span></div>");
            }
            h.raw("</div>");
        }
    }

    private void waivers(Html h, AuditPack p) {
        h.el("h2", null, "Waivers");
        if (p.waivers().isEmpty()) {
            h.el("p", null, "No waivers.");
        } else {
            h.el("p", "small", "Accepted risks, with who accepted them (approver), for which targets and until when. State at the"
                    + " pack's date: active, expiring (ends within 30 days), expired or revoked; expired and revoked waivers no"
                    + " longer apply. Renewals: how often the waiver was renewed (its earlier values stay in the project).");
            h.raw("<table><thead><tr><th style=\"width:8%\">Check</th><th style=\"width:14%\">Scope</th>"
                    + "<th>Justification</th><th style=\"width:16%\">Approver</th><th style=\"width:12%\">Expires</th>"
                    + "<th style=\"width:12%\">State</th><th style=\"width:9%\" class=\"num\">Renewals</th></tr></thead><tbody>");
            for (AuditPack.WaiverRow w : p.waivers()) {
                String who = w.approver() == null || w.approver().equals(w.author()) ? nz(w.approver())
                        : w.approver() + " (recorded by " + w.author() + ")";
                h.raw("<tr>").td("mono", w.checkId()).td(w.scope()).td(w.justification()).td(who)
                        .td("nowrap", day(w.expires())).td(waiverStateClass(w.state()), waiverStateLabel(w.state()))
                        .td("num", w.renewals()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.el("h2", null, "False positives");
        if (p.falsePositives().isEmpty()) {
            h.el("p", null, "No result was marked as a false positive.");
            return;
        }
        long standing = p.falsePositives().stream().filter(AuditPack.FalsePositiveRow::standing).count();
        h.el("p", "small", standing + " standing, " + (p.falsePositives().size() - standing) + " revoked. A standing false"
                + " positive takes its FAIL or WARN out of the open counts; a revoked one no longer applies.");
        h.raw("<table><thead><tr><th style=\"width:8%\">Check</th><th style=\"width:12%\">Host</th>"
                + "<th style=\"width:12%\">Guest</th><th>Reason</th><th style=\"width:13%\">Who</th>"
                + "<th style=\"width:12%\">When</th><th style=\"width:15%\">State</th></tr></thead><tbody>");
        for (AuditPack.FalsePositiveRow f : p.falsePositives()) {
            h.raw("<tr>").td("mono", f.checkId()).td(f.host()).td(f.guest() == null ? "—" : f.guest()).td(f.reason())
                    .td(f.author()).td("nowrap", day(f.created()));
            if (f.standing()) {
                h.td("standing");
            } else {
                h.td("st st-FAIL", "✕ REVOKED " + day(f.revoked()) + (f.revokedBy() == null ? "" : " by " + f.revokedBy()));
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");
    }

    private static String waiverStateLabel(String state) {
        return switch (state) {
            case "active" -> "active";
            case "expiring" -> "▲ expiring";
            case "expired" -> "✕ expired";
            case "revoked" -> "✕ revoked";
            default -> state;
        };
    }

    private static String waiverStateClass(String state) {
        return switch (state) {
            case "expiring" -> "st st-WARN";
            case "expired", "revoked" -> "st st-FAIL";
            default -> null;
        };
    }

    // ---------------------------------------------------------------- across hosts

    private void fleet(Html h, AuditPack p) {
        AuditPack.Fleet f = p.fleet();
        h.el("p", null, "The fleet checks (FL-001 to FL-009) compare the hosts of this run; their verdicts are findings and"
                + " appear under Findings. Below: the drift matrix of each host group (hosts × controls) and the VM sprawl"
                + " summary against the approved inventory.");
        if (f.note() != null) {
            h.el("p", "note", f.note());
        }
        for (org.virtharden.fleet.DriftMatrix m : f.matrices()) {
            h.el("h2", null, "Drift matrix · group " + m.group() + " · " + m.hosts().size() + " host(s)");
            if (m.rows().isEmpty()) {
                h.el("p", null, "No differences: every host of the group has the same result on every control.");
                continue;
            }
            // at most MATRIX_HOSTS host columns per table: a wider group continues in further tables
            for (int from = 0; from < m.hosts().size(); from += MATRIX_HOSTS) {
                int to = Math.min(m.hosts().size(), from + MATRIX_HOSTS);
                if (m.hosts().size() > MATRIX_HOSTS) {
                    h.el("p", "small muted", "Hosts " + (from + 1) + "–" + to + " of " + m.hosts().size());
                }
                matrixTable(h, m, from, to);
            }
        }
        if (!f.matrices().isEmpty()) {
            h.el("p", "small muted", "* migration-critical (FL-001), always listed. [ ] a result that differs from the group's"
                    + " majority. Other controls are the same on every host and are left out.");
        }
        h.el("h2", null, "VM sprawl");
        org.virtharden.fleet.Sprawl s = f.sprawl();
        if (s == null) {
            h.el("p", null, "No scan run.");
            return;
        }
        if (s.inventoryProblem() != null) {
            h.el("p", "warnbox", "The approved inventory (setting guests.inventory) could not be read: " + s.inventoryProblem());
        } else if (!s.inventoryPresent()) {
            h.el("p", null, s.discovered() + " guest(s) found on the hosts; the project has no approved inventory (setting"
                    + " guests.inventory), so nothing is checked against it.");
        }
        long unapproved = s.count(org.virtharden.fleet.Sprawl.Kind.UNAPPROVED);
        long missing = s.count(org.virtharden.fleet.Sprawl.Kind.MISSING);
        long dup = s.count(org.virtharden.fleet.Sprawl.Kind.DUPLICATE);
        long zones = s.count(org.virtharden.fleet.Sprawl.Kind.ZONE_MIX);
        h.raw("<table><thead><tr><th class=\"num\">Approved entries</th><th class=\"num\">Guests found</th>"
                + "<th class=\"num\">Unapproved</th><th class=\"num\">Missing</th><th class=\"num\">On several hosts</th>"
                + "<th class=\"num\">Zones mixed</th></tr></thead><tbody><tr>").td("num", s.entries()).td("num", s.discovered())
                .td("num", unapproved).td("num", missing).td("num", dup).td("num", zones).raw("</tr></tbody></table>");
        if (s.rows().isEmpty()) {
            return;
        }
        h.raw("<table><thead><tr><th style=\"width:14%\">Kind</th><th style=\"width:20%\">Guest</th>"
                + "<th style=\"width:17%\">Host(s)</th><th style=\"width:11%\">Zone</th><th>Detail</th></tr></thead><tbody>");
        for (org.virtharden.fleet.Sprawl.Row r : s.rows()) {
            h.raw("<tr>").td(sprawlKind(r.kind())).td(r.guest()).td(r.hosts().isEmpty() ? "—" : String.join(", ", r.hosts()))
                    .td(r.zone() == null ? "—" : r.zone()).td("small", r.detail()).raw("</tr>");
        }
        h.raw("</tbody></table>");
    }

    private static void matrixTable(Html h, org.virtharden.fleet.DriftMatrix m, int from, int to) {
        // control column 24 %, majority 12 %, the hosts share the rest
        double w = 64.0 / (to - from);
        h.raw("<table class=\"matrix\"><thead><tr><th style=\"width:24%\">Control</th>");
        for (String host : m.hosts().subList(from, to)) {
            h.raw("<th style=\"width:" + String.format(Locale.ROOT, "%.2f", w) + "%\">").text(host).raw("</th>");
        }
        h.raw("<th style=\"width:12%\">Majority</th></tr></thead><tbody>");
        for (org.virtharden.fleet.DriftMatrix.Row r : m.rows()) {
            h.raw("<tr><td><span class=\"mono\">").text((r.migrationCritical() ? "* " : "") + r.checkId())
                    .raw("</span> ").text(r.title()).raw("</td>");
            for (org.virtharden.fleet.DriftMatrix.Cell c : r.cells().subList(from, to)) {
                String st = c.status() == null ? "no data" : statusLabel(c.status().name());
                String text = st + (c.value() == null || c.value().isBlank() || c.status() == null ? "" : " · " + c.value());
                h.td(c.differs() ? "cell differs" : "cell", c.differs() ? "[ " + text + " ]" : text);
            }
            h.td("small", majorityLabel(r.majority())).raw("</tr>");
        }
        h.raw("</tbody></table>");
    }

    private static String sprawlKind(org.virtharden.fleet.Sprawl.Kind k) {
        return switch (k) {
            case UNAPPROVED -> "✕ unapproved";
            case MISSING -> "○ missing";
            case DUPLICATE -> "▲ on several hosts";
            case ZONE_MIX -> "✕ zones mixed";
            case APPROVED -> "✓ approved";
        };
    }

    // ---------------------------------------------------------------- retest

    private void retest(Html h, AuditPack p) {
        AuditPack.Retest r = p.retest();
        h.el("p", null, "Run #" + r.fromRun() + " (" + time(r.fromStarted()) + ") against this pack's run #" + r.toRun()
                + ", result by result (host, guest, check), for the hosts and checks in scope.");
        h.raw("<table><thead><tr>");
        for (String k : r.counts().keySet()) {
            h.el("th", "num", k);
        }
        h.raw("</tr></thead><tbody><tr>");
        for (Integer v : r.counts().values()) {
            h.td("num", v);
        }
        h.raw("</tr></tbody></table>");
        h.el("p", "muted small", "Regressed: passed before, FAIL or WARN now. New failure: FAIL or WARN now, no result before."
                + " Still failing: FAIL or WARN in both. Not re-tested: failed before, no verdict now. Fixed: failed before,"
                + " PASS or N/A now. Changed evidence: same status, other output. Changed evidence and unchanged are counted,"
                + " not listed.");
        String cat = null;
        for (AuditPack.RetestRow row : r.rows()) {
            if (!row.category().equals(cat)) {
                if (cat != null) {
                    h.raw("</tbody></table>");
                }
                cat = row.category();
                h.el("h2", null, cat.substring(0, 1).toUpperCase(Locale.ROOT) + cat.substring(1) + " (" + r.counts().get(cat) + ")");
                h.raw("<table><thead><tr><th style=\"width:15%\">Target</th><th style=\"width:8%\">Check</th>"
                        + "<th style=\"width:22%\">Title</th><th style=\"width:11%\">Before</th><th style=\"width:11%\">Now</th>"
                        + "<th>Reason now</th></tr></thead><tbody>");
            }
            h.raw("<tr>").td(target(row.host(), row.guest())).td("mono", row.checkId()).td(row.title())
                    .td(row.before() == null ? null : "st st-" + row.before(), row.before() == null ? "—" : statusLabel(row.before()))
                    .td(row.after() == null ? null : "st st-" + row.after(), row.after() == null ? "—" : statusLabel(row.after()))
                    .td("small", cut(row.reasonAfter(), 240)).raw("</tr>");
        }
        if (cat != null) {
            h.raw("</tbody></table>");
        } else {
            h.el("p", null, "Nothing regressed, failed anew, still fails, went un-tested or was fixed.");
        }
    }

    private void crossReference(Html h, AuditPack p) {
        AuditPack.CrossReference x = p.crossReference();
        if (x.framework() == null) {
            h.el("p", null, "No framework mapping available.");
            return;
        }
        h.el("p", null, x.title() + ": each requirement the catalog maps to, the checks that cover it and their status"
                + " over all targets in scope (worst first). Mappings marked ? are unverified."
                + (p.options().framework() == null ? " Other frameworks: virtharden report --framework F." : ""));
        h.raw("<table><thead><tr><th style=\"width:14%\">Requirement</th><th style=\"width:9%\">Check</th><th>Title</th>"
                + "<th style=\"width:15%\">Status</th><th style=\"width:22%\">Results</th></tr></thead><tbody>");
        for (AuditPack.XrefRow r : x.rows()) {
            StringBuilder counts = new StringBuilder();
            r.statuses().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(v).append(' ')
                    .append(statusLabel(k)));
            h.raw("<tr>").td(r.requirement() + (r.unverified() ? " ?" : "")).td("mono", r.checkId()).td(r.title())
                    .td("st st-" + r.status().replace(' ', '-'), statusLabel(r.status())).td("small", counts.toString())
                    .raw("</tr>");
        }
        h.raw("</tbody></table>");
    }

    private void evidence(Html h, AuditPack p) {
        h.el("p", null, "Every evidence item a finding in this pack rests on. The SHA-256 is recomputed from the output"
                + " stored in the project file; \"changed\" means it no longer matches the hash recorded at collection.");
        if (p.evidence().isEmpty()) {
            h.el("p", null, "No evidence items.");
            return;
        }
        h.raw("<table><thead><tr><th style=\"width:5%\" class=\"num\">#</th><th style=\"width:18%\">Target</th>"
                + "<th style=\"width:13%\">Probe</th><th style=\"width:15%\">Collected (UTC)</th><th style=\"width:49%\">SHA-256"
                + " (recomputed)</th></tr></thead><tbody>");
        for (AuditPack.EvidenceItem e : p.evidence()) {
            h.raw("<tr>").td("num", e.id()).td(target(e.host(), e.guest())).td("mono", e.probe())
                    .td("mono nowrap", e.collected() == null ? "—" : MINUTE.format(e.collected()));
            if (e.intact()) {
                h.td("hash", e.sha256());
            } else {
                h.td("hash st-FAIL", "changed: now " + nz(e.sha256()) + ", recorded " + nz(e.recordedSha256()));
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");
    }

    private void signOff(Html h, AuditPack p) {
        h.el("h2", null, "Integrity");
        h.el("p", null, "virtharden verify PROJECT.vhproj THIS.pdf rebuilds this pack from the project file with the options"
                + " below, recomputes both hashes and names any evidence item or attachment that changed.");
        h.raw("<table class=\"kv\">");
        h.raw("<tr><td class=\"k\">Evidence set SHA-256</td><td class=\"hash\">").text(p.evidenceSetSha256()).raw("</td></tr>");
        h.raw("<tr><td class=\"k\">Content SHA-256</td><td class=\"hash\">").text(p.contentSha256()).raw("</td></tr>");
        kv(h, "Evidence items / attachments", p.evidence().size() + " / "
                + p.attestations().stream().mapToInt(a -> a.attachments().size()).sum());
        PackOptions o = p.options();
        kv(h, "Built with", "run " + (o.runId() == null ? "none" : "#" + o.runId()) + " · hosts "
                + (o.hosts().isEmpty() ? "all" : String.join(", ", o.hosts())) + " · framework "
                + (o.framework() == null ? "all" : o.framework()) + (o.retestFrom() == null ? "" : " · retest from run #"
                + o.retestFrom()) + " · paper " + o.paper() + (o.finalPack() ? " · final" : " · draft"));
        kv(h, "Generated", time(p.generated()));
        h.raw("</table>");
        h.el("h2", null, "Sign-off");
        h.el("p", null, "The undersigned confirm that this pack reflects the assessment performed on the dates above, within"
                + " the scope and limits stated in it.");
        h.raw("<table class=\"sign\"><thead><tr><th style=\"width:30%\">Role</th><th style=\"width:35%\">Name</th>"
                + "<th style=\"width:20%\">Signature</th><th>Date</th></tr></thead><tbody>");
        h.raw("<tr>").td("Assessor").td(p.cover().assessor()).td("").td("").raw("</tr>");
        h.raw("<tr>").td("Client representative").td("").td("").td("").raw("</tr>");
        h.raw("</tbody></table>");
    }

    // ---------------------------------------------------------------- helpers

    private static void kv(Html h, String k, Object v) {
        h.raw("<tr><td class=\"k\">").text(k).raw("</td><td>").text(v == null ? "—" : v).raw("</td></tr>");
    }

    static String target(String host, String guest) {
        return guest == null ? host : host + " / " + guest;
    }

    static String statusLabel(String s) {
        return switch (s) {
            case "PASS" -> "✓ PASS";
            case "FAIL" -> "✕ FAIL";
            case "WARN" -> "▲ WARN";
            case "ERROR" -> "⚡ ERROR";
            case "WAIVED" -> "◇ WAIVED";
            case "NOT_APPLICABLE" -> "— N/A";
            case "MANUAL_PENDING" -> "○ TO ANSWER";
            case "FALSE_POSITIVE" -> "≠ FALSE POSITIVE";
            case "NOT RUN" -> "○ NOT RUN";
            default -> s;
        };
    }

    private static String cut(String s) {
        return cut(s, MAX_CELL);
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max) + " … (" + (s.length() - max)
                + " more characters in the JSON export)";
    }

    /** "PASS 3/4" → "✓ PASS 3/4", "NOT_APPLICABLE 2/2" → "— N/A 2/2"; "split 2/2" as it is. */
    static String majorityLabel(String majority) {
        if (majority == null) {
            return "—";
        }
        int sp = majority.indexOf(' ');
        if (sp < 0 || majority.startsWith("split")) {
            return majority;
        }
        return statusLabel(majority.substring(0, sp)) + majority.substring(sp);
    }

    private static String nz(String s) {
        return s == null ? "—" : s;
    }

    static String day(Instant t) {
        return t == null ? "—" : DAY.format(t);
    }

    static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    private static String abbreviate(String sha) {
        return sha.length() > 16 ? sha.substring(0, 16) + "…" : sha;
    }

    private static String imageType(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0x89 && b[1] == 'P' ? "image/png" : "image/jpeg";
    }
}
