-- Migration 11: the organizer's own decisions in 历年对比 — which organizations of earlier
-- years a post continues (renamed, or merged into it), and whether a problem found similar
-- to an earlier year's is really the same one named again (反复出现).
-- Shipped: never edit; append a new migration instead.

-- Neither table refers to its rows by foreign key: a campaign replaced by importing its
-- file again keeps its ids, and the decisions taken on it must come back with it rather
-- than be deleted with the old rows. A decision whose rows are gone is not read.

-- "This organization continues the post that earlier years knew as earlier_name (of
-- earlier_unit)": one row for a renamed organization, one per organization merged into it.
CREATE TABLE post_links (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL,
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
    problem_id         TEXT NOT NULL,
    earlier_problem_id TEXT NOT NULL,
    decision           TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    actor              TEXT NOT NULL,
    decided_at         TEXT NOT NULL,
    PRIMARY KEY (problem_id, earlier_problem_id)
);
