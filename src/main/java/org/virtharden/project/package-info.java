/**
 * The project file ({@code .vhproj}): one SQLite database per assessment, with schema migrations
 * ({@code migrations/V<n>__<name>.sql}, version in {@code PRAGMA user_version}) and repositories for
 * hosts, runs, findings with their evidence, and settings.
 *
 * <p>This is the only package that uses JDBC. Entry point: {@link org.virtharden.project.Project}.
 */
package org.virtharden.project;
