-- Migration 1: the whole 述职评议 process. Shipped: never edit; append a new migration instead.
-- Every list a campaign document carries keeps a `position`, so that a campaign exported,
-- imported and exported again comes out in the same order, byte for byte.

CREATE TABLE campaigns (
    id                   TEXT PRIMARY KEY NOT NULL,
    year                 INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title                TEXT NOT NULL,
    organizer            TEXT NOT NULL,
    meeting_date         TEXT,
    speaking_minutes     INTEGER NOT NULL CHECK (speaking_minutes > 0),
    report_char_budget   INTEGER NOT NULL CHECK (report_char_budget > 0),
    problems_min_percent INTEGER NOT NULL CHECK (problems_min_percent BETWEEN 0 AND 100),
    scoring_rules        TEXT NOT NULL,
    created_at           TEXT NOT NULL
);

CREATE TABLE focus_points (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('achievements', 'problems', 'measures', 'last_year', 'other')),
    guidance    TEXT NOT NULL,
    char_budget INTEGER NOT NULL CHECK (char_budget >= 0)
);
CREATE INDEX focus_points_by_campaign ON focus_points (campaign_id, position);

CREATE TABLE review_levels (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (campaign_id, position)
);

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    parent_id   TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch')),
    unit        TEXT NOT NULL
);
CREATE INDEX organizations_by_campaign ON organizations (campaign_id, position);
CREATE INDEX organizations_by_parent ON organizations (parent_id);

CREATE TABLE secretaries (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    title           TEXT NOT NULL
);
CREATE INDEX secretaries_by_organization ON secretaries (organization_id);

CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    secretary_id TEXT NOT NULL UNIQUE REFERENCES secretaries (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    review_level INTEGER NOT NULL CHECK (review_level >= 0),
    updated_at   TEXT NOT NULL
);

CREATE TABLE sections (
    report_id      TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    focus_point_id TEXT NOT NULL REFERENCES focus_points (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    body           TEXT NOT NULL,
    PRIMARY KEY (report_id, focus_point_id)
);

CREATE TABLE revisions (
    id         TEXT PRIMARY KEY NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number >= 1),
    created_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    note       TEXT NOT NULL,
    -- The sections as a JSON array of {focus_point_id, body}: a revision is a frozen copy.
    sections   TEXT NOT NULL,
    UNIQUE (report_id, number)
);

CREATE TABLE evidence (
    id             TEXT PRIMARY KEY NOT NULL,
    report_id      TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    focus_point_id TEXT REFERENCES focus_points (id) ON DELETE SET NULL,
    position       INTEGER NOT NULL,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256         TEXT NOT NULL,
    description    TEXT NOT NULL,
    added_at       TEXT NOT NULL
);
CREATE INDEX evidence_by_report ON evidence (report_id, position);

CREATE TABLE approvals (
    id         TEXT PRIMARY KEY NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    level      INTEGER NOT NULL CHECK (level >= 0),
    reviewer   TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('returned', 'passed')),
    created_at TEXT NOT NULL
);
CREATE INDEX approvals_by_report ON approvals (report_id, position);

CREATE TABLE approval_comments (
    approval_id    TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    focus_point_id TEXT REFERENCES focus_points (id) ON DELETE SET NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (approval_id, position)
);

CREATE TABLE superior_comments (
    id             TEXT PRIMARY KEY NOT NULL,
    secretary_id   TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    commenter      TEXT NOT NULL,
    -- 点不足 as a JSON array of strings.
    shortcomings   TEXT NOT NULL,
    direction      TEXT NOT NULL,
    responsibility TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX superior_comments_by_secretary ON superior_comments (secretary_id);

CREATE TABLE rater_categories (
    id             TEXT PRIMARY KEY NOT NULL,
    campaign_id    TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    weight_percent INTEGER NOT NULL CHECK (weight_percent BETWEEN 0 AND 100),
    planned_size   INTEGER NOT NULL CHECK (planned_size >= 0)
);
CREATE INDEX rater_categories_by_campaign ON rater_categories (campaign_id, position);

CREATE TABLE raters (
    id          TEXT PRIMARY KEY NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    affiliation TEXT NOT NULL
);
CREATE INDEX raters_by_category ON raters (category_id);

-- A ballot names its category and serial only: nothing ties it to a rater.
CREATE TABLE ballots (
    id          TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    serial      TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES rater_categories (id) ON DELETE CASCADE,
    suggestions TEXT NOT NULL,
    UNIQUE (campaign_id, serial)
);

CREATE TABLE ballot_entries (
    ballot_id      TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    secretary_id   TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    grade          TEXT CHECK (grade IN ('good', 'fairly_good', 'fair', 'poor')),
    multiple_marks INTEGER NOT NULL CHECK (multiple_marks IN (0, 1)),
    PRIMARY KEY (ballot_id, secretary_id)
);
CREATE INDEX ballot_entries_by_secretary ON ballot_entries (secretary_id);

CREATE TABLE problems (
    id           TEXT PRIMARY KEY NOT NULL,
    secretary_id TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('self_review', 'superior_comment', 'panel_review', 'review_comment')),
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    cause        TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX problems_by_secretary ON problems (secretary_id);

CREATE TABLE responsibilities (
    id         TEXT PRIMARY KEY NOT NULL,
    problem_id TEXT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    owner      TEXT NOT NULL,
    leader     TEXT NOT NULL,
    department TEXT NOT NULL
);
CREATE INDEX responsibilities_by_problem ON responsibilities (problem_id);

CREATE TABLE rectifications (
    id                TEXT PRIMARY KEY NOT NULL,
    problem_id        TEXT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    measure           TEXT NOT NULL,
    target            TEXT NOT NULL,
    owner             TEXT NOT NULL,
    due               TEXT,
    status            TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'ongoing')),
    signed_off_on     TEXT,
    verifier          TEXT,
    sign_off_evidence TEXT,
    CHECK ((signed_off_on IS NULL) = (verifier IS NULL) AND (verifier IS NULL) = (sign_off_evidence IS NULL))
);
CREATE INDEX rectifications_by_problem ON rectifications (problem_id);

CREATE TABLE inspections (
    id                TEXT PRIMARY KEY NOT NULL,
    rectification_id  TEXT NOT NULL REFERENCES rectifications (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('regular', 'spot', 'special')),
    date              TEXT NOT NULL,
    inspector         TEXT NOT NULL,
    findings          TEXT NOT NULL
);
CREATE INDEX inspections_by_rectification ON inspections (rectification_id);

-- Who changed what, when. Entries with no campaign are this database's own events
-- (imports, the sample campaign) and do not travel with a campaign.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id TEXT REFERENCES campaigns (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_by_campaign ON audit_log (campaign_id, seq);
