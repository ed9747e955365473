-- Conversations (for follow-up questions) and the questions the service
-- could not answer (for the content team).
CREATE TABLE conversations (
    id         text        PRIMARY KEY,
    channel    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_updated_idx ON conversations (updated_at);

CREATE TABLE turns (
    conversation_id text        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    ord             int         NOT NULL,
    question        text        NOT NULL, -- personal numbers masked
    lang            text        NOT NULL,
    document_ids    text[]      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, ord)
);

CREATE TABLE unanswered (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question   text        NOT NULL, -- personal numbers masked
    lang       text        NOT NULL,
    channel    text        NOT NULL,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unanswered_created_idx ON unanswered (created_at);
