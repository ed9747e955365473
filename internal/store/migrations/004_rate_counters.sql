-- Fixed-window counters shared by every replica: per-chat and per-key
-- rate limits.
CREATE TABLE rate_counters (
    key          text        NOT NULL,
    window_start timestamptz NOT NULL,
    count        int         NOT NULL,
    PRIMARY KEY (key, window_start)
);
