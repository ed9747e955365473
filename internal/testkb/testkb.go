// Package testkb gives tests of the outer packages (assistant, channels,
// commands) a test database holding the real knowledge base, indexed with
// the service's default hashing embedder, and a retriever over it. The indexed database is
// built once, as a template named after a hash of what it depends on, and
// copied for each test.
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

// Open creates database assistant_test_<name> as a copy of the indexed
// knowledge base (rewriting its URL with rewrite, when given, e.g. to route
// it through a proxy) and returns the store and a retriever. The store is
// closed when the test ends.
func Open(tb testing.TB, name string, rewrite func(url string) string) (*store.DB, *retrieve.Retriever) {
	tb.Helper()
	ctx := context.Background()
	url := testdb.Clone(tb, name, Template(tb))
	if rewrite != nil {
		url = rewrite(url)
	}
	db, err := store.Open(ctx, url, 4)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return db, &retrieve.Retriever{DB: db, Embedder: NewEmbedder(g), Glossary: g}
}

// NewEmbedder is the embedder the service uses by default (cmd/assistant's
// hashingEmbedder): feature hashing with a feature per concept of g.
func NewEmbedder(g *retrieve.Glossary) *embed.Hashing {
	return embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{
		Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
}

// Embedder is NewEmbedder over the knowledge base's glossary.
func Embedder(tb testing.TB) *embed.Hashing {
	tb.Helper()
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return NewEmbedder(g)
}

// Template is the knowledge base migrated and indexed with the hashing
// embedder, its answer cards loaded, named after a hash of the knowledge files and of the code that
// shapes the index (see sourceHash).
func Template(tb testing.TB) testdb.Template {
	tb.Helper()
	hash, err := sourceHash()
	if err != nil {
		tb.Fatalf("testkb: hash the knowledge base and index code: %v", err)
	}
	return testdb.Template{Name: "kb", Hash: hash, Prepare: prepare}
}

func prepare(ctx context.Context, url string) error {
	db, err := store.Open(ctx, url, 4)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		return err
	}
	// The documents, then the answer cards, as `assistant index` does:
	// retrieval reaches chunks through the cards' questions.
	ix := &index.Indexer{DB: db, Embedder: NewEmbedder(g), Log: Quiet()}
	if _, err := ix.Run(ctx, knowledge.FS, false); err != nil {
		return err
	}
	_, err = ix.LoadCards(ctx, knowledge.FS)
	return err
}
