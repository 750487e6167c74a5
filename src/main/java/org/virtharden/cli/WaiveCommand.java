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

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--host", required = true, paramLabel = "N", description = "The host.")
    String host;

    @Option(names = "--guest", paramLabel = "G", description = "The guest, for guest checks (GU-*).")
    String guest;

    @Option(names = "--check", required = true, paramLabel = "ID", description = "Check id, e.g. HV-007.")
    String checkId;

    @Option(names = "--justification", required = true, paramLabel = "TEXT", description = "Why the risk is accepted.")
    String justification;

    @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "Last day the waiver applies (UTC; default: "
            + Waiver.DEFAULT_DAYS + " days from today).")
    String expires;

    @Option(names = "--by", paramLabel = "NAME", description = "Who accepts the risk (default: the project's assessor, else your login).")
    String by;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks).")
    Path catalogDir;

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
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        Check check = catalog.check(checkId.strip().toUpperCase(Locale.ROOT)).orElseThrow(() -> new CliException(
                "no check '" + checkId + "' in the catalog; 'virtharden catalog list' shows the ids", ExitCodes.USAGE));
        if (check.scope().equals("guest") && guest == null) {
            throw new CliException(check.id() + " is checked per guest: add --guest NAME", ExitCodes.USAGE);
        }
        if (!check.scope().equals("guest") && guest != null) {
            throw new CliException(check.id() + " is checked per host: leave out --guest", ExitCodes.USAGE);
        }
        Waiver w;
        try (Project p = ProjectFiles.open(file)) {
            HostConfig h = p.hosts().byName(host).orElseThrow(() -> new CliException("no host named '" + host + "' in " + file
                    + "; 'virtharden host list " + file + "' shows them", ExitCodes.USAGE));
            String who = by != null && !by.isBlank() ? by
                    : p.info().assessor() != null && !p.info().assessor().isBlank() ? p.info().assessor() : System.getProperty("user.name");
            try {
                w = p.waivers().record(h.id(), guest, check.id(), justification, who, Waiver.endOf(day));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
        }
        spec.commandLine().getOut().printf("%s %s%s: waived until %s (UTC) by %s, waiver #%d%n", w.hostName(), check.id(),
                guest == null ? "" : " (guest " + guest + ")", w.expiryDate(), w.author(), w.id());
        return ExitCodes.OK;
    }
}
