-- Migration 6: what this computer is for, and the undo of a measure's state.
--
-- `workstation` holds one row: the role chosen at the first start (书记, 组织方, or
-- looking at the sample), the name the person gave for each role (the audit log names
-- whoever acted, so an organizer's name must never sign a secretary's submission), and
-- on a secretary's computer which secretary of the imported campaign she is.
--
-- `rectification_changes` keeps each change of a measure's state with what it was
-- before (the state and, for an undone 销号, its date, verifier and evidence), so the
-- last change can be undone; the undo is itself logged in audit_log.
-- Shipped: never edit; append a new migration instead.

CREATE TABLE workstation (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    role           TEXT CHECK (role IN ('secretary', 'organizer', 'sample')),
    secretary_name TEXT NOT NULL DEFAULT '',
    organizer_name TEXT NOT NULL DEFAULT '',
    secretary_id   TEXT REFERENCES secretaries (id) ON DELETE SET NULL
);
INSERT INTO workstation (id) VALUES (1);

CREATE TABLE rectification_changes (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    rectification_id       TEXT NOT NULL REFERENCES rectifications (id) ON DELETE CASCADE,
    at                     TEXT NOT NULL,
    actor                  TEXT NOT NULL,
    previous_status        TEXT NOT NULL,
    previous_signed_off_on TEXT,
    previous_verifier      TEXT,
    previous_evidence      TEXT,
    new_status             TEXT NOT NULL,
    undone_at              TEXT
);
CREATE INDEX rectification_changes_by_measure ON rectification_changes (rectification_id);
