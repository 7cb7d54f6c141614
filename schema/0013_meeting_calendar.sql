-- The calendar of meetings (RFC 5545): each meeting's SEQUENCE, which grows whenever what a
-- calendar shows of it changes (title, date, times, place, status, reason), and when that last
-- happened (the event's DTSTAMP); and the secret addresses of the feeds that calendar programs
-- subscribe to without a login.
--
-- The counters are kept by these triggers, never written by the code, in a table of their own
-- (so that the meeting's own columns and its audit entries stay as they were): what changed
-- them is in the audit trail already.
CREATE TABLE meeting_ical (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
    sequence    INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    changed     TEXT NOT NULL      -- UTC, 20190215T080000Z
);
INSERT INTO meeting_ical (meeting_id, sequence, changed)
    SELECT id, 0, strftime('%Y%m%dT%H%M%SZ', 'now') FROM meeting;
CREATE TRIGGER meeting_ical_insert AFTER INSERT ON meeting
BEGIN
    INSERT OR REPLACE INTO meeting_ical (meeting_id, sequence, changed)
    VALUES (NEW.id, 0, strftime('%Y%m%dT%H%M%SZ', 'now'));
END;
CREATE TRIGGER meeting_ical_update AFTER UPDATE ON meeting
WHEN OLD.title IS NOT NEW.title OR OLD.meeting_date IS NOT NEW.meeting_date
  OR OLD.start_time IS NOT NEW.start_time OR OLD.end_time IS NOT NEW.end_time
  OR OLD.place IS NOT NEW.place OR OLD.status IS NOT NEW.status
  OR OLD.cancel_reason IS NOT NEW.cancel_reason
BEGIN
    UPDATE meeting_ical SET sequence = sequence + 1,
                            changed = strftime('%Y%m%dT%H%M%SZ', 'now')
     WHERE meeting_id = NEW.id;
END;

-- A feed's address holds a random token; only its hash is kept. group_id NULL: the feed of
-- the account's own meetings. The feed is read with the rights the account has at the time.
CREATE TABLE calendar_feed (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    group_id    INTEGER REFERENCES grp(id) ON DELETE CASCADE,
    token_hash  BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created     INTEGER NOT NULL,
    revoked     INTEGER    -- when it was revoked; NULL while it is valid
);
CREATE INDEX calendar_feed_user ON calendar_feed(user_id);

-- The audit trail's triggers (scripts/audit-triggers.sh; the token's hash is left out).
CREATE TRIGGER audit_calendar_feed_insert AFTER INSERT ON calendar_feed
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'calendar_feed', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'user_id', NEW.user_id, 'group_id', NEW.group_id, 'created', NEW.created, 'revoked', NEW.revoked));
END;
CREATE TRIGGER audit_calendar_feed_update AFTER UPDATE ON calendar_feed
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.user_id IS NOT NEW.user_id OR OLD.group_id IS NOT NEW.group_id OR OLD.created IS NOT NEW.created OR OLD.revoked IS NOT NEW.revoked)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'calendar_feed', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'user_id', OLD.user_id, 'group_id', OLD.group_id, 'created', OLD.created, 'revoked', OLD.revoked), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'user_id', NEW.user_id, 'group_id', NEW.group_id, 'created', NEW.created, 'revoked', NEW.revoked));
END;
CREATE TRIGGER audit_calendar_feed_delete AFTER DELETE ON calendar_feed
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'calendar_feed', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'user_id', OLD.user_id, 'group_id', OLD.group_id, 'created', OLD.created, 'revoked', OLD.revoked), NULL);
END;
