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

    @Option(names = "--host", paramLabel = "N", description = "The host (required).")
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
        Check check = anyCheck();
        if (check.scope().equals("guest") && guest == null) {
            throw new CliException(check.id() + " is checked per guest: add --guest NAME", ExitCodes.USAGE);
        }
        if (!check.scope().equals("guest") && guest != null) {
            throw new CliException(check.id() + " is checked per host: leave out --guest", ExitCodes.USAGE);
        }
        return check;
    }

    /** The check, which must exist; --guest is not looked at (for targets such as "all hosts"). */
    Check anyCheck() {
        Catalog catalog = CatalogCommand.loadCatalog(catalogDir);
        return catalog.check(checkId.strip().toUpperCase(Locale.ROOT)).orElseThrow(() -> new CliException(
                "no check '" + checkId + "' in the catalog; 'virtharden catalog list' shows the ids", ExitCodes.USAGE));
    }

    HostConfig host(Project p) {
        if (host == null || host.isBlank()) {
            throw new CliException("--host is required: which host (see 'virtharden host list " + file + "')", ExitCodes.USAGE);
        }
        return p.hosts().byName(host).orElseThrow(() -> new CliException("no host named '" + host + "' in " + file
                + "; 'virtharden host list " + file + "' shows them", ExitCodes.USAGE));
    }

    String author(Project p) {
        return author(p, by);
    }

    /** {@code by} when given, else the project's assessor, else the login name. */
    static String author(Project p, String by) {
        if (by != null && !by.isBlank()) {
            return by;
        }
        String a = p.info().assessor();
        return a != null && !a.isBlank() ? a : System.getProperty("user.name");
    }
}
