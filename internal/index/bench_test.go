package index

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/knowledge"
)

// BenchmarkIndexing measures end-to-end indexing (parse, chunk, embed with
// the hashing embedder, COPY into PostgreSQL with the HNSW and GIN indexes
// maintained) of the real knowledge base copied 10 times with distinct
// ids into an empty index, and reports chunks per second.
func BenchmarkIndexing(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.New(b, "bench_index"), 8)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	docs, errs := corpus.Load(knowledge.FS)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	ix := &Indexer{DB: db, Embedder: embed.NewHashing(embed.DefaultHashingDim), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Workers: 4}
	chunks := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		tree := fstest.MapFS{}
		for copyN := range 10 {
			for _, d := range docs {
				raw, _ := knowledge.FS.ReadFile(d.Path)
				id := fmt.Sprintf("%s-c%d", d.ID, copyN)
				// A per-iteration marker changes every hash: everything is re-indexed.
				text := strings.Replace(string(raw), "id: "+d.ID, "id: "+id, 1) + fmt.Sprintf("\nRun %d.\n", i)
				tree[d.Topic+"/"+id+"."+d.Lang+".md"] = &fstest.MapFile{Data: []byte(text)}
			}
		}
		b.StartTimer()
		sum, err := ix.Run(ctx, tree, true) // from an empty index, as a first run or a --rebuild
		if err != nil {
			b.Fatal(err)
		}
		chunks += sum.Chunks
	}
	b.ReportMetric(float64(chunks)/b.Elapsed().Seconds(), "chunks/s")
}
