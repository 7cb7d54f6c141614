-- 0021_account_lang: the language an account reads the web application in, chosen on its
-- "Mitt konto" page or with `insats user lang`: 'sv' or 'en'; NULL when the account has not
-- chosen, and its pages follow the browser's Accept-Language (docs/i18n.md).
ALTER TABLE app_user ADD COLUMN lang TEXT CHECK (lang IS NULL OR lang IN ('sv', 'en'));
-- The audit triggers of the accounts made anew with the new column (scripts/audit-triggers.sh).
DROP TRIGGER audit_app_user_insert;
DROP TRIGGER audit_app_user_update;
DROP TRIGGER audit_app_user_delete;
CREATE TRIGGER audit_app_user_insert AFTER INSERT ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'insert', NULL, insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created, 'email', NEW.email, 'lang', NEW.lang));
END;
CREATE TRIGGER audit_app_user_update AFTER UPDATE ON app_user
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.login IS NOT NEW.login OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.disabled IS NOT NEW.disabled OR OLD.password_hash IS NOT NEW.password_hash OR OLD.totp_enrolled IS NOT NEW.totp_enrolled OR OLD.created IS NOT NEW.created OR OLD.email IS NOT NEW.email OR OLD.lang IS NOT NEW.lang)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', NEW.id, NEW.login, 'update', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created, 'email', OLD.email, 'lang', OLD.lang), insats_json_object('id', NEW.id, 'login', NEW.login, 'name', NEW.name, 'role', NEW.role, 'organisation_id', NEW.organisation_id, 'disabled', NEW.disabled, 'password', CASE WHEN NEW.password_hash IS NULL THEN NULL WHEN OLD.password_hash IS NOT NEW.password_hash THEN 'changed' ELSE 'set' END, 'totp_enrolled', NEW.totp_enrolled, 'created', NEW.created, 'email', NEW.email, 'lang', NEW.lang));
END;
CREATE TRIGGER audit_app_user_delete AFTER DELETE ON app_user
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'user', OLD.id, OLD.login, 'delete', insats_json_object('id', OLD.id, 'login', OLD.login, 'name', OLD.name, 'role', OLD.role, 'organisation_id', OLD.organisation_id, 'disabled', OLD.disabled, 'password', CASE WHEN OLD.password_hash IS NULL THEN NULL ELSE 'set' END, 'totp_enrolled', OLD.totp_enrolled, 'created', OLD.created, 'email', OLD.email, 'lang', OLD.lang), NULL);
END;
