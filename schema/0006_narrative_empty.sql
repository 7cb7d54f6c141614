-- 0006_narrative_empty: a question of the funder's form that the manager leaves unanswered on
-- purpose. A report with an unanswered question is a draft ("Utkast"); a narrative marked
-- empty answers the question with nothing, and the report is no longer held back by it.
ALTER TABLE narrative ADD COLUMN empty INTEGER NOT NULL DEFAULT 0
    CHECK (empty IN (0, 1) AND (empty = 0 OR text = ''));
