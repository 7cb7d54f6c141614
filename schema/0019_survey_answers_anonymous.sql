-- The anonymity rule for the answers stored before it (docs/workflows.md, "Anonymous surveys"):
-- an answer's organisation and gender are kept only where at least 5 people marked present at
-- the survey's activity share them, the rest stored as not given. The rule is written once, in
-- C (survey_crowd_keep(), src/core/survey.c): the migration runner (src/core/migrate.c) calls
-- survey_crowd_rewrite() for this migration, in its transaction, after this file, which by
-- itself changes nothing.
SELECT 1;
