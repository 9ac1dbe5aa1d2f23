-- Migration 4: what a secretary's computer received back from the organizer.
-- Shipped: never edit; append a new migration instead.

-- The secretary's result as published by the organizer (from a return package), for a
-- computer that holds no ballots. `content` is the JSON of `meeting::PersonalResult`.
CREATE TABLE received_results (
    secretary_id TEXT PRIMARY KEY NOT NULL REFERENCES secretaries (id) ON DELETE CASCADE,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    received_at  TEXT NOT NULL,
    content      TEXT NOT NULL CHECK (json_valid(content))
);
CREATE INDEX received_results_by_campaign ON received_results (campaign_id);
