-- Migration 2: the bytes of evidence files, kept once per content (SHA-256), evidence
-- that supports one problem item, and each campaign's own list of stock phrases.
-- Shipped: never edit; append a new migration instead.

-- A blob stays while any evidence row names its digest; the program deletes it with the last one.
CREATE TABLE evidence_blobs (
    sha256     TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    content    BLOB NOT NULL
);

ALTER TABLE evidence ADD COLUMN problem_id TEXT REFERENCES problems (id) ON DELETE SET NULL;
CREATE INDEX evidence_by_sha256 ON evidence (sha256);

-- The stock phrases the cliche-dense check counts, as a JSON array; NULL uses the built-in list.
ALTER TABLE campaigns ADD COLUMN cliches TEXT;
