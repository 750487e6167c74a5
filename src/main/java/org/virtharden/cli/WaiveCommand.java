package org.virtharden.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Check;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.HostConfig;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "waive", description = {"Accept the risk of a FAIL or WARN of one check on one host (or guest), or with",
    "--all-hosts on every host, until a date, with the justification and who approved it. 'findings' then shows it",
    "as WAIVED until the waiver expires. With --false-positive --reason TEXT, mark the result as wrong instead: it",
    "shows as FALSE_POSITIVE and leaves the open counts until revoked. Waivers and false positives are kept in the",
    "project file for good; 'virtharden waiver' lists, renews and revokes them."})
final class WaiveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CheckTarget target;

    @Option(names = "--justification", paramLabel = "TEXT", description = "Why the risk is accepted (required for a waiver).")
    String justification;

    @Option(names = "--approver", paramLabel = "NAME", description = "Who accepted the risk, e.g. the client's risk owner "
            + "(required for a waiver).")
    String approver;

    @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "Last day the waiver applies (UTC; default: "
            + Waiver.DEFAULT_DAYS + " days from today).")
    String expires;

    @Option(names = "--all-hosts", description = "Waive the check on every host and guest of the project (no --host, --guest).")
    boolean allHosts;

    @Option(names = "--false-positive", description = "Mark the result as a false positive (needs --reason) instead of waiving it.")
    boolean falsePositive;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the result is a false positive.")
    String reason;

    @Override
    public Integer call() {
        if (falsePositive) {
            return markFalsePositive();
        }
        if (reason != null) {
            throw new CliException("--reason goes with --false-positive; a waiver takes --justification", ExitCodes.USAGE);
        }
        if (justification == null || justification.isBlank()) {
            throw new CliException("--justification must say why the risk is accepted", ExitCodes.USAGE);
        }
        if (approver == null || approver.isBlank()) {
            throw new CliException("--approver must name who accepted the risk (e.g. the client's risk owner)", ExitCodes.USAGE);
        }
        LocalDate day = expiryDay(expires);
        Waiver w;
        Check check;
        try (Project p = ProjectFiles.open(target.file)) {
            try {
                if (allHosts) {
                    if (target.host != null || target.guest != null) {
                        throw new CliException("--all-hosts waives the check everywhere: leave out --host and --guest", ExitCodes.USAGE);
                    }
                    check = target.anyCheck();
                    w = p.waivers().recordForAllHosts(check.id(), justification, target.author(p), approver, Waiver.endOf(day));
                } else {
                    check = target.check();
                    HostConfig h = target.host(p);
                    w = p.waivers().record(h.id(), target.guest, check.id(), justification, target.author(p), approver,
                            Waiver.endOf(day));
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
        }
        spec.commandLine().getOut().printf("%s %s: waived until %s (UTC) by %s, recorded by %s, waiver #%d%n", w.scopeText(),
                check.id(), w.expiryDate(), w.approver(), w.author(), w.id());
        return ExitCodes.OK;
    }

    private int markFalsePositive() {
        if (justification != null || approver != null || expires != null || allHosts) {
            throw new CliException("--false-positive takes --reason only (no --justification, --approver, --expires, --all-hosts)",
                    ExitCodes.USAGE);
        }
        if (reason == null || reason.isBlank()) {
            throw new CliException("--false-positive needs --reason: why the result is wrong", ExitCodes.USAGE);
        }
        Check check = target.check();
        FalsePositive fp;
        try (Project p = ProjectFiles.open(target.file)) {
            HostConfig h = target.host(p);
            try {
                fp = p.falsePositives().mark(h.id(), target.guest, check.id(), reason, target.author(p));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s%s: marked a false positive by %s, #%d%n", fp.hostName(), check.id(),
                fp.guest() == null ? "" : " (guest " + fp.guest() + ")", fp.author(), fp.id());
        return ExitCodes.OK;
    }

    /** The last day from --expires (default: {@link Waiver#DEFAULT_DAYS} from today), which must not be in the past. */
    static LocalDate expiryDay(String expires) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (expires == null) {
            return today.plusDays(Waiver.DEFAULT_DAYS);
        }
        LocalDate day;
        try {
            day = LocalDate.parse(expires.strip());
        } catch (DateTimeParseException e) {
            throw new CliException("--expires takes a date like 2027-03-31, not '" + expires + "'", ExitCodes.USAGE);
        }
        if (day.isBefore(today)) {
            throw new CliException("--expires " + day + " is in the past; a waiver must end in the future", ExitCodes.USAGE);
        }
        return day;
    }
}
