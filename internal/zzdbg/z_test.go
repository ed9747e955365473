package zzdbg

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

func TestT(t *testing.T) {
	ctx := context.Background()
	g, _ := retrieve.LoadGlossary(knowledge.FS)
	db, err := store.Open(ctx, os.Getenv("DATABASE_URL"), 0)
	if err != nil {
		t.Fatal(err)
	}
	e := embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
	r := &retrieve.Retriever{DB: db, Embedder: e, Glossary: g}
	f, _ := os.Open("/tmp/dbg/q.txt")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q := vitext.MaskPersonal(vitext.ExpandShorthand(sc.Text()))
		res, err := r.Retrieve(ctx, q, retrieve.Options{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("Q %s\n  expanded %q concepts %v conf %.2f\n", sc.Text(), q, g.Concepts(q), res.Confidence)
		for _, p := range res.Passages {
			fmt.Printf("  %-40s %.3f v%d t%d %.60s\n", p.DocumentID, p.Score, p.VectorRank, p.TextRank, p.Heading)
		}
	}
}
