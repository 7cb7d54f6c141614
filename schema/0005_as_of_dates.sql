-- 0005_as_of_dates: a report shows what was true on the last day of its period, so the two
-- facts that were stored without a date get one.
--
-- * An intervention is completed on a date (completed_on), not "completed" for ever: the
--   lägesrapport of a period before that date says "Nej". The old yes/no flag becomes a date
--   by the rule of intervention_completion_default below.
-- * A manual goal value is measured on a date, and a goal may be measured several times during
--   a project (a baseline in 2011, a follow-up in 2013): the values move from goal.m_value_c /
--   goal.m_source to goal_value, one row per measurement. A value stored before this migration
--   had no date; it is taken as measured on the project's last day, so that it shows in no
--   report earlier than the one that can have known it.

-- The completion date that a bare "completed" (the old flag, or `completed: true` of a bundle
-- written before completion dates) stands for: the date of the intervention's last session of
-- an activity that is not cancelled, or the project's end when there is none. The bundle import
-- (src/core/bundle_import.c) reads it too, so the rule is written once.
CREATE VIEW intervention_completion_default AS
    SELECT i.id AS intervention_id,
           coalesce((SELECT max(s.session_date) FROM activity a JOIN session s ON s.activity_id = a.id
                     WHERE a.intervention_id = i.id AND a.status <> 'cancelled'),
                    p.end_date) AS completed_on
    FROM intervention i JOIN project p ON p.id = i.project_id;

ALTER TABLE intervention ADD COLUMN completed_on TEXT
    CHECK (completed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
UPDATE intervention SET completed_on =
    (SELECT d.completed_on FROM intervention_completion_default d WHERE d.intervention_id = intervention.id)
    WHERE completed = 1;
ALTER TABLE intervention DROP COLUMN completed;

-- goal without m_value_c and m_source (and the CHECK that tied them to kind manual): SQLite
-- drops no column that a table CHECK names, so the table is rebuilt with the same ids.
CREATE TABLE goal_new (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code               TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL CHECK (length(title) > 0),
    description        TEXT,
    measure_kind       TEXT NOT NULL CHECK (measure_kind IN ('participants','certificates','certified_people',
                                       'certified_share','group_members','survey_share','manual')),
    m_organisation_id  INTEGER REFERENCES organisation(id),
    m_gender           TEXT CHECK (m_gender IN ('female','male','other','unknown')),
    m_intervention_id  INTEGER REFERENCES intervention(id),
    m_group_id         INTEGER REFERENCES grp(id),
    m_survey_id        INTEGER REFERENCES survey(id),
    m_survey_kind      TEXT CHECK (m_survey_kind IN ('after_activity','baseline','follow_up')),
    m_question         TEXT,
    m_min              INTEGER CHECK (m_min BETWEEN 1 AND 5),
    target_c           INTEGER NOT NULL,
    comparison         TEXT NOT NULL DEFAULT '>=' CHECK (comparison IN ('>=','<=')),
    unit               TEXT NOT NULL DEFAULT 'count' CHECK (unit IN ('count','percent')),
    CHECK (measure_kind <> 'group_members' OR m_group_id IS NOT NULL),
    CHECK (measure_kind <> 'survey_share' OR m_question IS NOT NULL),
    UNIQUE (project_id, code)
);
INSERT INTO goal_new (id, project_id, code, position, title, description, measure_kind,
                      m_organisation_id, m_gender, m_intervention_id, m_group_id, m_survey_id,
                      m_survey_kind, m_question, m_min, target_c, comparison, unit)
    SELECT id, project_id, code, position, title, description, measure_kind,
           m_organisation_id, m_gender, m_intervention_id, m_group_id, m_survey_id,
           m_survey_kind, m_question, m_min, target_c, comparison, unit FROM goal;

-- The measurements of a manual goal: a value in hundredths (percent or count) measured on a
-- date, and where it comes from. A report shows the latest one measured on or before its last
-- day. (REFERENCES goal_new becomes REFERENCES goal with the rename below.)
CREATE TABLE goal_value (
    id           INTEGER PRIMARY KEY,
    goal_id      INTEGER NOT NULL REFERENCES goal_new(id) ON DELETE CASCADE,
    measured_on  TEXT NOT NULL CHECK (measured_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    value_c      INTEGER NOT NULL,
    source       TEXT,
    UNIQUE (goal_id, measured_on)
);
INSERT INTO goal_value (goal_id, measured_on, value_c, source)
    SELECT g.id, p.end_date, g.m_value_c, g.m_source FROM goal g JOIN project p ON p.id = g.project_id
    WHERE g.measure_kind = 'manual' AND g.m_value_c IS NOT NULL;

DROP TABLE goal;
ALTER TABLE goal_new RENAME TO goal;
