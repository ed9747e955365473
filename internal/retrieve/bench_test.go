package retrieve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

const benchChunks = 100_000

// syntheticIndex returns a store holding the real knowledge base plus
// synthetic documents, 100,000 chunks in all, built once and kept between
// runs (database assistant_test_bench100k_s<schema>_v<analyser>). Synthetic chunks are random
// runs of real sentences of one language, so term frequencies and vectors
// look like the real corpus, only 200 times larger.
func syntheticIndex(b *testing.B) (*store.DB, *embed.Hashing) {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.Reuse(b, fmt.Sprintf("bench100k_s%d_v%s", store.LatestSchema(), vitext.Version)), 8)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		b.Fatal(err)
	}
	e := conceptEmbedder(g)
	st, err := db.Status(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if st.Chunks >= benchChunks && st.Embedder == e.Name() && st.Dim == e.Dim() {
		return db, e
	}
	start := time.Now()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := (&index.Indexer{DB: db, Embedder: e, Log: log}).Run(ctx, knowledge.FS, true); err != nil {
		b.Fatal(err)
	}
	if err := db.DropVectorIndex(ctx); err != nil {
		b.Fatal(err)
	}
	docs, _ := corpus.Load(knowledge.FS)
	sentences := map[string][]string{}
	for _, d := range docs {
		for _, c := range corpus.Chunks(d) {
			sentences[d.Lang] = append(sentences[d.Lang], vitext.Sentences(c.Text)...)
		}
	}
	st, _ = db.Status(ctx)
	nDocs := (benchChunks - st.Chunks + 9) / 10
	rng := rand.New(rand.NewPCG(1, 2))
	type job struct {
		doc    store.Document
		chunks []store.Chunk
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.chunks {
					text := index.EmbeddingText(j.chunks[i].Heading, j.chunks[i].Text)
					j.chunks[i].Embedding = e.Vector(text)
					j.chunks[i].SearchText = strings.Join(vitext.SearchTerms(text), " ")
				}
				if err := db.ReplaceDocument(ctx, j.doc, j.chunks); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for n := range nDocs {
		src := docs[rng.IntN(len(docs))]
		pool := sentences[src.Lang]
		d := store.Document{
			ID: fmt.Sprintf("synthetic-%05d", n), Lang: src.Lang, Title: src.Title + " (synthetic)", Topic: src.Topic,
			Audience: src.Audience, Sources: src.Sources, AsOf: src.AsOf, Path: "synthetic", Hash: "synthetic",
		}
		var chunks []store.Chunk
		for ord := range 10 {
			var sb strings.Builder
			for sb.Len() < 900 {
				sb.WriteString(pool[rng.IntN(len(pool))])
				sb.WriteByte(' ')
			}
			chunks = append(chunks, store.Chunk{Ord: ord, Heading: d.Title, Text: strings.TrimSpace(sb.String())})
		}
		select {
		case jobs <- job{d, chunks}:
		case err := <-errs:
			b.Fatal(err)
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	if err := db.EnsureVectorIndex(ctx); err != nil {
		b.Fatal(err)
	}
	if err := db.RefreshStats(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("built the %d-chunk index in %s", benchChunks, time.Since(start).Round(time.Second))
	return db, e
}

func evalQuestions(b *testing.B) []string {
	f, err := knowledge.FS.Open("eval/questions.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct {
			Question string `json:"question"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q.Question)
	}
	return qs
}

// BenchmarkRetrieve100k runs the evaluation questions against the
// 100,000-chunk index, one client, and reports p50 and p95 latency.
func BenchmarkRetrieve100k(b *testing.B) {
	db, e := syntheticIndex(b)
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []Mode{Hybrid, VectorOnly, TextOnly} {
		b.Run(mode.String(), func(b *testing.B) {
			r := &Retriever{DB: db, Embedder: e, Glossary: g}
			qs := evalQuestions(b)
			ctx := context.Background()
			var lat []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now()
				if _, err := r.Retrieve(ctx, qs[i%len(qs)], Options{Mode: mode}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				i++
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[(len(lat)*95+99)/100-1]), "p95-ms")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
