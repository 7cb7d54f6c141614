-- 0008_audit: the audit trail. Every change to the project's data — from the web, the API or
-- the command line — is written to audit_log by the triggers below, in the same transaction as
-- the change, so that no write path can leave it out and a rolled-back change leaves no entry.
-- The JSON is made by insats_json_object(), since SQLite's json_object() may not run in a
-- trigger under trusted_schema=OFF. Who acts comes from the connection: insats_actor('user' | 'login' | 'name' | 'interface') is
-- a function that db.c defines on every connection (audit_set_actor() sets it; SQLITE_INNOCUOUS,
-- since the connection runs with trusted_schema=OFF). A write on a connection that has no actor
-- is refused by the CHECK insats_audit_actor (a schema migration acts as 'system'), and a
-- write from a tool that lacks the function (the sqlite3 shell) fails with "no such
-- function": nothing changes unrecorded.
-- insats_audit_rows() is 0 while a bulk import runs (an import is recorded as one entry with its
-- file and counts instead; docs/architecture.md "Audit trail").
-- Personnummer never appear: person's sealed personnummer is left out, its hash only says
-- "set" or "changed" under the name personnummer. The entries cannot be changed or deleted.
-- The triggers are written by scripts/audit-triggers.sh.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,              -- UTC, 2026-12-01T10:55:12Z
    user_id     INTEGER,                    -- the account; NULL for the command line. No foreign
                                            -- key: the trail outlives the accounts it names.
    actor_login TEXT,
    actor_name  TEXT,
    interface   TEXT,
    kind        TEXT NOT NULL,              -- person, activity, … (a table's name; grp: group)
    record_id   INTEGER,                    -- the row's id, where it has one
    record_code TEXT,                       -- the record's code (the bundle's id), where it has one
    action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import', 'reveal')),
    before      TEXT,                       -- JSON of the row before (update, delete)
    after       TEXT,                       -- JSON of the row after (insert, update), or what an
                                            -- import or a reveal did
    CONSTRAINT insats_audit_actor CHECK (actor_login IS NOT NULL AND length(actor_login) > 0
                                         AND actor_name IS NOT NULL
                                         AND interface IN ('web', 'api', 'cli', 'system'))
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_login ON audit_log(actor_login, id);
CREATE INDEX audit_log_kind ON audit_log(kind, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'insats-audit-immutable');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'insats-audit-immutable');
END;
CREATE TRIGGER audit_project_insert AFTER INSERT ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message));
END;
CREATE TRIGGER audit_project_update AFTER UPDATE ON project
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.diarienummer IS NOT NEW.diarienummer OR OLD.owner_org_id IS NOT NEW.owner_org_id OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.budget_tolerance_bp IS NOT NEW.budget_tolerance_bp OR OLD.certificate_threshold_bp IS NOT NEW.certificate_threshold_bp OR OLD.proposals_paused IS NOT NEW.proposals_paused OR OLD.proposals_paused_message IS NOT NEW.proposals_paused_message)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message), insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message));
END;
CREATE TRIGGER audit_project_delete AFTER DELETE ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message), NULL);
END;
CREATE TRIGGER audit_phase_insert AFTER INSERT ON phase
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'phase', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'position', NEW.position, 'name', NEW.name, 'start_date', NEW.start_date, 'end_date', NEW.end_date));
END;
CREATE TRIGGER audit_phase_update AFTER UPDATE ON phase
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.position IS NOT NEW.position OR OLD.name IS NOT NEW.name OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'phase', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'position', OLD.position, 'name', OLD.name, 'start_date', OLD.start_date, 'end_date', OLD.end_date), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'position', NEW.position, 'name', NEW.name, 'start_date', NEW.start_date, 'end_date', NEW.end_date));
END;
CREATE TRIGGER audit_phase_delete AFTER DELETE ON phase
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'phase', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'position', OLD.position, 'name', OLD.name, 'start_date', OLD.start_date, 'end_date', OLD.end_date), NULL);
END;
CREATE TRIGGER audit_reporting_period_insert AFTER INSERT ON reporting_period
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'reporting_period', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'number', NEW.number, 'from_date', NEW.from_date, 'to_date', NEW.to_date));
END;
CREATE TRIGGER audit_reporting_period_update AFTER UPDATE ON reporting_period
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.number IS NOT NEW.number OR OLD.from_date IS NOT NEW.from_date OR OLD.to_date IS NOT NEW.to_date)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'reporting_period', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'number', OLD.number, 'from_date', OLD.from_date, 'to_date', OLD.to_date), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'number', NEW.number, 'from_date', NEW.from_date, 'to_date', NEW.to_date));
END;
CREATE TRIGGER audit_reporting_period_delete AFTER DELETE ON reporting_period
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'reporting_period', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'number', OLD.number, 'from_date', OLD.from_date, 'to_date', OLD.to_date), NULL);
END;
CREATE TRIGGER audit_competence_area_insert AFTER INSERT ON competence_area
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'competence_area', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'position', NEW.position, 'name', NEW.name));
END;
CREATE TRIGGER audit_competence_area_update AFTER UPDATE ON competence_area
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.position IS NOT NEW.position OR OLD.name IS NOT NEW.name)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'competence_area', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'position', OLD.position, 'name', OLD.name), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'position', NEW.position, 'name', NEW.name));
END;
CREATE TRIGGER audit_competence_area_delete AFTER DELETE ON competence_area
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'competence_area', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'position', OLD.position, 'name', OLD.name), NULL);
END;
CREATE TRIGGER audit_organisation_insert AFTER INSERT ON organisation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'organisation', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'kind', NEW.kind, 'country', NEW.country, 'hourly_cost_ore', NEW.hourly_cost_ore));
END;
CREATE TRIGGER audit_organisation_update AFTER UPDATE ON organisation
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.country IS NOT NEW.country OR OLD.hourly_cost_ore IS NOT NEW.hourly_cost_ore)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'organisation', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'kind', OLD.kind, 'country', OLD.country, 'hourly_cost_ore', OLD.hourly_cost_ore), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'kind', NEW.kind, 'country', NEW.country, 'hourly_cost_ore', NEW.hourly_cost_ore));
END;
CREATE TRIGGER audit_organisation_delete AFTER DELETE ON organisation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'organisation', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'kind', OLD.kind, 'country', OLD.country, 'hourly_cost_ore', OLD.hourly_cost_ore), NULL);
END;
CREATE TRIGGER audit_person_insert AFTER INSERT ON person
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'person', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'gender', NEW.gender, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'role', NEW.role, 'email', NEW.email, 'personnummer', CASE WHEN NEW.pnr_hash IS NULL THEN NULL ELSE 'set' END));
END;
CREATE TRIGGER audit_person_update AFTER UPDATE ON person
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.gender IS NOT NEW.gender OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.unit IS NOT NEW.unit OR OLD.role IS NOT NEW.role OR OLD.email IS NOT NEW.email OR OLD.pnr_hash IS NOT NEW.pnr_hash)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'person', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'gender', OLD.gender, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'role', OLD.role, 'email', OLD.email, 'personnummer', CASE WHEN OLD.pnr_hash IS NULL THEN NULL ELSE 'set' END), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'gender', NEW.gender, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'role', NEW.role, 'email', NEW.email, 'personnummer', CASE WHEN NEW.pnr_hash IS NULL THEN NULL WHEN OLD.pnr_hash IS NOT NEW.pnr_hash THEN 'changed' ELSE 'set' END));
END;
CREATE TRIGGER audit_person_delete AFTER DELETE ON person
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'person', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'gender', OLD.gender, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'role', OLD.role, 'email', OLD.email, 'personnummer', CASE WHEN OLD.pnr_hash IS NULL THEN NULL ELSE 'set' END), NULL);
END;
CREATE TRIGGER audit_grp_insert AFTER INSERT ON grp
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'kind', NEW.kind));
END;
CREATE TRIGGER audit_grp_update AFTER UPDATE ON grp
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'kind', OLD.kind), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'name', NEW.name, 'kind', NEW.kind));
END;
CREATE TRIGGER audit_grp_delete AFTER DELETE ON grp
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'name', OLD.name, 'kind', OLD.kind), NULL);
END;
CREATE TRIGGER audit_membership_insert AFTER INSERT ON membership
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'membership', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'group_id', NEW.group_id, 'person_id', NEW.person_id, 'from_date', NEW.from_date, 'to_date', NEW.to_date, 'role', NEW.role));
END;
CREATE TRIGGER audit_membership_update AFTER UPDATE ON membership
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.group_id IS NOT NEW.group_id OR OLD.person_id IS NOT NEW.person_id OR OLD.from_date IS NOT NEW.from_date OR OLD.to_date IS NOT NEW.to_date OR OLD.role IS NOT NEW.role)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'membership', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'group_id', OLD.group_id, 'person_id', OLD.person_id, 'from_date', OLD.from_date, 'to_date', OLD.to_date, 'role', OLD.role), insats_json_object('id', NEW.id, 'group_id', NEW.group_id, 'person_id', NEW.person_id, 'from_date', NEW.from_date, 'to_date', NEW.to_date, 'role', NEW.role));
END;
CREATE TRIGGER audit_membership_delete AFTER DELETE ON membership
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'membership', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'group_id', OLD.group_id, 'person_id', OLD.person_id, 'from_date', OLD.from_date, 'to_date', OLD.to_date, 'role', OLD.role), NULL);
END;
CREATE TRIGGER audit_intervention_insert AFTER INSERT ON intervention
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'intervention', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'start_date', NEW.start_date, 'planned_participants', NEW.planned_participants, 'counts_participants', NEW.counts_participants, 'completed_on', NEW.completed_on));
END;
CREATE TRIGGER audit_intervention_update AFTER UPDATE ON intervention
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.title IS NOT NEW.title OR OLD.start_date IS NOT NEW.start_date OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.counts_participants IS NOT NEW.counts_participants OR OLD.completed_on IS NOT NEW.completed_on)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'intervention', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'start_date', OLD.start_date, 'planned_participants', OLD.planned_participants, 'counts_participants', OLD.counts_participants, 'completed_on', OLD.completed_on), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'start_date', NEW.start_date, 'planned_participants', NEW.planned_participants, 'counts_participants', NEW.counts_participants, 'completed_on', NEW.completed_on));
END;
CREATE TRIGGER audit_intervention_delete AFTER DELETE ON intervention
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'intervention', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'start_date', OLD.start_date, 'planned_participants', OLD.planned_participants, 'counts_participants', OLD.counts_participants, 'completed_on', OLD.completed_on), NULL);
END;
CREATE TRIGGER audit_proposal_insert AFTER INSERT ON proposal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'area_id', NEW.area_id, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'description', NEW.description, 'submitted', NEW.submitted, 'estimated_participants', NEW.estimated_participants, 'status', NEW.status));
END;
CREATE TRIGGER audit_proposal_update AFTER UPDATE ON proposal
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.title IS NOT NEW.title OR OLD.area_id IS NOT NEW.area_id OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.unit IS NOT NEW.unit OR OLD.description IS NOT NEW.description OR OLD.submitted IS NOT NEW.submitted OR OLD.estimated_participants IS NOT NEW.estimated_participants OR OLD.status IS NOT NEW.status)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'area_id', OLD.area_id, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'description', OLD.description, 'submitted', OLD.submitted, 'estimated_participants', OLD.estimated_participants, 'status', OLD.status), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'area_id', NEW.area_id, 'organisation_id', NEW.organisation_id, 'unit', NEW.unit, 'description', NEW.description, 'submitted', NEW.submitted, 'estimated_participants', NEW.estimated_participants, 'status', NEW.status));
END;
CREATE TRIGGER audit_proposal_delete AFTER DELETE ON proposal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'area_id', OLD.area_id, 'organisation_id', OLD.organisation_id, 'unit', OLD.unit, 'description', OLD.description, 'submitted', OLD.submitted, 'estimated_participants', OLD.estimated_participants, 'status', OLD.status), NULL);
END;
CREATE TRIGGER audit_proposal_event_insert AFTER INSERT ON proposal_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'proposal_id', NEW.proposal_id, 'position', NEW.position, 'event_date', NEW.event_date, 'status', NEW.status, 'by_person_id', NEW.by_person_id, 'note', NEW.note));
END;
CREATE TRIGGER audit_proposal_event_update AFTER UPDATE ON proposal_event
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.proposal_id IS NOT NEW.proposal_id OR OLD.position IS NOT NEW.position OR OLD.event_date IS NOT NEW.event_date OR OLD.status IS NOT NEW.status OR OLD.by_person_id IS NOT NEW.by_person_id OR OLD.note IS NOT NEW.note)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'proposal_id', OLD.proposal_id, 'position', OLD.position, 'event_date', OLD.event_date, 'status', OLD.status, 'by_person_id', OLD.by_person_id, 'note', OLD.note), insats_json_object('id', NEW.id, 'proposal_id', NEW.proposal_id, 'position', NEW.position, 'event_date', NEW.event_date, 'status', NEW.status, 'by_person_id', NEW.by_person_id, 'note', NEW.note));
END;
CREATE TRIGGER audit_proposal_event_delete AFTER DELETE ON proposal_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'proposal_event', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'proposal_id', OLD.proposal_id, 'position', OLD.position, 'event_date', OLD.event_date, 'status', OLD.status, 'by_person_id', OLD.by_person_id, 'note', OLD.note), NULL);
END;
CREATE TRIGGER audit_activity_insert AFTER INSERT ON activity
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'intervention_id', NEW.intervention_id, 'proposal_id', NEW.proposal_id, 'title', NEW.title, 'kind', NEW.kind, 'area_id', NEW.area_id, 'supplier', NEW.supplier, 'venue', NEW.venue, 'planned_participants', NEW.planned_participants, 'status', NEW.status, 'cost_ore', NEW.cost_ore));
END;
CREATE TRIGGER audit_activity_update AFTER UPDATE ON activity
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.intervention_id IS NOT NEW.intervention_id OR OLD.proposal_id IS NOT NEW.proposal_id OR OLD.title IS NOT NEW.title OR OLD.kind IS NOT NEW.kind OR OLD.area_id IS NOT NEW.area_id OR OLD.supplier IS NOT NEW.supplier OR OLD.venue IS NOT NEW.venue OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.status IS NOT NEW.status OR OLD.cost_ore IS NOT NEW.cost_ore)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'intervention_id', OLD.intervention_id, 'proposal_id', OLD.proposal_id, 'title', OLD.title, 'kind', OLD.kind, 'area_id', OLD.area_id, 'supplier', OLD.supplier, 'venue', OLD.venue, 'planned_participants', OLD.planned_participants, 'status', OLD.status, 'cost_ore', OLD.cost_ore), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'intervention_id', NEW.intervention_id, 'proposal_id', NEW.proposal_id, 'title', NEW.title, 'kind', NEW.kind, 'area_id', NEW.area_id, 'supplier', NEW.supplier, 'venue', NEW.venue, 'planned_participants', NEW.planned_participants, 'status', NEW.status, 'cost_ore', NEW.cost_ore));
END;
CREATE TRIGGER audit_activity_delete AFTER DELETE ON activity
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'intervention_id', OLD.intervention_id, 'proposal_id', OLD.proposal_id, 'title', OLD.title, 'kind', OLD.kind, 'area_id', OLD.area_id, 'supplier', OLD.supplier, 'venue', OLD.venue, 'planned_participants', OLD.planned_participants, 'status', OLD.status, 'cost_ore', OLD.cost_ore), NULL);
END;
CREATE TRIGGER audit_activity_organisation_insert AFTER INSERT ON activity_organisation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_organisation', NULL, NULL, 'insert', NULL, insats_json_object('activity_id', NEW.activity_id, 'organisation_id', NEW.organisation_id));
END;
CREATE TRIGGER audit_activity_organisation_update AFTER UPDATE ON activity_organisation
WHEN insats_audit_rows() AND (OLD.activity_id IS NOT NEW.activity_id OR OLD.organisation_id IS NOT NEW.organisation_id)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_organisation', NULL, NULL, 'update', insats_json_object('activity_id', OLD.activity_id, 'organisation_id', OLD.organisation_id), insats_json_object('activity_id', NEW.activity_id, 'organisation_id', NEW.organisation_id));
END;
CREATE TRIGGER audit_activity_organisation_delete AFTER DELETE ON activity_organisation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_organisation', NULL, NULL, 'delete', insats_json_object('activity_id', OLD.activity_id, 'organisation_id', OLD.organisation_id), NULL);
END;
CREATE TRIGGER audit_session_insert AFTER INSERT ON session
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'session', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'activity_id', NEW.activity_id, 'code', NEW.code, 'session_date', NEW.session_date, 'start_time', NEW.start_time, 'end_time', NEW.end_time, 'hours_c', NEW.hours_c));
END;
CREATE TRIGGER audit_session_update AFTER UPDATE ON session
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.activity_id IS NOT NEW.activity_id OR OLD.code IS NOT NEW.code OR OLD.session_date IS NOT NEW.session_date OR OLD.start_time IS NOT NEW.start_time OR OLD.end_time IS NOT NEW.end_time OR OLD.hours_c IS NOT NEW.hours_c)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'session', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'activity_id', OLD.activity_id, 'code', OLD.code, 'session_date', OLD.session_date, 'start_time', OLD.start_time, 'end_time', OLD.end_time, 'hours_c', OLD.hours_c), insats_json_object('id', NEW.id, 'activity_id', NEW.activity_id, 'code', NEW.code, 'session_date', NEW.session_date, 'start_time', NEW.start_time, 'end_time', NEW.end_time, 'hours_c', NEW.hours_c));
END;
CREATE TRIGGER audit_session_delete AFTER DELETE ON session
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'session', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'activity_id', OLD.activity_id, 'code', OLD.code, 'session_date', OLD.session_date, 'start_time', OLD.start_time, 'end_time', OLD.end_time, 'hours_c', OLD.hours_c), NULL);
END;
CREATE TRIGGER audit_attendance_insert AFTER INSERT ON attendance
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'attendance', NULL, NULL, 'insert', NULL, insats_json_object('session_id', NEW.session_id, 'person_id', NEW.person_id, 'present', NEW.present));
END;
CREATE TRIGGER audit_attendance_update AFTER UPDATE ON attendance
WHEN insats_audit_rows() AND (OLD.session_id IS NOT NEW.session_id OR OLD.person_id IS NOT NEW.person_id OR OLD.present IS NOT NEW.present)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'attendance', NULL, NULL, 'update', insats_json_object('session_id', OLD.session_id, 'person_id', OLD.person_id, 'present', OLD.present), insats_json_object('session_id', NEW.session_id, 'person_id', NEW.person_id, 'present', NEW.present));
END;
CREATE TRIGGER audit_attendance_delete AFTER DELETE ON attendance
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'attendance', NULL, NULL, 'delete', insats_json_object('session_id', OLD.session_id, 'person_id', OLD.person_id, 'present', OLD.present), NULL);
END;
CREATE TRIGGER audit_survey_insert AFTER INSERT ON survey
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'kind', NEW.kind, 'activity_id', NEW.activity_id, 'survey_date', NEW.survey_date));
END;
CREATE TRIGGER audit_survey_update AFTER UPDATE ON survey
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.title IS NOT NEW.title OR OLD.kind IS NOT NEW.kind OR OLD.activity_id IS NOT NEW.activity_id OR OLD.survey_date IS NOT NEW.survey_date)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'kind', OLD.kind, 'activity_id', OLD.activity_id, 'survey_date', OLD.survey_date), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'kind', NEW.kind, 'activity_id', NEW.activity_id, 'survey_date', NEW.survey_date));
END;
CREATE TRIGGER audit_survey_delete AFTER DELETE ON survey
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'kind', OLD.kind, 'activity_id', OLD.activity_id, 'survey_date', OLD.survey_date), NULL);
END;
CREATE TRIGGER audit_question_insert AFTER INSERT ON question
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'question', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'position', NEW.position, 'text', NEW.text, 'type', NEW.type, 'threshold', NEW.threshold));
END;
CREATE TRIGGER audit_question_update AFTER UPDATE ON question
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.survey_id IS NOT NEW.survey_id OR OLD.code IS NOT NEW.code OR OLD.position IS NOT NEW.position OR OLD.text IS NOT NEW.text OR OLD.type IS NOT NEW.type OR OLD.threshold IS NOT NEW.threshold)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'question', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'position', OLD.position, 'text', OLD.text, 'type', OLD.type, 'threshold', OLD.threshold), insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'position', NEW.position, 'text', NEW.text, 'type', NEW.type, 'threshold', NEW.threshold));
END;
CREATE TRIGGER audit_question_delete AFTER DELETE ON question
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'question', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'position', OLD.position, 'text', OLD.text, 'type', OLD.type, 'threshold', OLD.threshold), NULL);
END;
CREATE TRIGGER audit_response_insert AFTER INSERT ON response
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'organisation_id', NEW.organisation_id, 'gender', NEW.gender));
END;
CREATE TRIGGER audit_response_update AFTER UPDATE ON response
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.survey_id IS NOT NEW.survey_id OR OLD.code IS NOT NEW.code OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.gender IS NOT NEW.gender)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'organisation_id', OLD.organisation_id, 'gender', OLD.gender), insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'organisation_id', NEW.organisation_id, 'gender', NEW.gender));
END;
CREATE TRIGGER audit_response_delete AFTER DELETE ON response
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'organisation_id', OLD.organisation_id, 'gender', OLD.gender), NULL);
END;
CREATE TRIGGER audit_answer_insert AFTER INSERT ON answer
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'answer', NULL, NULL, 'insert', NULL, insats_json_object('response_id', NEW.response_id, 'question_id', NEW.question_id, 'num_value', NEW.num_value, 'text_value', NEW.text_value));
END;
CREATE TRIGGER audit_answer_update AFTER UPDATE ON answer
WHEN insats_audit_rows() AND (OLD.response_id IS NOT NEW.response_id OR OLD.question_id IS NOT NEW.question_id OR OLD.num_value IS NOT NEW.num_value OR OLD.text_value IS NOT NEW.text_value)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'answer', NULL, NULL, 'update', insats_json_object('response_id', OLD.response_id, 'question_id', OLD.question_id, 'num_value', OLD.num_value, 'text_value', OLD.text_value), insats_json_object('response_id', NEW.response_id, 'question_id', NEW.question_id, 'num_value', NEW.num_value, 'text_value', NEW.text_value));
END;
CREATE TRIGGER audit_answer_delete AFTER DELETE ON answer
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'answer', NULL, NULL, 'delete', insats_json_object('response_id', OLD.response_id, 'question_id', OLD.question_id, 'num_value', OLD.num_value, 'text_value', OLD.text_value), NULL);
END;
CREATE TRIGGER audit_certificate_insert AFTER INSERT ON certificate
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'person_id', NEW.person_id, 'activity_id', NEW.activity_id, 'title', NEW.title, 'issued', NEW.issued));
END;
CREATE TRIGGER audit_certificate_update AFTER UPDATE ON certificate
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.person_id IS NOT NEW.person_id OR OLD.activity_id IS NOT NEW.activity_id OR OLD.title IS NOT NEW.title OR OLD.issued IS NOT NEW.issued)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'person_id', OLD.person_id, 'activity_id', OLD.activity_id, 'title', OLD.title, 'issued', OLD.issued), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'person_id', NEW.person_id, 'activity_id', NEW.activity_id, 'title', NEW.title, 'issued', NEW.issued));
END;
CREATE TRIGGER audit_certificate_delete AFTER DELETE ON certificate
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'person_id', OLD.person_id, 'activity_id', OLD.activity_id, 'title', OLD.title, 'issued', OLD.issued), NULL);
END;
CREATE TRIGGER audit_budget_category_insert AFTER INSERT ON budget_category
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_category', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'name', NEW.name));
END;
CREATE TRIGGER audit_budget_category_update AFTER UPDATE ON budget_category
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.position IS NOT NEW.position OR OLD.name IS NOT NEW.name)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_category', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'name', OLD.name), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'name', NEW.name));
END;
CREATE TRIGGER audit_budget_category_delete AFTER DELETE ON budget_category
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_category', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'name', OLD.name), NULL);
END;
CREATE TRIGGER audit_budget_version_insert AFTER INSERT ON budget_version
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_version', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'name', NEW.name, 'version_date', NEW.version_date, 'reason', NEW.reason));
END;
CREATE TRIGGER audit_budget_version_update AFTER UPDATE ON budget_version
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.position IS NOT NEW.position OR OLD.name IS NOT NEW.name OR OLD.version_date IS NOT NEW.version_date OR OLD.reason IS NOT NEW.reason)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_version', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'name', OLD.name, 'version_date', OLD.version_date, 'reason', OLD.reason), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'name', NEW.name, 'version_date', NEW.version_date, 'reason', NEW.reason));
END;
CREATE TRIGGER audit_budget_version_delete AFTER DELETE ON budget_version
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_version', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'name', OLD.name, 'version_date', OLD.version_date, 'reason', OLD.reason), NULL);
END;
CREATE TRIGGER audit_budget_line_insert AFTER INSERT ON budget_line
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_line', NULL, NULL, 'insert', NULL, insats_json_object('version_id', NEW.version_id, 'category_id', NEW.category_id, 'year', NEW.year, 'amount_ore', NEW.amount_ore));
END;
CREATE TRIGGER audit_budget_line_update AFTER UPDATE ON budget_line
WHEN insats_audit_rows() AND (OLD.version_id IS NOT NEW.version_id OR OLD.category_id IS NOT NEW.category_id OR OLD.year IS NOT NEW.year OR OLD.amount_ore IS NOT NEW.amount_ore)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_line', NULL, NULL, 'update', insats_json_object('version_id', OLD.version_id, 'category_id', OLD.category_id, 'year', OLD.year, 'amount_ore', OLD.amount_ore), insats_json_object('version_id', NEW.version_id, 'category_id', NEW.category_id, 'year', NEW.year, 'amount_ore', NEW.amount_ore));
END;
CREATE TRIGGER audit_budget_line_delete AFTER DELETE ON budget_line
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'budget_line', NULL, NULL, 'delete', insats_json_object('version_id', OLD.version_id, 'category_id', OLD.category_id, 'year', OLD.year, 'amount_ore', OLD.amount_ore), NULL);
END;
CREATE TRIGGER audit_cost_entry_insert AFTER INSERT ON cost_entry
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'cost', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'cost_date', NEW.cost_date, 'category_id', NEW.category_id, 'amount_ore', NEW.amount_ore, 'text', NEW.text, 'activity_id', NEW.activity_id, 'voucher', NEW.voucher));
END;
CREATE TRIGGER audit_cost_entry_update AFTER UPDATE ON cost_entry
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.cost_date IS NOT NEW.cost_date OR OLD.category_id IS NOT NEW.category_id OR OLD.amount_ore IS NOT NEW.amount_ore OR OLD.text IS NOT NEW.text OR OLD.activity_id IS NOT NEW.activity_id OR OLD.voucher IS NOT NEW.voucher)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'cost', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'cost_date', OLD.cost_date, 'category_id', OLD.category_id, 'amount_ore', OLD.amount_ore, 'text', OLD.text, 'activity_id', OLD.activity_id, 'voucher', OLD.voucher), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'cost_date', NEW.cost_date, 'category_id', NEW.category_id, 'amount_ore', NEW.amount_ore, 'text', NEW.text, 'activity_id', NEW.activity_id, 'voucher', NEW.voucher));
END;
CREATE TRIGGER audit_cost_entry_delete AFTER DELETE ON cost_entry
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'cost', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'cost_date', OLD.cost_date, 'category_id', OLD.category_id, 'amount_ore', OLD.amount_ore, 'text', OLD.text, 'activity_id', OLD.activity_id, 'voucher', OLD.voucher), NULL);
END;
CREATE TRIGGER audit_deviation_insert AFTER INSERT ON deviation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'deviation', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'deviation_date', NEW.deviation_date, 'area', NEW.area, 'description', NEW.description, 'reported_to_funder', NEW.reported_to_funder, 'reported_date', NEW.reported_date, 'measures', NEW.measures));
END;
CREATE TRIGGER audit_deviation_update AFTER UPDATE ON deviation
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.deviation_date IS NOT NEW.deviation_date OR OLD.area IS NOT NEW.area OR OLD.description IS NOT NEW.description OR OLD.reported_to_funder IS NOT NEW.reported_to_funder OR OLD.reported_date IS NOT NEW.reported_date OR OLD.measures IS NOT NEW.measures)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'deviation', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'deviation_date', OLD.deviation_date, 'area', OLD.area, 'description', OLD.description, 'reported_to_funder', OLD.reported_to_funder, 'reported_date', OLD.reported_date, 'measures', OLD.measures), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'deviation_date', NEW.deviation_date, 'area', NEW.area, 'description', NEW.description, 'reported_to_funder', NEW.reported_to_funder, 'reported_date', NEW.reported_date, 'measures', NEW.measures));
END;
CREATE TRIGGER audit_deviation_delete AFTER DELETE ON deviation
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'deviation', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'deviation_date', OLD.deviation_date, 'area', OLD.area, 'description', OLD.description, 'reported_to_funder', OLD.reported_to_funder, 'reported_date', OLD.reported_date, 'measures', OLD.measures), NULL);
END;
CREATE TRIGGER audit_meeting_insert AFTER INSERT ON meeting
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'group_id', NEW.group_id, 'title', NEW.title, 'meeting_date', NEW.meeting_date, 'start_time', NEW.start_time, 'end_time', NEW.end_time, 'place', NEW.place, 'status', NEW.status, 'cancel_reason', NEW.cancel_reason, 'notes_by_person_id', NEW.notes_by_person_id));
END;
CREATE TRIGGER audit_meeting_update AFTER UPDATE ON meeting
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.group_id IS NOT NEW.group_id OR OLD.title IS NOT NEW.title OR OLD.meeting_date IS NOT NEW.meeting_date OR OLD.start_time IS NOT NEW.start_time OR OLD.end_time IS NOT NEW.end_time OR OLD.place IS NOT NEW.place OR OLD.status IS NOT NEW.status OR OLD.cancel_reason IS NOT NEW.cancel_reason OR OLD.notes_by_person_id IS NOT NEW.notes_by_person_id)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'group_id', OLD.group_id, 'title', OLD.title, 'meeting_date', OLD.meeting_date, 'start_time', OLD.start_time, 'end_time', OLD.end_time, 'place', OLD.place, 'status', OLD.status, 'cancel_reason', OLD.cancel_reason, 'notes_by_person_id', OLD.notes_by_person_id), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'group_id', NEW.group_id, 'title', NEW.title, 'meeting_date', NEW.meeting_date, 'start_time', NEW.start_time, 'end_time', NEW.end_time, 'place', NEW.place, 'status', NEW.status, 'cancel_reason', NEW.cancel_reason, 'notes_by_person_id', NEW.notes_by_person_id));
END;
CREATE TRIGGER audit_meeting_delete AFTER DELETE ON meeting
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'group_id', OLD.group_id, 'title', OLD.title, 'meeting_date', OLD.meeting_date, 'start_time', OLD.start_time, 'end_time', OLD.end_time, 'place', OLD.place, 'status', OLD.status, 'cancel_reason', OLD.cancel_reason, 'notes_by_person_id', OLD.notes_by_person_id), NULL);
END;
CREATE TRIGGER audit_meeting_attendee_insert AFTER INSERT ON meeting_attendee
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting_attendee', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'position', NEW.position, 'person_id', NEW.person_id, 'guest_name', NEW.guest_name, 'guest_organisation', NEW.guest_organisation, 'status', NEW.status));
END;
CREATE TRIGGER audit_meeting_attendee_update AFTER UPDATE ON meeting_attendee
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.meeting_id IS NOT NEW.meeting_id OR OLD.position IS NOT NEW.position OR OLD.person_id IS NOT NEW.person_id OR OLD.guest_name IS NOT NEW.guest_name OR OLD.guest_organisation IS NOT NEW.guest_organisation OR OLD.status IS NOT NEW.status)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting_attendee', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'position', OLD.position, 'person_id', OLD.person_id, 'guest_name', OLD.guest_name, 'guest_organisation', OLD.guest_organisation, 'status', OLD.status), insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'position', NEW.position, 'person_id', NEW.person_id, 'guest_name', NEW.guest_name, 'guest_organisation', NEW.guest_organisation, 'status', NEW.status));
END;
CREATE TRIGGER audit_meeting_attendee_delete AFTER DELETE ON meeting_attendee
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'meeting_attendee', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'position', OLD.position, 'person_id', OLD.person_id, 'guest_name', OLD.guest_name, 'guest_organisation', OLD.guest_organisation, 'status', OLD.status), NULL);
END;
CREATE TRIGGER audit_agenda_item_insert AFTER INSERT ON agenda_item
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_item', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'position', NEW.position, 'title', NEW.title, 'presenter', NEW.presenter, 'notes', NEW.notes));
END;
CREATE TRIGGER audit_agenda_item_update AFTER UPDATE ON agenda_item
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.meeting_id IS NOT NEW.meeting_id OR OLD.position IS NOT NEW.position OR OLD.title IS NOT NEW.title OR OLD.presenter IS NOT NEW.presenter OR OLD.notes IS NOT NEW.notes)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_item', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'position', OLD.position, 'title', OLD.title, 'presenter', OLD.presenter, 'notes', OLD.notes), insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'position', NEW.position, 'title', NEW.title, 'presenter', NEW.presenter, 'notes', NEW.notes));
END;
CREATE TRIGGER audit_agenda_item_delete AFTER DELETE ON agenda_item
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_item', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'position', OLD.position, 'title', OLD.title, 'presenter', OLD.presenter, 'notes', OLD.notes), NULL);
END;
CREATE TRIGGER audit_decision_insert AFTER INSERT ON decision
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'decision', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'agenda_item_id', NEW.agenda_item_id, 'position', NEW.position, 'text', NEW.text));
END;
CREATE TRIGGER audit_decision_update AFTER UPDATE ON decision
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.agenda_item_id IS NOT NEW.agenda_item_id OR OLD.position IS NOT NEW.position OR OLD.text IS NOT NEW.text)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'decision', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'agenda_item_id', OLD.agenda_item_id, 'position', OLD.position, 'text', OLD.text), insats_json_object('id', NEW.id, 'agenda_item_id', NEW.agenda_item_id, 'position', NEW.position, 'text', NEW.text));
END;
CREATE TRIGGER audit_decision_delete AFTER DELETE ON decision
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'decision', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'agenda_item_id', OLD.agenda_item_id, 'position', OLD.position, 'text', OLD.text), NULL);
END;
CREATE TRIGGER audit_action_item_insert AFTER INSERT ON action_item
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'action_item', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'code', NEW.code, 'text', NEW.text, 'owner_person_id', NEW.owner_person_id, 'due', NEW.due, 'status', NEW.status));
END;
CREATE TRIGGER audit_action_item_update AFTER UPDATE ON action_item
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.meeting_id IS NOT NEW.meeting_id OR OLD.code IS NOT NEW.code OR OLD.text IS NOT NEW.text OR OLD.owner_person_id IS NOT NEW.owner_person_id OR OLD.due IS NOT NEW.due OR OLD.status IS NOT NEW.status)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'action_item', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'code', OLD.code, 'text', OLD.text, 'owner_person_id', OLD.owner_person_id, 'due', OLD.due, 'status', OLD.status), insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'code', NEW.code, 'text', NEW.text, 'owner_person_id', NEW.owner_person_id, 'due', NEW.due, 'status', NEW.status));
END;
CREATE TRIGGER audit_action_item_delete AFTER DELETE ON action_item
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'action_item', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'code', OLD.code, 'text', OLD.text, 'owner_person_id', OLD.owner_person_id, 'due', OLD.due, 'status', OLD.status), NULL);
END;
CREATE TRIGGER audit_dissemination_insert AFTER INSERT ON dissemination
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'dissemination', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'item_date', NEW.item_date, 'channel', NEW.channel, 'title', NEW.title, 'audience', NEW.audience));
END;
CREATE TRIGGER audit_dissemination_update AFTER UPDATE ON dissemination
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.item_date IS NOT NEW.item_date OR OLD.channel IS NOT NEW.channel OR OLD.title IS NOT NEW.title OR OLD.audience IS NOT NEW.audience)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'dissemination', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'item_date', OLD.item_date, 'channel', OLD.channel, 'title', OLD.title, 'audience', OLD.audience), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'item_date', NEW.item_date, 'channel', NEW.channel, 'title', NEW.title, 'audience', NEW.audience));
END;
CREATE TRIGGER audit_dissemination_delete AFTER DELETE ON dissemination
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'dissemination', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'item_date', OLD.item_date, 'channel', OLD.channel, 'title', OLD.title, 'audience', OLD.audience), NULL);
END;
CREATE TRIGGER audit_narrative_insert AFTER INSERT ON narrative
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'narrative', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'period', NEW.period, 'section', NEW.section, 'text', NEW.text, 'empty', NEW.empty));
END;
CREATE TRIGGER audit_narrative_update AFTER UPDATE ON narrative
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.period IS NOT NEW.period OR OLD.section IS NOT NEW.section OR OLD.text IS NOT NEW.text OR OLD.empty IS NOT NEW.empty)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'narrative', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'period', OLD.period, 'section', OLD.section, 'text', OLD.text, 'empty', OLD.empty), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'period', NEW.period, 'section', NEW.section, 'text', NEW.text, 'empty', NEW.empty));
END;
CREATE TRIGGER audit_narrative_delete AFTER DELETE ON narrative
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'narrative', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'period', OLD.period, 'section', OLD.section, 'text', OLD.text, 'empty', OLD.empty), NULL);
END;
CREATE TRIGGER audit_report_snapshot_insert AFTER INSERT ON report_snapshot
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'kind', NEW.kind, 'period', NEW.period, 'from_date', NEW.from_date, 'to_date', NEW.to_date, 'frozen_at', NEW.frozen_at, 'frozen_by', NEW.frozen_by, 'reopened_at', NEW.reopened_at, 'reopened_by', NEW.reopened_by, 'reopened_reason', NEW.reopened_reason));
END;
CREATE TRIGGER audit_report_snapshot_update AFTER UPDATE ON report_snapshot
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.kind IS NOT NEW.kind OR OLD.period IS NOT NEW.period OR OLD.from_date IS NOT NEW.from_date OR OLD.to_date IS NOT NEW.to_date OR OLD.frozen_at IS NOT NEW.frozen_at OR OLD.frozen_by IS NOT NEW.frozen_by OR OLD.reopened_at IS NOT NEW.reopened_at OR OLD.reopened_by IS NOT NEW.reopened_by OR OLD.reopened_reason IS NOT NEW.reopened_reason)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'kind', OLD.kind, 'period', OLD.period, 'from_date', OLD.from_date, 'to_date', OLD.to_date, 'frozen_at', OLD.frozen_at, 'frozen_by', OLD.frozen_by, 'reopened_at', OLD.reopened_at, 'reopened_by', OLD.reopened_by, 'reopened_reason', OLD.reopened_reason), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'kind', NEW.kind, 'period', NEW.period, 'from_date', NEW.from_date, 'to_date', NEW.to_date, 'frozen_at', NEW.frozen_at, 'frozen_by', NEW.frozen_by, 'reopened_at', NEW.reopened_at, 'reopened_by', NEW.reopened_by, 'reopened_reason', NEW.reopened_reason));
END;
CREATE TRIGGER audit_report_snapshot_delete AFTER DELETE ON report_snapshot
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'kind', OLD.kind, 'period', OLD.period, 'from_date', OLD.from_date, 'to_date', OLD.to_date, 'frozen_at', OLD.frozen_at, 'frozen_by', OLD.frozen_by, 'reopened_at', OLD.reopened_at, 'reopened_by', OLD.reopened_by, 'reopened_reason', OLD.reopened_reason), NULL);
END;
CREATE TRIGGER audit_report_snapshot_event_insert AFTER INSERT ON report_snapshot_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot_event', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'snapshot_id', NEW.snapshot_id, 'action', NEW.action, 'event_date', NEW.event_date, 'by_name', NEW.by_name, 'reason', NEW.reason, 'report_json', NEW.report_json));
END;
CREATE TRIGGER audit_report_snapshot_event_update AFTER UPDATE ON report_snapshot_event
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.snapshot_id IS NOT NEW.snapshot_id OR OLD.action IS NOT NEW.action OR OLD.event_date IS NOT NEW.event_date OR OLD.by_name IS NOT NEW.by_name OR OLD.reason IS NOT NEW.reason OR OLD.report_json IS NOT NEW.report_json)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot_event', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'snapshot_id', OLD.snapshot_id, 'action', OLD.action, 'event_date', OLD.event_date, 'by_name', OLD.by_name, 'reason', OLD.reason, 'report_json', OLD.report_json), insats_json_object('id', NEW.id, 'snapshot_id', NEW.snapshot_id, 'action', NEW.action, 'event_date', NEW.event_date, 'by_name', NEW.by_name, 'reason', NEW.reason, 'report_json', NEW.report_json));
END;
CREATE TRIGGER audit_report_snapshot_event_delete AFTER DELETE ON report_snapshot_event
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'report_snapshot_event', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'snapshot_id', OLD.snapshot_id, 'action', OLD.action, 'event_date', OLD.event_date, 'by_name', OLD.by_name, 'reason', OLD.reason, 'report_json', OLD.report_json), NULL);
END;
CREATE TRIGGER audit_goal_insert AFTER INSERT ON goal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'title', NEW.title, 'description', NEW.description, 'measure_kind', NEW.measure_kind, 'm_organisation_id', NEW.m_organisation_id, 'm_gender', NEW.m_gender, 'm_intervention_id', NEW.m_intervention_id, 'm_group_id', NEW.m_group_id, 'm_survey_id', NEW.m_survey_id, 'm_survey_kind', NEW.m_survey_kind, 'm_question', NEW.m_question, 'm_min', NEW.m_min, 'target_c', NEW.target_c, 'comparison', NEW.comparison, 'unit', NEW.unit));
END;
CREATE TRIGGER audit_goal_update AFTER UPDATE ON goal
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.position IS NOT NEW.position OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.measure_kind IS NOT NEW.measure_kind OR OLD.m_organisation_id IS NOT NEW.m_organisation_id OR OLD.m_gender IS NOT NEW.m_gender OR OLD.m_intervention_id IS NOT NEW.m_intervention_id OR OLD.m_group_id IS NOT NEW.m_group_id OR OLD.m_survey_id IS NOT NEW.m_survey_id OR OLD.m_survey_kind IS NOT NEW.m_survey_kind OR OLD.m_question IS NOT NEW.m_question OR OLD.m_min IS NOT NEW.m_min OR OLD.target_c IS NOT NEW.target_c OR OLD.comparison IS NOT NEW.comparison OR OLD.unit IS NOT NEW.unit)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'title', OLD.title, 'description', OLD.description, 'measure_kind', OLD.measure_kind, 'm_organisation_id', OLD.m_organisation_id, 'm_gender', OLD.m_gender, 'm_intervention_id', OLD.m_intervention_id, 'm_group_id', OLD.m_group_id, 'm_survey_id', OLD.m_survey_id, 'm_survey_kind', OLD.m_survey_kind, 'm_question', OLD.m_question, 'm_min', OLD.m_min, 'target_c', OLD.target_c, 'comparison', OLD.comparison, 'unit', OLD.unit), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'position', NEW.position, 'title', NEW.title, 'description', NEW.description, 'measure_kind', NEW.measure_kind, 'm_organisation_id', NEW.m_organisation_id, 'm_gender', NEW.m_gender, 'm_intervention_id', NEW.m_intervention_id, 'm_group_id', NEW.m_group_id, 'm_survey_id', NEW.m_survey_id, 'm_survey_kind', NEW.m_survey_kind, 'm_question', NEW.m_question, 'm_min', NEW.m_min, 'target_c', NEW.target_c, 'comparison', NEW.comparison, 'unit', NEW.unit));
END;
CREATE TRIGGER audit_goal_delete AFTER DELETE ON goal
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'position', OLD.position, 'title', OLD.title, 'description', OLD.description, 'measure_kind', OLD.measure_kind, 'm_organisation_id', OLD.m_organisation_id, 'm_gender', OLD.m_gender, 'm_intervention_id', OLD.m_intervention_id, 'm_group_id', OLD.m_group_id, 'm_survey_id', OLD.m_survey_id, 'm_survey_kind', OLD.m_survey_kind, 'm_question', OLD.m_question, 'm_min', OLD.m_min, 'target_c', OLD.target_c, 'comparison', OLD.comparison, 'unit', OLD.unit), NULL);
END;
CREATE TRIGGER audit_goal_value_insert AFTER INSERT ON goal_value
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal_value', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'goal_id', NEW.goal_id, 'measured_on', NEW.measured_on, 'value_c', NEW.value_c, 'source', NEW.source));
END;
CREATE TRIGGER audit_goal_value_update AFTER UPDATE ON goal_value
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.goal_id IS NOT NEW.goal_id OR OLD.measured_on IS NOT NEW.measured_on OR OLD.value_c IS NOT NEW.value_c OR OLD.source IS NOT NEW.source)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal_value', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'goal_id', OLD.goal_id, 'measured_on', OLD.measured_on, 'value_c', OLD.value_c, 'source', OLD.source), insats_json_object('id', NEW.id, 'goal_id', NEW.goal_id, 'measured_on', NEW.measured_on, 'value_c', NEW.value_c, 'source', NEW.source));
END;
CREATE TRIGGER audit_goal_value_delete AFTER DELETE ON goal_value
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'goal_value', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'goal_id', OLD.goal_id, 'measured_on', OLD.measured_on, 'value_c', OLD.value_c, 'source', OLD.source), NULL);
END;
-- The accounts (0007_accounts.sql): a user's role, organisation and state, the API tokens made
-- and revoked, the trainers' activities. The password, the TOTP secret and a token are never
-- written (a password only as "set" or "changed"); sessions and login attempts are not changes
-- of anyone's records and are not recorded.
CREATE TRIGGER audit_app_user_insert AFTER INSERT ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'insert', NULL, insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created));
END;
CREATE TRIGGER audit_app_user_update AFTER UPDATE ON app_user
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.login IS NOT NEW.login OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.disabled IS NOT NEW.disabled OR OLD.password_hash IS NOT NEW.password_hash OR OLD.totp_enrolled IS NOT NEW.totp_enrolled OR OLD.created IS NOT NEW.created)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'update', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created), insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL WHEN OLD.password_hash IS NOT NEW.password_hash THEN 'changed' ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created));
END;
CREATE TRIGGER audit_app_user_delete AFTER DELETE ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', OLD.id, OLD.login, 'delete', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created), NULL);
END;
CREATE TRIGGER audit_api_token_insert AFTER INSERT ON api_token
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'api_token', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'user_id', NEW.user_id, 'name', NEW.name, 'created', NEW.created, 'revoked', NEW.revoked));
END;
CREATE TRIGGER audit_api_token_update AFTER UPDATE ON api_token
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id OR OLD.name IS NOT NEW.name OR OLD.created IS NOT NEW.created OR OLD.revoked IS NOT NEW.revoked)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'api_token', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'user_id', OLD.user_id, 'name', OLD.name, 'created', OLD.created, 'revoked', OLD.revoked), insats_json_object('id', NEW.id, 'user_id', NEW.user_id, 'name', NEW.name, 'created', NEW.created, 'revoked', NEW.revoked));
END;
CREATE TRIGGER audit_api_token_delete AFTER DELETE ON api_token
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'api_token', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'user_id', OLD.user_id, 'name', OLD.name, 'created', OLD.created, 'revoked', OLD.revoked), NULL);
END;
CREATE TRIGGER audit_activity_trainer_insert AFTER INSERT ON activity_trainer
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_trainer', NULL, NULL, 'insert', NULL, insats_json_object('activity_id', NEW.activity_id, 'user_id', NEW.user_id));
END;
CREATE TRIGGER audit_activity_trainer_update AFTER UPDATE ON activity_trainer
WHEN insats_audit_rows() AND (OLD.activity_id IS NOT NEW.activity_id OR OLD.user_id IS NOT NEW.user_id)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_trainer', NULL, NULL, 'update', insats_json_object('activity_id', OLD.activity_id, 'user_id', OLD.user_id), insats_json_object('activity_id', NEW.activity_id, 'user_id', NEW.user_id));
END;
CREATE TRIGGER audit_activity_trainer_delete AFTER DELETE ON activity_trainer
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity_trainer', NULL, NULL, 'delete', insats_json_object('activity_id', OLD.activity_id, 'user_id', OLD.user_id), NULL);
END;
