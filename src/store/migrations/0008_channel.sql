-- Migration 8: how each rater category votes (测评方式). A rater holds either a printed
-- sheet or a phone code, never both: sheets are printed only for the categories that vote
-- on paper and codes are made only for those that vote by phone.
ALTER TABLE rater_categories ADD COLUMN ballot_channel TEXT NOT NULL DEFAULT 'paper'
    CHECK (ballot_channel IN ('paper', 'phone'));

-- A category that so far has codes and no printed sheets voted by phone.
UPDATE rater_categories SET ballot_channel = 'phone'
WHERE EXISTS (SELECT 1 FROM ballot_codes c WHERE c.category_id = rater_categories.id)
  AND NOT EXISTS (SELECT 1 FROM ballot_sheets s WHERE s.category_id = rater_categories.id);
