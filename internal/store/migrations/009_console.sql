-- The counsellors' console: accounts, sessions (only a hash of each
-- session id is stored), the audit trail of sign-ins, sign-outs and
-- editors' decisions, and the answers counsellors marked used.
CREATE TABLE console_users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    role          text        NOT NULL CHECK (role IN ('counsellor', 'editor')),
    password_hash text        NOT NULL,                -- PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE console_sessions (
    id_hash    bytea       PRIMARY KEY,                -- sha256 of the cookie's 256-bit id
    user_id    bigint      NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_user_idx ON console_sessions (user_id);
CREATE INDEX console_sessions_last_seen_idx ON console_sessions (last_seen);

CREATE TABLE console_audit (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    user_id   bigint      REFERENCES console_users (id) ON DELETE SET NULL,
    user_name text        NOT NULL,                    -- kept when the account is gone
    action    text        NOT NULL CHECK (action IN ('signin', 'signout', 'approve', 'retire')),
    subject   text        NOT NULL DEFAULT '',         -- what was approved or retired
    address   text        NOT NULL DEFAULT ''          -- the client's address or /64
);
CREATE INDEX console_audit_at_idx ON console_audit (at);

CREATE TABLE console_feedback (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      REFERENCES console_users (id) ON DELETE SET NULL,
    outcome    text        NOT NULL CHECK (outcome IN ('used')),
    lang       text        NOT NULL CHECK (lang IN ('vi', 'en')),
    question   text        NOT NULL,                   -- personal numbers masked; deleted after RETENTION
    sources    text[]      NOT NULL DEFAULT '{}',      -- document ids the answer cited
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_feedback_created_idx ON console_feedback (created_at);
