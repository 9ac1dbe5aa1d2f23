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
