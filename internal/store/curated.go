package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// Kinds and states of a curated answer.
const (
	KindCard     = "card"
	KindVerified = "verified"

	StateDraft    = "draft"
	StateApproved = "approved"
	StateRetired  = "retired"
)

// VerifiedMonths is how long an approved verified answer answers when its
// approver gives no expiry: six calendar months (approved on 15 March, it
// stops on 15 September; approved on 31 August, on 28 or 29 February).
const VerifiedMonths = 6

// verifiedExpiry is the one place that computes a verified answer's
// expiry: VerifiedMonths calendar months after now, in the database's
// calendar arithmetic (a day past the end of the month is the month's
// last day).
var verifiedExpiry = fmt.Sprintf("now() + interval '%d months'", VerifiedMonths) // a constant: no injection

// ErrNoCurated means no curated answer with that id is in the state the
// operation needs (an approval needs a draft, a retirement a live answer).
var ErrNoCurated = fmt.Errorf("curated answer %w", ErrNotFound)

// CuratedAnswer is a reviewed short answer. Question, Answer and
// Paraphrases are keyed by language ("vi", "en"); an answer missing in one
// language is "". Times are zero when unset (ApprovedAt of a draft,
// ExpiresAt of a card).
type CuratedAnswer struct {
	ID, Kind, State string
	Question        map[string]string
	Paraphrases     map[string][]string
	Answer          map[string]string
	SourceIDs       []string
	Author          string
	Approver        string
	CreatedAt       time.Time
	ApprovedAt      time.Time
	UpdatedAt       time.Time
	ExpiresAt       time.Time
	// Questions are filled by CuratedCandidates: every question and
	// paraphrase with its cosine similarity to the searched vector.
	Questions []CuratedQuestion
}

// CuratedQuestion is one question or paraphrase of a curated answer in
// one language, with its full-text search terms and its vector (nil when
// not embedded yet).
type CuratedQuestion struct {
	ID         int64
	Lang       string
	Text       string
	Canonical  bool
	SearchText string
	Embedding  []float32
	// EmbeddedWith is the version of the embedder that made Embedding
	// (see QuestionsToEmbed); "" when unknown.
	EmbeddedWith string
	// Similarity is the cosine similarity to a searched vector (0 when the
	// question has no vector yet); set by CuratedCandidates only.
	Similarity float64
}

// live is the condition of a curated answer that may answer: approved and
// not expired.
const live = `a.state = 'approved' AND (a.expires_at IS NULL OR a.expires_at > now())`

const curatedColumns = `a.id, a.kind, a.state, a.question_vi, a.question_en, a.paraphrases_vi, a.paraphrases_en,
	a.answer_vi, a.answer_en, a.source_ids, a.author, a.approver, a.created_at, a.approved_at, a.updated_at, a.expires_at`

func scanCurated(r pgx.Row, extra ...any) (CuratedAnswer, error) {
	var a CuratedAnswer
	var qvi, qen, avi, aen string
	var pvi, pen []string
	var approved, expires *time.Time
	dest := []any{&a.ID, &a.Kind, &a.State, &qvi, &qen, &pvi, &pen, &avi, &aen, &a.SourceIDs,
		&a.Author, &a.Approver, &a.CreatedAt, &approved, &a.UpdatedAt, &expires}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return a, err
	}
	a.Question = map[string]string{"vi": qvi, "en": qen}
	a.Answer = map[string]string{"vi": avi, "en": aen}
	a.Paraphrases = map[string][]string{"vi": pvi, "en": pen}
	if approved != nil {
		a.ApprovedAt = *approved
	}
	if expires != nil {
		a.ExpiresAt = *expires
	}
	return a, nil
}

// UseCuratedDim fixes the curated question vectors to dim dimensions. When
// the dimension changes (a new embedder), every stored vector is cleared,
// to be filled again through QuestionsToEmbed, and the HNSW index is
// rebuilt. It is a no-op when the dimension is already dim.
func (db *DB) UseCuratedDim(ctx context.Context, dim int) error {
	var have int
	err := db.pool.QueryRow(ctx, `SELECT atttypmod FROM pg_attribute
		WHERE attrelid = 'curated_questions'::regclass AND attname = 'embedding'`).Scan(&have)
	if err != nil {
		return wrap("curated vector dimension", err)
	}
	if have == dim {
		return nil
	}
	err = db.Transact(ctx, func(tx pgx.Tx) error {
		stmts := []string{
			`DROP INDEX IF EXISTS curated_questions_embedding_idx`,
			`UPDATE curated_questions SET embedding = NULL`,
			fmt.Sprintf(`ALTER TABLE curated_questions ALTER COLUMN embedding TYPE vector(%d)`, dim), // dim is an int: no injection
			inlineVectors("curated_questions", dim),
			`CREATE INDEX curated_questions_embedding_idx ON curated_questions
				USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)`,
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap(fmt.Sprintf("curated vectors of %d dimensions", dim), err)
}

// CardHashes returns the content hash of every card that is not retired,
// by card id.
func (db *DB) CardHashes(ctx context.Context) (map[string]string, error) {
	rows, _ := db.pool.Query(ctx, `SELECT id, content_hash FROM curated_answers WHERE kind = 'card' AND state <> 'retired'`)
	out := map[string]string{}
	_, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var id, h string
		err := r.Scan(&id, &h)
		out[id] = h
		return struct{}{}, err
	})
	return out, wrap("card hashes", err)
}

// ReplaceCard stores card a, approved now by the knowledge base, with its
// questions, replacing any previous version (also a retired one, or a
// verified answer's row of the same id is refused) in one transaction.
func (db *DB) ReplaceCard(ctx context.Context, a CuratedAnswer, hash string, qs []CuratedQuestion) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO curated_answers (id, kind, state, question_vi, question_en, paraphrases_vi, paraphrases_en,
				answer_vi, answer_en, source_ids, author, approver, approved_at, content_hash)
			VALUES ($1, 'card', 'approved', $2, $3, $4, $5, $6, $7, $8, $9, $9, now(), $10)
			ON CONFLICT (id) DO UPDATE SET state = 'approved', question_vi = $2, question_en = $3,
				paraphrases_vi = $4, paraphrases_en = $5, answer_vi = $6, answer_en = $7, source_ids = $8,
				author = $9, approver = $9, approved_at = now(), updated_at = now(), content_hash = $10
			WHERE curated_answers.kind = 'card'`,
			a.ID, a.Question["vi"], a.Question["en"], nonNil(a.Paraphrases["vi"]), nonNil(a.Paraphrases["en"]),
			a.Answer["vi"], a.Answer["en"], nonNil(a.SourceIDs), a.Author, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("id %q is a verified answer's", a.ID)
		}
		return replaceQuestions(ctx, tx, a.ID, qs)
	})
	return wrap("store card "+a.ID, err)
}

// replaceQuestions deletes the questions of answer id and inserts qs.
func replaceQuestions(ctx context.Context, tx pgx.Tx, id string, qs []CuratedQuestion) error {
	if _, err := tx.Exec(ctx, `DELETE FROM curated_questions WHERE answer_id = $1`, id); err != nil {
		return err
	}
	return insertQuestions(ctx, tx, id, qs)
}

// insertQuestions adds qs to the answer id, leaving out those it has.
func insertQuestions(ctx context.Context, tx pgx.Tx, id string, qs []CuratedQuestion) error {
	for _, q := range qs {
		var vec any
		if q.Embedding != nil {
			vec = pgvector.NewVector(q.Embedding)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO curated_questions (answer_id, lang, text, canonical, search_text, embedding, embedded_with)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (answer_id, lang, text) DO NOTHING`,
			id, q.Lang, q.Text, q.Canonical, q.SearchText, vec, q.EmbeddedWith); err != nil {
			return err
		}
	}
	return nil
}

// RetireCardsExcept retires every live card whose id is not in keep (cards
// removed from the files) and returns how many it retired.
func (db *DB) RetireCardsExcept(ctx context.Context, keep []string) (int, error) {
	tag, err := db.pool.Exec(ctx, `
		UPDATE curated_answers SET state = 'retired', updated_at = now()
		WHERE kind = 'card' AND state <> 'retired' AND NOT id = ANY($1)`, nonNil(keep))
	return int(tag.RowsAffected()), wrap("retire removed cards", err)
}

// CreateVerifiedDraft stores a counsellor's answer as a draft of kind
// verified, with its questions (vectors may be nil: QuestionsToEmbed lists
// them), and returns its new id ("verified-N").
func (db *DB) CreateVerifiedDraft(ctx context.Context, a CuratedAnswer, qs []CuratedQuestion) (string, error) {
	var id string
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO curated_answers (id, kind, state, question_vi, question_en, paraphrases_vi, paraphrases_en,
				answer_vi, answer_en, source_ids, author)
			VALUES ('verified-' || nextval('curated_verified_seq'), 'verified', 'draft', $1, $2, $3, $4, $5, $6, $7, $8)
			RETURNING id`,
			a.Question["vi"], a.Question["en"], nonNil(a.Paraphrases["vi"]), nonNil(a.Paraphrases["en"]),
			a.Answer["vi"], a.Answer["en"], nonNil(a.SourceIDs), a.Author).Scan(&id)
		if err != nil {
			return err
		}
		return replaceQuestions(ctx, tx, id, qs)
	})
	return id, wrap("create verified draft", err)
}

// ApproveVerified approves the verified draft id by approver, answering
// until expires, or for VerifiedMonths from now when expires is zero. It
// returns ErrNoCurated when id is not a verified draft.
func (db *DB) ApproveVerified(ctx context.Context, id, approver string, expires time.Time) error {
	var exp *time.Time
	if !expires.IsZero() {
		exp = &expires
	}
	tag, err := db.pool.Exec(ctx, `
		UPDATE curated_answers SET state = 'approved', approver = $2, approved_at = now(), updated_at = now(),
			expires_at = coalesce($3, `+verifiedExpiry+`)
		WHERE id = $1 AND kind = 'verified' AND state = 'draft'`, id, approver, exp)
	if err == nil && tag.RowsAffected() == 0 {
		err = ErrNoCurated
	}
	return wrap("approve "+id, err)
}

// RetireCurated retires the draft or approved answer id; it stops
// answering at once. It returns ErrNoCurated when there is none.
func (db *DB) RetireCurated(ctx context.Context, id string) error {
	tag, err := db.pool.Exec(ctx, `
		UPDATE curated_answers SET state = 'retired', updated_at = now()
		WHERE id = $1 AND state <> 'retired'`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = ErrNoCurated
	}
	return wrap("retire "+id, err)
}

// ListCuratedDrafts returns the drafts awaiting approval, oldest first.
func (db *DB) ListCuratedDrafts(ctx context.Context) ([]CuratedAnswer, error) {
	return db.listCurated(ctx, "list drafts", `a.state = 'draft' ORDER BY a.created_at, a.id`)
}

// ListCuratedExpired returns the approved answers whose expiry has passed,
// longest expired first: they no longer answer and await review.
func (db *DB) ListCuratedExpired(ctx context.Context) ([]CuratedAnswer, error) {
	return db.listCurated(ctx, "list expired", `a.state = 'approved' AND a.expires_at <= now() ORDER BY a.expires_at, a.id`)
}

// listCurated returns the curated answers that match where, a constant
// condition and order.
func (db *DB) listCurated(ctx context.Context, op, where string) ([]CuratedAnswer, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+curatedColumns+` FROM curated_answers a WHERE `+where)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CuratedAnswer, error) { return scanCurated(r) })
	return out, wrap(op, err)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// PendingQuestion is a curated question without a vector.
type PendingQuestion struct {
	ID   int64
	Text string
}

// QuestionsToEmbed returns the curated questions that have no vector yet,
// or one made by another embedder version than version (an embedder or
// glossary change that kept the dimension).
func (db *DB) QuestionsToEmbed(ctx context.Context, version string) ([]PendingQuestion, error) {
	rows, _ := db.pool.Query(ctx, `SELECT id, text FROM curated_questions
		WHERE embedding IS NULL OR embedded_with <> $1 ORDER BY id`, version)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PendingQuestion])
	return out, wrap("curated questions to embed", err)
}

// SetQuestionVectors stores the vector of each question id (vecs[i] for
// ids[i]), made by the embedder of the given version.
func (db *DB) SetQuestionVectors(ctx context.Context, ids []int64, vecs [][]float32, version string) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		for i, id := range ids {
			if _, err := tx.Exec(ctx, `UPDATE curated_questions SET embedding = $2, embedded_with = $3 WHERE id = $1`,
				id, pgvector.NewVector(vecs[i]), version); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("store curated question vectors", err)
}
