-- virtharden project file, schema version 3: waivers. Same conventions as V1 (STRICT, UTC ISO-8601 text
-- times, no BEGIN/COMMIT).
--
-- A waiver accepts a FAIL or WARN of one check on one host (or guest) until it expires, with the reason and
-- who accepted it. Waivers are never updated except to record when they were revoked, and never deleted:
-- the file keeps who accepted which risk, when and until when. A waiver applies while it is not revoked and
-- its expiry lies in the future; an expired waiver no longer hides anything.

CREATE TABLE waivers (
    id            INTEGER PRIMARY KEY,
    host_id       INTEGER NOT NULL REFERENCES hosts (id),
    guest         TEXT,                               -- NULL for host-level checks
    check_id      TEXT NOT NULL,
    justification TEXT NOT NULL CHECK (length(trim(justification)) > 0),
    author        TEXT NOT NULL CHECK (length(trim(author)) > 0),
    expires       TEXT NOT NULL,                      -- UTC ISO-8601; the waiver stops applying at this instant
    created       TEXT NOT NULL,
    revoked       TEXT                                -- when it was withdrawn; NULL while it stands
) STRICT;

CREATE INDEX waivers_target ON waivers (host_id, check_id, guest, id);
