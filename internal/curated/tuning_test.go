package curated_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"testing"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

// tuningPair is one labelled question of testdata/tuning.jsonl: a
// paraphrase and the card it must get, or a same-topic near miss ("")
// that must get none.
type tuningPair struct {
	Question string `json:"question"`
	Card     string `json:"card"`
}

func readTuning(t testing.TB) []tuningPair {
	t.Helper()
	f, err := os.Open("testdata/tuning.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tuningPair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var p tuningPair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("tuning.jsonl: %v", err)
		}
		out = append(out, p)
	}
	return out
}

// newCardDB migrates a fresh database and loads the test cards into it
// with the default hashing embedder.
func newCardDB(t testing.TB, name string) (*store.DB, *curated.Matcher, *index.Indexer) {
	t.Helper()
	return newCuratedDB(t, name, os.DirFS("testdata/knowledge"))
}

// newCuratedDB is newCardDB with the cards of cards.
func newCuratedDB(t testing.TB, name string, cards fs.FS) (*store.DB, *curated.Matcher, *index.Indexer) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.New(t, name), 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	e := testkb.NewEmbedder(g)
	ix := &index.Indexer{DB: db, Embedder: e, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := ix.LoadCards(ctx, cards); err != nil {
		t.Fatal(err)
	}
	lex, err := safety.LoadLexicon(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return db, &curated.Matcher{DB: db, Embedder: e, Concepts: g, Countries: lex}, ix
}

// TestThresholdSeparatesParaphrasesFromNearMisses checks the measured
// threshold on the labelled tuning file: no near miss gets any answer,
// and at least the measured share of paraphrases (15 of 28 with the
// hashing embedder, docs/curated.md) gets its own card and never another.
// Run with -v to see the scores.
func TestThresholdSeparatesParaphrasesFromNearMisses(t *testing.T) {
	ctx := context.Background()
	_, m, _ := newCardDB(t, "curated_tuning")
	paraphrases, right := 0, 0
	for _, p := range readTuning(t) {
		got, ok, err := m.Find(ctx, p.Question)
		if err != nil {
			t.Fatal(err)
		}
		id := ""
		if ok {
			id = got.Answer.ID
		}
		t.Logf("%-40s %.3f want %-40s %q", id, got.Score, p.Card, p.Question)
		switch {
		case p.Card == "" && ok:
			t.Errorf("near miss %q answered by %s (%.3f)", p.Question, id, got.Score)
		case p.Card != "" && ok && id != p.Card:
			t.Errorf("%q answered by %s, want %s or none", p.Question, id, p.Card)
		case p.Card != "":
			paraphrases++
			if id == p.Card {
				right++
			}
		}
	}
	// 15 at the threshold 0.40 this set was first tuned at; 14 at 0.50,
	// the default since the 210 real cards were measured on the public
	// set (card precision 0.927 at 0.40, 0.977 at 0.50; docs/curated.md).
	if right < 14 {
		t.Errorf("%d of %d paraphrases got their card; measured 14", right, paraphrases)
	}
	t.Logf("%d of %d paraphrases got their card", right, paraphrases)
}
