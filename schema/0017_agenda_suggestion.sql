-- Agenda points suggested before a meeting by the members of its group (or whoever plans
-- meetings), and the organiser's answer: open until accepted into the agenda (a new
-- agenda_item, the suggestion's text its notes) or declined with a reason that the
-- suggester sees. user_id is the suggester's account; by_login and by_name stay when the
-- account goes. Dates are the day of the step.
CREATE TABLE agenda_suggestion (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    text           TEXT CHECK (text IS NULL OR length(text) BETWEEN 1 AND 2000),
    user_id        INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    by_login       TEXT NOT NULL CHECK (length(by_login) BETWEEN 1 AND 63),
    by_name        TEXT NOT NULL CHECK (length(by_name) > 0),
    suggested      TEXT NOT NULL CHECK (suggested GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','declined')),
    reason         TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
    decided_by     TEXT,
    decided        TEXT CHECK (decided IS NULL OR decided GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    CHECK ((status = 'declined') = (reason IS NOT NULL)),
    CHECK ((status = 'open') = (decided IS NULL))
);
CREATE INDEX agenda_suggestion_meeting ON agenda_suggestion(meeting_id);
CREATE INDEX agenda_suggestion_user ON agenda_suggestion(user_id);

-- The audit trail's triggers (scripts/audit-triggers.sh).
CREATE TRIGGER audit_agenda_suggestion_insert AFTER INSERT ON agenda_suggestion
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_suggestion', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'title', NEW.title, 'text', NEW.text, 'user_id', NEW.user_id, 'by_login', NEW.by_login, 'by_name', NEW.by_name, 'suggested', NEW.suggested, 'status', NEW.status, 'reason', NEW.reason, 'decided_by', NEW.decided_by, 'decided', NEW.decided));
END;
CREATE TRIGGER audit_agenda_suggestion_update AFTER UPDATE ON agenda_suggestion
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.meeting_id IS NOT NEW.meeting_id OR OLD.title IS NOT NEW.title OR OLD.text IS NOT NEW.text OR OLD.user_id IS NOT NEW.user_id OR OLD.by_login IS NOT NEW.by_login OR OLD.by_name IS NOT NEW.by_name OR OLD.suggested IS NOT NEW.suggested OR OLD.status IS NOT NEW.status OR OLD.reason IS NOT NEW.reason OR OLD.decided_by IS NOT NEW.decided_by OR OLD.decided IS NOT NEW.decided)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_suggestion', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'title', OLD.title, 'text', OLD.text, 'user_id', OLD.user_id, 'by_login', OLD.by_login, 'by_name', OLD.by_name, 'suggested', OLD.suggested, 'status', OLD.status, 'reason', OLD.reason, 'decided_by', OLD.decided_by, 'decided', OLD.decided), insats_json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'title', NEW.title, 'text', NEW.text, 'user_id', NEW.user_id, 'by_login', NEW.by_login, 'by_name', NEW.by_name, 'suggested', NEW.suggested, 'status', NEW.status, 'reason', NEW.reason, 'decided_by', NEW.decided_by, 'decided', NEW.decided));
END;
CREATE TRIGGER audit_agenda_suggestion_delete AFTER DELETE ON agenda_suggestion
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'agenda_suggestion', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'title', OLD.title, 'text', OLD.text, 'user_id', OLD.user_id, 'by_login', OLD.by_login, 'by_name', OLD.by_name, 'suggested', OLD.suggested, 'status', OLD.status, 'reason', OLD.reason, 'decided_by', OLD.decided_by, 'decided', OLD.decided), NULL);
END;
