package org.virtharden.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.model.HostConfig;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "waive", description = {"Accept the risk of a FAIL or WARN of one check on one host (or guest) until a date,",
    "with the justification and who accepted it. 'findings' then shows it as WAIVED until the waiver expires.",
    "Waivers are kept in the project file for good."})
final class WaiveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CheckTarget target;

    @Option(names = "--justification", required = true, paramLabel = "TEXT", description = "Why the risk is accepted.")
    String justification;

    @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "Last day the waiver applies (UTC; default: "
            + Waiver.DEFAULT_DAYS + " days from today).")
    String expires;


    @Override
    public Integer call() {
        if (justification == null || justification.isBlank()) {
            throw new CliException("--justification must say why the risk is accepted", ExitCodes.USAGE);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate day;
        if (expires == null) {
            day = today.plusDays(Waiver.DEFAULT_DAYS);
        } else {
            try {
                day = LocalDate.parse(expires.strip());
            } catch (DateTimeParseException e) {
                throw new CliException("--expires takes a date like 2027-03-31, not '" + expires + "'", ExitCodes.USAGE);
            }
            if (day.isBefore(today)) {
                throw new CliException("--expires " + day + " is in the past; a waiver must end in the future", ExitCodes.USAGE);
            }
        }
        Check check = target.check();
        String guest = target.guest;
        Waiver w;
        try (Project p = ProjectFiles.open(target.file)) {
            HostConfig h = target.host(p);
            try {
                w = p.waivers().record(h.id(), guest, check.id(), justification, target.author(p), Waiver.endOf(day));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
        }
        spec.commandLine().getOut().printf("%s %s%s: waived until %s (UTC) by %s, waiver #%d%n", w.hostName(), check.id(),
                guest == null ? "" : " (guest " + guest + ")", w.expiryDate(), w.author(), w.id());
        return ExitCodes.OK;
    }
}
