-- The Telegram bot: update ids already handled (webhook retries and
-- polling restarts deliver some twice), each chat's language, and the
-- feedback people give on answers.
CREATE TABLE telegram_updates (
    update_id bigint      PRIMARY KEY,
    seen_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_updates_seen_idx ON telegram_updates (seen_at);

CREATE TABLE chat_settings (
    chat_id    bigint      PRIMARY KEY,
    lang       text        NOT NULL CHECK (lang IN ('vi', 'en')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feedback (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel    text        NOT NULL,
    chat_id    bigint,
    message_id bigint,
    vote       text        NOT NULL CHECK (vote IN ('up', 'down')),
    question   text        NOT NULL, -- personal numbers masked
    answer     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
