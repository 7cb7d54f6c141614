-- 0004_key_check: the fingerprint of the personnummer key that belongs to this database.
-- The key itself stays outside the file; the fingerprint lets insats refuse the key file of
-- another database before it seals a single personnummer under it.
CREATE TABLE key_check (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32)
);
