-- A group's own rules for its meetings: how many days before a meeting its invitation
-- (kallelse) is sent, and after how many held meetings in a row without a member — or without
-- anyone of an organisation — the attendance is flagged. A group without a row has the
-- defaults of meeting_attendance.c (7 days, 3 meetings).
CREATE TABLE group_meeting_setting (
    group_id       INTEGER PRIMARY KEY REFERENCES grp(id) ON DELETE CASCADE,
    invite_days    INTEGER NOT NULL CHECK (invite_days BETWEEN 0 AND 60),
    absence_limit  INTEGER NOT NULL CHECK (absence_limit BETWEEN 1 AND 20)
);

-- The audit trail's triggers (scripts/audit-triggers.sh).
CREATE TRIGGER audit_group_meeting_setting_insert AFTER INSERT ON group_meeting_setting
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group_meeting_setting', NULL, NULL, 'insert', NULL, insats_json_object('group_id', NEW.group_id, 'invite_days', NEW.invite_days, 'absence_limit', NEW.absence_limit));
END;
CREATE TRIGGER audit_group_meeting_setting_update AFTER UPDATE ON group_meeting_setting
WHEN insats_audit_rows() AND (OLD.group_id IS NOT NEW.group_id OR OLD.invite_days IS NOT NEW.invite_days OR OLD.absence_limit IS NOT NEW.absence_limit)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group_meeting_setting', NULL, NULL, 'update', insats_json_object('group_id', OLD.group_id, 'invite_days', OLD.invite_days, 'absence_limit', OLD.absence_limit), insats_json_object('group_id', NEW.group_id, 'invite_days', NEW.invite_days, 'absence_limit', NEW.absence_limit));
END;
CREATE TRIGGER audit_group_meeting_setting_delete AFTER DELETE ON group_meeting_setting
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'group_meeting_setting', NULL, NULL, 'delete', insats_json_object('group_id', OLD.group_id, 'invite_days', OLD.invite_days, 'absence_limit', OLD.absence_limit), NULL);
END;
