package org.virtharden.report;

import static org.virtharden.cli.CliRun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.virtharden.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.Waiver;
import org.virtharden.project.AnswerRepository;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanService;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.ProjectScanStore;
import org.virtharden.service.Scoring;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.testhosts.TestSettings;
import org.virtharden.transport.HostKeyVerifier;

/**
 * The audit pack end to end: the real good and bad sshd test hosts are scanned into a real project (with a manual
 * answer carrying a photo, and a waiver), then the pack is written through the CLI in every format and checked by
 * extracting the PDF's text with PDFBox, parsing the CSV and JSON, and verifying it against the project.
 */
class ReportIT {
    /** The bad test host's hostile guest name (see src/test/resources/hosts/README.md). */
    static final String HOSTILE = "web'$(touch $(printf '\\057tmp\\057pwned'))`;<b>x<b> ü";

    private static Path dir;
    private static Path project;

    @BeforeAll
    static void scan() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "the report IT scans namespaced test hosts (root needed)");
        dir = Files.createTempDirectory("vh-report-it");
        project = dir.resolve("acme.vhproj");
        try (TestHosts hosts = TestHosts.start(TestHostSpec.named("rep-good").fromResources("hosts/good"),
                TestHostSpec.named("rep-weak").fromResources("hosts/bad"));
                Project p = Project.create(project, new ProjectInfo("ACME <Bank> & Co", "DC-North", "J. Doe", Instant.now()))) {
            for (TestHost h : hosts.hosts()) {
                p.hosts().add(new HostConfig(0, h.name(), h.address(), h.port(), h.user(), h.privateKey().toString(), null,
                        "nopasswd", null, h.knownHosts().toString(), "test:///etc/libvirt/testnode.xml", null));
            }
            TestSettings.load().forEach(p.settings()::put);
            new ScanService(new CatalogLoader().loadBuiltIn(), new CheckEngine(),
                    new HostTransportFactory(HostKeyVerifier.REJECT_NEW, x -> null, Path.of("/nonexistent"), Duration.ofSeconds(10)),
                    new ProjectScanStore(p))
                    .start(p.hosts().list(), new ScanOptions(2, Duration.ofSeconds(20), p.settings().all()), ScanListener.NONE)
                    .await(120, TimeUnit.SECONDS);
            HostConfig weak = p.hosts().byName("rep-weak").orElseThrow();
            p.answers().record(weak.id(), null, "PH-001", Status.FAIL, "Rack R2 door found open; key in the lock",
                    "J. Doe", List.of(new AnswerRepository.NewAttachment("r2-door.png", "image/png", png())));
            Finding fail = p.findings().list(new FindingQuery(null, Status.FAIL, "rep-weak", null, null)).get(0);
            p.waivers().record(weak.id(), fail.guest(), fail.checkId(), "Replacement host ordered", "CIO",
                    Instant.now().plus(Duration.ofDays(60)));
        }
    }

    @AfterAll
    static void clean() throws Exception {
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, 120, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static String text(Path pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(d);
        }
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }

    @Test
    void writesEveryFormatWithTheProjectsCounts() throws Exception {
        Path pdf = dir.resolve("pack.pdf");
        Path html = dir.resolve("pack.html");
        Path csv = dir.resolve("pack.csv");
        Path json = dir.resolve("pack.json");
        CliRun r = cli("report", project.toString(), "--pdf", pdf.toString(), "--html", html.toString(), "--csv", csv.toString(),
                "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DRAFT pack"), r.out());

        // the counts the project itself gives, computed here independently of the report package
        Map<Status, Integer> expected = new EnumMap<>(Status.class);
        Catalog catalog = new CatalogLoader().loadBuiltIn();
        Scoring.Figures fig;
        int nonPassing = 0;
        try (Project p = Project.open(project)) {
            List<Finding> all = p.findings().list(new FindingQuery(p.runs().latest().orElseThrow().id(), null, null, null, null));
            List<Waiver> waivers = p.waivers().all();
            Instant now = Instant.now();
            for (Finding f : all) {
                Status s = Waiver.activeFor(waivers, f, now).isPresent() ? Status.WAIVED : f.status();
                expected.merge(s, 1, Integer::sum);
                if (s == Status.FAIL || s == Status.WARN || s == Status.ERROR || s == Status.WAIVED) {
                    nonPassing++;
                }
            }
            List<Answer> answers = p.answers().current();
            nonPassing += (int) answers.stream().filter(a -> a.status() == Status.FAIL).count();
            fig = Scoring.compute(catalog, p.hosts().list(), p.runs().latest().orElseThrow(), all, answers, waivers, now);
        }
        assertEquals(1, expected.get(Status.WAIVED), "the waiver applies to one finding");
        assertTrue(expected.get(Status.FAIL) > 10, "the bad host fails many checks: " + expected);

        JsonNode pack = new ObjectMapper().readTree(json.toFile());
        for (Status s : Status.values()) {
            assertEquals(expected.getOrDefault(s, 0).intValue(), pack.at("/summary/findingsByStatus/" + s.name()).asInt(),
                    "count of " + s);
        }
        assertEquals(fig.score().percent(), pack.at("/summary/percent").asInt(), "same score as the overview");

        String text = text(pdf);
        String flat = oneLine(text);
        for (String section : List.of("Contents", "1 Executive summary", "2 Method and limits", "3 Findings",
                "4 Hosts and guests", "5 Across hosts", "6 Manual attestations", "7 Waivers and false positives",
                "8 Framework cross-reference", "9 Evidence appendix", "10 Integrity and sign-off")) {
            assertTrue(flat.contains(section), "section " + section);
        }
        int pages;
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            pages = d.getNumberOfPages();
            assertEquals(PDRectangle.A4.getWidth(), d.getPage(0).getMediaBox().getWidth(), 1f);
            assertTrue(d.getPage(1).getResources().getFontNames().iterator().hasNext(), "fonts embedded");
            d.getPage(1).getResources().getFontNames().forEach(n -> {
                try {
                    var font = d.getPage(1).getResources().getFont(n);
                    assertTrue(font.isEmbedded(), font.getName() + " embedded");
                    assertTrue(font.getName().contains("DejaVu"), font.getName());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertTrue(pages > 10, "pages: " + pages);
        assertTrue(flat.contains("Page 1 of " + pages), "page numbers n of m");
        assertTrue(flat.contains("Page " + pages + " of " + pages));
        assertTrue(flat.contains("DRAFT"), "open pre-flight items make a draft");
        assertTrue(flat.contains("ACME <Bank> & Co"), "client name as plain text");
        assertTrue(flat.contains("✓ " + fig.score().passed() + " passed · ✕ " + fig.score().failed() + " failed"),
                "summary counts in the PDF");
        assertTrue(flat.contains(fig.score().percent() + " %"), "score in the PDF");
        assertTrue(flat.contains("Rack R2 door found open"), "manual attestation");
        assertTrue(flat.contains("r2-door.png"), "attachment listed with its hash");
        assertTrue(flat.contains("Replacement host ordered"), "waiver justification");
        assertTrue(flat.contains(pack.at("/evidenceSetSha256").asText()), "evidence-set hash printed");
        assertTrue(flat.contains(pack.at("/contentSha256").asText()), "content hash printed");
        for (JsonNode e : pack.at("/evidence")) {
            assertTrue(flat.contains(e.get("sha256").asText()), "evidence item hash " + e.get("id"));
        }

        // hostile guest name: verbatim text in the PDF (modulo line wrapping), escaped in HTML, one quoted cell in CSV
        assertTrue(flat.contains(HOSTILE) || text.replace("\n", "").contains(HOSTILE), "hostile name as plain text in the PDF");
        String h = Files.readString(html);
        assertTrue(h.contains("web&#39;$(touch $(printf &#39;\\057tmp\\057pwned&#39;))`;&lt;b&gt;x&lt;b&gt; ü"), "escaped in HTML");
        assertFalse(h.contains("<b>x<b>"), "no markup from host data");
        assertTrue(h.contains("ACME &lt;Bank&gt; &amp; Co"));
        assertFalse(Files.exists(Path.of("/tmp/pwned")), "nothing was executed");

        List<List<String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        assertEquals(ReportService.csvColumns(), rows.get(0), "documented columns");
        assertEquals(nonPassing, rows.size() - 1, "one row per non-passing result");
        int guest = ReportService.csvColumns().indexOf("guest");
        assertTrue(rows.stream().anyMatch(row -> row.get(guest).equals(HOSTILE)), "hostile name round-trips through CSV");
        assertTrue(rows.stream().skip(1).allMatch(row -> row.size() == ReportService.csvColumns().size()));
    }

    @Test
    void verifyMatchesAndNamesAChangedEvidenceItem(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("copy.vhproj");
        Files.copy(project, copy);
        Path pdf = tmp.resolve("pack.pdf");
        assertEquals(0, cli("report", copy.toString(), "--pdf", pdf.toString(), "--host", "rep-weak").code());
        CliRun ok = cli("verify", copy.toString(), pdf.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("OK: the pack matches"), ok.out());

        long evidenceId;
        try (Project p = Project.open(copy)) {
            evidenceId = p.findings().list(new FindingQuery(null, Status.FAIL, "rep-weak", null, null)).get(0).evidenceId();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                PreparedStatement ps = c.prepareStatement("UPDATE evidence SET outputs_json = outputs_json || ' ' WHERE id = ?")) {
            ps.setLong(1, evidenceId);
            assertEquals(1, ps.executeUpdate());
        }
        CliRun bad = cli("verify", copy.toString(), pdf.toString());
        assertEquals(5, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("MISMATCH"), bad.out());
        assertTrue(bad.out().contains("evidence #" + evidenceId + " ") && bad.out().contains("changed"), bad.out());

        // a PDF without the integrity data gets a clear one-line message, not a stack trace
        Path plain = tmp.resolve("plain.pdf");
        try (PDDocument d = new PDDocument()) {
            d.addPage(new PDPage());
            d.save(plain.toFile());
        }
        CliRun none = cli("verify", copy.toString(), plain.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("carries no virtharden integrity data"), none.err());
        assertFalse(none.err().contains("Exception"), none.err());
        CliRun missing = cli("verify", copy.toString(), tmp.resolve("nope.pdf").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void finalIsRefusedUntilEveryOpenItemHasALimitation(@TempDir Path tmp) throws Exception {
        Path pdf = tmp.resolve("final.pdf");
        CliRun refused = cli("report", project.toString(), "--pdf", pdf.toString(), "--final");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("cannot be made"), refused.err());
        assertTrue(refused.err().contains("PH-002@rep-good"), "open items listed: " + refused.err());
        assertFalse(Files.exists(pdf));

        Path lim = tmp.resolve("limits.txt");
        Files.writeString(lim, "# written limitations\nPH-002@rep-good: Rack room closed on the day; checked at the retest\n"
                + "*: Time-boxed one-day assessment; items not reached are listed here\n");
        CliRun fin = cli("report", project.toString(), "--pdf", pdf.toString(), "--final", "--limitations", lim.toString(),
                "--paper", "letter", "--framework", "pci-dss-4");
        assertEquals(0, fin.code(), fin.err());
        assertTrue(fin.out().contains("Final pack"), fin.out());
        String flat = oneLine(text(pdf));
        assertFalse(flat.contains("DRAFT"), "a final pack is not a draft");
        assertTrue(flat.contains("Rack room closed on the day; checked at the retest"), "limitation printed");
        assertTrue(flat.contains("Time-boxed one-day assessment"));
        assertTrue(flat.contains("PCI DSS 4.0"), "framework named");
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            assertEquals(PDRectangle.LETTER.getWidth(), d.getPage(0).getMediaBox().getWidth(), 1f);
        }
        assertEquals(0, cli("verify", project.toString(), pdf.toString()).code(), "options are read back from the PDF");

        CliRun pre = cli("report", project.toString(), "--preflight");
        assertEquals(0, pre.code());
        assertTrue(pre.out().contains("pre-flight item(s) open"), pre.out());

        // --retest-from: a clear one-line message for a run that does not exist, or is not a number
        CliRun noRun = cli("report", project.toString(), "--pdf", tmp.resolve("r.pdf").toString(), "--retest-from", "99");
        assertEquals(1, noRun.code(), noRun.out() + noRun.err());
        assertTrue(noRun.err().contains("There is no run #99"), noRun.err());
        assertFalse(noRun.err().contains("Exception"), noRun.err());
        CliRun notNumber = cli("report", project.toString(), "--pdf", tmp.resolve("r.pdf").toString(), "--retest-from", "first");
        assertEquals(2, notNumber.code(), notNumber.out() + notNumber.err());
        assertTrue(notNumber.err().contains("--retest-from takes a run number"), notNumber.err());
    }

    @Test
    void expiredWaiversAndScopesShowInTheModel() throws Exception {
        ReportService service = new ReportService(new CatalogLoader().loadBuiltIn());
        try (Project p = Project.open(project)) {
            AuditPack later = service.build(p, PackOptions.defaults(), Instant.now().plus(Duration.ofDays(200)),
                    AuditPackBuilder.Cancel.NEVER).pack();
            assertTrue(later.preflight().stream().anyMatch(i -> i.kind().equals("expired-waiver")), "expired waiver is open");
            assertTrue(later.waivers().stream().allMatch(w -> w.state().equals("expired")));

            AuditPack one = service.build(p, new PackOptions(null, List.of("REP-GOOD"), null, "a4", false, Map.of()),
                    Instant.now(), AuditPackBuilder.Cancel.NEVER).pack();
            assertEquals(List.of("rep-good"), one.cover().hosts());
            assertTrue(one.findings().stream().allMatch(g -> g.rows().stream().allMatch(r -> r.host().equals("rep-good"))));

            AuditPack pci = service.build(p, new PackOptions(null, List.of(), "pci-dss-4", "a4", false, Map.of()),
                    Instant.now(), AuditPackBuilder.Cancel.NEVER).pack();
            AuditPack all = service.build(p, PackOptions.defaults(), Instant.now(), AuditPackBuilder.Cancel.NEVER).pack();
            assertTrue(pci.findings().size() < all.findings().size(), "framework narrows the findings");
            assertNotEquals(pci.contentSha256(), all.contentSha256());
            Instant at = Instant.parse("2026-11-22T12:00:00Z");
            AuditPack a = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER).pack();
            AuditPack b = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER).pack();
            assertEquals(a.contentSha256(), b.contentSha256(), "the content hash is reproducible");
        }
    }

    /** A small RFC 4180 reader for the test (quoted cells, doubled quotes, CRLF). */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
