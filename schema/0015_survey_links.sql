-- 0015_survey_links: the anonymous answer link of a survey and what it needs.
--   survey.token            the link's unguessable part (/s/{token}); NULL until a link is made
--   survey.closes           the last day the link takes answers; NULL: no closing date
--   survey.one_per_browser  1: a browser that answered is told so instead of getting the form
--   response.answered_on    the day an answer came in through the link; never a finer time
ALTER TABLE survey ADD COLUMN token TEXT CHECK (token IS NULL OR
    (length(token) BETWEEN 32 AND 64 AND token NOT GLOB '*[^A-Za-z0-9_-]*'));
ALTER TABLE survey ADD COLUMN closes TEXT
    CHECK (closes GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE survey ADD COLUMN one_per_browser INTEGER NOT NULL DEFAULT 1
    CHECK (one_per_browser IN (0, 1));
CREATE UNIQUE INDEX survey_token ON survey(token) WHERE token IS NOT NULL;
ALTER TABLE response ADD COLUMN answered_on TEXT
    CHECK (answered_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
-- The audit triggers of the two tables made anew with their new columns (scripts/audit-triggers.sh;
-- the link is written as "set" or "changed", never in clear).
DROP TRIGGER audit_survey_insert;
DROP TRIGGER audit_survey_update;
DROP TRIGGER audit_survey_delete;
DROP TRIGGER audit_response_insert;
DROP TRIGGER audit_response_update;
DROP TRIGGER audit_response_delete;
CREATE TRIGGER audit_survey_insert AFTER INSERT ON survey
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'kind', NEW.kind, 'activity_id', NEW.activity_id, 'survey_date', NEW.survey_date, 'link', CASE WHEN NEW.token IS NULL THEN NULL ELSE 'set' END, 'closes', NEW.closes, 'one_per_browser', NEW.one_per_browser));
END;
CREATE TRIGGER audit_survey_update AFTER UPDATE ON survey
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.title IS NOT NEW.title OR OLD.kind IS NOT NEW.kind OR OLD.activity_id IS NOT NEW.activity_id OR OLD.survey_date IS NOT NEW.survey_date OR OLD.token IS NOT NEW.token OR OLD.closes IS NOT NEW.closes OR OLD.one_per_browser IS NOT NEW.one_per_browser)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'kind', OLD.kind, 'activity_id', OLD.activity_id, 'survey_date', OLD.survey_date, 'link', CASE WHEN OLD.token IS NULL THEN NULL ELSE 'set' END, 'closes', OLD.closes, 'one_per_browser', OLD.one_per_browser), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'title', NEW.title, 'kind', NEW.kind, 'activity_id', NEW.activity_id, 'survey_date', NEW.survey_date, 'link', CASE WHEN NEW.token IS NULL THEN NULL WHEN OLD.token IS NOT NEW.token THEN 'changed' ELSE 'set' END, 'closes', NEW.closes, 'one_per_browser', NEW.one_per_browser));
END;
CREATE TRIGGER audit_survey_delete AFTER DELETE ON survey
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'survey', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'title', OLD.title, 'kind', OLD.kind, 'activity_id', OLD.activity_id, 'survey_date', OLD.survey_date, 'link', CASE WHEN OLD.token IS NULL THEN NULL ELSE 'set' END, 'closes', OLD.closes, 'one_per_browser', OLD.one_per_browser), NULL);
END;
CREATE TRIGGER audit_response_insert AFTER INSERT ON response
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'organisation_id', NEW.organisation_id, 'gender', NEW.gender, 'answered_on', NEW.answered_on));
END;
CREATE TRIGGER audit_response_update AFTER UPDATE ON response
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.survey_id IS NOT NEW.survey_id OR OLD.code IS NOT NEW.code OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.gender IS NOT NEW.gender OR OLD.answered_on IS NOT NEW.answered_on)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'organisation_id', OLD.organisation_id, 'gender', OLD.gender, 'answered_on', OLD.answered_on), insats_json_object('id', NEW.id, 'survey_id', NEW.survey_id, 'code', NEW.code, 'organisation_id', NEW.organisation_id, 'gender', NEW.gender, 'answered_on', NEW.answered_on));
END;
CREATE TRIGGER audit_response_delete AFTER DELETE ON response
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'response', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'survey_id', OLD.survey_id, 'code', OLD.code, 'organisation_id', OLD.organisation_id, 'gender', OLD.gender, 'answered_on', OLD.answered_on), NULL);
END;
