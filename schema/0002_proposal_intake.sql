-- 0002_proposal_intake: the project can pause the intake of new training proposals, with a
-- message shown to those who would submit one (SPEC: "no new proposals until the approved
-- ones are carried out").
ALTER TABLE project ADD COLUMN proposals_paused INTEGER NOT NULL DEFAULT 0
    CHECK (proposals_paused IN (0,1));
ALTER TABLE project ADD COLUMN proposals_paused_message TEXT;
