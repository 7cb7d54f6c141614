-- 0009_database_identity: a random token of this database, made once when the database gets
-- this migration. The caches of computed figures and lists (db_generation()) key on it beside
-- the audit trail's last id, so that two databases opened by one process — or a database made
-- anew at the path of another — never share a cached figure. It is not data and never changes.
CREATE TABLE database_identity (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    token BLOB NOT NULL CHECK (length(token) = 16)
);
INSERT INTO database_identity (id, token) VALUES (1, randomblob(16));
CREATE TRIGGER database_identity_no_update BEFORE UPDATE ON database_identity
BEGIN
    SELECT RAISE(ABORT, 'insats-identity-immutable');
END;
CREATE TRIGGER database_identity_no_delete BEFORE DELETE ON database_identity
BEGIN
    SELECT RAISE(ABORT, 'insats-identity-immutable');
END;
