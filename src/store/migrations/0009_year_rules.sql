-- Migration 9: rules of the year that real 方案 use.
-- Shipped: never edit; append a new migration instead.

-- The organizer's decision of a tie at the quota on 好 (好等次名额并列), kept with the
-- closure it belongs to: a reopen deletes the closure and so the decision, since the
-- ballots may change. JSON: {"kept": [secretary ids], "reason", "decided_by", "decided_at"}.
ALTER TABLE vote_closures ADD COLUMN quota_decision TEXT;

-- 现场述职 and 书面述职: whether those who report in writing are still rated by the panel
-- (on their report), and how often every organization must report on the spot (in years).
ALTER TABLE campaigns ADD COLUMN written_rated INTEGER NOT NULL DEFAULT 1;
ALTER TABLE campaigns ADD COLUMN on_site_every_years INTEGER;

-- The secretaries who report in writing this year (书面述职); everyone else on the spot.
CREATE TABLE written_reports (
    secretary_id TEXT PRIMARY KEY NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE
);
CREATE INDEX written_reports_by_campaign ON written_reports (campaign_id);

-- 述评考一体化: the composite rule's versions, the 日常考核 scores per organization, and the
-- organizer's decisions (a missing part, a one-vote veto) per secretary.
CREATE TABLE assessment_rules_versions (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    rules       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (campaign_id, version)
);
CREATE TABLE daily_scores (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    campaign_id     TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    items           TEXT NOT NULL
);
CREATE INDEX daily_scores_by_campaign ON daily_scores (campaign_id);
CREATE TABLE assessment_decisions (
    secretary_id TEXT PRIMARY KEY NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL
);
CREATE INDEX assessment_decisions_by_campaign ON assessment_decisions (campaign_id);

-- A vote the rules stopped (须重新测评) is kept whole when a new round starts: its closure,
-- its ballots and the serials it printed, as JSON, so that nothing counted is lost and no
-- sheet of it can vote again.
CREATE TABLE vote_rounds (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    round       INTEGER NOT NULL,
    record      TEXT NOT NULL,
    archived_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (campaign_id, round)
);
