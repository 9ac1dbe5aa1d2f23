-- Migration 9: the organizer's decision of a tie at the quota on 好 (好等次名额并列), kept
-- with the closure it belongs to: a reopen deletes the closure and so the decision, since
-- the ballots may change. JSON: {"kept": [secretary ids], "reason", "decided_by", "decided_at"}.
-- Shipped: never edit; append a new migration instead.
ALTER TABLE vote_closures ADD COLUMN quota_decision TEXT;
