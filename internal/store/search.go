package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// Hit is one chunk found by a search, with its document's metadata.
type Hit struct {
	ChunkID    int64 // the row's id: differs between databases holding the same index
	DocumentID string
	Lang       string
	Title      string
	Topic      string
	Heading    string
	Text       string
	Sources    []string
	AsOf       time.Time
	Ord        int     // the chunk's position in its document version, from 0
	Score      float64 // cosine similarity for vector search; summed term weight for text search
}

const hitColumns = `c.id, c.document_id, c.lang, d.title, d.topic, c.heading, c.text, d.sources, d.as_of, c.ord`

// chunkOrder breaks ties between equally scored chunks by what they are
// (document, language, position), never by their row ids: two databases
// holding the same index rank alike, whatever order the chunks were
// written in (ids had moved held-out figures by a question).
const chunkOrder = `c.document_id, c.lang, c.ord`

func scanHit(r pgx.CollectableRow) (Hit, error) {
	var h Hit
	err := r.Scan(&h.ChunkID, &h.DocumentID, &h.Lang, &h.Title, &h.Topic, &h.Heading, &h.Text, &h.Sources, &h.AsOf, &h.Ord, &h.Score)
	return h, err
}

// SearchVector returns the k chunks nearest to vec by cosine distance,
// through the HNSW index.
func (db *DB) SearchVector(ctx context.Context, vec []float32, k int) ([]Hit, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT `+hitColumns+`, 1 - nn.dist
		FROM (SELECT id, embedding <=> $1 AS dist FROM chunks ORDER BY embedding <=> $1 LIMIT $2) nn
		JOIN chunks c ON c.id = nn.id
		JOIN documents d ON d.id = c.document_id AND d.lang = c.lang
		ORDER BY nn.dist, `+chunkOrder, pgvector.NewVector(vec), k)
	hits, err := pgx.CollectRows(rows, scanHit)
	return hits, wrap("vector search", err)
}

// TermQuery is one weighted alternative of a text search: a tsquery over
// the 'simple' configuration, such as "laodong" or "xuatkhau & laodong".
type TermQuery struct {
	Query  string
	Weight float64
}

// SearchText returns the k chunks that match at least one of terms through
// the GIN index, scored by the summed weight of the terms they match (an
// IDF-weighted coordinate match), ties broken by chunk id. The caller
// bounds the candidate set by its choice of terms.
func (db *DB) SearchText(ctx context.Context, terms []TermQuery, k int) ([]Hit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	queries := make([]string, len(terms))
	weights := make([]float64, len(terms))
	alternatives := make([]string, len(terms))
	for i, t := range terms {
		queries[i], weights[i] = t.Query, t.Weight
		alternatives[i] = "(" + t.Query + ")"
	}
	// cand reads each candidate's tsvector once: a compressed one is
	// copied (the concatenation makes a plain in-memory copy), so that
	// matching it against every weighted term does not decompress it again
	// for each term; one stored plain, most of them, is used as it is
	// (copying every candidate cost about a quarter of the query on the
	// shipped knowledge base, where 2 of 735 are compressed).
	rows, _ := db.pool.Query(ctx, `
		WITH t AS MATERIALIZED (
			SELECT to_tsquery('simple', q) AS tq, w FROM unnest($1::text[], $2::float8[]) AS u(q, w)
		), cand AS MATERIALIZED (
			SELECT c.id, c.document_id, c.lang, c.ord, CASE WHEN pg_column_compression(c.tsv) IS NULL THEN c.tsv ELSE c.tsv || ''::tsvector END AS v
			FROM chunks c
			WHERE c.tsv @@ to_tsquery('simple', $4)
		), matched AS (
			SELECT c.id, (SELECT sum(t.w) FROM t WHERE c.v @@ t.tq) AS score
			FROM cand c
			ORDER BY score DESC, `+chunkOrder+`
			LIMIT $3
		)
		SELECT `+hitColumns+`, m.score
		FROM matched m
		JOIN chunks c ON c.id = m.id
		JOIN documents d ON d.id = c.document_id AND d.lang = c.lang
		ORDER BY m.score DESC, `+chunkOrder, queries, weights, k, strings.Join(alternatives, " | "))
	hits, err := pgx.CollectRows(rows, scanHit)
	return hits, wrap("text search", err)
}

// TermStats returns the number of chunks and, for each of terms that occurs
// in the index, the number of chunks that contain it.
func (db *DB) TermStats(ctx context.Context, terms []string) (chunks int, df map[string]int, err error) {
	var names []string
	var counts []int
	err = db.pool.QueryRow(ctx, `
		SELECT coalesce((SELECT chunk_count FROM index_meta), 0),
		       coalesce(array_agg(term), '{}'), coalesce(array_agg(df), '{}')
		FROM term_stats WHERE term = ANY($1)`, terms).Scan(&chunks, &names, &counts)
	if err != nil {
		return 0, nil, wrap("term stats", err)
	}
	df = make(map[string]int, len(names))
	for i, n := range names {
		df[n] = counts[i]
	}
	return chunks, df, nil
}

// NearestInDocuments returns, for each of docIDs, its perDoc chunks in lang
// nearest to vec. Documents without a version in lang give nothing.
func (db *DB) NearestInDocuments(ctx context.Context, vec []float32, docIDs []string, lang string, perDoc int) ([]Hit, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT `+hitColumns+`, 1 - c.dist
		FROM unnest($2::text[]) AS ids(id)
		CROSS JOIN LATERAL (
			SELECT c.*, c.embedding <=> $1 AS dist FROM chunks c
			WHERE c.document_id = ids.id AND c.lang = $3
			ORDER BY dist LIMIT $4
		) c
		JOIN documents d ON d.id = c.document_id AND d.lang = c.lang
		ORDER BY c.document_id, c.dist, c.ord`, pgvector.NewVector(vec), docIDs, lang, perDoc)
	hits, err := pgx.CollectRows(rows, scanHit)
	return hits, wrap("nearest in documents", err)
}

// DocumentChunks returns every chunk of one document version, in order.
func (db *DB) DocumentChunks(ctx context.Context, docID, lang string) ([]Hit, error) {
	rows, _ := db.pool.Query(ctx, `
		SELECT `+hitColumns+`, 0::float8
		FROM chunks c JOIN documents d ON d.id = c.document_id AND d.lang = c.lang
		WHERE c.document_id = $1 AND c.lang = $2
		ORDER BY c.ord`, docID, lang)
	hits, err := pgx.CollectRows(rows, scanHit)
	return hits, wrap("document chunks", err)
}
