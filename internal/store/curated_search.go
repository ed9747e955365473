package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// CuratedRank is one live curated answer found by a search branch: its
// best rank (1-based) among the branch's questions.
type CuratedRank struct {
	AnswerID string
	Branch   string // "vector" or "text"
	Rank     int
}

// SearchCurated searches the questions of live curated answers (approved,
// not expired) two ways: the k questions nearest to vec (HNSW, cosine) and
// the k questions best matching tsquery (GIN, a 'simple' tsquery such as
// "ky | quy | kyquy"; "" skips that branch). It returns each answer's best
// rank in each branch, for the caller to fuse.
func (db *DB) SearchCurated(ctx context.Context, vec []float32, tsquery string, k int) ([]CuratedRank, error) {
	rows, _ := db.pool.Query(ctx, `
		WITH nn AS (
			SELECT id, embedding <=> $1 AS dist FROM curated_questions
			WHERE embedding IS NOT NULL ORDER BY embedding <=> $1 LIMIT $3
		), v AS (
			SELECT q.answer_id, row_number() OVER (ORDER BY nn.dist, q.id) AS rank
			FROM nn JOIN curated_questions q ON q.id = nn.id JOIN curated_answers a ON a.id = q.answer_id
			WHERE `+live+`
		), t AS (
			SELECT q.answer_id, row_number() OVER (ORDER BY ts_rank(q.tsv, tq) DESC, q.id) AS rank
			FROM curated_questions q JOIN curated_answers a ON a.id = q.answer_id,
			     to_tsquery('simple', $2) tq
			WHERE $2 <> '' AND q.tsv @@ tq AND `+live+`
		)
		SELECT answer_id, 'vector', min(rank)::int FROM v GROUP BY answer_id
		UNION ALL
		SELECT answer_id, 'text', min(rank)::int FROM (SELECT * FROM t ORDER BY rank LIMIT $3) tk GROUP BY answer_id`,
		pgvector.NewVector(vec), tsquery, k)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CuratedRank, error) {
		var c CuratedRank
		err := r.Scan(&c.AnswerID, &c.Branch, &c.Rank)
		return c, err
	})
	return out, wrap("search curated answers", err)
}

// CuratedCandidates returns the live curated answers among ids, each with
// every question and paraphrase and its cosine similarity to vec, in the
// order of ids.
func (db *DB) CuratedCandidates(ctx context.Context, ids []string, vec []float32) ([]CuratedAnswer, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT `+curatedColumns+`, q.id, q.lang, q.text, q.canonical,
		       coalesce(1 - (q.embedding <=> $2), 0)::float8
		FROM curated_answers a JOIN curated_questions q ON q.answer_id = a.id
		WHERE a.id = ANY($1) AND `+live+`
		ORDER BY a.id, q.id`, ids, pgvector.NewVector(vec))
	byID := map[string]*CuratedAnswer{}
	_, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var q CuratedQuestion
		a, err := scanCurated(r, &q.ID, &q.Lang, &q.Text, &q.Canonical, &q.Similarity)
		if err != nil {
			return struct{}{}, err
		}
		if have, ok := byID[a.ID]; ok {
			have.Questions = append(have.Questions, q)
		} else {
			a.Questions = []CuratedQuestion{q}
			byID[a.ID] = &a
		}
		return struct{}{}, nil
	})
	if err != nil {
		return nil, wrap("curated candidates", err)
	}
	out := make([]CuratedAnswer, 0, len(byID))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, *a)
		}
	}
	return out, nil
}

// DocumentInfo is what an answer shows about a source document.
type DocumentInfo struct {
	ID, Lang, Title string
	AsOf            time.Time
	Sources         []string
}

// DocumentsInfo returns, for each of ids that is indexed, its version in
// lang, or its other version when it has none in lang; in the order of ids.
func (db *DB) DocumentsInfo(ctx context.Context, ids []string, lang string) ([]DocumentInfo, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT DISTINCT ON (u.ord) d.id, d.lang, d.title, d.as_of, d.sources
		FROM unnest($1::text[]) WITH ORDINALITY AS u(id, ord) JOIN documents d ON d.id = u.id
		ORDER BY u.ord, d.lang = $2 DESC`, nonNil(ids), lang)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[DocumentInfo])
	return out, wrap("documents info", err)
}

// CuratedTermDF returns the number of live curated answers and, for each
// of terms that some live answer's questions contain, how many answers
// contain it.
func (db *DB) CuratedTermDF(ctx context.Context, terms []string) (answers int, df map[string]int, err error) {
	var names []string
	var counts []int
	err = db.pool.QueryRow(ctx, `
		WITH t AS (
			SELECT term, count(DISTINCT q.answer_id)::int AS n
			FROM curated_questions q JOIN curated_answers a ON a.id = q.answer_id,
			     unnest(tsvector_to_array(q.tsv)) AS term
			WHERE term = ANY($1) AND `+live+`
			GROUP BY term
		)
		SELECT (SELECT count(*)::int FROM curated_answers a WHERE `+live+`),
		       coalesce((SELECT array_agg(term) FROM t), '{}'), coalesce((SELECT array_agg(n) FROM t), '{}')`,
		nonNil(terms)).Scan(&answers, &names, &counts)
	if err != nil {
		return 0, nil, wrap("curated term frequencies", err)
	}
	df = make(map[string]int, len(names))
	for i, n := range names {
		df[n] = counts[i]
	}
	return answers, df, nil
}

// LiveCuratedQuestion is one question or paraphrase of a live curated
// answer.
type LiveCuratedQuestion struct {
	AnswerID, Text string
}

// LiveCuratedQuestions returns every question and paraphrase of the live
// curated answers (approved, not expired), ordered by answer: what the
// matcher reads its concept frequencies from.
func (db *DB) LiveCuratedQuestions(ctx context.Context) ([]LiveCuratedQuestion, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT q.answer_id, q.text
		FROM curated_questions q JOIN curated_answers a ON a.id = q.answer_id
		WHERE `+live+`
		ORDER BY q.answer_id, q.id`)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[LiveCuratedQuestion])
	return out, wrap("live curated questions", err)
}
