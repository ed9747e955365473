package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// Document is a stored knowledge document (metadata only).
type Document struct {
	ID, Lang, Title, Topic string
	Audience, Sources      []string
	AsOf                   time.Time
	Path, Hash             string
}

// Chunk is one passage to store with its vector and search text.
type Chunk struct {
	Ord        int
	Heading    string
	Text       string
	SearchText string
	Embedding  []float32
}

// IndexedDocument identifies a stored document and its content hash.
type IndexedDocument struct {
	ID, Lang, Path, Hash string
}

// ListDocuments returns every stored document's identity and hash.
func (db *DB) ListDocuments(ctx context.Context) ([]IndexedDocument, error) {
	rows, _ := db.pool.Query(ctx, `SELECT id, lang, path, content_hash FROM documents ORDER BY id, lang`)
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (IndexedDocument, error) {
		var d IndexedDocument
		err := r.Scan(&d.ID, &d.Lang, &d.Path, &d.Hash)
		return d, err
	})
	return docs, wrap("list documents", err)
}

// ReplaceDocument stores doc and its chunks in one transaction, replacing
// any previous version: readers see the old version or the new one, never a
// mix. Chunks go in with COPY.
func (db *DB) ReplaceDocument(ctx context.Context, doc Document, chunks []Chunk) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		// The index is derived data: a commit lost in a crash leaves the
		// old content hash, so the next run re-indexes the document. Not
		// waiting for the WAL flush makes bulk indexing several times faster.
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE id = $1 AND lang = $2`, doc.ID, doc.Lang); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO documents (id, lang, title, topic, audience, sources, as_of, path, content_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			doc.ID, doc.Lang, doc.Title, doc.Topic, doc.Audience, doc.Sources, doc.AsOf, doc.Path, doc.Hash); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"chunks"},
			[]string{"document_id", "lang", "ord", "heading", "text", "search_text", "embedding"},
			pgx.CopyFromSlice(len(chunks), func(i int) ([]any, error) {
				c := chunks[i]
				return []any{doc.ID, doc.Lang, c.Ord, c.Heading, c.Text, c.SearchText, pgvector.NewVector(c.Embedding)}, nil
			}))
		return err
	})
	return wrap(fmt.Sprintf("store document %s.%s", doc.ID, doc.Lang), err)
}

// DeleteDocument removes a document and its chunks.
func (db *DB) DeleteDocument(ctx context.Context, id, lang string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM documents WHERE id = $1 AND lang = $2`, id, lang)
	return wrap(fmt.Sprintf("delete document %s.%s", id, lang), err)
}

// ErrEmbedderMismatch means the index was built with another embedder.
type ErrEmbedderMismatch struct {
	Have, Want       string
	HaveDim, WantDim int
}

func (e *ErrEmbedderMismatch) Error() string {
	return fmt.Sprintf("the index was built with embedder %s (%d dimensions) but %s (%d dimensions) is configured: re-index with 'assistant index --rebuild', or configure the embedder the index was built with",
		e.Have, e.HaveDim, e.Want, e.WantDim)
}

// Embedder returns the embedder name and dimension recorded in the index;
// ok is false when nothing has been indexed yet.
func (db *DB) Embedder(ctx context.Context) (name string, dim int, ok bool, err error) {
	err = db.pool.QueryRow(ctx, `SELECT embedder, dim FROM index_meta`).Scan(&name, &dim)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, wrap("read index embedder", err)
	}
	return name, dim, true, nil
}

// UseEmbedder makes the index ready for vectors of the named embedder. On a
// new index it fixes the vector dimension and drops the HNSW index, which
// EnsureVectorIndex builds once the chunks are in (a bulk build is several
// times faster than inserting into the graph row by row). On an
// index built with another embedder it returns *ErrEmbedderMismatch, unless
// rebuild is set: then every document is dropped first.
func (db *DB) UseEmbedder(ctx context.Context, name string, dim int, rebuild bool) error {
	have, haveDim, ok, err := db.Embedder(ctx)
	if err != nil {
		return err
	}
	if ok && have == name && haveDim == dim && !rebuild {
		return nil
	}
	if ok && !rebuild {
		return &ErrEmbedderMismatch{Have: have, HaveDim: haveDim, Want: name, WantDim: dim}
	}
	err = db.Transact(ctx, func(tx pgx.Tx) error {
		stmts := []string{
			`LOCK TABLE documents, chunks IN ACCESS EXCLUSIVE MODE`,
			`DROP INDEX IF EXISTS chunks_embedding_idx`,
			`TRUNCATE documents, chunks, term_stats, card_chunks`,
			fmt.Sprintf(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(%d)`, dim), // dim is an int: no injection
			inlineVectors("chunks", dim),
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO index_meta (embedder, dim) VALUES ($1, $2)
			ON CONFLICT (singleton) DO UPDATE SET embedder = $1, dim = $2, chunk_count = 0, updated_at = now()`, name, dim)
		return err
	})
	return wrap("prepare index for "+name, err)
}

// EnsureVectorIndex builds the HNSW (cosine) index on the chunk vectors if
// it does not exist. It is a no-op on an index that has one.
func (db *DB) EnsureVectorIndex(ctx context.Context) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS chunks_embedding_idx ON chunks
			USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)`)
		return err
	})
	return wrap("build vector index", err)
}

// RefreshStats recomputes term document frequencies and the chunk count
// that search uses, vacuums the index tables and refreshes the planner's
// statistics. Call it after a run that changed the index.
func (db *DB) RefreshStats(ctx context.Context) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `TRUNCATE term_stats`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO term_stats (term, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE index_meta SET chunk_count = (SELECT count(*) FROM chunks), updated_at = now()`)
		return err
	})
	if err != nil {
		return wrap("refresh term stats", err)
	}
	// Fresh planner statistics, and the dead rows of replaced chunks
	// gone: without them the first queries after a bulk load may not use
	// the indexes, and after a full re-embed (a glossary edit changes every
	// vector) /v1/ask ran at p95 24–30 ms until VACUUM, 12–13 ms after
	// (docs/benchmarks.md, 2026-11-30 afternoon). VACUUM cannot run in a
	// transaction: one statement on the pool.
	_, err = db.pool.Exec(ctx, `VACUUM (ANALYZE) documents, chunks, term_stats`)
	return wrap("vacuum index tables", err)
}

// IndexStatus summarises the index for readiness checks.
type IndexStatus struct {
	Embedder  string
	Dim       int
	Documents int
	Chunks    int
	UpdatedAt time.Time
}

// Status returns the index summary; Documents is 0 when nothing is indexed.
func (db *DB) Status(ctx context.Context) (IndexStatus, error) {
	var s IndexStatus
	err := db.pool.QueryRow(ctx, `
		SELECT coalesce(m.embedder, ''), coalesce(m.dim, 0), coalesce(m.chunk_count, 0),
		       coalesce(m.updated_at, 'epoch'), (SELECT count(*) FROM documents)
		FROM (SELECT 1) one LEFT JOIN index_meta m ON true`).Scan(&s.Embedder, &s.Dim, &s.Chunks, &s.UpdatedAt, &s.Documents)
	return s, wrap("index status", err)
}

// DropVectorIndex drops the HNSW index, for bulk loads that rebuild it
// with EnsureVectorIndex afterwards. Vector search still works meanwhile,
// by a sequential scan.
func (db *DB) DropVectorIndex(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `DROP INDEX IF EXISTS chunks_embedding_idx`)
	return wrap("drop vector index", err)
}
