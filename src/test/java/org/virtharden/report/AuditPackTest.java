package org.virtharden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;

/** The pack model, escaping and formats on a real (synthetic) project file, without test hosts. */
class AuditPackTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    @Test
    void escapesMarkupAndControlCharacters() {
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;\\u0007x", Html.escape("a<b>&\"'\u0007x"));
        assertEquals("\"a\\22  \\3c b\\3e \"", Html.cssString("a\" <b>"));
        assertEquals("\"=cmd\"", PackCsv.cell("=cmd").replace("'", ""));
        assertEquals("\"'=cmd\"", PackCsv.cell("=cmd"));
        assertEquals("\"a,\"\"b\"\"\"", PackCsv.cell("a,\"b\""));
        assertEquals("", PackCsv.cell(null));
        assertTrue(AuditPackBuilder.requirementSortKey("2.2.10").compareTo(AuditPackBuilder.requirementSortKey("2.2.9")) > 0);
    }

    @Test
    void limitationsFileIsKeyColonText() throws Exception {
        Map<String, String> m = Limitations.parse("# c\n\nPH-004@kvm01: closed room\n*: time-boxed\n", "f");
        assertEquals(Map.of("PH-004@kvm01", "closed room", "*", "time-boxed"), m);
        ReportException e = assertThrows(ReportException.class, () -> Limitations.parse("no colon here", "lim.txt"));
        assertTrue(e.getMessage().contains("lim.txt line 1"), e.getMessage());
    }

    @Test
    void buildsCountsAndHashesFromTheProject(@TempDir Path dir) throws Exception {
        Path file = SyntheticProject.create(dir.resolve("s.vhproj"), CATALOG, 3, 40);
        ReportService service = new ReportService(CATALOG);
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        try (Project p = Project.open(file)) {
            AuditPackBuilder.Built b = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER);
            AuditPack pack = b.pack();
            List<Finding> all = p.findings().list(new FindingQuery(null, null, null, null, null));
            assertEquals(120, all.size());
            for (Status s : List.of(Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.NOT_APPLICABLE)) {
                assertEquals(all.stream().filter(f -> f.status() == s).count(), (long) pack.summary().findingsByStatus().get(s.name()),
                        s.name());
            }
            long nonPassing = all.stream().filter(f -> f.status() == Status.FAIL || f.status() == Status.WARN
                    || f.status() == Status.ERROR).count();
            assertEquals(nonPassing, pack.findings().stream().mapToLong(g -> g.rows().size()).sum());
            assertEquals(all.stream().map(Finding::evidenceId).distinct().count(), pack.evidence().size());
            assertTrue(pack.evidence().stream().allMatch(AuditPack.EvidenceItem::intact));
            assertEquals(Integrity.evidenceSetSha256(pack.integrityLines()), pack.evidenceSetSha256());
            assertEquals(64, pack.contentSha256().length());
            assertTrue(pack.draft(), "unanswered manual items keep it a draft");
            assertFalse(pack.method().notRun().isEmpty(), "ERROR results are listed as could not run");
            assertTrue(pack.preflight().stream().anyMatch(i -> i.kind().equals("not-run")));

            // the content hash ignores the generation time only
            AuditPack again = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER).pack();
            assertEquals(pack.contentSha256(), again.contentSha256());
            assertThrows(ReportException.class, () -> service.build(p, PackOptions.defaults(), at, () -> true),
                    "cancel stops the build");
            ReportException noHost = assertThrows(ReportException.class, () -> service.build(p,
                    new PackOptions(null, List.of("nope"), null, "a4", false, Map.of()), at, AuditPackBuilder.Cancel.NEVER));
            assertTrue(noHost.getMessage().contains("There is no host 'nope'"), noHost.getMessage());
            AuditPackBuilder.FinalRefused refused = assertThrows(AuditPackBuilder.FinalRefused.class, () -> service.build(p,
                    new PackOptions(null, List.of(), null, "a4", true, Map.of()), at, AuditPackBuilder.Cancel.NEVER));
            assertEquals(pack.preflight().size(), refused.items().size());

            byte[] pdf = service.pdf(b, null);
            try (PDDocument d = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
                assertTrue(text.contains("Synthetic <Client> & Co"), "client as plain text");
                assertTrue(text.contains("Page 1 of " + d.getNumberOfPages()));
                assertEquals(pack.contentSha256(), d.getDocumentInformation().getCustomMetadataValue(PackPdf.KEY_CONTENT));
                StringBuilder raw = new StringBuilder();
                PDFTextStripper glyphs = new PDFTextStripper() {
                    @Override
                    protected void writeString(String s, List<org.apache.pdfbox.text.TextPosition> positions) {
                        positions.forEach(tp -> raw.append(tp.getUnicode()));
                    }
                };
                glyphs.getText(d);
                assertTrue(raw.toString().contains("Classification"), "text as stored in the PDF");
                assertTrue(raw.chars().noneMatch(c -> c >= 0xFB00 && c <= 0xFB06), "no ligature glyphs (ﬁ, ﬂ, ﬀ) in copied text");
            }
            String html = service.html(b, null);
            assertTrue(html.contains("Synthetic &lt;Client&gt; &amp; Co"));
            assertFalse(html.contains("<Client>"));
            assertEquals(1, service.pages(pdf, 0, 1, 30f).size());
        }
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
        }
    }

    /** The text of one section of the pack: from its numbered heading (after the contents page) to the next one. */
    private static String section(String text, String title, String next) {
        int start = text.indexOf(title, text.indexOf("Integrity and sign-off") + 1);
        assertTrue(start >= 0, title + " missing");
        int end = next == null ? text.length() : text.indexOf(next, start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void fleetRetestWaiversAndFalsePositivesAreInThePack(@TempDir Path dir) throws Exception {
        Path file = FleetPackProject.create(dir.resolve("fleet.vhproj"));
        ReportService service = new ReportService(FleetPackProject.CATALOG);
        Instant at = Instant.now();
        try (Project p = Project.open(file)) {
            AuditPackBuilder.Built b = service.build(p, PackOptions.defaults().withRetestFrom(1L), at,
                    AuditPackBuilder.Cancel.NEVER);
            AuditPack pack = b.pack();
            assertEquals(2L, pack.options().runId());
            assertEquals(1L, pack.options().retestFrom());

            // across hosts: one group of three hosts; rows that differ plus the migration-critical HV-001; HV-007 left out
            AuditPack.Fleet fleet = pack.fleet();
            assertEquals(3, fleet.hosts());
            assertNull(fleet.note());
            assertEquals(1, fleet.matrices().size());
            org.virtharden.fleet.DriftMatrix m = fleet.matrices().get(0);
            assertEquals("prod-a", m.group());
            assertEquals(List.of(FleetPackProject.HOSTILE_HOST, "kvm01", "kvm02"), m.hosts(), "sorted by name");
            assertEquals(List.of("HV-001", "HV-010", "VN-017"), m.rows().stream().map(r -> r.checkId()).sorted().toList());
            org.virtharden.fleet.DriftMatrix.Row vn017 = m.rows().stream().filter(r -> r.checkId().equals("VN-017")).findFirst()
                    .orElseThrow();
            assertEquals("PASS 2/3", vn017.majority());
            assertEquals(List.of(true, false, false), vn017.cells().stream().map(c -> c.differs()).toList());
            assertFalse(m.rows().stream().filter(r -> r.checkId().equals("HV-001")).findFirst().orElseThrow().differs());
            org.virtharden.fleet.Sprawl sprawl = fleet.sprawl();
            assertEquals(1, sprawl.count(org.virtharden.fleet.Sprawl.Kind.UNAPPROVED));
            assertEquals(1, sprawl.count(org.virtharden.fleet.Sprawl.Kind.MISSING));

            // retest run 1 -> run 2: 2 regressed, 1 fixed, the other 9 results pass in both with other output
            AuditPack.Retest rt = pack.retest();
            assertEquals(1, rt.fromRun());
            assertEquals(2, rt.toRun());
            assertEquals(Map.of("regressed", 2, "new failure", 0, "still failing", 0, "not retested", 0, "fixed", 1,
                    "changed evidence", 9, "unchanged", 0), rt.counts());
            assertEquals(3, rt.rows().size());
            assertTrue(rt.rows().stream().anyMatch(r -> r.category().equals("fixed") && r.host().equals("kvm02")
                    && r.checkId().equals("VN-017")));

            // waivers: approver, scope, state, renewals; false positives, revoked ones listed and marked
            AuditPack.WaiverRow hv010 = pack.waivers().stream().filter(w -> w.checkId().equals("HV-010")).findFirst().orElseThrow();
            assertEquals("CIO", hv010.approver());
            assertEquals("expiring", hv010.state());
            assertEquals(1, hv010.renewals());
            assertEquals("kvm01", hv010.scope());
            assertEquals(List.of("all hosts"), pack.waivers().stream().filter(w -> w.checkId().equals("HV-007"))
                    .map(AuditPack.WaiverRow::scope).toList());
            assertEquals(List.of("revoked"), pack.waivers().stream().filter(w -> w.checkId().equals("VN-017"))
                    .map(AuditPack.WaiverRow::state).toList());
            assertEquals(2, pack.falsePositives().size());
            assertEquals(1, pack.falsePositives().stream().filter(AuditPack.FalsePositiveRow::standing).count());

            // the board's rule: the waived HV-010 and the false-positive VN-017 are not open
            assertEquals(1, pack.summary().waived());
            assertEquals(1, pack.summary().falsePositives());
            assertEquals(0, pack.summary().openBySeverity().values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(1, pack.summary().findingsByStatus().get(AuditPackBuilder.FALSE_POSITIVE));
            assertTrue(pack.summary().topRisks().isEmpty());
            AuditPack.FindingRow fpRow = pack.findings().stream().flatMap(g -> g.rows().stream())
                    .filter(r -> r.host().equals(FleetPackProject.HOSTILE_HOST)).findFirst().orElseThrow();
            assertEquals(AuditPackBuilder.FALSE_POSITIVE, fpRow.status());
            assertTrue(fpRow.falsePositive().startsWith("by J. Doe "), fpRow.falsePositive());
            int open = 0;
            for (Finding f : p.findings().list(new FindingQuery(2L, null, null, null, null))) {
                if (org.virtharden.service.FindingStates.judge(f, p.waivers().all(), p.falsePositives().all(), at).state()
                        == org.virtharden.service.FindingStates.State.OPEN) {
                    open++;
                }
            }
            assertEquals(open, pack.summary().openBySeverity().values().stream().mapToInt(Integer::intValue).sum());

            // CSV and JSON carry the false-positive state
            String csv = service.csv(pack);
            assertTrue(csv.startsWith(String.join(",", ReportService.csvColumns()) + "\r\n"));
            assertTrue(ReportService.csvColumns().contains("false_positive"));
            String fpLine = csv.lines().filter(l -> l.contains(",FALSE_POSITIVE,")).findFirst().orElseThrow();
            assertTrue(fpLine.contains("sshd Match block <restricts> root"), fpLine);
            String json = service.json(pack);
            assertTrue(json.contains("\"retestFrom\" : 1"), "options in the JSON");
            assertTrue(json.contains("\"regressed\" : 2"));
            assertTrue(json.contains("\"falsePositive\" : \"by J. Doe"));

            // the PDF: sections with the counts, hostile names as plain text in the matrix and the sprawl table
            byte[] pdf = service.pdf(b, null);
            String text = pdfText(pdf);
            String across = section(text, "Across hosts", "Manual attestations");
            assertTrue(across.contains("Drift matrix · group prod-a · 3 host(s)"), across);
            int sprawlAt = across.indexOf("VM sprawl", across.indexOf("Drift matrix"));
            String matrix = across.substring(across.indexOf("Drift matrix"), sprawlAt);
            assertTrue(matrix.contains(FleetPackProject.HOSTILE_HOST), "hostile host verbatim in the matrix: " + matrix);
            assertTrue(matrix.contains("[ ✕ FAIL · permitrootlogin yes ]"), matrix);
            assertTrue(matrix.contains("✓ PASS 2/3"), matrix);
            String sprawlText = across.substring(sprawlAt);
            assertTrue(sprawlText.contains(FleetPackProject.HOSTILE_GUEST), "hostile guest verbatim: " + sprawlText);
            assertTrue(sprawlText.contains("✕ unapproved " + FleetPackProject.HOSTILE_GUEST + " " + FleetPackProject.HOSTILE_HOST),
                    sprawlText);
            String retest = section(text, "Retest", "Hosts and guests");
            assertTrue(retest.contains("Regressed (2)") && retest.contains("Fixed (1)"), retest);
            assertTrue(retest.contains("2 0 0 0 1 9 0"), "the count row: " + retest);
            String waivers = section(text, "Waivers and false positives", "Framework cross-reference");
            assertTrue(waivers.contains("CIO (recorded by J. Doe)"), waivers);
            assertTrue(waivers.contains("▲ expiring"), waivers);
            assertTrue(waivers.contains("✕ revoked"), waivers);
            assertTrue(waivers.contains("1 standing, 1 revoked"), waivers);
            assertTrue(waivers.contains("sshd Match block <restricts> root"), waivers);
            assertTrue(waivers.contains("✕ REVOKED"), waivers);
            assertTrue(text.contains("1 marked as false positive"), "summary");
            String html = service.html(b, null);
            assertFalse(html.contains(FleetPackProject.HOSTILE_GUEST), "escaped in HTML");
            assertTrue(html.contains(Html.escape(FleetPackProject.HOSTILE_GUEST)));

            // verify rebuilds the same pack (with the retest) from the PDF's options, and names an edited evidence item
            Path packPdf = dir.resolve("pack.pdf");
            Files.write(packPdf, pdf);
            ReportService.Verification ok = service.verify(p, packPdf);
            assertTrue(ok.matches(), ok.changes().toString());
            assertEquals(1L, ok.options().retestFrom());
        }
        long evidenceId;
        try (Project p = Project.open(file)) {
            evidenceId = FleetPackProject.evidenceOf(p, "kvm01", "HV-010");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement("UPDATE evidence SET outputs_json = outputs_json || ' ' WHERE id = ?")) {
            ps.setLong(1, evidenceId);
            assertEquals(1, ps.executeUpdate());
        }
        try (Project p = Project.open(file)) {
            ReportService.Verification bad = service.verify(p, dir.resolve("pack.pdf"));
            assertFalse(bad.matches());
            assertTrue(bad.changes().stream().anyMatch(ch -> ch.startsWith("evidence #" + evidenceId + " ")), bad.changes().toString());
        }
    }

    @Test
    void oneHostOrNoRetestSaysSo(@TempDir Path dir) throws Exception {
        Path file = FleetPackProject.create(dir.resolve("fleet.vhproj"));
        ReportService service = new ReportService(FleetPackProject.CATALOG);
        Instant at = Instant.now();
        try (Project p = Project.open(file)) {
            AuditPackBuilder.Built b = service.build(p, new PackOptions(null, List.of("kvm02"), null, "a4", false, Map.of()), at,
                    AuditPackBuilder.Cancel.NEVER);
            assertNull(b.pack().retest());
            assertEquals("Only one host in scope: there is no other host to compare it with.", b.pack().fleet().note());
            assertTrue(b.pack().fleet().matrices().isEmpty());
            String text = pdfText(service.pdf(b, null));
            assertTrue(section(text, "Across hosts", "Manual attestations").contains("Only one host in scope"));
            assertFalse(text.contains("Regressed ("), "no retest section without --retest-from");
            // the host subset: the sprawl keeps the rows of the hosts in scope and the entries found nowhere
            assertEquals(0, b.pack().fleet().sprawl().count(org.virtharden.fleet.Sprawl.Kind.UNAPPROVED));
            ReportException same = assertThrows(ReportException.class, () -> service.build(p,
                    PackOptions.defaults().withRetestFrom(2L), at, AuditPackBuilder.Cancel.NEVER));
            assertTrue(same.getMessage().contains("the pack's own run"), same.getMessage());
            ReportException none = assertThrows(ReportException.class, () -> service.build(p,
                    PackOptions.defaults().withRetestFrom(9L), at, AuditPackBuilder.Cancel.NEVER));
            assertTrue(none.getMessage().contains("There is no run #9"), none.getMessage());
        }
    }

    @Test
    void wideGroupsContinueInFurtherTables(@TempDir Path dir) throws Exception {
        Path file = SyntheticProject.create(dir.resolve("wide.vhproj"), CATALOG, 8, 30);
        ReportService service = new ReportService(CATALOG);
        try (Project p = Project.open(file)) {
            AuditPackBuilder.Built b = service.build(p, PackOptions.defaults(), Instant.now(), AuditPackBuilder.Cancel.NEVER);
            AuditPack.Fleet fleet = b.pack().fleet();
            assertEquals(8, fleet.hosts());
            assertTrue(fleet.note().startsWith("No host groups are set: the 8 hosts are compared as one group"), fleet.note());
            assertEquals(1, fleet.matrices().size());
            assertFalse(fleet.matrices().get(0).rows().isEmpty(), "the synthetic statuses differ between hosts");
            String across = section(pdfText(service.pdf(b, null)), "Across hosts", "Manual attestations");
            assertTrue(across.contains("No host groups are set"), across);
            assertTrue(across.contains("Hosts 1–6 of 8") && across.contains("Hosts 7–8 of 8"), across);
            assertTrue(across.contains("no approved inventory"), across);
        }
    }
}
