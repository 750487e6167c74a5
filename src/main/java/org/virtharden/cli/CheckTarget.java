package org.virtharden.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.model.HostConfig;
import org.virtharden.project.Project;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that name one check on one host (or guest) of a project — shared by {@code answer} and {@code waive} —
 * and their resolution into the catalog's check and the project's host, with one clear message per mistake.
 */
final class CheckTarget {
    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Option(names = "--host", required = true, paramLabel = "N", description = "The host.")
    String host;

    @Option(names = "--guest", paramLabel = "NAME", description = "The guest, for guest checks (GU-*).")
    String guest;

    @Option(names = "--check", required = true, paramLabel = "ID", description = "Check id, e.g. PH-001.")
    String checkId;

    @Option(names = "--by", paramLabel = "NAME", description = "Who (default: the project's assessor, else your login).")
    String by;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of extra catalog files (CUST-* checks).")
    Path catalogDir;

    /** The check, which must exist and match --guest (given for guest checks, absent for host checks). */
    Check check() {
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        Check check = catalog.check(checkId.strip().toUpperCase(Locale.ROOT)).orElseThrow(() -> new CliException(
                "no check '" + checkId + "' in the catalog; 'virtharden catalog list' shows the ids", ExitCodes.USAGE));
        if (check.scope().equals("guest") && guest == null) {
            throw new CliException(check.id() + " is checked per guest: add --guest NAME", ExitCodes.USAGE);
        }
        if (!check.scope().equals("guest") && guest != null) {
            throw new CliException(check.id() + " is checked per host: leave out --guest", ExitCodes.USAGE);
        }
        return check;
    }

    HostConfig host(Project p) {
        return p.hosts().byName(host).orElseThrow(() -> new CliException("no host named '" + host + "' in " + file
                + "; 'virtharden host list " + file + "' shows them", ExitCodes.USAGE));
    }

    String author(Project p) {
        if (by != null && !by.isBlank()) {
            return by;
        }
        String a = p.info().assessor();
        return a != null && !a.isBlank() ? a : System.getProperty("user.name");
    }
}
