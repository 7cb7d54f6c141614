-- 0003_report_snapshots: submitted reports are frozen. A lägesrapport goes with a payment claim,
-- so its figures must not move afterwards: `insats report freeze --period N` stores the report
-- JSON here, every later render of that period uses it, and data dated inside a frozen period
-- cannot change until a manager reopens the period with a reason (kept in the history).
--
-- The snapshot keeps its own from/to dates: the import replaces a project's reporting_period
-- rows as a whole, and the frozen range must survive that untouched.

CREATE TABLE report_snapshot (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('lagesrapport','slutrapport')),
    period          INTEGER NOT NULL CHECK (period >= 0),     -- 0: the slutrapport
    from_date       TEXT NOT NULL CHECK (from_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    to_date         TEXT NOT NULL CHECK (to_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    report_json     TEXT NOT NULL CHECK (length(report_json) > 0),
    frozen_at       TEXT NOT NULL CHECK (frozen_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    frozen_by       TEXT NOT NULL CHECK (length(frozen_by) > 0),
    -- Set while the period is reopened (data may change, reports are computed afresh);
    -- cleared when it is frozen again, the reopen staying in report_snapshot_event.
    reopened_at     TEXT CHECK (reopened_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reopened_by     TEXT,
    reopened_reason TEXT,
    CHECK (to_date >= from_date),
    CHECK ((reopened_at IS NULL) = (reopened_by IS NULL)
           AND (reopened_at IS NULL) = (reopened_reason IS NULL)),
    CHECK (reopened_reason IS NULL OR length(trim(reopened_reason)) > 0),
    UNIQUE (project_id, kind, period)
);

-- Every freeze and reopen of a snapshot, in order. A reopen keeps the JSON that had been
-- reported, since a later freeze replaces it in report_snapshot.
CREATE TABLE report_snapshot_event (
    id           INTEGER PRIMARY KEY,
    snapshot_id  INTEGER NOT NULL REFERENCES report_snapshot(id) ON DELETE CASCADE,
    action       TEXT NOT NULL CHECK (action IN ('freeze','reopen')),
    event_date   TEXT NOT NULL CHECK (event_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    by_name      TEXT NOT NULL CHECK (length(by_name) > 0),
    reason       TEXT,
    report_json  TEXT,
    CHECK (action <> 'reopen' OR length(trim(reason)) > 0)
);
CREATE INDEX report_snapshot_event_snapshot ON report_snapshot_event(snapshot_id);

-- The date ranges that are frozen now: lägesrapport snapshots that are not reopened.
CREATE VIEW frozen_span AS
    SELECT project_id, period, from_date, to_date FROM report_snapshot
    WHERE kind = 'lagesrapport' AND reopened_at IS NULL;

-- The refusal. RAISE() takes only a literal message, so the guards below insert the frozen
-- period's number here and this one trigger turns it into 'insats-frozen-period:N', which
-- freeze_explain() (src/core/freeze.c) makes into the user's message. The insert never
-- stays: the trigger always aborts it. Numbers beyond 99 get the message without a number.
CREATE TABLE frozen_guard (period INTEGER);
CREATE TRIGGER frozen_guard_refuse BEFORE INSERT ON frozen_guard
BEGIN
    SELECT CASE NEW.period
        WHEN 1 THEN RAISE(ABORT, 'insats-frozen-period:1')
        WHEN 2 THEN RAISE(ABORT, 'insats-frozen-period:2')
        WHEN 3 THEN RAISE(ABORT, 'insats-frozen-period:3')
        WHEN 4 THEN RAISE(ABORT, 'insats-frozen-period:4')
        WHEN 5 THEN RAISE(ABORT, 'insats-frozen-period:5')
        WHEN 6 THEN RAISE(ABORT, 'insats-frozen-period:6')
        WHEN 7 THEN RAISE(ABORT, 'insats-frozen-period:7')
        WHEN 8 THEN RAISE(ABORT, 'insats-frozen-period:8')
        WHEN 9 THEN RAISE(ABORT, 'insats-frozen-period:9')
        WHEN 10 THEN RAISE(ABORT, 'insats-frozen-period:10')
        WHEN 11 THEN RAISE(ABORT, 'insats-frozen-period:11')
        WHEN 12 THEN RAISE(ABORT, 'insats-frozen-period:12')
        WHEN 13 THEN RAISE(ABORT, 'insats-frozen-period:13')
        WHEN 14 THEN RAISE(ABORT, 'insats-frozen-period:14')
        WHEN 15 THEN RAISE(ABORT, 'insats-frozen-period:15')
        WHEN 16 THEN RAISE(ABORT, 'insats-frozen-period:16')
        WHEN 17 THEN RAISE(ABORT, 'insats-frozen-period:17')
        WHEN 18 THEN RAISE(ABORT, 'insats-frozen-period:18')
        WHEN 19 THEN RAISE(ABORT, 'insats-frozen-period:19')
        WHEN 20 THEN RAISE(ABORT, 'insats-frozen-period:20')
        WHEN 21 THEN RAISE(ABORT, 'insats-frozen-period:21')
        WHEN 22 THEN RAISE(ABORT, 'insats-frozen-period:22')
        WHEN 23 THEN RAISE(ABORT, 'insats-frozen-period:23')
        WHEN 24 THEN RAISE(ABORT, 'insats-frozen-period:24')
        WHEN 25 THEN RAISE(ABORT, 'insats-frozen-period:25')
        WHEN 26 THEN RAISE(ABORT, 'insats-frozen-period:26')
        WHEN 27 THEN RAISE(ABORT, 'insats-frozen-period:27')
        WHEN 28 THEN RAISE(ABORT, 'insats-frozen-period:28')
        WHEN 29 THEN RAISE(ABORT, 'insats-frozen-period:29')
        WHEN 30 THEN RAISE(ABORT, 'insats-frozen-period:30')
        WHEN 31 THEN RAISE(ABORT, 'insats-frozen-period:31')
        WHEN 32 THEN RAISE(ABORT, 'insats-frozen-period:32')
        WHEN 33 THEN RAISE(ABORT, 'insats-frozen-period:33')
        WHEN 34 THEN RAISE(ABORT, 'insats-frozen-period:34')
        WHEN 35 THEN RAISE(ABORT, 'insats-frozen-period:35')
        WHEN 36 THEN RAISE(ABORT, 'insats-frozen-period:36')
        WHEN 37 THEN RAISE(ABORT, 'insats-frozen-period:37')
        WHEN 38 THEN RAISE(ABORT, 'insats-frozen-period:38')
        WHEN 39 THEN RAISE(ABORT, 'insats-frozen-period:39')
        WHEN 40 THEN RAISE(ABORT, 'insats-frozen-period:40')
        WHEN 41 THEN RAISE(ABORT, 'insats-frozen-period:41')
        WHEN 42 THEN RAISE(ABORT, 'insats-frozen-period:42')
        WHEN 43 THEN RAISE(ABORT, 'insats-frozen-period:43')
        WHEN 44 THEN RAISE(ABORT, 'insats-frozen-period:44')
        WHEN 45 THEN RAISE(ABORT, 'insats-frozen-period:45')
        WHEN 46 THEN RAISE(ABORT, 'insats-frozen-period:46')
        WHEN 47 THEN RAISE(ABORT, 'insats-frozen-period:47')
        WHEN 48 THEN RAISE(ABORT, 'insats-frozen-period:48')
        WHEN 49 THEN RAISE(ABORT, 'insats-frozen-period:49')
        WHEN 50 THEN RAISE(ABORT, 'insats-frozen-period:50')
        WHEN 51 THEN RAISE(ABORT, 'insats-frozen-period:51')
        WHEN 52 THEN RAISE(ABORT, 'insats-frozen-period:52')
        WHEN 53 THEN RAISE(ABORT, 'insats-frozen-period:53')
        WHEN 54 THEN RAISE(ABORT, 'insats-frozen-period:54')
        WHEN 55 THEN RAISE(ABORT, 'insats-frozen-period:55')
        WHEN 56 THEN RAISE(ABORT, 'insats-frozen-period:56')
        WHEN 57 THEN RAISE(ABORT, 'insats-frozen-period:57')
        WHEN 58 THEN RAISE(ABORT, 'insats-frozen-period:58')
        WHEN 59 THEN RAISE(ABORT, 'insats-frozen-period:59')
        WHEN 60 THEN RAISE(ABORT, 'insats-frozen-period:60')
        WHEN 61 THEN RAISE(ABORT, 'insats-frozen-period:61')
        WHEN 62 THEN RAISE(ABORT, 'insats-frozen-period:62')
        WHEN 63 THEN RAISE(ABORT, 'insats-frozen-period:63')
        WHEN 64 THEN RAISE(ABORT, 'insats-frozen-period:64')
        WHEN 65 THEN RAISE(ABORT, 'insats-frozen-period:65')
        WHEN 66 THEN RAISE(ABORT, 'insats-frozen-period:66')
        WHEN 67 THEN RAISE(ABORT, 'insats-frozen-period:67')
        WHEN 68 THEN RAISE(ABORT, 'insats-frozen-period:68')
        WHEN 69 THEN RAISE(ABORT, 'insats-frozen-period:69')
        WHEN 70 THEN RAISE(ABORT, 'insats-frozen-period:70')
        WHEN 71 THEN RAISE(ABORT, 'insats-frozen-period:71')
        WHEN 72 THEN RAISE(ABORT, 'insats-frozen-period:72')
        WHEN 73 THEN RAISE(ABORT, 'insats-frozen-period:73')
        WHEN 74 THEN RAISE(ABORT, 'insats-frozen-period:74')
        WHEN 75 THEN RAISE(ABORT, 'insats-frozen-period:75')
        WHEN 76 THEN RAISE(ABORT, 'insats-frozen-period:76')
        WHEN 77 THEN RAISE(ABORT, 'insats-frozen-period:77')
        WHEN 78 THEN RAISE(ABORT, 'insats-frozen-period:78')
        WHEN 79 THEN RAISE(ABORT, 'insats-frozen-period:79')
        WHEN 80 THEN RAISE(ABORT, 'insats-frozen-period:80')
        WHEN 81 THEN RAISE(ABORT, 'insats-frozen-period:81')
        WHEN 82 THEN RAISE(ABORT, 'insats-frozen-period:82')
        WHEN 83 THEN RAISE(ABORT, 'insats-frozen-period:83')
        WHEN 84 THEN RAISE(ABORT, 'insats-frozen-period:84')
        WHEN 85 THEN RAISE(ABORT, 'insats-frozen-period:85')
        WHEN 86 THEN RAISE(ABORT, 'insats-frozen-period:86')
        WHEN 87 THEN RAISE(ABORT, 'insats-frozen-period:87')
        WHEN 88 THEN RAISE(ABORT, 'insats-frozen-period:88')
        WHEN 89 THEN RAISE(ABORT, 'insats-frozen-period:89')
        WHEN 90 THEN RAISE(ABORT, 'insats-frozen-period:90')
        WHEN 91 THEN RAISE(ABORT, 'insats-frozen-period:91')
        WHEN 92 THEN RAISE(ABORT, 'insats-frozen-period:92')
        WHEN 93 THEN RAISE(ABORT, 'insats-frozen-period:93')
        WHEN 94 THEN RAISE(ABORT, 'insats-frozen-period:94')
        WHEN 95 THEN RAISE(ABORT, 'insats-frozen-period:95')
        WHEN 96 THEN RAISE(ABORT, 'insats-frozen-period:96')
        WHEN 97 THEN RAISE(ABORT, 'insats-frozen-period:97')
        WHEN 98 THEN RAISE(ABORT, 'insats-frozen-period:98')
        WHEN 99 THEN RAISE(ABORT, 'insats-frozen-period:99')
        ELSE RAISE(ABORT, 'insats-frozen-period') END;
END;

-- Guards, three per dated table. An INSERT guard skips rows that already exist: an upsert
-- fires BEFORE INSERT even when it turns into an update, and re-importing an unchanged bundle
-- must pass; the UPDATE guard then fires only when a value really changes, checking both the
-- old date (moving a record out of a frozen period) and the new one (moving it in).

-- session (session_date; the project via its activity)
CREATE TRIGGER session_frozen_insert BEFORE INSERT ON session
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM session WHERE activity_id = NEW.activity_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM frozen_span f JOIN activity a ON a.project_id = f.project_id
    WHERE a.id = NEW.activity_id AND NEW.session_date BETWEEN f.from_date AND f.to_date LIMIT 1;
END;
CREATE TRIGGER session_frozen_update BEFORE UPDATE ON session
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.activity_id IS NOT NEW.activity_id OR OLD.code IS NOT NEW.code
          OR OLD.session_date IS NOT NEW.session_date OR OLD.start_time IS NOT NEW.start_time
          OR OLD.end_time IS NOT NEW.end_time OR OLD.hours_c IS NOT NEW.hours_c)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM frozen_span f JOIN activity a ON a.project_id = f.project_id
    WHERE (a.id = OLD.activity_id AND OLD.session_date BETWEEN f.from_date AND f.to_date)
       OR (a.id = NEW.activity_id AND NEW.session_date BETWEEN f.from_date AND f.to_date)
    LIMIT 1;
END;
CREATE TRIGGER session_frozen_delete BEFORE DELETE ON session
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM frozen_span f JOIN activity a ON a.project_id = f.project_id
    WHERE a.id = OLD.activity_id AND OLD.session_date BETWEEN f.from_date AND f.to_date LIMIT 1;
END;

-- attendance (the date of its session)
CREATE TRIGGER attendance_frozen_insert BEFORE INSERT ON attendance
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM attendance
                     WHERE session_id = NEW.session_id AND person_id = NEW.person_id)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM session s JOIN activity a ON a.id = s.activity_id
        JOIN frozen_span f ON f.project_id = a.project_id
    WHERE s.id = NEW.session_id AND s.session_date BETWEEN f.from_date AND f.to_date LIMIT 1;
END;
CREATE TRIGGER attendance_frozen_update BEFORE UPDATE ON attendance
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.session_id IS NOT NEW.session_id OR OLD.person_id IS NOT NEW.person_id
          OR OLD.present IS NOT NEW.present)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM session s JOIN activity a ON a.id = s.activity_id
        JOIN frozen_span f ON f.project_id = a.project_id
    WHERE s.id IN (OLD.session_id, NEW.session_id)
      AND s.session_date BETWEEN f.from_date AND f.to_date LIMIT 1;
END;
CREATE TRIGGER attendance_frozen_delete BEFORE DELETE ON attendance
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT f.period FROM session s JOIN activity a ON a.id = s.activity_id
        JOIN frozen_span f ON f.project_id = a.project_id
    WHERE s.id = OLD.session_id AND s.session_date BETWEEN f.from_date AND f.to_date LIMIT 1;
END;

-- cost_entry (cost_date)
CREATE TRIGGER cost_entry_frozen_insert BEFORE INSERT ON cost_entry
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM cost_entry WHERE project_id = NEW.project_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = NEW.project_id AND NEW.cost_date BETWEEN from_date AND to_date LIMIT 1;
END;
CREATE TRIGGER cost_entry_frozen_update BEFORE UPDATE ON cost_entry
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR 
          OLD.cost_date IS NOT NEW.cost_date OR OLD.category_id IS NOT NEW.category_id OR 
          OLD.amount_ore IS NOT NEW.amount_ore OR OLD.text IS NOT NEW.text OR 
          OLD.activity_id IS NOT NEW.activity_id OR OLD.voucher IS NOT NEW.voucher)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.cost_date BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.cost_date BETWEEN from_date AND to_date)
    LIMIT 1;
END;
CREATE TRIGGER cost_entry_frozen_delete BEFORE DELETE ON cost_entry
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = OLD.project_id AND OLD.cost_date BETWEEN from_date AND to_date LIMIT 1;
END;

-- certificate (issued)
CREATE TRIGGER certificate_frozen_insert BEFORE INSERT ON certificate
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM certificate WHERE project_id = NEW.project_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = NEW.project_id AND NEW.issued BETWEEN from_date AND to_date LIMIT 1;
END;
CREATE TRIGGER certificate_frozen_update BEFORE UPDATE ON certificate
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR OLD.issued 
          IS NOT NEW.issued OR OLD.person_id IS NOT NEW.person_id OR OLD.activity_id IS 
          NOT NEW.activity_id OR OLD.title IS NOT NEW.title)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.issued BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.issued BETWEEN from_date AND to_date)
    LIMIT 1;
END;
CREATE TRIGGER certificate_frozen_delete BEFORE DELETE ON certificate
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = OLD.project_id AND OLD.issued BETWEEN from_date AND to_date LIMIT 1;
END;

-- deviation (deviation_date)
CREATE TRIGGER deviation_frozen_insert BEFORE INSERT ON deviation
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM deviation WHERE project_id = NEW.project_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = NEW.project_id AND NEW.deviation_date BETWEEN from_date AND to_date LIMIT 1;
END;
CREATE TRIGGER deviation_frozen_update BEFORE UPDATE ON deviation
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR 
          OLD.deviation_date IS NOT NEW.deviation_date OR OLD.area IS NOT NEW.area OR 
          OLD.description IS NOT NEW.description OR OLD.reported_to_funder IS NOT 
          NEW.reported_to_funder OR OLD.reported_date IS NOT NEW.reported_date OR 
          OLD.measures IS NOT NEW.measures)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.deviation_date BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.deviation_date BETWEEN from_date AND to_date)
    LIMIT 1;
END;
CREATE TRIGGER deviation_frozen_delete BEFORE DELETE ON deviation
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = OLD.project_id AND OLD.deviation_date BETWEEN from_date AND to_date LIMIT 1;
END;

-- meeting (meeting_date)
CREATE TRIGGER meeting_frozen_insert BEFORE INSERT ON meeting
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM meeting WHERE project_id = NEW.project_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = NEW.project_id AND NEW.meeting_date BETWEEN from_date AND to_date LIMIT 1;
END;
CREATE TRIGGER meeting_frozen_update BEFORE UPDATE ON meeting
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR 
          OLD.meeting_date IS NOT NEW.meeting_date OR OLD.group_id IS NOT NEW.group_id OR 
          OLD.title IS NOT NEW.title OR OLD.start_time IS NOT NEW.start_time OR 
          OLD.end_time IS NOT NEW.end_time OR OLD.place IS NOT NEW.place OR OLD.status IS 
          NOT NEW.status OR OLD.cancel_reason IS NOT NEW.cancel_reason OR 
          OLD.notes_by_person_id IS NOT NEW.notes_by_person_id)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.meeting_date BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.meeting_date BETWEEN from_date AND to_date)
    LIMIT 1;
END;
CREATE TRIGGER meeting_frozen_delete BEFORE DELETE ON meeting
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = OLD.project_id AND OLD.meeting_date BETWEEN from_date AND to_date LIMIT 1;
END;

-- dissemination (item_date)
CREATE TRIGGER dissemination_frozen_insert BEFORE INSERT ON dissemination
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND NOT EXISTS (SELECT 1 FROM dissemination WHERE project_id = NEW.project_id AND code = NEW.code)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = NEW.project_id AND NEW.item_date BETWEEN from_date AND to_date LIMIT 1;
END;
CREATE TRIGGER dissemination_frozen_update BEFORE UPDATE ON dissemination
WHEN EXISTS (SELECT 1 FROM frozen_span)
     AND (OLD.project_id IS NOT NEW.project_id OR OLD.code IS NOT NEW.code OR 
          OLD.item_date IS NOT NEW.item_date OR OLD.channel IS NOT NEW.channel OR 
          OLD.title IS NOT NEW.title OR OLD.audience IS NOT NEW.audience)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE (project_id = OLD.project_id AND OLD.item_date BETWEEN from_date AND to_date)
       OR (project_id = NEW.project_id AND NEW.item_date BETWEEN from_date AND to_date)
    LIMIT 1;
END;
CREATE TRIGGER dissemination_frozen_delete BEFORE DELETE ON dissemination
WHEN EXISTS (SELECT 1 FROM frozen_span)
BEGIN
    INSERT INTO frozen_guard (period)
    SELECT period FROM frozen_span
    WHERE project_id = OLD.project_id AND OLD.item_date BETWEEN from_date AND to_date LIMIT 1;
END;
