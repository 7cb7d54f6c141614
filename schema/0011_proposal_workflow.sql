-- insats-migrate: foreign-keys-off
-- 0011_proposal_workflow: a training proposal goes from the unit that wishes it to its
-- organisation's coordinator and on to project management (docs/workflows.md "Training
-- proposals and their approval"). The form asks more than the table held (target group,
-- estimated hours and cost, the period wished for), a coordinator may send a proposal back
-- ("returned"), each step keeps who took it and when to the second, and the intake can be
-- paused until a date.
--
-- A CHECK of a column cannot be changed in place, so proposal and proposal_event are made
-- anew and their rows copied (SQLite's "making other kinds of table schema changes"): the
-- migration runs with foreign keys off and checks them before it commits (migrate.c).

CREATE TABLE proposal_new (
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
    status                 TEXT NOT NULL CHECK (status IN ('submitted','forwarded','returned',
                                                           'approved','rejected','deferred')),
    target_group           TEXT,
    estimated_hours_c      INTEGER CHECK (estimated_hours_c >= 0),
    estimated_cost_ore     INTEGER CHECK (estimated_cost_ore >= 0),
    wished_period          TEXT,
    -- The login of the account that submitted it, who is told of the decision and may edit
    -- and send it again when it comes back; NULL for a proposal entered on paper or imported.
    submitted_by           TEXT,
    UNIQUE (project_id, code)
);
INSERT INTO proposal_new (id, project_id, code, title, area_id, organisation_id, unit,
                          description, submitted, estimated_participants, status)
    SELECT id, project_id, code, title, area_id, organisation_id, unit, description, submitted,
           estimated_participants, status FROM proposal;

CREATE TABLE proposal_event_new (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    event_date   TEXT NOT NULL CHECK (event_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status       TEXT NOT NULL CHECK (status IN ('submitted','forwarded','returned',
                                                 'approved','rejected','deferred')),
    by_person_id INTEGER REFERENCES person(id),
    note         TEXT,
    -- Who took the step through insats (the account's login and name as they were then) and
    -- when, in UTC to the second; NULL for history entered on paper or imported without them.
    by_login     TEXT,
    by_name      TEXT,
    at           TEXT CHECK (at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
    UNIQUE (proposal_id, position)
);
INSERT INTO proposal_event_new (id, proposal_id, position, event_date, status, by_person_id, note)
    SELECT id, proposal_id, position, event_date, status, by_person_id, note FROM proposal_event;

DROP TABLE proposal_event;
DROP TABLE proposal;
ALTER TABLE proposal_new RENAME TO proposal;
ALTER TABLE proposal_event_new RENAME TO proposal_event;
CREATE INDEX proposal_status ON proposal(project_id, status);

-- The intake paused until a date (it is open again from that day on); NULL
-- while paused until a manager opens it.
ALTER TABLE project ADD COLUMN proposals_paused_until TEXT
    CHECK (proposals_paused_until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
DROP TRIGGER audit_project_insert;
DROP TRIGGER audit_project_update;
DROP TRIGGER audit_project_delete;
-- The audit triggers of the three tables, by scripts/audit-triggers.sh.
CREATE TRIGGER audit_project_insert AFTER INSERT ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message, 'proposals_paused_until', NEW.proposals_paused_until));
END;
CREATE TRIGGER audit_project_update AFTER UPDATE ON project
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.diarienummer IS NOT NEW.diarienummer OR OLD.owner_org_id IS NOT NEW.owner_org_id OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.budget_tolerance_bp IS NOT NEW.budget_tolerance_bp OR OLD.certificate_threshold_bp IS NOT NEW.certificate_threshold_bp OR OLD.proposals_paused IS NOT NEW.proposals_paused OR OLD.proposals_paused_message IS NOT NEW.proposals_paused_message OR OLD.proposals_paused_until IS NOT NEW.proposals_paused_until)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message, 'proposals_paused_until', OLD.proposals_paused_until), insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message, 'proposals_paused_until', NEW.proposals_paused_until));
END;
CREATE TRIGGER audit_project_delete AFTER DELETE ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message, 'proposals_paused_until', OLD.proposals_paused_until), NULL);
END;
CREATE TRIGGER audit_proposal_insert AFTER INSERT ON proposal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'area_id', NEW.area_id, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'description', NEW.description, 'submitted', NEW.submitted, 'estimated_participants', NEW.estimated_participants, 'status', NEW.status, 'target_group', NEW.target_group, 'estimated_hours_c', NEW.estimated_hours_c, 'estimated_cost_ore', NEW.estimated_cost_ore, 'wished_period', NEW.wished_period, 'submitted_by', NEW.submitted_by));
END;
CREATE TRIGGER audit_proposal_update AFTER UPDATE ON proposal
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.title IS NOT NEW.title OR OLD.area_id IS NOT NEW.area_id OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.unit IS NOT NEW.unit OR OLD.description IS NOT NEW.description OR OLD.submitted IS NOT NEW.submitted OR OLD.estimated_participants IS NOT NEW.estimated_participants OR OLD.status IS NOT NEW.status OR OLD.target_group IS NOT NEW.target_group OR OLD.estimated_hours_c IS NOT NEW.estimated_hours_c OR OLD.estimated_cost_ore IS NOT NEW.estimated_cost_ore OR OLD.wished_period IS NOT NEW.wished_period OR OLD.submitted_by IS NOT NEW.submitted_by)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'area_id', OLD.area_id, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'description', OLD.description, 'submitted', OLD.submitted, 'estimated_participants', OLD.estimated_participants, 'status', OLD.status, 'target_group', OLD.target_group, 'estimated_hours_c', OLD.estimated_hours_c, 'estimated_cost_ore', OLD.estimated_cost_ore, 'wished_period', OLD.wished_period, 'submitted_by', OLD.submitted_by), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'area_id', NEW.area_id, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'description', NEW.description, 'submitted', NEW.submitted, 'estimated_participants', NEW.estimated_participants, 'status', NEW.status, 'target_group', NEW.target_group, 'estimated_hours_c', NEW.estimated_hours_c, 'estimated_cost_ore', NEW.estimated_cost_ore, 'wished_period', NEW.wished_period, 'submitted_by', NEW.submitted_by));
END;
CREATE TRIGGER audit_proposal_delete AFTER DELETE ON proposal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'area_id', OLD.area_id, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'description', OLD.description, 'submitted', OLD.submitted, 'estimated_participants', OLD.estimated_participants, 'status', OLD.status, 'target_group', OLD.target_group, 'estimated_hours_c', OLD.estimated_hours_c, 'estimated_cost_ore', OLD.estimated_cost_ore, 'wished_period', OLD.wished_period, 'submitted_by', OLD.submitted_by), NULL);
END;
CREATE TRIGGER audit_proposal_event_insert AFTER INSERT ON proposal_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'proposal_id', NEW.proposal_id, 'position', NEW.position, 'event_date', NEW.event_date, 'status', NEW.status, 'by_person_id', NEW.by_person_id, 'note', NEW.note, 'by_login', NEW.by_login, 'by_name', NEW.by_name, 'at', NEW.at));
END;
CREATE TRIGGER audit_proposal_event_update AFTER UPDATE ON proposal_event
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.proposal_id IS NOT NEW.proposal_id OR OLD.position IS NOT NEW.position OR OLD.event_date IS NOT NEW.event_date OR OLD.status IS NOT NEW.status OR OLD.by_person_id IS NOT NEW.by_person_id OR OLD.note IS NOT NEW.note OR OLD.by_login IS NOT NEW.by_login OR OLD.by_name IS NOT NEW.by_name OR OLD.at IS NOT NEW.at)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'proposal_id', OLD.proposal_id, 'position', OLD.position, 'event_date', OLD.event_date, 'status', OLD.status, 'by_person_id', OLD.by_person_id, 'note', OLD.note, 'by_login', OLD.by_login, 'by_name', OLD.by_name, 'at', OLD.at), insats_json_object('id', NEW.id, 'proposal_id', NEW.proposal_id, 'position', NEW.position, 'event_date', NEW.event_date, 'status', NEW.status, 'by_person_id', NEW.by_person_id, 'note', NEW.note, 'by_login', NEW.by_login, 'by_name', NEW.by_name, 'at', NEW.at));
END;
CREATE TRIGGER audit_proposal_event_delete AFTER DELETE ON proposal_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'proposal_id', OLD.proposal_id, 'position', OLD.position, 'event_date', OLD.event_date, 'status', OLD.status, 'by_person_id', OLD.by_person_id, 'note', OLD.note, 'by_login', OLD.by_login, 'by_name', OLD.by_name, 'at', OLD.at), NULL);
END;
