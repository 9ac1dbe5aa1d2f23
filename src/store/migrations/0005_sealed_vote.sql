-- Migration 5: a sealed vote is sealed in the database itself. Once a campaign has a
-- row in vote_closures, no ballot, ballot entry or second entry of that campaign can
-- be added, changed or removed, whatever code or connection tries: the only way back is
-- the logged reopen, which deletes the closure first. The core checks "closed?" inside
-- its write transactions and says so in Chinese; these triggers are the floor under it.
-- Anything that must delete a sealed campaign's ballots (say, removing a campaign)
-- deletes its closure row first. The message is matched in src/error.rs.
-- Shipped: never edit; append a new migration instead.

CREATE TRIGGER ballots_sealed_insert BEFORE INSERT ON ballots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballots_sealed_update BEFORE UPDATE ON ballots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id IN (OLD.campaign_id, NEW.campaign_id))
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballots_sealed_delete BEFORE DELETE ON ballots
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = OLD.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_entries_sealed_insert BEFORE INSERT ON ballot_entries
WHEN EXISTS (SELECT 1 FROM ballots b JOIN vote_closures v ON v.campaign_id = b.campaign_id WHERE b.id = NEW.ballot_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_entries_sealed_update BEFORE UPDATE ON ballot_entries
WHEN EXISTS (SELECT 1 FROM ballots b JOIN vote_closures v ON v.campaign_id = b.campaign_id
             WHERE b.id IN (OLD.ballot_id, NEW.ballot_id))
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_entries_sealed_delete BEFORE DELETE ON ballot_entries
WHEN EXISTS (SELECT 1 FROM ballots b JOIN vote_closures v ON v.campaign_id = b.campaign_id WHERE b.id = OLD.ballot_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_checks_sealed_insert BEFORE INSERT ON ballot_checks
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = NEW.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_checks_sealed_update BEFORE UPDATE ON ballot_checks
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id IN (OLD.campaign_id, NEW.campaign_id))
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;

CREATE TRIGGER ballot_checks_sealed_delete BEFORE DELETE ON ballot_checks
WHEN EXISTS (SELECT 1 FROM vote_closures WHERE campaign_id = OLD.campaign_id)
BEGIN SELECT RAISE(ABORT, 'shuzhi: vote sealed'); END;
