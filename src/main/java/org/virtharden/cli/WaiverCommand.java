package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Waiver;
import org.virtharden.model.WaiverRevision;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "waiver", description = {"List, renew and revoke waivers and false positives ('waive' records them).",
    "An expired or revoked waiver is renewed in place; what it said before stays in its history."},
        subcommands = {WaiverCommand.ListWaivers.class, WaiverCommand.Renew.class, WaiverCommand.Revoke.class})
final class WaiverCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String state(Waiver w, Instant now) {
        return switch (w.stateAt(now)) {
            case ACTIVE -> "active";
            case EXPIRING -> "expiring soon";
            case EXPIRED -> "expired";
            case REVOKED -> "revoked";
        };
    }

    @Command(name = "list", description = "Every waiver (with its state and renewal history) and every false positive.")
    static final class ListWaivers implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Option(names = "--history", description = "Also print the values each waiver had before each renewal.")
        boolean history;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            try (Project p = ProjectFiles.open(file)) {
                List<Waiver> ws = p.waivers().all();
                Map<Long, List<WaiverRevision>> hist = p.waivers().history().stream()
                        .collect(Collectors.groupingBy(WaiverRevision::waiverId));
                if (ws.isEmpty()) {
                    out.println("No waivers. Record one with: virtharden waive " + file + " --host N --check ID --justification TEXT"
                            + " --approver NAME");
                } else {
                    TextTable t = new TextTable(60, "ID", "CHECK", "SCOPE", "STATE", "EXPIRES", "APPROVER", "RECORDED BY", "RENEWALS",
                            "JUSTIFICATION");
                    for (Waiver w : ws) {
                        t.row("#" + w.id(), w.checkId(), w.scopeText(), state(w, now), w.expiryDate().toString(), w.approver(),
                                w.author(), String.valueOf(hist.getOrDefault(w.id(), List.of()).size()), w.justification());
                    }
                    t.print(out);
                    if (history) {
                        for (Waiver w : ws) {
                            for (WaiverRevision r : hist.getOrDefault(w.id(), List.of())) {
                                out.printf("#%d before %s (renewed by %s): until %s, approved by %s, recorded by %s%s: %s%n", w.id(),
                                        r.replaced(), r.replacedBy(), r.expires().atOffset(java.time.ZoneOffset.UTC).toLocalDate(),
                                        r.approver(), r.author(), r.revoked() == null ? "" : ", revoked " + r.revoked(),
                                        r.justification());
                            }
                        }
                    }
                }
                List<FalsePositive> fps = p.falsePositives().all();
                if (!fps.isEmpty()) {
                    out.println();
                    TextTable t = new TextTable(60, "ID", "CHECK", "HOST", "GUEST", "STATE", "MARKED BY", "MARKED", "REASON");
                    for (FalsePositive f : fps) {
                        t.row("FP" + f.id(), f.checkId(), f.hostName(), f.guest() == null ? "-" : f.guest(),
                                f.revoked() == null ? "standing" : "revoked " + f.revoked() + " by " + f.revokedBy(), f.author(),
                                f.created().toString(), f.reason());
                    }
                    t.print(out);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "renew", description = {"Renew or edit a waiver in place (also an expired or revoked one): new expiry,",
        "and optionally a new justification and approver. The old values stay in its history."})
    static final class Renew implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Parameters(index = "1", paramLabel = "ID", description = "Waiver number, as 'waiver list' shows it (#3 or 3).")
        String id;

        @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "Last day it applies (UTC; default: "
                + Waiver.DEFAULT_DAYS + " days from today).")
        String expires;

        @Option(names = "--justification", paramLabel = "TEXT", description = "New justification (default: keep).")
        String justification;

        @Option(names = "--approver", paramLabel = "NAME", description = "New approver (default: keep).")
        String approver;

        @Option(names = "--by", paramLabel = "NAME", description = "Who renews it (default: the project's assessor, else your login).")
        String by;

        @Override
        public Integer call() {
            long n = number(id, "#");
            LocalDate day = WaiveCommand.expiryDay(expires);
            Waiver w;
            try (Project p = ProjectFiles.open(file)) {
                Waiver old = p.waivers().byId(n).orElseThrow(() -> new CliException("there is no waiver #" + n + " in " + file
                        + "; 'virtharden waiver list " + file + "' shows them", ExitCodes.USAGE));
                try {
                    w = p.waivers().renew(n, justification == null ? old.justification() : justification,
                            approver == null ? old.approver() : approver, CheckTarget.author(p, by), Waiver.endOf(day)).orElseThrow();
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage(), ExitCodes.USAGE);
                }
            }
            spec.commandLine().getOut().printf("waiver #%d (%s %s) renewed until %s (UTC), approved by %s%n", w.id(), w.scopeText(),
                    w.checkId(), w.expiryDate(), w.approver());
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Withdraw a waiver (or with --false-positive, a false positive); the record stays.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
        Path file;

        @Parameters(index = "1", paramLabel = "ID", description = "Waiver number (#3) or, with --false-positive, FP number (FP2).")
        String id;

        @Option(names = "--false-positive", description = "ID is a false positive.")
        boolean falsePositive;

        @Option(names = "--by", paramLabel = "NAME", description = "Who revokes it (default: the project's assessor, else your login).")
        String by;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Project p = ProjectFiles.open(file)) {
                if (falsePositive) {
                    long n = number(id, "FP");
                    FalsePositive f = p.falsePositives().revoke(n, CheckTarget.author(p, by)).orElseThrow(() -> new CliException(
                            "there is no false positive FP" + n + " in " + file, ExitCodes.USAGE));
                    out.printf("false positive FP%d (%s %s) revoked %s: the finding counts as open again%n", f.id(), f.hostName(),
                            f.checkId(), f.revoked());
                } else {
                    long n = number(id, "#");
                    Waiver w = p.waivers().revoke(n).orElseThrow(() -> new CliException("there is no waiver #" + n + " in " + file,
                            ExitCodes.USAGE));
                    out.printf("waiver #%d (%s %s) revoked %s; 'waiver renew' can reinstate it%n", w.id(), w.scopeText(), w.checkId(),
                            w.revoked());
                }
            }
            return ExitCodes.OK;
        }
    }

    static long number(String id, String prefix) {
        String s = id.strip();
        if (s.regionMatches(true, 0, prefix, 0, prefix.length())) {
            s = s.substring(prefix.length());
        }
        try {
            long n = Long.parseLong(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CliException("'" + id + "' is not a number like " + prefix + "3", ExitCodes.USAGE);
    }
}
