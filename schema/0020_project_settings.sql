-- 0016_project_settings: two settings of a project that a manager edits (/settings,
-- `insats settings set`).
--   project.certificate_statement  the funder's statement printed on every certificate; NULL:
--                                  the ESF sentence (project.h PROJECT_STATEMENT_DEFAULT)
--   project.public_url             the address participants and employers reach the server at
--                                  ("https://insats.kommun.se"), which the survey links, the
--                                  certificates' verification address and the calendar feeds
--                                  are built from; NULL: none set (`serve --public-url` or the
--                                  request's own address stand in)
ALTER TABLE project ADD COLUMN certificate_statement TEXT
    CHECK (certificate_statement IS NULL OR length(certificate_statement) BETWEEN 1 AND 600);
ALTER TABLE project ADD COLUMN public_url TEXT
    CHECK (public_url IS NULL OR public_url GLOB 'http://?*' OR public_url GLOB 'https://?*');
-- The audit triggers of the project made anew with its new columns (scripts/audit-triggers.sh).
DROP TRIGGER audit_project_insert;
DROP TRIGGER audit_project_update;
DROP TRIGGER audit_project_delete;
CREATE TRIGGER audit_project_insert AFTER INSERT ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message, 'proposals_paused_until', NEW.proposals_paused_until, 'certificate_statement', NEW.certificate_statement, 'public_url', NEW.public_url));
END;
CREATE TRIGGER audit_project_update AFTER UPDATE ON project
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.diarienummer IS NOT NEW.diarienummer OR OLD.owner_org_id IS NOT NEW.owner_org_id OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.budget_tolerance_bp IS NOT NEW.budget_tolerance_bp OR OLD.certificate_threshold_bp IS NOT NEW.certificate_threshold_bp OR OLD.proposals_paused IS NOT NEW.proposals_paused OR OLD.proposals_paused_message IS NOT NEW.proposals_paused_message OR OLD.proposals_paused_until IS NOT NEW.proposals_paused_until OR OLD.certificate_statement IS NOT NEW.certificate_statement OR OLD.public_url IS NOT NEW.public_url)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message, 'proposals_paused_until', OLD.proposals_paused_until, 'certificate_statement', OLD.certificate_statement, 'public_url', OLD.public_url), insats_json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'diarienummer', NEW.diarienummer, 'owner_org_id', NEW.owner_org_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'planned_participants', NEW.planned_participants, 'budget_tolerance_bp', NEW.budget_tolerance_bp, 'certificate_threshold_bp', NEW.certificate_threshold_bp, 'proposals_paused', NEW.proposals_paused, 'proposals_paused_message', NEW.proposals_paused_message, 'proposals_paused_until', NEW.proposals_paused_until, 'certificate_statement', NEW.certificate_statement, 'public_url', NEW.public_url));
END;
CREATE TRIGGER audit_project_delete AFTER DELETE ON project
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'project', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'diarienummer', OLD.diarienummer, 'owner_org_id', OLD.owner_org_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'planned_participants', OLD.planned_participants, 'budget_tolerance_bp', OLD.budget_tolerance_bp, 'certificate_threshold_bp', OLD.certificate_threshold_bp, 'proposals_paused', OLD.proposals_paused, 'proposals_paused_message', OLD.proposals_paused_message, 'proposals_paused_until', OLD.proposals_paused_until, 'certificate_statement', OLD.certificate_statement, 'public_url', OLD.public_url), NULL);
END;
