-- virtharden project file, schema version 4: waivers gain an approver, a scope and a renewal history; false
-- positives get their own table. Same conventions as V1 (STRICT, snake_case, UTC ISO-8601 text times, no
-- BEGIN/COMMIT; the Migrator switches foreign keys off while this script rebuilds a table).
--
-- Waivers. A waiver now names who approved the risk (the client's risk owner) apart from who recorded it
-- (author). Waivers written by format 3 recorded one name, entered as "Accepted by": it becomes both author and
-- approver. Scope is 'target' (the host, or the guest on that host, and the check; host_id set) or 'all_hosts'
-- (the check on every host and every guest; host_id and guest NULL). A waiver is never deleted and never
-- recreated: an expired or revoked (rejected) waiver is renewed in place, keeping its id; each renewal first
-- copies the values it replaces into waiver_history, so the file keeps who accepted what, until when, and who
-- changed it. SQLite cannot relax host_id's NOT NULL in place, so the table is rebuilt with the same ids.
--
-- False positives are their own table, not a kind of waiver: a waiver accepts a real risk until a date and is
-- approved by the risk owner; a false positive says the finding is wrong (the check misjudged this host), has
-- no expiry and no approver, and is never "renewed". Keeping them apart means every reader of waivers (the
-- board, 'findings', the audit pack) keeps its meaning: a false positive never shows as an accepted risk.
-- Like waivers, false positives are only ever marked revoked, never deleted, and keep their reason.

CREATE TABLE waivers_v4 (
    id            INTEGER PRIMARY KEY,
    scope         TEXT NOT NULL DEFAULT 'target',     -- target | all_hosts (checked in Java)
    host_id       INTEGER REFERENCES hosts (id),      -- NULL exactly when scope = 'all_hosts'
    guest         TEXT,                               -- NULL for host-level checks and for all_hosts
    check_id      TEXT NOT NULL,
    justification TEXT NOT NULL CHECK (length(trim(justification)) > 0),
    author        TEXT NOT NULL CHECK (length(trim(author)) > 0),
    approver      TEXT NOT NULL CHECK (length(trim(approver)) > 0),
    expires       TEXT NOT NULL,                      -- UTC ISO-8601; the waiver stops applying at this instant
    created       TEXT NOT NULL,
    revoked       TEXT,                               -- when it was withdrawn; NULL while it stands
    renewed       TEXT,                               -- when it was last renewed; NULL if never
    CHECK ((host_id IS NULL) = (scope = 'all_hosts'))
) STRICT;

INSERT INTO waivers_v4 (id, scope, host_id, guest, check_id, justification, author, approver, expires, created, revoked)
    SELECT id, 'target', host_id, guest, check_id, justification, author, author, expires, created, revoked FROM waivers;

DROP INDEX waivers_target;
DROP TABLE waivers;
ALTER TABLE waivers_v4 RENAME TO waivers;
CREATE INDEX waivers_target ON waivers (host_id, check_id, guest, id);
CREATE INDEX waivers_check ON waivers (check_id, id);

-- One row per renewal: the values the waiver had until it was renewed at 'replaced' by 'replaced_by'.
CREATE TABLE waiver_history (
    id            INTEGER PRIMARY KEY,
    waiver_id     INTEGER NOT NULL REFERENCES waivers (id),
    justification TEXT NOT NULL,
    author        TEXT NOT NULL,
    approver      TEXT NOT NULL,
    expires       TEXT NOT NULL,
    revoked       TEXT,                               -- set if it had been revoked before the renewal
    valid_from    TEXT NOT NULL,                      -- when these values were entered (created or last renewed)
    replaced      TEXT NOT NULL,
    replaced_by   TEXT NOT NULL CHECK (length(trim(replaced_by)) > 0)
) STRICT;

CREATE INDEX waiver_history_waiver ON waiver_history (waiver_id, id);

CREATE TABLE false_positives (
    id         INTEGER PRIMARY KEY,
    host_id    INTEGER NOT NULL REFERENCES hosts (id),
    guest      TEXT,                                  -- NULL for host-level checks
    check_id   TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    author     TEXT NOT NULL CHECK (length(trim(author)) > 0),
    created    TEXT NOT NULL,
    revoked    TEXT,                                  -- when it was withdrawn; NULL while it stands
    revoked_by TEXT
) STRICT;

CREATE INDEX false_positives_target ON false_positives (host_id, check_id, guest, id);
