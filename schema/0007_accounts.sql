-- 0007_accounts: the people who log in to the web application and use the API, their
-- sessions and tokens, the record of failed logins that throttles guessing, and which
-- activities a trainer is assigned to. Times here are Unix seconds (INTEGER): they are
-- compared with the clock, never shown as dates of the project.
--
-- No secret is stored as given: passwords as Argon2id strings (libsodium's crypto_pwhash_str),
-- session ids and API tokens as their BLAKE2b hash, the TOTP secret sealed under the key file.

CREATE TABLE app_user (
    id               INTEGER PRIMARY KEY,
    -- Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.
    login            TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 63
                         AND login NOT GLOB '*[^a-z0-9._-]*' AND login GLOB '[a-z0-9]*'),
    name             TEXT NOT NULL CHECK (length(name) > 0),
    role             TEXT NOT NULL CHECK (role IN ('admin','manager','coordinator','economist',
                                                   'trainer','reader','evaluator')),
    organisation_id  INTEGER REFERENCES organisation(id),
    disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    -- NULL until a password is set: such an account cannot log in.
    password_hash    TEXT,
    -- Sealed TOTP secret: set when enrolment begins, in force once totp_enrolled is 1.
    totp_secret      BLOB,
    totp_enrolled    INTEGER NOT NULL DEFAULT 0 CHECK (totp_enrolled IN (0, 1)),
    -- The TOTP time step of the last code accepted: a code is never accepted twice.
    totp_last_step   INTEGER NOT NULL DEFAULT 0,
    created          INTEGER NOT NULL,
    CHECK (role <> 'coordinator' OR organisation_id IS NOT NULL),
    CHECK (totp_enrolled = 0 OR totp_secret IS NOT NULL)
);

CREATE TABLE user_session (
    id          INTEGER PRIMARY KEY,
    sid_hash    BLOB NOT NULL UNIQUE CHECK (length(sid_hash) = 32),
    user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    created     INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    totp_passed INTEGER NOT NULL DEFAULT 0 CHECK (totp_passed IN (0, 1)),
    csrf        TEXT NOT NULL CHECK (length(csrf) = 64)
);
CREATE INDEX user_session_user ON user_session(user_id);

CREATE TABLE api_token (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash  BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created     INTEGER NOT NULL,
    last_used   INTEGER,
    revoked     INTEGER    -- when it was revoked; NULL while it is valid
);
-- One valid token of a name per user, so that a name says which one to revoke.
CREATE UNIQUE INDEX api_token_name ON api_token(user_id, name) WHERE revoked IS NULL;

-- Failures counted per login (known or not, so that an unknown login behaves like a known one),
-- per client address, and per account for second-factor codes.
CREATE TABLE login_attempt (
    kind          TEXT NOT NULL CHECK (kind IN ('login', 'addr', 'totp')),
    key           TEXT NOT NULL,
    failures      INTEGER NOT NULL CHECK (failures >= 1),
    last_failure  INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);

-- The activities whose sessions and attendance a trainer may see and register.
CREATE TABLE activity_trainer (
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_trainer_user ON activity_trainer(user_id, activity_id);
