-- 0001_init: the whole domain model of insats.
--
-- Conventions (see docs/architecture.md):
-- * Every entity has an integer surrogate key `id` used by foreign keys, and, where users
--   refer to it, a text `code`: the string id of the bundle format (e.g. "a017"), unique
--   within its project (or within its parent for child records such as sessions).
-- * Money is integer öre (`*_ore`), never floating point. Hours are integer hundredths of an
--   hour (`hours_c`). Fractions (tolerance, threshold) are integer basis points (1 % = 100).
-- * Dates are ISO text 'YYYY-MM-DD', times 'HH:MM'; CHECKs keep them in that shape.
-- * Enumerations are CHECKed text values, the same words as the bundle format.

CREATE TABLE project (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
    name                    TEXT NOT NULL CHECK (length(name) > 0),
    diarienummer            TEXT,
    owner_org_id            INTEGER REFERENCES organisation(id) DEFERRABLE INITIALLY DEFERRED,
    start_date              TEXT NOT NULL CHECK (start_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_date                TEXT NOT NULL CHECK (end_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    planned_participants    INTEGER CHECK (planned_participants >= 0),
    budget_tolerance_bp     INTEGER NOT NULL DEFAULT 1000 CHECK (budget_tolerance_bp BETWEEN 0 AND 10000),
    certificate_threshold_bp INTEGER NOT NULL DEFAULT 8000 CHECK (certificate_threshold_bp BETWEEN 0 AND 10000),
    CHECK (end_date >= start_date)
);

CREATE TABLE phase (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    start_date  TEXT NOT NULL CHECK (start_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_date    TEXT NOT NULL CHECK (end_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    CHECK (end_date >= start_date),
    UNIQUE (project_id, position)
);

CREATE TABLE reporting_period (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    from_date   TEXT NOT NULL CHECK (from_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    to_date     TEXT NOT NULL CHECK (to_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    CHECK (to_date >= from_date),
    UNIQUE (project_id, number)
);

CREATE TABLE competence_area (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    UNIQUE (project_id, name),
    UNIQUE (project_id, position)
);

CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name            TEXT NOT NULL CHECK (length(name) > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('municipality','region','agency','university',
                                                  'company','transnational','other')),
    country         TEXT NOT NULL DEFAULT 'SE' CHECK (length(country) = 2 AND country = upper(country)),
    hourly_cost_ore INTEGER CHECK (hourly_cost_ore >= 0),
    UNIQUE (project_id, code)
);

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name            TEXT NOT NULL CHECK (length(name) > 0),
    gender          TEXT NOT NULL CHECK (gender IN ('female','male','other','unknown')),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    unit            TEXT,
    role            TEXT,
    email           TEXT,
    -- Personnummer: secretbox ciphertext (nonce || box) under the key file kept outside this
    -- database, and a keyed hash of the 12 digits so that re-imports find the same person.
    pnr_cipher      BLOB,
    pnr_hash        BLOB CHECK (pnr_hash IS NULL OR length(pnr_hash) = 32),
    CHECK ((pnr_cipher IS NULL) = (pnr_hash IS NULL)),
    UNIQUE (project_id, code),
    UNIQUE (project_id, pnr_hash)
);
CREATE INDEX person_organisation ON person(organisation_id);

CREATE TABLE grp (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('steering','project','expert','focus','ambassadors','other')),
    UNIQUE (project_id, code)
);

CREATE TABLE membership (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    from_date   TEXT CHECK (from_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    to_date     TEXT CHECK (to_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    role        TEXT,
    CHECK (to_date IS NULL OR from_date IS NULL OR to_date >= from_date)
);
CREATE INDEX membership_group ON membership(group_id);
CREATE INDEX membership_person ON membership(person_id);

CREATE TABLE intervention (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code                 TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    title                TEXT NOT NULL CHECK (length(title) > 0),
    start_date           TEXT CHECK (start_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    planned_participants INTEGER CHECK (planned_participants >= 0),
    completed            INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0,1)),
    counts_participants  INTEGER NOT NULL DEFAULT 1 CHECK (counts_participants IN (0,1)),
    UNIQUE (project_id, code)
);

CREATE TABLE proposal (
    id                     INTEGER PRIMARY KEY,
    project_id             INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code                   TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    title                  TEXT NOT NULL CHECK (length(title) > 0),
    area_id                INTEGER REFERENCES competence_area(id),
    organisation_id        INTEGER NOT NULL REFERENCES organisation(id),
    unit                   TEXT,
    description            TEXT,
    submitted              TEXT NOT NULL CHECK (submitted GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    estimated_participants INTEGER CHECK (estimated_participants >= 0),
    status                 TEXT NOT NULL CHECK (status IN ('submitted','forwarded','approved','rejected','deferred')),
    UNIQUE (project_id, code)
);

-- Decision history of a proposal, in order: who moved it to which status, when and why.
CREATE TABLE proposal_event (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    event_date   TEXT NOT NULL CHECK (event_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status       TEXT NOT NULL CHECK (status IN ('submitted','forwarded','approved','rejected','deferred')),
    by_person_id INTEGER REFERENCES person(id),
    note         TEXT,
    UNIQUE (proposal_id, position)
);

CREATE TABLE activity (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code                 TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    intervention_id      INTEGER NOT NULL REFERENCES intervention(id),
    proposal_id          INTEGER REFERENCES proposal(id),
    title                TEXT NOT NULL CHECK (length(title) > 0),
    kind                 TEXT NOT NULL CHECK (kind IN ('training','lecture','workshop','study_visit',
                                                       'conference','network_meeting','other')),
    area_id              INTEGER REFERENCES competence_area(id),
    supplier             TEXT,
    venue                TEXT,
    planned_participants INTEGER CHECK (planned_participants >= 0),
    status               TEXT NOT NULL CHECK (status IN ('planned','booked','held','cancelled')),
    cost_ore             INTEGER CHECK (cost_ore >= 0),
    UNIQUE (project_id, code)
);
CREATE INDEX activity_intervention ON activity(intervention_id);

CREATE TABLE activity_organisation (
    activity_id     INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    PRIMARY KEY (activity_id, organisation_id)
) WITHOUT ROWID;

CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    session_date TEXT NOT NULL CHECK (session_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    start_time   TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    end_time     TEXT CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    hours_c      INTEGER NOT NULL CHECK (hours_c >= 0 AND hours_c <= 2400),
    UNIQUE (activity_id, code)
);
CREATE INDEX session_date ON session(session_date);

CREATE TABLE attendance (
    session_id  INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    present     INTEGER NOT NULL CHECK (present IN (0,1)),
    PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;
CREATE INDEX attendance_person ON attendance(person_id);

CREATE TABLE survey (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    title        TEXT NOT NULL CHECK (length(title) > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('after_activity','baseline','follow_up')),
    activity_id  INTEGER REFERENCES activity(id),
    survey_date  TEXT CHECK (survey_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    UNIQUE (project_id, code)
);

CREATE TABLE question (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL CHECK (length(text) > 0),
    type        TEXT NOT NULL CHECK (type IN ('scale5','yes_no','text')),
    -- Scale answers at or above this count towards the survey share (SPEC: default 2).
    threshold   INTEGER NOT NULL DEFAULT 2 CHECK (threshold BETWEEN 1 AND 5),
    UNIQUE (survey_id, code)
);

-- Anonymous: a response carries only organisation and gender, both optional.
CREATE TABLE response (
    id              INTEGER PRIMARY KEY,
    survey_id       INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    organisation_id INTEGER REFERENCES organisation(id),
    gender          TEXT CHECK (gender IN ('female','male','other','unknown')),
    UNIQUE (survey_id, code)
);

CREATE TABLE answer (
    response_id  INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    question_id  INTEGER NOT NULL REFERENCES question(id) ON DELETE CASCADE,
    num_value    INTEGER,
    text_value   TEXT,
    CHECK ((num_value IS NULL) <> (text_value IS NULL)),
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE INDEX answer_question ON answer(question_id);

CREATE TABLE certificate (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    activity_id  INTEGER REFERENCES activity(id),
    title        TEXT NOT NULL CHECK (length(title) > 0),
    issued       TEXT NOT NULL CHECK (issued GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    UNIQUE (project_id, code)
);
CREATE INDEX certificate_person ON certificate(person_id);

CREATE TABLE goal (
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
    -- A manual measure's value, in hundredths (percent or count), and where it comes from.
    m_value_c          INTEGER,
    m_source           TEXT,
    target_c           INTEGER NOT NULL,
    comparison         TEXT NOT NULL DEFAULT '>=' CHECK (comparison IN ('>=','<=')),
    unit               TEXT NOT NULL DEFAULT 'count' CHECK (unit IN ('count','percent')),
    CHECK (measure_kind <> 'manual' OR m_value_c IS NOT NULL),
    CHECK (measure_kind <> 'group_members' OR m_group_id IS NOT NULL),
    CHECK (measure_kind <> 'survey_share' OR m_question IS NOT NULL),
    UNIQUE (project_id, code)
);

CREATE TABLE budget_category (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    UNIQUE (project_id, code)
);

-- Budget versions in order; the one with the highest position is in force.
CREATE TABLE budget_version (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) > 0),
    version_date TEXT NOT NULL CHECK (version_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reason       TEXT,
    UNIQUE (project_id, code)
);

CREATE TABLE budget_line (
    version_id   INTEGER NOT NULL REFERENCES budget_version(id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES budget_category(id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    amount_ore   INTEGER NOT NULL CHECK (amount_ore >= 0),
    PRIMARY KEY (version_id, category_id, year)
) WITHOUT ROWID;

CREATE TABLE cost_entry (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    cost_date    TEXT NOT NULL CHECK (cost_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    category_id  INTEGER NOT NULL REFERENCES budget_category(id),
    amount_ore   INTEGER NOT NULL,
    text         TEXT,
    activity_id  INTEGER REFERENCES activity(id),
    voucher      TEXT,
    UNIQUE (project_id, code)
);
CREATE INDEX cost_entry_date ON cost_entry(cost_date);

CREATE TABLE deviation (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code               TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    deviation_date     TEXT NOT NULL CHECK (deviation_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    area               TEXT NOT NULL CHECK (area IN ('time','budget','activity','participants','goal')),
    description        TEXT NOT NULL CHECK (length(description) > 0),
    reported_to_funder INTEGER NOT NULL DEFAULT 0 CHECK (reported_to_funder IN (0,1)),
    reported_date      TEXT CHECK (reported_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    measures           TEXT,
    CHECK (reported_date IS NULL OR reported_to_funder = 1),
    UNIQUE (project_id, code)
);

CREATE TABLE meeting (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    group_id      INTEGER REFERENCES grp(id),
    title         TEXT NOT NULL CHECK (length(title) > 0),
    meeting_date  TEXT NOT NULL CHECK (meeting_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    start_time    TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    end_time      TEXT CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    place         TEXT,
    status        TEXT NOT NULL CHECK (status IN ('planned','held','cancelled')),
    cancel_reason TEXT,
    notes_by_person_id INTEGER REFERENCES person(id),
    CHECK (cancel_reason IS NULL OR status = 'cancelled'),
    UNIQUE (project_id, code)
);

-- An attendee is a person of the project or a guest named with an organisation.
CREATE TABLE meeting_attendee (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    person_id         INTEGER REFERENCES person(id),
    guest_name        TEXT,
    guest_organisation TEXT,
    status            TEXT NOT NULL CHECK (status IN ('present','absent','excused')),
    CHECK ((person_id IS NULL) <> (guest_name IS NULL)),
    UNIQUE (meeting_id, position)
);

CREATE TABLE agenda_item (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (length(title) > 0),
    presenter   TEXT,
    notes       TEXT,
    UNIQUE (meeting_id, position)
);

CREATE TABLE decision (
    id              INTEGER PRIMARY KEY,
    agenda_item_id  INTEGER NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL CHECK (length(text) > 0),
    UNIQUE (agenda_item_id, position)
);

CREATE TABLE action_item (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    text            TEXT NOT NULL CHECK (length(text) > 0),
    owner_person_id INTEGER REFERENCES person(id),
    due             TEXT CHECK (due GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
    UNIQUE (meeting_id, code)
);

CREATE TABLE dissemination (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    item_date   TEXT NOT NULL CHECK (item_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    channel     TEXT NOT NULL CHECK (channel IN ('newsletter','press','article','web','presentation','other')),
    title       TEXT NOT NULL CHECK (length(title) > 0),
    audience    TEXT,
    UNIQUE (project_id, code)
);

-- Free text per reporting period (NULL: the final report) and report section.
CREATE TABLE narrative (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    period      INTEGER CHECK (period >= 1),
    section     TEXT NOT NULL CHECK (length(section) BETWEEN 1 AND 64),
    text        TEXT NOT NULL,
    UNIQUE (project_id, period, section)
);
-- UNIQUE treats NULLs as distinct; the final report's sections need their own guard.
CREATE UNIQUE INDEX narrative_final ON narrative(project_id, section) WHERE period IS NULL;
