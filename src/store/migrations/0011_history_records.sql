-- Migration 11: what 历年对比 needs beyond the years this program ran — the organizer's own
-- decisions (which organizations of earlier years a post continues, renamed or merged into
-- it; whether a problem found like an earlier year's is really the same one named again,
-- 反复出现), and the years kept on paper before it, imported from her Excel files.
-- Shipped: never edit; append a new migration instead.

-- Both go with the rows they are about: a year deleted takes its links and decisions with
-- it (as it takes their log), so a file imported later with the same ids starts without them.

-- "This organization continues the post that earlier years knew as earlier_name (of
-- earlier_unit)": one row for a renamed organization, one per organization merged into it.
CREATE TABLE post_links (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    earlier_name    TEXT NOT NULL,
    earlier_unit    TEXT NOT NULL,
    actor           TEXT NOT NULL,
    linked_at       TEXT NOT NULL,
    UNIQUE (organization_id, earlier_name, earlier_unit)
);

-- The organizer's word on one pair (this year's problem, an earlier year's of the same
-- post): confirmed, it stands as 反复出现 even where the words differ; dismissed, it is no
-- longer flagged anywhere.
CREATE TABLE repeat_decisions (
    problem_id         TEXT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    earlier_problem_id TEXT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    decision           TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    actor              TEXT NOT NULL,
    decided_at         TEXT NOT NULL,
    PRIMARY KEY (problem_id, earlier_problem_id)
);
CREATE INDEX repeat_decisions_by_earlier ON repeat_decisions (earlier_problem_id);

-- A year kept on paper before this program, imported from the organizer's 评议结果汇总表 and
-- 整改清单 (Excel): an ordinary campaign for its organizations, secretaries and lists, with
-- this mark and its results as recorded then (not worked out from ballots, which it has none of).
CREATE TABLE paper_years (
    campaign_id  TEXT PRIMARY KEY NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    results_file TEXT NOT NULL,
    lists_file   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);

-- Each secretary's result as the 评议结果汇总表 recorded it: the grade (none: 未参加测评),
-- the votes per grade and the score and rank where the sheet has them.
CREATE TABLE paper_results (
    secretary_id TEXT PRIMARY KEY NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    grade        TEXT CHECK (grade IN ('good', 'fairly_good', 'fair', 'poor')),
    good         INTEGER CHECK (good >= 0),
    fairly_good  INTEGER CHECK (fairly_good >= 0),
    fair         INTEGER CHECK (fair >= 0),
    poor         INTEGER CHECK (poor >= 0),
    score        REAL,
    rank         INTEGER CHECK (rank >= 1)
);

-- A year kept on paper was voted on paper, years ago: no ballot, sheet, code or closing is
-- ever written to it, whatever path tries.
CREATE TRIGGER paper_year_takes_no_ballot BEFORE INSERT ON ballots
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_sheet BEFORE INSERT ON ballot_sheets
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_code BEFORE INSERT ON ballot_codes
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_is_not_closed BEFORE INSERT ON vote_closures
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;

-- Nor is its meeting set up again: no agenda, panel, 书面述职 list, 点评, scoring rule,
-- phone vote, new round, double entry, received result or 年度考核 is written to it after
-- its import (the import itself writes the organizer's rules before the year is marked).
CREATE TRIGGER paper_year_takes_no_agenda BEFORE INSERT ON agenda
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_panel BEFORE INSERT ON rater_categories
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_written_list BEFORE INSERT ON written_reports
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_comment BEFORE INSERT ON superior_comments
WHEN EXISTS (
    SELECT 1 FROM paper_years
    JOIN organizations ON organizations.campaign_id = paper_years.campaign_id
    JOIN secretaries ON secretaries.organization_id = organizations.id
    WHERE secretaries.id = NEW.secretary_id
)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_rules BEFORE INSERT ON scoring_rule_versions
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_phone_slot BEFORE INSERT ON phone_ballot_slots
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_round BEFORE INSERT ON vote_rounds
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_assessment_rule BEFORE INSERT ON assessment_rules_versions
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_daily_score BEFORE INSERT ON daily_scores
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_assessment_decision BEFORE INSERT ON assessment_decisions
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_check BEFORE INSERT ON ballot_checks
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
CREATE TRIGGER paper_year_takes_no_received_result BEFORE INSERT ON received_results
WHEN EXISTS (SELECT 1 FROM paper_years WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: paper year'); END;
