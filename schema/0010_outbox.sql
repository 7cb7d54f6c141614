-- 0010_outbox: e-mail. Every message is first written here, in the same transaction as the
-- change that causes it (outbox_add() in src/core/outbox.h), and sent later by a worker
-- (outbox_send_due()), so that a relay that is down loses nothing and a crash sends nothing
-- twice (docs/workflows.md "E-mail: the outbox" says how the states are read after a crash).
-- Times are Unix seconds. Accounts get an e-mail address of their own, and each account may
-- turn off a kind of message (mail_optout).

ALTER TABLE app_user ADD COLUMN email TEXT
    CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1));

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    -- A short machine name: proposal_step, meeting_invitation, survey_reminder …
    kind             TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40
                         AND kind NOT GLOB '*[^a-z_]*'),
    user_id          INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
    person_id        INTEGER REFERENCES person(id) ON DELETE SET NULL,
    address          TEXT NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
    subject          TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 400),
    body             TEXT NOT NULL,
    attachment_name  TEXT CHECK (attachment_name IS NULL OR length(attachment_name) BETWEEN 1 AND 100),
    attachment_type  TEXT,
    attachment       BLOB,
    -- A message with a key is written once: a reminder's second sweep adds nothing.
    once_key         TEXT UNIQUE,
    -- The local part of the Message-ID, fixed when the message is written: a message sent
    -- again after an uncertain attempt carries the same Message-ID.
    message_token    TEXT NOT NULL UNIQUE CHECK (length(message_token) = 32),
    created          INTEGER NOT NULL,
    -- queued: waits for next_attempt; sending: claimed by a sender until lease_until;
    -- sent; uncertain: a sender stopped after the relay had the whole message and before its
    -- answer was recorded (never sent again by itself); failed: refused for good or out of
    -- attempts; cancelled by a manager.
    state            TEXT NOT NULL DEFAULT 'queued'
                         CHECK (state IN ('queued','sending','sent','uncertain','failed','cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt     INTEGER NOT NULL,
    claim            TEXT,
    lease_until      INTEGER,
    -- 1 once the sender handed the relay the whole message in this claim: from then on the
    -- relay may have accepted it.
    data_sent        INTEGER NOT NULL DEFAULT 0 CHECK (data_sent IN (0, 1)),
    sent_at          INTEGER,
    last_error       TEXT,
    CHECK ((attachment IS NULL) = (attachment_name IS NULL)),
    CHECK ((state = 'sending') = (claim IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox(state, next_attempt);
CREATE INDEX outbox_user ON outbox(user_id);
CREATE INDEX outbox_person ON outbox(person_id);

-- Each attempt to send a message, with the relay's answer when it failed.
CREATE TABLE outbox_attempt (
    id         INTEGER PRIMARY KEY,
    outbox_id  INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error      TEXT
);
CREATE INDEX outbox_attempt_message ON outbox_attempt(outbox_id, id);

-- The kinds of message an account has turned off.
CREATE TABLE mail_optout (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40 AND kind NOT GLOB '*[^a-z_]*'),
    UNIQUE (user_id, kind)
);

-- The trail of accounts now records their e-mail address; the trail of a kind turned off.
DROP TRIGGER audit_app_user_insert;
DROP TRIGGER audit_app_user_update;
DROP TRIGGER audit_app_user_delete;
CREATE TRIGGER audit_app_user_insert AFTER INSERT ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'insert', NULL, insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created, 'email', NEW.email));
END;
CREATE TRIGGER audit_app_user_update AFTER UPDATE ON app_user
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.login IS NOT NEW.login OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.disabled IS NOT NEW.disabled OR OLD.password_hash IS NOT NEW.password_hash OR OLD.totp_enrolled IS NOT NEW.totp_enrolled OR OLD.created IS NOT NEW.created OR OLD.email IS NOT NEW.email)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'update', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created, 'email', OLD.email), insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL WHEN OLD.password_hash IS NOT NEW.password_hash THEN 'changed' ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created, 'email', NEW.email));
END;
CREATE TRIGGER audit_app_user_delete AFTER DELETE ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', OLD.id, OLD.login, 'delete', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created, 'email', OLD.email), NULL);
END;
CREATE TRIGGER audit_mail_optout_insert AFTER INSERT ON mail_optout
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'mail_optout', NEW.id, NULL, 'insert', NULL, insats_json_object('id', NEW.id, 'user_id', NEW.user_id, 'kind', NEW.kind));
END;
CREATE TRIGGER audit_mail_optout_update AFTER UPDATE ON mail_optout
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id OR OLD.kind IS NOT NEW.kind)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'mail_optout', NEW.id, NULL, 'update', insats_json_object('id', OLD.id, 'user_id', OLD.user_id, 'kind', OLD.kind), insats_json_object('id', NEW.id, 'user_id', NEW.user_id, 'kind', NEW.kind));
END;
CREATE TRIGGER audit_mail_optout_delete AFTER DELETE ON mail_optout
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'mail_optout', OLD.id, NULL, 'delete', insats_json_object('id', OLD.id, 'user_id', OLD.user_id, 'kind', OLD.kind), NULL);
END;
