package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Unanswered is a question the service handed off.
type Unanswered struct {
	Question, Lang, Channel, Reason string
}

// RecordUnanswered stores a handed-off question for the content team,
// committed lazily (see lazyBatch).
func (db *DB) RecordUnanswered(ctx context.Context, u Unanswered) error {
	b := lazyBatch()
	b.Queue(`INSERT INTO unanswered (question, lang, channel, reason) VALUES ($1, $2, $3, $4)`,
		u.Question, u.Lang, u.Channel, u.Reason)
	return wrap("record unanswered question", db.pool.SendBatch(ctx, b).Close())
}

// Gap is a frequent unanswered question.
type Gap struct {
	Question string
	Lang     string
	Reason   string
	Count    int
	Last     time.Time
}

// Gaps returns the most frequent unanswered questions since a time,
// grouped by their lower-cased text.
func (db *DB) Gaps(ctx context.Context, since time.Time, limit int) ([]Gap, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT min(question), min(lang), min(reason), count(*), max(created_at)
		FROM unanswered WHERE created_at >= $1
		GROUP BY lower(question)
		ORDER BY count(*) DESC, max(created_at) DESC
		LIMIT $2`, since, limit)
	gaps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Gap, error) {
		var g Gap
		err := r.Scan(&g.Question, &g.Lang, &g.Reason, &g.Count, &g.Last)
		return g, err
	})
	return gaps, wrap("gaps", err)
}
