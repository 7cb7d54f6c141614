-- Who was sent a meeting's invitation, at which address, and the event's SEQUENCE the last
-- message to them carried: the sweep sends an updated invitation to whoever got an older
-- one, and a cancelled meeting's message goes to the same people. This is the delivery
-- record of messages that a recorded change wrote (like the outbox), so it has no audit
-- triggers of its own; the changes that cause the messages are in the trail.
CREATE TABLE meeting_invitee (
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    address     TEXT NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    PRIMARY KEY (meeting_id, person_id)
);

-- The invitations written before this table: their once keys name the meeting and the person
-- ("meeting_invitation:meeting:M:person:P"); the SEQUENCE they carried is taken as the
-- meeting's present one.
INSERT OR IGNORE INTO meeting_invitee (meeting_id, person_id, address, sequence)
    SELECT k.mid, k.pid, k.address, coalesce(ic.sequence, 0)
      FROM (SELECT CAST(substr(r, 1, instr(r, ':') - 1) AS INTEGER) AS mid,
                   CAST(substr(r, instr(r, ':person:') + 8) AS INTEGER) AS pid, address
              FROM (SELECT substr(once_key, 28) AS r, address FROM outbox
                     WHERE once_key GLOB 'meeting_invitation:meeting:[0-9]*:person:[0-9]*')) k
      JOIN meeting m ON m.id = k.mid JOIN person p ON p.id = k.pid
      LEFT JOIN meeting_ical ic ON ic.meeting_id = k.mid;
