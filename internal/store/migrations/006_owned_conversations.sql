-- Conversations belong to whoever holds their id (issue 17). The service
-- issues the id of every HTTP conversation: "c_" and 32 hex digits, 128
-- random bits. A Telegram conversation is named after its chat,
-- "tg:<chat id>", and only the Telegram channel, which knows the chat from
-- Telegram's authenticated update, ever names it. The check keeps the two
-- namespaces apart; conversations whose ids clients chose are forgotten.
DELETE FROM conversations
WHERE NOT ((channel <> 'telegram' AND id ~ '^c_[0-9a-f]{32}$')
        OR (channel = 'telegram' AND id ~ '^tg:-?[0-9]{1,20}$'));
ALTER TABLE conversations ADD CONSTRAINT conversations_id_namespace CHECK (
    (channel <> 'telegram' AND id ~ '^c_[0-9a-f]{32}$')
 OR (channel = 'telegram' AND id ~ '^tg:-?[0-9]{1,20}$'));

-- Call-centre feedback is idempotent per signed request: a replay of the
-- same request (same timestamp, same body) within the signature window
-- stores nothing more. request_hash is sha256("<timestamp>.<body>").
ALTER TABLE callcenter_feedback ADD COLUMN request_hash text;
UPDATE callcenter_feedback SET request_hash = 'legacy:' || id;
ALTER TABLE callcenter_feedback ALTER COLUMN request_hash SET NOT NULL;
ALTER TABLE callcenter_feedback ADD CONSTRAINT callcenter_feedback_request_hash_key UNIQUE (request_hash);
