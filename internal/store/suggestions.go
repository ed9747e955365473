package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Suggestion is a stored call-centre suggestion.
type Suggestion struct {
	ID, CallID, TurnID, RequestHash, Status string
	Response                                []byte // JSON, when Status is "done"
	CreatedAt                               time.Time
}

// ErrNotFound means no such record.
var ErrNotFound = errors.New("not found")

// ClaimSuggestion records a new suggestion for call/turn as pending and
// returns claimed = true; if one exists already, it returns it with
// claimed = false (another request is computing it, or has).
func (db *DB) ClaimSuggestion(ctx context.Context, s Suggestion, counselorID, question string) (existing Suggestion, claimed bool, err error) {
	tag, err := db.pool.Exec(ctx, `
		INSERT INTO suggestions (id, call_id, turn_id, request_hash, status, counselor_id, question)
		VALUES ($1, $2, $3, $4, 'pending', $5, $6)
		ON CONFLICT (call_id, turn_id) DO NOTHING`, s.ID, s.CallID, s.TurnID, s.RequestHash, counselorID, question)
	if err != nil {
		return Suggestion{}, false, wrap("claim suggestion", err)
	}
	if tag.RowsAffected() == 1 {
		return s, true, nil
	}
	existing, err = db.SuggestionByTurn(ctx, s.CallID, s.TurnID)
	return existing, false, err
}

// SuggestionByTurn returns the suggestion of one call turn.
func (db *DB) SuggestionByTurn(ctx context.Context, callID, turnID string) (Suggestion, error) {
	var s Suggestion
	err := db.pool.QueryRow(ctx, `
		SELECT id, call_id, turn_id, request_hash, status, coalesce(response::text, ''), created_at
		FROM suggestions WHERE call_id = $1 AND turn_id = $2`, callID, turnID).
		Scan(&s.ID, &s.CallID, &s.TurnID, &s.RequestHash, &s.Status, &s.Response, &s.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Suggestion{}, ErrNotFound
	}
	return s, wrap("read suggestion", err)
}

// CompleteSuggestion stores the response of a claimed suggestion.
func (db *DB) CompleteSuggestion(ctx context.Context, id, topic string, response []byte, took time.Duration) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE suggestions SET status = 'done', response = $2, topic = $3, took_ms = $4, completed_at = now()
		WHERE id = $1`, id, string(response), topic, int(took.Milliseconds()))
	return wrap("complete suggestion", err)
}

// ReleaseSuggestion deletes a pending suggestion whose computation failed,
// so that the console's retry can compute it.
func (db *DB) ReleaseSuggestion(ctx context.Context, id string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM suggestions WHERE id = $1 AND status = 'pending'`, id)
	return wrap("release suggestion", err)
}

// CallcenterFeedback is a counsellor's verdict on a suggestion.
type CallcenterFeedback struct {
	SuggestionID, Outcome, EditedText, CounselorID string
	// RequestHash identifies the signed request that carried it: a second
	// feedback with the same hash is a replay and is not stored.
	RequestHash string
}

// SaveCallcenterFeedback stores feedback once per RequestHash (a replay is
// not an error and stores nothing); ErrNotFound when the suggestion does
// not exist.
func (db *DB) SaveCallcenterFeedback(ctx context.Context, f CallcenterFeedback) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO callcenter_feedback (suggestion_id, outcome, edited_text, counselor_id, request_hash)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (request_hash) DO NOTHING`,
		f.SuggestionID, f.Outcome, f.EditedText, f.CounselorID, f.RequestHash)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" { // foreign key: no such suggestion
		return ErrNotFound
	}
	return wrap("save call-centre feedback", err)
}

// TopicRate is the feedback of one topic.
type TopicRate struct {
	Topic                               string
	Suggestions, Used, Edited, Rejected int
}

// CallcenterTopics returns, per topic, how many suggestions there were and
// how counsellors judged them, since a time.
func (db *DB) CallcenterTopics(ctx context.Context, since time.Time) ([]TopicRate, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT s.topic, count(DISTINCT s.id),
		       count(f.id) FILTER (WHERE f.outcome = 'used'),
		       count(f.id) FILTER (WHERE f.outcome = 'edited'),
		       count(f.id) FILTER (WHERE f.outcome = 'rejected')
		FROM suggestions s LEFT JOIN callcenter_feedback f ON f.suggestion_id = s.id
		WHERE s.created_at >= $1 AND s.status = 'done'
		GROUP BY s.topic ORDER BY count(DISTINCT s.id) DESC`, since)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TopicRate, error) {
		var t TopicRate
		err := r.Scan(&t.Topic, &t.Suggestions, &t.Used, &t.Edited, &t.Rejected)
		return t, err
	})
	return out, wrap("call-centre topics", err)
}

// Troubled is a question whose suggestions counsellors rejected or edited.
type Troubled struct {
	Question         string
	Rejected, Edited int
}

// CallcenterTroubled returns the questions most often rejected or edited.
func (db *DB) CallcenterTroubled(ctx context.Context, since time.Time, limit int) ([]Troubled, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT min(s.question),
		       count(*) FILTER (WHERE f.outcome = 'rejected'),
		       count(*) FILTER (WHERE f.outcome = 'edited')
		FROM suggestions s JOIN callcenter_feedback f ON f.suggestion_id = s.id
		WHERE s.created_at >= $1 AND f.outcome IN ('rejected', 'edited')
		GROUP BY lower(s.question)
		ORDER BY count(*) DESC LIMIT $2`, since, limit)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Troubled, error) {
		var t Troubled
		err := r.Scan(&t.Question, &t.Rejected, &t.Edited)
		return t, err
	})
	return out, wrap("call-centre questions", err)
}
