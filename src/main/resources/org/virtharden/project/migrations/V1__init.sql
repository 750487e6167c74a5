-- virtharden project file, schema version 1.
--
-- Run by Migrator inside one transaction, which also sets PRAGMA user_version and application_id;
-- so no BEGIN/COMMIT here. Conventions: STRICT tables, snake_case, times as UTC ISO-8601 text
-- (2026-11-20T09:15:00.000Z). No column may hold a password: hosts.password_env holds the NAME of an
-- environment variable, and a CHECK keeps it to the characters of such a name.
-- Enumerated values (states, status, severity, domain) are checked in Java rather than by CHECK
-- constraints, because SQLite can only change a CHECK by rebuilding the table.

CREATE TABLE project (
    id          INTEGER PRIMARY KEY CHECK (id = 1),   -- exactly one row
    client      TEXT NOT NULL,
    site        TEXT,
    assessor    TEXT,
    created     TEXT NOT NULL,
    app_version TEXT NOT NULL                        -- virtharden version that created the file
) STRICT;

CREATE TABLE hosts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE,
    address      TEXT NOT NULL,
    port         INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
    user         TEXT NOT NULL,
    key_path     TEXT,
    password_env TEXT CHECK (password_env IS NULL OR (length(password_env) BETWEEN 1 AND 128
                     AND password_env GLOB '[A-Za-z_]*' AND password_env NOT GLOB '*[^A-Za-z0-9_]*')),
    sudo_mode    TEXT NOT NULL DEFAULT 'none',         -- none | nopasswd | password
    jump         TEXT,                                 -- user@host[:port]
    known_hosts  TEXT,
    libvirt_uri  TEXT NOT NULL DEFAULT 'qemu:///system',
    host_group   TEXT,
    removed      TEXT        -- when the host was taken out of scope; its history stays
) STRICT;

-- Names are unique among hosts in scope, ignoring ASCII case.
CREATE UNIQUE INDEX hosts_active_name ON hosts (name) WHERE removed IS NULL;

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    started         TEXT NOT NULL,
    finished        TEXT,
    state           TEXT NOT NULL,                     -- running | complete | partial | cancelled | failed
    catalog_version TEXT NOT NULL,
    note            TEXT
) STRICT;

CREATE TABLE host_runs (
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    host_id     INTEGER NOT NULL REFERENCES hosts (id),
    state       TEXT NOT NULL,                         -- queued | connecting | scanning | done | failed | cancelled
    reason      TEXT,
    round_trips INTEGER NOT NULL DEFAULT 0,
    started     TEXT,
    finished    TEXT,
    findings    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, host_id)
) STRICT;

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    host_id      INTEGER NOT NULL REFERENCES hosts (id),
    guest        TEXT,                                 -- NULL for host-level probes
    probe        TEXT NOT NULL,
    outputs_json TEXT NOT NULL,                        -- redacted command outputs, canonical JSON
    sha256       TEXT NOT NULL,                        -- of outputs_json, as given by the collector
    collected    TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0)
) STRICT;

CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs (id),
    host_id         INTEGER NOT NULL REFERENCES hosts (id),
    guest           TEXT,                              -- NULL for host-level findings
    check_id        TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    domain          TEXT NOT NULL,                     -- Domain.id(): physical | dr | hypervisor | ...
    title           TEXT NOT NULL,
    severity        TEXT NOT NULL,                     -- Severity.id(): critical | high | ...
    status          TEXT NOT NULL,                     -- Status, lower case: pass | warn | fail | ...
    observed        TEXT,
    expected        TEXT,
    reason          TEXT,
    evidence_id     INTEGER REFERENCES evidence (id),  -- NULL when nothing was collected
    recorded        TEXT NOT NULL
) STRICT;

CREATE INDEX findings_run_status ON findings (run_id, status);
CREATE INDEX findings_run_host ON findings (run_id, host_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
