-- Migration 3: the meeting. The agenda, versioned scoring rules, printed ballot sheets,
-- the closing of the vote with its fingerprint, second entries for double entry, optional
-- per-dimension grades, problems that remember which 点评 point or suggestion they
-- came from, progress notes on measures, the sign-off of the lists and one-time phone
-- ballot codes. Shipped: never edit;
-- append a new migration instead.

-- Optional grading dimensions (e.g. 党建工作全面性) as a JSON array of names.
ALTER TABLE campaigns ADD COLUMN dimensions TEXT NOT NULL DEFAULT '[]';
-- Every paper ballot is typed twice and the two entries compared before the vote closes.
ALTER TABLE campaigns ADD COLUMN double_entry INTEGER NOT NULL DEFAULT 0 CHECK (double_entry IN (0, 1));

-- The speaking order (述职顺序). No rows: every secretary, in roster order.
CREATE TABLE agenda (
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    secretary_id TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, secretary_id)
);

-- Every version of a campaign's scoring rules; campaigns.scoring_rules is the newest.
CREATE TABLE scoring_rule_versions (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    rules       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (campaign_id, version)
);
INSERT INTO scoring_rule_versions (campaign_id, version, rules, created_at, actor)
    SELECT id, 1, scoring_rules, created_at, organizer FROM campaigns;

-- The serials printed on the paper ballot sheets (测评表), each for one rater category.
CREATE TABLE ballot_sheets (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    serial      TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, serial)
);

-- A closed vote: the ballots and rules are frozen, and the fingerprint covers the ballots.
CREATE TABLE vote_closures (
    campaign_id   TEXT PRIMARY KEY NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    closed_at     TEXT NOT NULL,
    closed_by     TEXT NOT NULL,
    fingerprint   TEXT NOT NULL CHECK (length(fingerprint) = 64),
    rules_version INTEGER NOT NULL
);

-- Ballots again, without the unique serial: a second paper ballot with a serial already
-- entered must be kept and counted as invalid, never refused and lost. Rebuilt by copying,
-- because SQLite cannot drop a constraint; the entries move first so that dropping the old
-- table cascades to nothing.
CREATE TABLE ballots_v3 (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    serial      TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    suggestions TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT 'paper' CHECK (channel IN ('paper', 'phone'))
);
INSERT INTO ballots_v3 (id, campaign_id, position, serial, category_id, suggestions)
    SELECT id, campaign_id, position, serial, category_id, suggestions FROM ballots;
CREATE TABLE ballot_entries_v3 (
    ballot_id       TEXT NOT NULL REFERENCES ballots_v3 (id) ON DELETE CASCADE,
    secretary_id    TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    grade           TEXT CHECK (grade IN ('good', 'fairly_good', 'fair', 'poor')),
    multiple_marks  INTEGER NOT NULL CHECK (multiple_marks IN (0, 1)),
    -- Per-dimension marks as a JSON array, in the campaign's dimension order.
    dimension_marks TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (ballot_id, secretary_id)
);
INSERT INTO ballot_entries_v3 (ballot_id, secretary_id, position, grade, multiple_marks)
    SELECT ballot_id, secretary_id, position, grade, multiple_marks FROM ballot_entries;
DROP TABLE ballot_entries;
DROP TABLE ballots;
ALTER TABLE ballots_v3 RENAME TO ballots;
ALTER TABLE ballot_entries_v3 RENAME TO ballot_entries;
CREATE INDEX ballots_by_campaign ON ballots (campaign_id, serial);
CREATE INDEX ballot_entries_by_secretary ON ballot_entries (secretary_id);

-- The second entry of a paper ballot under double entry, compared with the first.
CREATE TABLE ballot_checks (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    serial      TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    -- The entries as JSON, in the shape of ballot entries.
    entries     TEXT NOT NULL,
    suggestions TEXT NOT NULL,
    UNIQUE (campaign_id, serial)
);

-- Where a problem came from, e.g. `superior_comment:<id>:<point>` or `ballot:<id>`.
ALTER TABLE problems ADD COLUMN origin TEXT;

-- Progress notes (整改进展) on a measure, each with the evidence seen.
CREATE TABLE progress_notes (
    id               TEXT PRIMARY KEY NOT NULL,
    rectification_id TEXT NOT NULL REFERENCES rectifications (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    date             TEXT NOT NULL,
    note             TEXT NOT NULL,
    evidence         TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX progress_notes_by_rectification ON progress_notes (rectification_id);

-- A reviewer's sign-off of a secretary's lists (or the campaign's, secretary_id NULL), with a
-- digest of what was signed so a later change shows.
CREATE TABLE list_signoffs (
    id           TEXT PRIMARY KEY NOT NULL,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    secretary_id TEXT REFERENCES secretaries (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    reviewer     TEXT NOT NULL,
    note         TEXT NOT NULL,
    content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
    signed_at    TEXT NOT NULL
);
CREATE INDEX list_signoffs_by_campaign ON list_signoffs (campaign_id);

-- One-time codes for voting by phone (扫码测评), per rater category. A code only knows
-- whether it was used; the ballot it gave has no code, so neither points to the other.
CREATE TABLE ballot_codes (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    PRIMARY KEY (campaign_id, code)
);
