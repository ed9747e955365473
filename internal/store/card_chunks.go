package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// CardChunk ties an answer card to the chunk of its document it was
// written from, in one language: the chunk is named by its place
// (document, language, position). The fields are card_chunks' columns, in
// order.
type CardChunk struct {
	AnswerID   string
	DocumentID string
	Lang       string
	Ord        int
}

// ReplaceCardChunks replaces every card's ties with ties, in one
// transaction. A tie to a card or chunk that does not exist is an error
// and leaves the previous ties in place.
func (db *DB) ReplaceCardChunks(ctx context.Context, ties []CardChunk) error {
	ids, docs, langs, ords := make([]string, len(ties)), make([]string, len(ties)), make([]string, len(ties)), make([]int32, len(ties))
	for i, t := range ties {
		ids[i], docs[i], langs[i], ords[i] = t.AnswerID, t.DocumentID, t.Lang, int32(t.Ord)
	}
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM card_chunks`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO card_chunks (answer_id, document_id, lang, ord)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`, ids, docs, langs, ords)
		return err
	})
	return wrap("tie cards to chunks", err)
}

// CardChunks returns every tie, ordered by card and language.
func (db *DB) CardChunks(ctx context.Context) ([]CardChunk, error) {
	rows, _ := db.pool.Query(ctx, `SELECT answer_id, document_id, lang, ord FROM card_chunks ORDER BY answer_id, lang`)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[CardChunk])
	return out, wrap("card ties", err)
}

// maxInlineDim is the largest vector dimension kept in its row (4 KB).
const maxInlineDim = 1024

// inlineVectors is the statement that keeps table's vectors of dim
// dimensions in their row, uncompressed, when they fit (maxInlineDim), or
// pgvector's default of a TOAST table: an exact search reads every vector,
// and a fetch from TOAST for each was most of its cost (migration 013). A
// change of the column's type resets its storage, so it follows each one.
func inlineVectors(table string, dim int) string {
	storage := "EXTERNAL" // the vector type's own default
	if dim <= maxInlineDim {
		storage = "PLAIN"
	}
	return fmt.Sprintf(`ALTER TABLE %s ALTER COLUMN embedding SET STORAGE %s`, table, storage) // table is a constant
}

// CardHit is a chunk reached through an answer card: CardSim is the
// cosine similarity to the question of the nearest question of a card tied
// to it, CardAnswer that card's answer in the chunk's language ("" when
// it has none), and the Hit's Score the chunk's own.
type CardHit struct {
	Hit
	CardSim    float64
	CardAnswer string
}

// cardSearchCandidates is the least HNSW candidate list (hnsw.ef_search)
// of the card-question search.
const cardSearchCandidates = 200

// SearchCardChunks returns the chunks tied to the live cards among the
// cardQuestions curated questions nearest to vec (each card's chunk in
// every language it has), nearest card first. The questions are found
// through their HNSW index, which the planner would pass over for reading
// all of them (0.7 ms against 2.2 ms on the 2,884 questions of the
// shipped cards; the search is on every question's path), so the query
// runs in its own transaction with sequential scans discouraged and a
// candidate list of cardSearchCandidates, in one round trip. A verified
// answer's question nearer than a card's takes its place.
func (db *DB) SearchCardChunks(ctx context.Context, vec []float32, cardQuestions int) ([]CardHit, error) {
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	b.Queue(`SET LOCAL enable_seqscan = off`)
	// The index's candidate list. With as few candidates as questions
	// wanted (10), 9% of the ten nearest questions an exact search finds
	// were missed (the 929 public and training questions, three builds of
	// the index), which ones depended on how the graph happened to be
	// built, and a test's answer changed between two indexes of the same
	// knowledge base (1 build in 5). 200 candidates miss 0.05% at about
	// 2 ms a search, against 0.6 ms; the exact scan takes 3.5 ms
	// (docs/benchmarks.md, 2026-12-03, afternoon).
	b.Queue(`SELECT set_config('hnsw.ef_search', $1, true)`, strconv.Itoa(max(cardQuestions, cardSearchCandidates)))
	b.Queue(`
		WITH cq AS (
			SELECT answer_id, 1 - (embedding <=> $1) AS sim FROM curated_questions
			WHERE embedding IS NOT NULL ORDER BY embedding <=> $1 LIMIT $2
		), card AS (
			SELECT c.id, max(cq.sim) AS sim,
				(array_agg(CASE c.lang WHEN 'vi' THEN a.answer_vi ELSE a.answer_en END ORDER BY cq.sim DESC))[1] AS answer
			FROM cq JOIN curated_answers a ON a.id = cq.answer_id AND a.kind = 'card' AND a.state = 'approved'
			JOIN card_chunks t ON t.answer_id = cq.answer_id
			JOIN chunks c ON c.document_id = t.document_id AND c.lang = t.lang AND c.ord = t.ord
			GROUP BY c.id
		)
		SELECT `+hitColumns+`, 1 - (c.embedding <=> $1), card.sim, card.answer
		FROM card JOIN chunks c ON c.id = card.id
		JOIN documents d ON d.id = c.document_id AND d.lang = c.lang
		ORDER BY card.sim DESC, `+chunkOrder, pgvector.NewVector(vec), cardQuestions)
	b.Queue(`COMMIT`)
	// A failed statement leaves the transaction open: the pool closes a
	// connection it gets back in one.
	br := db.pool.SendBatch(ctx, b)
	var out []CardHit
	var err error
	for range 3 { // BEGIN, SET, set_config
		if err == nil {
			_, err = br.Exec()
		}
	}
	if err == nil {
		rows, _ := br.Query()
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (CardHit, error) {
			var c CardHit
			h := &c.Hit
			err := r.Scan(&h.ChunkID, &h.DocumentID, &h.Lang, &h.Title, &h.Topic, &h.Heading, &h.Text, &h.Sources, &h.AsOf, &h.Ord, &h.Score, &c.CardSim, &c.CardAnswer)
			return c, err
		})
	}
	if err == nil {
		_, err = br.Exec()
	}
	if err = errors.Join(err, br.Close()); err != nil {
		return nil, wrap("search card chunks", err)
	}
	return out, nil
}
