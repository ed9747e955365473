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
	"slices"
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

// versioned is an embedder whose vectors depend on more than its name
// (the hashing embedder's concept features, on the glossary): its
// Version, not its Name, goes into the hash of each document and card,
// so that a change re-embeds them all without a rebuild.
type versioned interface{ Version() string }

// embedderVersion is e's Version when it has one, its Name otherwise.
func embedderVersion(e Embedder) string {
	if v, ok := e.(versioned); ok {
		return v.Version()
	}
	return e.Name()
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
	// Guard makes a run that would remove more than half of the stored
	// documents, or all of them, fail with ErrTooManyRemoved before
	// anything is written. assistant index sets it unless --prune is
	// given; serve's indexing of the embedded knowledge base leaves it off.
	Guard bool
	// DryRun plans the run and writes nothing: the Summary counts and
	// names (Plan) what would be added, updated and removed.
	DryRun bool
}

// Summary is what a run did.
type Summary struct {
	Added, Updated, Unchanged, Removed int
	Failed                             int
	Chunks                             int // chunks written in this run
	Duration                           time.Duration
	// Plan names the documents ("id.lang path") of a dry run; nil otherwise.
	Plan *Plan
}

func (s Summary) String() string {
	if s.Plan != nil {
		return fmt.Sprintf("dry run, nothing written: would add %d, update %d, remove %d; %d unchanged",
			s.Added, s.Updated, s.Removed, s.Unchanged)
	}
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

// run is one locked indexing run: plan the work, index the new and changed
// documents, remove the deleted ones, then refresh the indexes.
func (ix *Indexer) run(ctx context.Context, fsys fs.FS, rebuild bool) (Summary, error) {
	start := time.Now()
	if ix.Guard || ix.DryRun {
		if sum, err := ix.check(ctx, fsys, rebuild); err != nil || ix.DryRun {
			return sum, err
		}
	}
	if err := ix.DB.UseEmbedder(ctx, ix.Embedder.Name(), ix.Embedder.Dim(), rebuild); err != nil {
		return Summary{}, err
	}
	r, err := ix.plan(ctx, fsys)
	if err != nil {
		return r.sum, err
	}
	ix.indexAll(ctx, r)
	if err := ctx.Err(); err != nil {
		return r.sum, err
	}
	ix.removeGone(ctx, r)
	if err := ix.DB.EnsureVectorIndex(ctx); err != nil {
		return r.sum, err
	}
	if r.sum.Added+r.sum.Updated+r.sum.Removed > 0 || rebuild {
		if err := ix.DB.RefreshStats(ctx); err != nil {
			return r.sum, err
		}
	}
	r.sum.Failed = len(r.errs)
	r.sum.Duration = time.Since(start)
	if len(r.errs) > 0 {
		return r.sum, fmt.Errorf("%w:\n%w", ErrSomeFailed, errors.Join(r.errs...))
	}
	return r.sum, nil
}

// indexRun is the state of one run.
type indexRun struct {
	sum         Summary
	errs        []error                          // per file, reported at the end
	have        map[string]store.IndexedDocument // stored, by id.lang
	present     map[string]bool                  // in the tree, by id.lang
	failedPaths map[string]bool                  // files that failed to parse: their stored versions stay
	jobs        []indexJob                       // documents to (re)index
	docs        []corpus.Document                // every document of the tree
}

type indexJob struct {
	doc   corpus.Document
	hash  string
	isNew bool
}

// plan reads what is stored and what the tree holds, and lists the
// documents that are new or changed. It writes nothing.
func (ix *Indexer) plan(ctx context.Context, fsys fs.FS) (*indexRun, error) {
	r := &indexRun{have: map[string]store.IndexedDocument{}, present: map[string]bool{}, failedPaths: map[string]bool{}}
	stored, err := ix.DB.ListDocuments(ctx)
	if err != nil {
		return r, err
	}
	for _, d := range stored {
		r.have[d.ID+"."+d.Lang] = d
	}
	docs, errs := corpus.Load(fsys)
	r.docs, r.errs = docs, errs
	for _, e := range r.errs {
		if p, ok := corpus.ErrorPath(e); ok {
			r.failedPaths[p] = true
		}
	}
	for _, d := range docs {
		key := d.ID + "." + d.Lang
		r.present[key] = true
		h := ix.hash(d)
		old, ok := r.have[key]
		if ok && old.Hash == h {
			r.sum.Unchanged++
			continue
		}
		r.jobs = append(r.jobs, indexJob{doc: d, hash: h, isNew: !ok})
	}
	return r, nil
}

// indexAll indexes r's jobs with ix.Workers workers (default 2), counting
// each in r.sum or r.errs, until done or ctx ends.
func (ix *Indexer) indexAll(ctx context.Context, r *indexRun) {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next = make(chan indexJob)
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
				r.record(ix.Log, j, n, err)
				ix.drawProgress(done, len(r.jobs))
				mu.Unlock()
			}
		}()
	}
	for _, j := range r.jobs {
		select {
		case next <- j:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if ix.Progress != nil && len(r.jobs) > 0 {
		fmt.Fprintln(ix.Progress)
	}
}

// record counts one job's outcome: n chunks written, or err.
func (r *indexRun) record(log *slog.Logger, j indexJob, n int, err error) {
	if err != nil {
		r.sum.Failed++
		r.errs = append(r.errs, fmt.Errorf("%s: %w", j.doc.Path, err))
		return
	}
	r.sum.Chunks += n
	if j.isNew {
		r.sum.Added++
	} else {
		r.sum.Updated++
	}
	log.Debug("indexed", "document", j.doc.ID, "lang", j.doc.Lang, "chunks", n)
}

// gone lists the stored documents whose files are gone, except those whose
// file failed to parse (their stored version stays).
func (r *indexRun) gone() []store.IndexedDocument {
	var out []store.IndexedDocument
	for key, d := range r.have {
		if !r.present[key] && !r.failedPaths[d.Path] {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b store.IndexedDocument) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// removeGone deletes the stored documents whose files are gone.
func (ix *Indexer) removeGone(ctx context.Context, r *indexRun) {
	for _, d := range r.gone() {
		if err := ix.DB.DeleteDocument(ctx, d.ID, d.Lang); err != nil {
			r.errs = append(r.errs, err)
			continue
		}
		r.sum.Removed++
		ix.Log.Info("removed", "document", d.ID, "lang", d.Lang)
	}
}

// hash covers the file, the chunker, the text analysis and the embedder (its version): changing any of them
// re-indexes the document.
func (ix *Indexer) hash(d corpus.Document) string {
	s := sha256.Sum256([]byte(d.Hash + "\x00" + corpus.ChunkerVersion + "\x00" + vitext.Version + "\x00" + embedderVersion(ix.Embedder)))
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
