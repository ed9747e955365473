// Package testkb gives tests of the outer packages (assistant, channels,
// commands) a test database holding the real knowledge base, indexed with
// the hashing embedder, and a retriever over it.
package testkb

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/knowledge"
)

// Quiet is a logger that discards everything.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Open creates database assistant_test_<name> (through dbURL's rewrite,
// when given, e.g. to route it through a proxy), migrates it, indexes the
// knowledge base and returns the store and a retriever. The store is
// closed when the test ends.
func Open(tb testing.TB, name string, rewrite func(url string) string) (*store.DB, *retrieve.Retriever) {
	tb.Helper()
	ctx := context.Background()
	url := testdb.New(tb, name)
	if rewrite != nil {
		url = rewrite(url)
	}
	db, err := store.Open(ctx, url, 4)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	e := embed.NewHashing(embed.DefaultHashingDim)
	if _, err := (&index.Indexer{DB: db, Embedder: e, Log: Quiet()}).Run(ctx, knowledge.FS, false); err != nil {
		tb.Fatal(err)
	}
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return db, &retrieve.Retriever{DB: db, Embedder: e, Glossary: g}
}
