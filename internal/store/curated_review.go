package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// ApproveVerifiedAudited approves the verified draft id as ApproveVerified
// does (expiring VerifiedMonths calendar months after now) and writes the approval to
// the console's audit trail (by, with Action "approve" and Subject id), in
// one transaction. It returns ErrNoCurated, with nothing written, when id
// is not a verified draft.
func (db *DB) ApproveVerifiedAudited(ctx context.Context, id string, by ConsoleAudit) error {
	return db.decideCurated(ctx, "approve "+id, `
		UPDATE curated_answers SET state = 'approved', approver = $2, approved_at = now(), updated_at = now(),
			expires_at = `+verifiedExpiry+`
		WHERE id = $1 AND kind = 'verified' AND state = 'draft'`,
		ConsoleAudit{UserID: by.UserID, UserName: by.UserName, Action: "approve", Subject: id, Address: by.Address},
		id, by.UserName)
}

// RetireVerifiedAudited retires the verified answer id (a draft rejected,
// or an approved one, expired or not) and writes it to the audit trail
// (Action "retire"), in one transaction; it stops answering at once.
// Cards are retired only by removing them from the knowledge files: for
// a card, as for an id not live, it returns ErrNoCurated with nothing
// written.
func (db *DB) RetireVerifiedAudited(ctx context.Context, id string, by ConsoleAudit) error {
	return db.decideCurated(ctx, "retire "+id, `
		UPDATE curated_answers SET state = 'retired', updated_at = now()
		WHERE id = $1 AND kind = 'verified' AND state <> 'retired'`,
		ConsoleAudit{UserID: by.UserID, UserName: by.UserName, Action: "retire", Subject: id, Address: by.Address},
		id)
}

// decideCurated runs update (which changes at most one curated answer) and
// writes audit when it changed one; ErrNoCurated when it changed none.
func (db *DB) decideCurated(ctx context.Context, op, update string, audit ConsoleAudit, args ...any) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, update, args...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNoCurated
		}
		return insertAudit(ctx, tx, audit)
	})
	if errors.Is(err, ErrNoCurated) {
		return ErrNoCurated
	}
	return wrap(op, err)
}

// ListVerifiedLive returns the approved verified answers that still
// answer (not expired), the most recently approved first.
func (db *DB) ListVerifiedLive(ctx context.Context) ([]CuratedAnswer, error) {
	return db.listCurated(ctx, "list live verified answers",
		`a.kind = 'verified' AND `+live+` ORDER BY a.approved_at DESC, a.id`)
}

// UnansweredQuestion is a handed-off question with the time it was asked.
type UnansweredQuestion struct {
	Unanswered
	At time.Time
}

// UnansweredSince returns the questions handed off since a time (personal
// numbers were masked before they were stored), oldest first, at most
// limit of them.
func (db *DB) UnansweredSince(ctx context.Context, since time.Time, limit int) ([]UnansweredQuestion, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT question, lang, channel, reason, created_at FROM unanswered
		WHERE created_at >= $1 ORDER BY created_at, id LIMIT $2`, since, limit)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (UnansweredQuestion, error) {
		var u UnansweredQuestion
		err := r.Scan(&u.Question, &u.Lang, &u.Channel, &u.Reason, &u.At)
		return u, err
	})
	return out, wrap("unanswered questions", err)
}

// AddVerifiedQuestionsAudited adds qs (vectors may be nil) to the live
// verified answer id as other ways of asking it: the answer answers them
// from now on. Its paraphrases gain them, and the addition is written to
// the audit trail (Action "add-question", Subject id), in one transaction.
// A question the answer already has is not added twice. It returns
// ErrNoCurated, with nothing written, when id is not a live verified
// answer (a draft, retired, expired, or a card).
func (db *DB) AddVerifiedQuestionsAudited(ctx context.Context, id string, qs []CuratedQuestion, by ConsoleAudit) error {
	var vi, en []string
	for _, q := range qs {
		if q.Lang == "vi" {
			vi = append(vi, q.Text)
		} else {
			en = append(en, q.Text)
		}
	}
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE curated_answers a SET updated_at = now(),
				paraphrases_vi = a.paraphrases_vi || array(SELECT unnest($2::text[]) EXCEPT SELECT unnest(a.paraphrases_vi)),
				paraphrases_en = a.paraphrases_en || array(SELECT unnest($3::text[]) EXCEPT SELECT unnest(a.paraphrases_en))
			WHERE a.id = $1 AND a.kind = 'verified' AND `+live, id, nonNil(vi), nonNil(en))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNoCurated
		}
		if err := insertQuestions(ctx, tx, id, qs); err != nil {
			return err
		}
		return insertAudit(ctx, tx, ConsoleAudit{UserID: by.UserID, UserName: by.UserName, Action: "add-question", Subject: id, Address: by.Address})
	})
	if errors.Is(err, ErrNoCurated) {
		return ErrNoCurated
	}
	return wrap("add questions to "+id, err)
}
