-- virtharden project file, schema version 2: the operator's answers to manual and hybrid checks, and the
-- evidence attached to them. Same conventions as V1 (STRICT, UTC ISO-8601 text times, no BEGIN/COMMIT).
--
-- Answers are never updated or deleted: a new answer for the same host, guest and check supersedes the
-- earlier one, so the file keeps who said what and when. Attachments live inside the file with the
-- SHA-256 of their bytes, computed when they were added.

CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    host_id     INTEGER NOT NULL REFERENCES hosts (id),
    guest       TEXT,                                 -- NULL for host-level checks
    check_id    TEXT NOT NULL,
    status      TEXT NOT NULL,                        -- pass | fail | not_applicable
    note        TEXT,                                 -- required for not_applicable (the justification)
    answered_by TEXT NOT NULL,
    answered    TEXT NOT NULL
) STRICT;

CREATE INDEX answers_target ON answers (host_id, check_id, guest, id);

CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    answer_id  INTEGER NOT NULL REFERENCES answers (id),
    file_name  TEXT NOT NULL,                         -- the name it had on the operator's machine, no path
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    added      TEXT NOT NULL
) STRICT;

CREATE INDEX attachments_answer ON attachments (answer_id);
