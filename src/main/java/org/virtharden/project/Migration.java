package org.virtharden.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One schema migration: the SQL that takes a project file from {@code version - 1} to
 * {@code version}. Scripts hold no transaction statements; the {@link Migrator} runs each one in a
 * single transaction and sets {@code PRAGMA user_version} itself.
 */
record Migration(int version, String name, String sql) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }

    /** Loads {@code migrations/V<n>__<name>.sql} from this package's resources. */
    static Migration resource(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name must look like V1__init.sql: " + fileName);
        }
        String path = "migrations/" + fileName;
        try (InputStream in = Migration.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource org/virtharden/project/" + path);
            }
            return new Migration(Integer.parseInt(m.group(1)), m.group(2),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + path, e);
        }
    }
}
