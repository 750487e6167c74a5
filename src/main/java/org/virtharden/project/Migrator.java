package org.virtharden.project;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.virtharden.project.ProjectException.Kind;

/**
 * Brings a project file up to the newest schema: applies each migration above the file's
 * {@code PRAGMA user_version} in order, each in one transaction that also sets
 * {@code user_version} and {@code application_id}. The list of migrations is a constructor
 * argument so tests can supply their own versions.
 */
final class Migrator {

    /** The built-in scripts, in order; {@code Project.SCHEMA_VERSION} is the last one's version. */
    private static final List<String> BUILT_IN = List.of("V1__init.sql", "V2__answers.sql", "V3__waivers.sql",
            "V4__waiver_approval_history_false_positives.sql");

    private final List<Migration> migrations;

    Migrator(List<Migration> migrations) {
        if (migrations.isEmpty()) {
            throw new IllegalArgumentException("no migrations");
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ... without gaps; found "
                        + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
        this.migrations = List.copyOf(migrations);
    }

    static Migrator builtIn() {
        return new Migrator(BUILT_IN.stream().map(Migration::resource).toList());
    }

    List<Migration> migrations() {
        return migrations;
    }

    int latestVersion() {
        return migrations.get(migrations.size() - 1).version();
    }

    /**
     * Applies the migrations the file still lacks. Foreign-key enforcement is switched off while a
     * script runs (so scripts may rebuild tables, as SQLite's ALTER TABLE recipe requires) and
     * {@code PRAGMA foreign_key_check} must come back empty before each commit.
     *
     * @param backup where the file was copied before upgrading, named in the failure message; null
     *               for a brand-new file
     * @return the version the file had before
     */
    int migrate(Database db, Path backup) throws ProjectException {
        int before = db.read("reading the project format", Migrator::userVersion);
        if (before >= latestVersion()) {
            return before;
        }
        db.read("preparing the upgrade", d -> {
            d.execute("PRAGMA foreign_keys = OFF");
            return null;
        });
        try {
            for (Migration m : migrations) {
                if (m.version() <= before) {
                    continue;
                }
                apply(db, m, before, backup);
            }
        } finally {
            db.read("finishing the upgrade", d -> {
                d.execute("PRAGMA foreign_keys = ON");
                return null;
            });
        }
        return before;
    }

    private static void apply(Database db, Migration m, int before, Path backup) throws ProjectException {
        try {
            db.write("upgrading it to format " + m.version(), d -> {
                int current = userVersion(d);
                if (current >= m.version()) {
                    return null; // another process upgraded it meanwhile
                }
                if (current != m.version() - 1) {
                    throw new ProjectException(Kind.CORRUPT, "The project file " + d.file() + " is at format "
                            + current + ", which cannot be upgraded to " + m.version() + " directly.");
                }
                try (Statement s = d.connection().createStatement()) {
                    s.executeUpdate(m.sql());
                    s.execute("PRAGMA application_id = " + Database.APPLICATION_ID);
                    s.execute("PRAGMA user_version = " + m.version());
                    try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                        if (rs.next()) {
                            throw new SQLException("foreign key check failed in table " + rs.getString(1)
                                    + " after migration V" + m.version() + "__" + m.name());
                        }
                    }
                }
                return null;
            });
        } catch (ProjectException e) {
            if (backup == null || e.kind() == Kind.LOCKED) {
                throw e;
            }
            String why = e.getCause() instanceof SQLException se ? ProjectErrors.detail(se) : e.getMessage();
            int left = before;
            try {
                left = db.read("reading the project format", Migrator::userVersion);
            } catch (ProjectException ignored) {
                // keep the version we know
            }
            throw new ProjectException(e.kind(), "The project file " + db.file() + " could not be upgraded to"
                    + " format " + m.version() + " (" + why + "). It was left at format " + left
                    + ". A copy made before the upgrade is at " + backup + ".", e);
        }
    }

    static int userVersion(Database d) throws SQLException {
        try (Statement s = d.connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
