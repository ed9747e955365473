package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// FirstSeen records a Telegram update id of the bot botID and reports
// whether it is new. An id that bot saw before (a webhook retry) gives
// false; update ids are numbered per bot, so another bot's are apart.
func (db *DB) FirstSeen(ctx context.Context, botID, updateID int64) (bool, error) {
	tag, err := db.pool.Exec(ctx, `INSERT INTO telegram_updates (bot_id, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, botID, updateID)
	if err != nil {
		return false, wrap("record update", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ForgetUpdatesBefore deletes update ids seen before t.
func (db *DB) ForgetUpdatesBefore(ctx context.Context, t time.Time) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM telegram_updates WHERE seen_at < $1`, t)
	return wrap("forget old updates", err)
}

// ChatLang returns a chat's chosen language, or "" when it chose none.
func (db *DB) ChatLang(ctx context.Context, chatID int64) (string, error) {
	var lang string
	err := db.pool.QueryRow(ctx, `SELECT lang FROM chat_settings WHERE chat_id = $1`, chatID).Scan(&lang)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return lang, wrap("chat language", err)
}

// SetChatLang stores a chat's language.
func (db *DB) SetChatLang(ctx context.Context, chatID int64, lang string) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO chat_settings (chat_id, lang) VALUES ($1, $2)
		ON CONFLICT (chat_id) DO UPDATE SET lang = $2, updated_at = now()`, chatID, lang)
	return wrap("set chat language", err)
}

// Feedback is a vote on an answer.
type Feedback struct {
	Channel           string
	ChatID, MessageID int64
	Vote              string // up | down
	Question, Answer  string
}

// SaveFeedback stores a vote.
func (db *DB) SaveFeedback(ctx context.Context, f Feedback) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO feedback (channel, chat_id, message_id, vote, question, answer) VALUES ($1, $2, $3, $4, $5, $6)`,
		f.Channel, f.ChatID, f.MessageID, f.Vote, f.Question, f.Answer)
	return wrap("save feedback", err)
}

// DeleteChatData removes what is stored about a chat: its language and
// its feedback texts. Its conversation is deleted with DeleteConversation.
func (db *DB) DeleteChatData(ctx context.Context, chatID int64) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM chat_settings WHERE chat_id = $1`, chatID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM feedback WHERE channel = 'telegram' AND chat_id = $1`, chatID)
		return err
	})
	return wrap("delete chat data", err)
}

// DeleteTextsBefore deletes stored question and answer texts older than t
// (conversations, unanswered questions, feedback, call-centre suggestions):
// the retention setting.
func (db *DB) DeleteTextsBefore(ctx context.Context, t time.Time) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		for _, q := range []string{
			`DELETE FROM conversations WHERE updated_at < $1`,
			`DELETE FROM unanswered WHERE created_at < $1`,
			`DELETE FROM feedback WHERE created_at < $1`,
			`DELETE FROM suggestions WHERE created_at < $1`, // and their feedback, by cascade
		} {
			if _, err := tx.Exec(ctx, q, t); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("delete old texts", err)
}
