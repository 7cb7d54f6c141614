-- 0012_certificates: certificates earned by attendance, issued by hand, withdrawn, and checked
-- by an employer with a short verification code.
--
-- An activity says whether it gives certificates (a lecture or a network meeting may not); an
-- existing activity that is held and gave none is taken as one that gives none, so that a
-- later correction of its attendance issues nothing it did not issue before.
-- A certificate is earned by attendance (basis 'attendance': issued and withdrawn by the core
-- as the attendance changes, src/core/certificate.c) or issued by hand with a reason (basis
-- 'manual': left alone by the re-evaluation). A certificate no longer earned is withdrawn —
-- the date and the reason kept on the row, never deleted — and it counts no more in any
-- figure; earned again, the same certificate (and code) comes back.
-- `verification` is the code printed on the certificate (10 characters of Crockford's base 32,
-- unique in the database: the public check at /verify/{code} knows no project).
ALTER TABLE activity ADD COLUMN gives_certificates INTEGER NOT NULL DEFAULT 1
    CHECK (gives_certificates IN (0, 1));
ALTER TABLE certificate ADD COLUMN basis TEXT NOT NULL DEFAULT 'attendance'
    CHECK (basis IN ('attendance', 'manual'));
ALTER TABLE certificate ADD COLUMN reason TEXT;
ALTER TABLE certificate ADD COLUMN withdrawn TEXT
    CHECK (withdrawn GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE certificate ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE certificate ADD COLUMN verification TEXT
    CHECK (length(verification) = 10 AND verification NOT GLOB '*[^0-9A-HJKMNP-TV-Z]*');

-- The audit trail's triggers of the two tables, now with every column (scripts/audit-triggers.sh).
DROP TRIGGER audit_activity_insert;
DROP TRIGGER audit_activity_update;
DROP TRIGGER audit_activity_delete;
DROP TRIGGER audit_certificate_insert;
DROP TRIGGER audit_certificate_update;
DROP TRIGGER audit_certificate_delete;
CREATE TRIGGER audit_activity_insert AFTER INSERT ON activity
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'intervention_id', NEW.intervention_id, 'proposal_id', NEW.proposal_id, 'title', NEW.title, 'kind', NEW.kind, 'area_id', NEW.area_id, 'supplier', NEW.supplier, 'venue', NEW.venue, 'planned_participants', NEW.planned_participants, 'status', NEW.status, 'cost_ore', NEW.cost_ore, 'gives_certificates', NEW.gives_certificates));
END;
CREATE TRIGGER audit_activity_update AFTER UPDATE ON activity
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.intervention_id IS NOT NEW.intervention_id OR OLD.proposal_id IS NOT NEW.proposal_id OR OLD.title IS NOT NEW.title OR OLD.kind IS NOT NEW.kind OR OLD.area_id IS NOT NEW.area_id OR OLD.supplier IS NOT NEW.supplier OR OLD.venue IS NOT NEW.venue OR OLD.planned_participants IS NOT NEW.planned_participants OR OLD.status IS NOT NEW.status OR OLD.cost_ore IS NOT NEW.cost_ore OR OLD.gives_certificates IS NOT NEW.gives_certificates)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'intervention_id', OLD.intervention_id, 'proposal_id', OLD.proposal_id, 'title', OLD.title, 'kind', OLD.kind, 'area_id', OLD.area_id, 'supplier', OLD.supplier, 'venue', OLD.venue, 'planned_participants', OLD.planned_participants, 'status', OLD.status, 'cost_ore', OLD.cost_ore, 'gives_certificates', OLD.gives_certificates), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'intervention_id', NEW.intervention_id, 'proposal_id', NEW.proposal_id, 'title', NEW.title, 'kind', NEW.kind, 'area_id', NEW.area_id, 'supplier', NEW.supplier, 'venue', NEW.venue, 'planned_participants', NEW.planned_participants, 'status', NEW.status, 'cost_ore', NEW.cost_ore, 'gives_certificates', NEW.gives_certificates));
END;
CREATE TRIGGER audit_activity_delete AFTER DELETE ON activity
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'activity', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'intervention_id', OLD.intervention_id, 'proposal_id', OLD.proposal_id, 'title', OLD.title, 'kind', OLD.kind, 'area_id', OLD.area_id, 'supplier', OLD.supplier, 'venue', OLD.venue, 'planned_participants', OLD.planned_participants, 'status', OLD.status, 'cost_ore', OLD.cost_ore, 'gives_certificates', OLD.gives_certificates), NULL);
END;
CREATE TRIGGER audit_certificate_insert AFTER INSERT ON certificate
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', NEW.id, NEW.code, 'insert', NULL, insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'person_id', NEW.person_id, 'activity_id', NEW.activity_id, 'title', NEW.title, 'issued', NEW.issued, 'basis', NEW.basis, 'reason', NEW.reason, 'withdrawn', NEW.withdrawn, 'withdrawn_reason', NEW.withdrawn_reason, 'verification', NEW.verification));
END;
CREATE TRIGGER audit_certificate_update AFTER UPDATE ON certificate
WHEN insats_audit_rows() AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.person_id IS NOT NEW.person_id OR OLD.activity_id IS NOT NEW.activity_id OR OLD.title IS NOT NEW.title OR OLD.issued IS NOT NEW.issued OR OLD.basis IS NOT NEW.basis OR OLD.reason IS NOT NEW.reason OR OLD.withdrawn IS NOT NEW.withdrawn OR OLD.withdrawn_reason IS NOT NEW.withdrawn_reason OR OLD.verification IS NOT NEW.verification)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', NEW.id, NEW.code, 'update', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'person_id', OLD.person_id, 'activity_id', OLD.activity_id, 'title', OLD.title, 'issued', OLD.issued, 'basis', OLD.basis, 'reason', OLD.reason, 'withdrawn', OLD.withdrawn, 'withdrawn_reason', OLD.withdrawn_reason, 'verification', OLD.verification), insats_json_object('id', NEW.id, 'project_id', NEW.project_id, 'code', NEW.code, 'person_id', NEW.person_id, 'activity_id', NEW.activity_id, 'title', NEW.title, 'issued', NEW.issued, 'basis', NEW.basis, 'reason', NEW.reason, 'withdrawn', NEW.withdrawn, 'withdrawn_reason', NEW.withdrawn_reason, 'verification', NEW.verification));
END;
CREATE TRIGGER audit_certificate_delete AFTER DELETE ON certificate
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            'certificate', OLD.id, OLD.code, 'delete', insats_json_object('id', OLD.id, 'project_id', OLD.project_id, 'code', OLD.code, 'person_id', OLD.person_id, 'activity_id', OLD.activity_id, 'title', OLD.title, 'issued', OLD.issued, 'basis', OLD.basis, 'reason', OLD.reason, 'withdrawn', OLD.withdrawn, 'withdrawn_reason', OLD.withdrawn_reason, 'verification', OLD.verification), NULL);
END;

UPDATE activity SET gives_certificates = 0
WHERE status = 'held' AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.activity_id = activity.id);

-- Codes for the certificates there are (the subquery names the row so that it runs for each).
UPDATE certificate SET verification =
    (SELECT group_concat(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 32), 1), '')
     FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) WHERE certificate.id IS NOT NULL)
WHERE verification IS NULL;
CREATE UNIQUE INDEX certificate_verification ON certificate(verification);
CREATE INDEX certificate_activity ON certificate(activity_id, person_id);

-- A withdrawal changes the count of the period the certificate was issued in: refused while
-- that period is frozen, as any other change to it.
DROP TRIGGER certificate_frozen_update;
CREATE TRIGGER certificate_frozen_update BEFORE UPDATE ON certificate
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.issued
          IS NOT NEW.issued OR OLD.person_id IS NOT NEW.person_id OR OLD.activity_id IS
          NOT NEW.activity_id OR OLD.title IS NOT NEW.title OR OLD.withdrawn IS NOT NEW.withdrawn)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.issued BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.issued BETWEEN from_date AND to_date)
    LIMIT 1;
END;

