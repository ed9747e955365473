package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Correction is a call-centre suggestion that a counsellor marked edited
// or rejected: the question (personal numbers masked), the verdict, the
// counsellor's corrected text ("" when none was sent; masked too), the
// documents the suggestion cited, and when the verdict came.
type Correction struct {
	ID                                                       int64 // the feedback's
	SuggestionID, Question, Outcome, EditedText, CounselorID string
	SourceIDs                                                []string
	At                                                       time.Time
}

// CallcenterCorrections returns the edited and rejected call-centre
// suggestions since a time, the latest verdict first, at most limit of
// them; a suggestion with several such verdicts appears once per verdict.
func (db *DB) CallcenterCorrections(ctx context.Context, since time.Time, limit int) ([]Correction, error) {
	out, err := db.corrections(ctx, `f.created_at >= $1 ORDER BY f.created_at DESC, f.id DESC LIMIT $2`, since, limit)
	return out, wrap("call-centre corrections", err)
}

// CallcenterCorrection returns the edited or rejected verdict id;
// ErrNotFound when there is none.
func (db *DB) CallcenterCorrection(ctx context.Context, id int64) (Correction, error) {
	out, err := db.corrections(ctx, `f.id = $1`, id)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return Correction{}, wrap("call-centre correction", err)
	}
	return out[0], nil
}

// corrections reads the edited and rejected verdicts that match where (a
// constant condition and order over f, the feedback, with args).
func (db *DB) corrections(ctx context.Context, where string, args ...any) ([]Correction, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT f.id, s.id, s.question, f.outcome, f.edited_text, f.counselor_id, f.created_at,
		       coalesce((SELECT array_agg(DISTINCT c->>'id' ORDER BY c->>'id')
		                 FROM jsonb_each(coalesce(s.response->'answers', '{}')) AS a(lang, v),
		                      jsonb_array_elements(coalesce(a.v->'citations', '[]')) AS c
		                 WHERE c->>'id' IS NOT NULL), '{}')
		FROM callcenter_feedback f JOIN suggestions s ON s.id = f.suggestion_id
		WHERE f.outcome IN ('edited', 'rejected') AND `+where, args...)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Correction, error) {
		var c Correction
		err := r.Scan(&c.ID, &c.SuggestionID, &c.Question, &c.Outcome, &c.EditedText, &c.CounselorID, &c.At, &c.SourceIDs)
		return c, err
	})
}
