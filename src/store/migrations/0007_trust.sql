-- Migration 7: the second trust round. Each part of it under its own heading.

-- Phone ballots during the vote (扫码测评).
-- A phone ballot is written into a slot prepared before the vote: one row per code, with a
-- random row key and a fixed-size zeroed content, filled in place by an update of the same
-- size, so that neither row keys, pages nor where a ballot lies within its page follow the
-- order in which phones voted. No index: an index entry rewritten on each fill would be laid
-- down in arrival order. Closing the vote moves the filled slots into `ballots` and deletes
-- every slot; the triggers keep a sealed campaign's slots as unchangeable as its ballots.
CREATE TABLE phone_ballot_slots (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    filled      INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1)),
    content     BLOB NOT NULL
);
CREATE TRIGGER phone_ballot_slots_sealed_insert BEFORE INSERT ON phone_ballot_slots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;
CREATE TRIGGER phone_ballot_slots_sealed_update BEFORE UPDATE ON phone_ballot_slots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id IN (OLD.campaign_id, NEW.campaign_id))
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;
CREATE TRIGGER phone_ballot_slots_sealed_delete BEFORE DELETE ON phone_ballot_slots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = OLD.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

-- Return packages imported on a secretary's computer: when the organizer made the latest
-- one, so that an older return (a file left on a USB stick) never rolls back the result,
-- a 销号 or a 点评 the newer one brought.
CREATE TABLE imported_returns (
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    secretary_id TEXT NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    exported_at  TEXT NOT NULL,
    PRIMARY KEY (campaign_id, secretary_id)
);

-- Why the organizer closed a vote in which a category returned more ballots than it has
-- raters or was issued (the reason is logged and printed on the results).
ALTER TABLE vote_closures ADD COLUMN over_vote_reason TEXT;
