package org.virtharden.project;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.UUID;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.ProjectException.Kind;

/**
 * An open project file ({@code .vhproj}): one SQLite database holding the hosts in scope, the scan
 * runs, their evidence and findings, and project settings.
 *
 * <p>Opening never changes a file it refuses (missing, not ours, from a newer virtharden, damaged).
 * A file from an older virtharden is first copied aside to {@code <file>.bak-v<old>}, then upgraded.
 * The repositories share one connection guarded by a lock, so they may be used from several threads.
 * Write methods commit before they return; with WAL and {@code synchronous=NORMAL} a committed
 * change survives the process being killed.
 */
public final class Project implements AutoCloseable {

    /** The schema version this build writes, kept in {@code PRAGMA user_version}. */
    public static final int SCHEMA_VERSION = 4;

    private final Path file;
    private final Database db;
    private final ProjectInfo info;
    private final HostRepository hosts;
    private final RunRepository runs;
    private final FindingRepository findings;
    private final SettingsRepository settings;
    private final AnswerRepository answers;
    private final WaiverRepository waivers;
    private final FalsePositiveRepository falsePositives;

    private Project(Path file, Database db, ProjectInfo info) {
        this.file = file;
        this.db = db;
        this.info = info;
        this.hosts = new HostRepository(db);
        this.runs = new RunRepository(db);
        this.findings = new FindingRepository(db);
        this.settings = new SettingsRepository(db);
        this.answers = new AnswerRepository(db);
        this.waivers = new WaiverRepository(db);
        this.falsePositives = new FalsePositiveRepository(db);
    }

    /**
     * Creates a new project file and opens it. The file is built under a temporary name in the same
     * folder and only then given its name, so a crash never leaves a half-made project behind.
     *
     * @throws ProjectException ALREADY_EXISTS if the file exists, NOT_FOUND if its folder does not,
     *                          INVALID if the client name is empty, IO on file-system failures
     */
    public static Project create(Path file, ProjectInfo info) throws ProjectException {
        return create(file, info, Migrator.builtIn());
    }

    /**
     * Opens an existing project file, upgrading it if it comes from an older virtharden.
     *
     * @throws ProjectException NOT_FOUND, NEWER_VERSION, NOT_A_PROJECT, CORRUPT, LOCKED or IO; the
     *                          file is left untouched in each of these cases
     */
    public static Project open(Path file) throws ProjectException {
        return open(file, Migrator.builtIn());
    }

    static Project create(Path file, ProjectInfo info, Migrator migrator) throws ProjectException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(info, "info");
        if (info.client() == null || info.client().isBlank()) {
            throw new ProjectException(Kind.INVALID, "The client name is empty. Enter the name of the"
                    + " organisation this assessment is for.");
        }
        Path f = file.toAbsolutePath().normalize();
        if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(f, null);
        }
        Path dir = f.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ProjectException(Kind.NOT_FOUND, "The folder " + dir + " does not exist. Choose an existing"
                    + " folder for the project file, or create the folder first.");
        }
        Path tmp = dir.resolve("." + f.getFileName() + ".creating-" + UUID.randomUUID());
        try {
            try (Database db = Database.open(tmp, true)) {
                migrator.migrate(db, null);
                db.write("saving the project details", d -> {
                    PreparedStatement ps = d.prepare("INSERT INTO project (id, client, site, assessor, created,"
                            + " app_version) VALUES (1, ?, ?, ?, ?, ?)");
                    ps.setString(1, info.client());
                    ps.setString(2, info.site());
                    ps.setString(3, info.assessor());
                    ps.setString(4, Times.format(info.created() == null ? Times.now() : info.created()));
                    ps.setString(5, appVersion());
                    ps.executeUpdate();
                    return null;
                });
            }
            Path wal = ProjectFiles.sibling(tmp, "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                throw new ProjectException(Kind.IO, "The new project file " + f + " could not be completed (its"
                        + " write-ahead log was not merged). Try again, or choose a folder on a local disk.");
            }
            Files.move(tmp, f);
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(f, e);
        } catch (IOException e) {
            throw ProjectErrors.io(f, "create", e);
        } catch (ProjectException e) {
            // name the file the operator chose, not the temporary one
            throw new ProjectException(e.kind(), e.getMessage().replace(tmp.toString(), f.toString()), e);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(ProjectFiles.sibling(tmp, suffix));
                } catch (IOException e) {
                    // a stray temporary file is harmless
                }
            }
        }
        return open(f, migrator);
    }

    static Project open(Path file, Migrator migrator) throws ProjectException {
        Objects.requireNonNull(file, "file");
        Path f = file.toAbsolutePath().normalize();
        int version = ProjectFiles.inspect(f, migrator.latestVersion());
        if (!Files.isWritable(f) || !Files.isWritable(f.getParent())) {
            // SQLite would quietly open it read-only and fail at the first save; say so now
            throw new ProjectException(Kind.IO, "The project file " + f + " or its folder is read-only for you;"
                    + " virtharden needs to write to both. It was not changed. Ask for write access, or copy the"
                    + " file to a folder you can write to and open the copy.");
        }
        Database db = Database.open(f, false);
        try {
            if (version < migrator.latestVersion()) {
                Path backup = ProjectFiles.backupBeforeUpgrade(db, version);
                migrator.migrate(db, backup);
            }
            ProjectInfo info = db.read("reading the project details", d -> {
                try (ResultSet rs = d.prepare("SELECT client, site, assessor, created FROM project WHERE id = 1")
                        .executeQuery()) {
                    if (!rs.next()) {
                        throw ProjectErrors.damagedAtOpen(f, "the project details are missing", null);
                    }
                    return new ProjectInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                            Times.parse(rs.getString(4)));
                }
            });
            return new Project(f, db, info);
        } catch (ProjectException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static ProjectException alreadyExists(Path f, Throwable cause) {
        return new ProjectException(Kind.ALREADY_EXISTS, "The file " + f + " already exists. Open it instead,"
                + " or choose another name for the new project.", cause);
    }

    /** The virtharden version recorded in new files: the jar's Implementation-Version, else "dev". */
    static String appVersion() {
        String v = Project.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** The absolute path of the project file. */
    public Path file() {
        return file;
    }

    public ProjectInfo info() {
        return info;
    }

    public HostRepository hosts() {
        return hosts;
    }

    public RunRepository runs() {
        return runs;
    }

    public FindingRepository findings() {
        return findings;
    }

    public AnswerRepository answers() {
        return answers;
    }

    /** Waivers (accepted risks) with justification, author and expiry. */
    public WaiverRepository waivers() {
        return waivers;
    }

    /** False positives: findings judged wrong for a host (or guest) and check, with the reason. */
    public FalsePositiveRepository falsePositives() {
        return falsePositives;
    }

    public SettingsRepository settings() {
        return settings;
    }

    /** For tests and diagnostics in this package. */
    Database database() {
        return db;
    }

    /** Closes the connection; SQLite merges the write-ahead log into the file. Idempotent. */
    @Override
    public void close() {
        db.close();
    }
}
