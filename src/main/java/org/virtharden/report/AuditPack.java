package org.virtharden.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything an audit pack says, built once from a project ({@link AuditPackBuilder}) and rendered by each format
 * (PDF, HTML, CSV, JSON) without going back to the project. Immutable; the canonical JSON of this record (minus
 * {@link #generated} and {@link #contentSha256}) is what the content hash covers (see docs/decisions/0009).
 *
 * @param generated       when the pack was made; also the instant waivers and expiries are judged at
 * @param draft           true while pre-flight items remain and the pack is not final
 * @param evidenceSetSha256 SHA-256 over the sorted lines of {@link #integrityLines()} (see {@link Integrity})
 * @param contentSha256   SHA-256 of the canonical JSON of the pack without {@code generated} and this field
 */
public record AuditPack(String schema, Instant generated, PackOptions options, Cover cover, Summary summary,
        Method method, List<FindingGroup> findings, List<HostSection> hosts, List<Attestation> attestations,
        List<WaiverRow> waivers, List<FalsePositiveRow> falsePositives, Fleet fleet, Retest retest,
        CrossReference crossReference, List<EvidenceItem> evidence, List<OpenItem> preflight, boolean draft,
        String evidenceSetSha256, String contentSha256) {

    /** /2: fleet, retest and false positives; waivers with approver, scope, state and renewals (ADR 0009 update). */
    public static final String SCHEMA = "virtharden-audit-pack/2";

    public AuditPack {
        findings = List.copyOf(findings);
        hosts = List.copyOf(hosts);
        attestations = List.copyOf(attestations);
        waivers = List.copyOf(waivers);
        falsePositives = List.copyOf(falsePositives);
        evidence = List.copyOf(evidence);
        preflight = List.copyOf(preflight);
    }

    /** The same pack with its content hash filled in. */
    public AuditPack withContentSha256(String sha) {
        return new AuditPack(schema, generated, options, cover, summary, method, findings, hosts, attestations, waivers,
                falsePositives, fleet, retest, crossReference, evidence, preflight, draft, evidenceSetSha256, sha);
    }

    /** The same pack without the fields the content hash leaves out. */
    AuditPack forContentHash() {
        return new AuditPack(schema, null, options, cover, summary, method, findings, hosts, attestations, waivers,
                falsePositives, fleet, retest, crossReference, evidence, preflight, draft, evidenceSetSha256, null);
    }

    /** One line per evidence item and attachment, "evidence ID SHA" / "attachment ID SHA", sorted. */
    public List<String> integrityLines() {
        return Integrity.lines(this);
    }

    /** Who, where, when and what. */
    public record Cover(String client, String site, String assessor, Instant projectCreated, Long runId,
            Instant runStarted, Instant runFinished, String runState, String catalogVersion, List<String> hosts,
            int guests, String frameworkTitle, String classification) {
        public Cover {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * Score parts (same formula as the overview), counts by status and open counts by severity, top risks.
     * {@code openBySeverity}, {@code waived} and {@code falsePositives} follow the findings board's rule
     * ({@link org.virtharden.service.FindingStates}): a false positive is neither open nor waived.
     */
    public record Summary(int passed, int failed, int warned, int errors, int open, int notApplicable, int percent,
            List<DomainScore> domains, Map<String, Integer> findingsByStatus, Map<String, Integer> openBySeverity,
            int waived, int falsePositives, List<TopRisk> topRisks, String formula) {
        public Summary {
            domains = List.copyOf(domains);
        }
    }

    public record DomainScore(String domain, String title, int passed, int failed, int warned, int errors, int open,
            int notApplicable, int percent) {
    }

    /** An open (not waived) FAIL or WARN, grouped by check. */
    public record TopRisk(String checkId, String title, String severity, String status, int targets) {
    }

    /** What was checked and how, and what could not be. */
    public record Method(List<DomainChecks> domains, List<HostRunRow> hostRuns, List<NotRun> notRun,
            Map<String, String> limitations) {
        public Method {
            domains = List.copyOf(domains);
            hostRuns = List.copyOf(hostRuns);
            notRun = List.copyOf(notRun);
        }
    }

    public record DomainChecks(String domain, String title, int automated, int manual, int hybrid) {
    }

    public record HostRunRow(String host, String state, String reason, Instant started, Instant finished) {
    }

    /** A check that gave no verdict: ERROR, or no result in the run. */
    public record NotRun(String checkId, String title, String host, String guest, String reason) {
    }

    /** One check's non-passing results, with what to do about them. */
    public record FindingGroup(String domain, String domainTitle, String checkId, String title, String severity,
            String mode, String rationale, String remediation, List<FindingRow> rows) {
        public FindingGroup {
            rows = List.copyOf(rows);
        }
    }

    /**
     * @param status        as reported: WAIVED while a waiver is in force, FALSE_POSITIVE while a false positive stands
     *                      (as {@code virtharden findings} reports it)
     * @param source        "scan" or "answer"
     * @param falsePositive "by WHO DATE: reason" while a false positive stands, else null
     */
    public record FindingRow(long findingId, String host, String guest, String status, String observed, String expected,
            String reason, long evidenceId, String evidenceSha256, String waiver, String source, String falsePositive) {
    }

    public record HostSection(String name, String address, String runState, String runReason,
            Map<String, Integer> statuses, List<GuestRow> guests) {
        public HostSection {
            guests = List.copyOf(guests);
        }
    }

    public record GuestRow(String name, Map<String, Integer> statuses) {
    }

    /** A manual answer with its attachments. */
    public record Attestation(String checkId, String title, String host, String guest, String status, String note,
            String answeredBy, Instant answered, List<AttachmentItem> attachments) {
        public Attestation {
            attachments = List.copyOf(attachments);
        }
    }

    /**
     * @param sha256 recomputed from the stored bytes, or null when they no longer match the recorded hash
     */
    public record AttachmentItem(long id, String fileName, String mediaType, long size, String recordedSha256,
            String sha256) {
        public boolean intact() {
            return recordedSha256.equals(sha256);
        }
    }

    /**
     * @param author   who recorded it
     * @param approver who accepted the risk
     * @param scope    "kvm01", "web01 on kvm01" or "all hosts"
     * @param state    active | expiring (ends within 30 days) | expired | revoked, at the pack's instant
     * @param renewals how many times it was renewed (its history entries)
     */
    public record WaiverRow(long id, String checkId, String host, String guest, String justification, String author,
            String approver, String scope, Instant created, Instant expires, Instant renewed, String state, int renewals) {
    }

    /** A false positive recorded for a target in scope; revoked ones stay listed, marked. */
    public record FalsePositiveRow(long id, String checkId, String host, String guest, String reason, String author,
            Instant created, Instant revoked, String revokedBy) {
        public boolean standing() {
            return revoked == null;
        }
    }

    /**
     * Across hosts: the drift matrix of each host group (only controls that differ, plus the migration-critical ones)
     * and the VM sprawl summary, for the pack's run and hosts.
     *
     * @param note     one line when there is nothing to compare (one host, no run) or no host groups, else null
     * @param matrices the fleet's records, rows filtered as above
     * @param sprawl   null without a run
     */
    public record Fleet(int hosts, List<String> groups, String note, List<org.virtharden.fleet.DriftMatrix> matrices,
            org.virtharden.fleet.Sprawl sprawl) {
        public Fleet {
            groups = List.copyOf(groups);
            matrices = List.copyOf(matrices);
        }
    }

    /**
     * The retest between an earlier run and the pack's run (null when the pack has none).
     *
     * @param counts every category of {@link org.virtharden.fleet.RunDiff.Category}, in order, lower-case with spaces
     * @param rows   the rows of every category but "changed evidence" and "unchanged" (those are counted only)
     */
    public record Retest(long fromRun, Instant fromStarted, long toRun, Map<String, Integer> counts, List<RetestRow> rows) {
        public Retest {
            rows = List.copyOf(rows);
        }
    }

    public record RetestRow(String category, String host, String guest, String checkId, String title, String before,
            String after, String reasonAfter, boolean evidenceChanged) {
    }

    /** Framework requirement → checks → status. */
    public record CrossReference(String framework, String title, List<XrefRow> rows) {
        public CrossReference {
            rows = List.copyOf(rows);
        }
    }

    /** @param status the worst status over the targets, "NOT RUN" when none */
    public record XrefRow(String requirement, String checkId, String title, String status, Map<String, Integer> statuses,
            boolean unverified) {
    }

    /**
     * @param sha256 recomputed from the stored output now; {@code intact} when it equals the recorded one
     */
    public record EvidenceItem(long id, String host, String guest, String probe, Instant collected,
            String recordedSha256, String sha256) {
        public boolean intact() {
            return recordedSha256 != null && recordedSha256.equals(sha256);
        }
    }

    /**
     * A pre-flight item: something that keeps the pack a draft.
     *
     * @param key        stable name, e.g. {@code PH-04@kvm01}, {@code GU-01@kvm01/web1}, {@code waiver#3}
     * @param kind       unanswered | not-run | expired-waiver
     * @param limitation the written limitation that covers it, or null
     */
    public record OpenItem(String key, String kind, String checkId, String host, String guest, String text,
            String limitation) {
    }
}
