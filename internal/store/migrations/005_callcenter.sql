-- The 1088 console: every suggestion (the audit trail and the idempotency
-- record in one) and the counsellors' feedback on them.
CREATE TABLE suggestions (
    id            text        PRIMARY KEY,              -- suggestion_id
    call_id       text        NOT NULL,
    turn_id       text        NOT NULL,
    request_hash  text        NOT NULL,                 -- sha256 of the raw request body
    status        text        NOT NULL CHECK (status IN ('pending', 'done')),
    counselor_id  text        NOT NULL DEFAULT '',
    question      text        NOT NULL,                 -- personal numbers masked
    topic         text        NOT NULL DEFAULT '',      -- topic of the best cited document
    response      jsonb,
    took_ms       int,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    UNIQUE (call_id, turn_id)
);
CREATE INDEX suggestions_created_idx ON suggestions (created_at);

CREATE TABLE callcenter_feedback (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id text        NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    outcome       text        NOT NULL CHECK (outcome IN ('shown', 'used', 'edited', 'rejected')),
    edited_text   text        NOT NULL DEFAULT '',     -- personal numbers masked
    counselor_id  text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX callcenter_feedback_suggestion_idx ON callcenter_feedback (suggestion_id);
