// Package index loads the knowledge base into the store: parse, chunk,
// embed, write. Runs are incremental by content hash and atomic per
// document.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Embedder turns texts into vectors of Dim dimensions.
type Embedder interface {
	Name() string
	Dim() int
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Indexer writes a knowledge tree into the store.
type Indexer struct {
	DB       *store.DB
	Embedder Embedder
	Log      *slog.Logger
	// Progress, when set, receives a redrawn progress bar (use it for a
	// terminal); otherwise progress is logged at each tenth of the run.
	Progress io.Writer
	// Workers embedding and writing documents at once; default 2.
	Workers int
}

// Summary is what a run did.
type Summary struct {
	Added, Updated, Unchanged, Removed int
	Failed                             int
	Chunks                             int // chunks written in this run
	Duration                           time.Duration
}

func (s Summary) String() string {
	return fmt.Sprintf("added %d, updated %d, unchanged %d, removed %d, failed %d; %d chunks written in %.2fs",
		s.Added, s.Updated, s.Unchanged, s.Removed, s.Failed, s.Chunks, s.Duration.Seconds())
}

// ErrSomeFailed is returned (wrapped, with the per-file errors) when some
// files could not be indexed; every other file was indexed.
var ErrSomeFailed = errors.New("some knowledge files were not indexed")

const indexLockKey = 7_060_2012

// Run indexes every document of fsys. Unchanged documents are skipped;
// changed ones are replaced one transaction each; documents whose files are
// gone are removed. A file that fails to parse or embed leaves its previous
// version in the index and is reported in the error. With rebuild, the
// index is emptied first (needed to change the embedder).
func (ix *Indexer) Run(ctx context.Context, fsys fs.FS, rebuild bool) (Summary, error) {
	var sum Summary
	err := ix.DB.WithLock(ctx, indexLockKey, func() error {
		var err error
		sum, err = ix.run(ctx, fsys, rebuild)
		return err
	})
	return sum, err
}

func (ix *Indexer) run(ctx context.Context, fsys fs.FS, rebuild bool) (Summary, error) {
	start := time.Now()
	var sum Summary
	if err := ix.DB.UseEmbedder(ctx, ix.Embedder.Name(), ix.Embedder.Dim(), rebuild); err != nil {
		return sum, err
	}
	stored, err := ix.DB.ListDocuments(ctx)
	if err != nil {
		return sum, err
	}
	have := map[string]store.IndexedDocument{}
	for _, d := range stored {
		have[d.ID+"."+d.Lang] = d
	}
	docs, errs := corpus.Load(fsys)
	failedPaths := map[string]bool{} // their stored versions stay
	for _, e := range errs {
		if p, ok := corpus.ErrorPath(e); ok {
			failedPaths[p] = true
		}
	}

	type job struct {
		doc   corpus.Document
		hash  string
		isNew bool
	}
	var jobs []job
	present := map[string]bool{}
	for _, d := range docs {
		key := d.ID + "." + d.Lang
		present[key] = true
		h := ix.hash(d)
		old, ok := have[key]
		if ok && old.Hash == h {
			sum.Unchanged++
			continue
		}
		jobs = append(jobs, job{doc: d, hash: h, isNew: !ok})
	}

	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next = make(chan job)
		done int
	)
	workers := max(ix.Workers, 1)
	if ix.Workers == 0 {
		workers = 2
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				n, err := ix.indexOne(ctx, j.doc, j.hash)
				mu.Lock()
				done++
				if err != nil {
					sum.Failed++
					errs = append(errs, fmt.Errorf("%s: %w", j.doc.Path, err))
				} else {
					sum.Chunks += n
					if j.isNew {
						sum.Added++
					} else {
						sum.Updated++
					}
					ix.Log.Debug("indexed", "document", j.doc.ID, "lang", j.doc.Lang, "chunks", n)
				}
				ix.drawProgress(done, len(jobs))
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		select {
		case next <- j:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if ix.Progress != nil && len(jobs) > 0 {
		fmt.Fprintln(ix.Progress)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}

	for key, d := range have {
		if present[key] || failedPaths[d.Path] {
			continue
		}
		if err := ix.DB.DeleteDocument(ctx, d.ID, d.Lang); err != nil {
			errs = append(errs, err)
			continue
		}
		sum.Removed++
		ix.Log.Info("removed", "document", d.ID, "lang", d.Lang)
	}
	if err := ix.DB.EnsureVectorIndex(ctx); err != nil {
		return sum, err
	}
	if sum.Added+sum.Updated+sum.Removed > 0 || rebuild {
		if err := ix.DB.RefreshStats(ctx); err != nil {
			return sum, err
		}
	}
	sum.Failed = len(errs)
	sum.Duration = time.Since(start)
	if len(errs) > 0 {
		return sum, fmt.Errorf("%w:\n%w", ErrSomeFailed, errors.Join(errs...))
	}
	return sum, nil
}

// hash covers the file, the chunker, the text analysis and the embedder: changing any of them
// re-indexes the document.
func (ix *Indexer) hash(d corpus.Document) string {
	s := sha256.Sum256([]byte(d.Hash + "\x00" + corpus.ChunkerVersion + "\x00" + vitext.Version + "\x00" + ix.Embedder.Name()))
	return hex.EncodeToString(s[:])
}

func (ix *Indexer) indexOne(ctx context.Context, d corpus.Document, hash string) (int, error) {
	cs := corpus.Chunks(d)
	texts := make([]string, len(cs))
	for i, c := range cs {
		texts[i] = EmbeddingText(c.Heading, c.Text)
	}
	vecs, err := ix.Embedder.Embed(ctx, texts)
	if err != nil {
		return 0, err
	}
	chunks := make([]store.Chunk, len(cs))
	for i, c := range cs {
		chunks[i] = store.Chunk{
			Ord: c.Ord, Heading: c.Heading, Text: c.Text, Embedding: vecs[i],
			SearchText: strings.Join(vitext.SearchTerms(texts[i]), " "),
		}
	}
	sd := store.Document{
		ID: d.ID, Lang: d.Lang, Title: d.Title, Topic: d.Topic, Audience: d.Audience,
		Sources: d.Sources, AsOf: d.AsOf, Path: d.Path, Hash: hash,
	}
	if err := ix.DB.ReplaceDocument(ctx, sd, chunks); err != nil {
		return 0, err
	}
	return len(chunks), nil
}

// EmbeddingText is what is embedded and searched for a chunk: its heading
// path (which starts with the document title) and its text.
func EmbeddingText(heading, text string) string {
	return heading + "\n" + text
}

// drawProgress redraws the bar on a terminal; elsewhere it logs a line at
// each tenth of the work.
func (ix *Indexer) drawProgress(done, total int) {
	if total == 0 {
		return
	}
	if ix.Progress == nil {
		if done == total || done*10/total != (done-1)*10/total {
			ix.Log.Info("indexing", "done", done, "of", total)
		}
		return
	}
	const width = 30
	filled := done * width / total
	fmt.Fprintf(ix.Progress, "\rindexing [%s%s] %d/%d documents", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}
