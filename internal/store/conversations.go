package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
// a client of channel; its id is new (a clash is an error). Committed
// lazily (see lazyBatch).
func (db *DB) IssueConversation(ctx context.Context, conversationID, channel string) error {
	b := lazyBatch()
	b.Queue(`INSERT INTO conversations (id, channel) VALUES ($1, $2)`, conversationID, channel)
	return wrap("issue conversation", db.pool.SendBatch(ctx, b).Close())
}

// StartConversation is IssueConversation and the conversation's first
// turn, in one round trip and one lazily committed transaction (see
// lazyBatch): both are stored or neither.
func (db *DB) StartConversation(ctx context.Context, conversationID, channel string, first Turn) error {
	b := lazyBatch()
	b.Queue(`
		WITH c AS (INSERT INTO conversations (id, channel) VALUES ($1, $2) RETURNING id)
		INSERT INTO turns (conversation_id, ord, question, lang, document_ids)
		SELECT c.id, 1, $3, $4, $5 FROM c`,
		conversationID, channel, first.Question, first.Lang, first.DocumentIDs)
	return wrap("start conversation", db.pool.SendBatch(ctx, b).Close())
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
// belongs to another channel, and then changes nothing.
//
// Its three statements go in one batch: one round trip, run by the server
// as one transaction, each statement seeing the ones before it, committed
// lazily (see lazyBatch).
func (db *DB) AddTurn(ctx context.Context, conversationID, channel string, t Turn, keep int) error {
	b := lazyBatch()
	var touched int64
	b.Queue(`
		INSERT INTO conversations (id, channel) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET updated_at = now() WHERE conversations.channel = excluded.channel`,
		conversationID, channel).Exec(func(tag pgconn.CommandTag) error {
		touched = tag.RowsAffected()
		return nil
	})
	b.Queue(`
		INSERT INTO turns (conversation_id, ord, question, lang, document_ids)
		SELECT $1, coalesce(max(ord), 0) + 1, $3, $4, $5 FROM turns WHERE conversation_id = $1
		HAVING EXISTS (SELECT 1 FROM conversations WHERE id = $1 AND channel = $2)`,
		conversationID, channel, t.Question, t.Lang, t.DocumentIDs)
	b.Queue(`
		DELETE FROM turns WHERE conversation_id = $1
		AND ord <= (SELECT max(ord) FROM turns WHERE conversation_id = $1) - $2
		AND EXISTS (SELECT 1 FROM conversations WHERE id = $1 AND channel = $3)`,
		conversationID, keep, channel)
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return wrap("add turn", err)
	}
	if touched != 1 {
		return wrap("add turn", ErrNoConversation)
	}
	return nil
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
