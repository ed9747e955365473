-- Update ids are numbered per bot: two bots (or a new token) sharing one
-- database must not drop each other's updates. Rows seen before this
-- migration keep bot_id 0 and expire with the 48-hour housekeeping.
ALTER TABLE telegram_updates ADD COLUMN bot_id bigint NOT NULL DEFAULT 0;
ALTER TABLE telegram_updates DROP CONSTRAINT telegram_updates_pkey;
ALTER TABLE telegram_updates ADD PRIMARY KEY (bot_id, update_id);
