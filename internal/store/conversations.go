package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Turn is one answered question of a conversation.
type Turn struct {
	Question    string
	Lang        string
	DocumentIDs []string
	At          time.Time
}

// LastTurn returns the latest turn of a conversation updated after since;
// ok is false when there is none.
func (db *DB) LastTurn(ctx context.Context, conversationID string, since time.Time) (t Turn, ok bool, err error) {
	err = db.pool.QueryRow(ctx, `
		SELECT t.question, t.lang, t.document_ids, t.created_at
		FROM turns t JOIN conversations c ON c.id = t.conversation_id
		WHERE t.conversation_id = $1 AND c.updated_at > $2
		ORDER BY t.ord DESC LIMIT 1`, conversationID, since).Scan(&t.Question, &t.Lang, &t.DocumentIDs, &t.At)
	if errors.Is(err, pgx.ErrNoRows) {
		return Turn{}, false, nil
	}
	if err != nil {
		return Turn{}, false, wrap("last turn", err)
	}
	return t, true, nil
}

// ErrNoConversation means a turn was added to a conversation that belongs
// to another channel: the caller's check of the id failed.
var ErrNoConversation = errors.New("no such conversation on this channel")

// IssueConversation records a conversation the service has just issued to
// a client of channel; its id is new (a clash is an error).
func (db *DB) IssueConversation(ctx context.Context, conversationID, channel string) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO conversations (id, channel) VALUES ($1, $2)`, conversationID, channel)
	return wrap("issue conversation", err)
}

// TouchConversation reports whether conversationID is a conversation of
// channel active after since, and marks it active now. A conversation of
// another channel, an expired one and one never issued all give false.
func (db *DB) TouchConversation(ctx context.Context, conversationID, channel string, since time.Time) (bool, error) {
	tag, err := db.pool.Exec(ctx, `
		UPDATE conversations SET updated_at = now()
		WHERE id = $1 AND channel = $2 AND updated_at > $3`, conversationID, channel, since)
	if err != nil {
		return false, wrap("touch conversation", err)
	}
	return tag.RowsAffected() == 1, nil
}

// AddTurn appends a turn to a conversation of channel, creating it when new
// (what a channel that names its own conversations relies on), and keeps
// only its keep latest turns. It returns ErrNoConversation when the id
// belongs to another channel.
func (db *DB) AddTurn(ctx context.Context, conversationID, channel string, t Turn, keep int) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO conversations (id, channel) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET updated_at = now() WHERE conversations.channel = excluded.channel`,
			conversationID, channel)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return ErrNoConversation
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO turns (conversation_id, ord, question, lang, document_ids)
			SELECT $1, coalesce(max(ord), 0) + 1, $2, $3, $4 FROM turns WHERE conversation_id = $1`,
			conversationID, t.Question, t.Lang, t.DocumentIDs); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			DELETE FROM turns WHERE conversation_id = $1 AND ord <= (SELECT max(ord) FROM turns WHERE conversation_id = $1) - $2`,
			conversationID, keep)
		return err
	})
	return wrap("add turn", err)
}

// DeleteConversation forgets a conversation of channel; deleted is false
// when there was none (or it is another channel's).
func (db *DB) DeleteConversation(ctx context.Context, conversationID, channel string) (deleted bool, err error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM conversations WHERE id = $1 AND channel = $2`, conversationID, channel)
	if err != nil {
		return false, wrap("delete conversation", err)
	}
	return tag.RowsAffected() > 0, nil
}

// ExpireConversations deletes conversations idle since before, and returns
// how many.
func (db *DB) ExpireConversations(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM conversations WHERE updated_at < $1`, before)
	if err != nil {
		return 0, wrap("expire conversations", err)
	}
	return tag.RowsAffected(), nil
}
