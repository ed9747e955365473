package retrieve

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Forty questions whose fusion puts a wrong document first (vector_rank
// 1) while the right one has the nearer card (card_sim): the fitted
// weights must put the right one first in every question, and leave a
// feature that tells nothing (log_hits, equal for all) at zero.
func TestFitRerankLearnsWhatSeparatesRightFromWrong(t *testing.T) {
	feat := func(vectorRank, cardSim float64) []float64 {
		f := make([]float64, len(RerankFeatures))
		f[slices.Index(RerankFeatures, "vector_rank")] = vectorRank
		f[slices.Index(RerankFeatures, "card_sim")] = cardSim
		f[slices.Index(RerankFeatures, "log_hits")] = 1
		return f
	}
	var examples []RerankExample
	for i := range 40 {
		near := 0.6 + float64(i%5)/20
		examples = append(examples, RerankExample{Right: []string{"right"}, Candidates: []Candidate{
			{DocumentID: "wrong-1", Features: feat(1, near-0.3)},
			{DocumentID: "right", Features: feat(0.5, near)},
			{DocumentID: "wrong-2", Features: feat(1.0/3, 0.1)},
		}})
	}
	// An example with no right candidate teaches nothing.
	examples = append(examples, RerankExample{Right: []string{"elsewhere"}, Candidates: []Candidate{{DocumentID: "x", Features: feat(1, 0.9)}}})
	w := FitRerank(examples, DefaultFitOptions())
	fused, reranked := RerankHits(examples[:40], w)
	if fused != 0 || reranked != 40 {
		t.Errorf("right first: fusion %d, fitted %d of 40; want 0 and 40 (weights %v)", fused, reranked, w)
	}
	if c := w[slices.Index(RerankFeatures, "card_sim")]; c <= 0 {
		t.Errorf("card_sim weight %.3f, want positive", c)
	}
	if h := w[slices.Index(RerankFeatures, "log_hits")]; h != 0 {
		t.Errorf("log_hits weight %.3f, want 0: it is the same for every candidate", h)
	}
	if got := FitRerank(examples[40:], DefaultFitOptions()); slices.ContainsFunc(got, func(x float64) bool { return x != 0 }) {
		t.Errorf("weights %v from no pair, want all 0", got)
	}
}

// Training questions whose coverage rerank puts a neighbouring document
// first: the learned rerank puts the one that answers first, and the
// confidence, judged on the coverage order, stays the same. The cases
// change with the knowledge base: a marriage broker's sanction left on
// 2026-12-02 morning (the coverage rerank found it once its fines cited
// Decree 283/2026), Taiwan's monthly broker fee that afternoon (the same,
// after more of Decree 283's fines were written in); the two below were
// found then by scanning the training sets for such questions.
func TestLearnedRerankPutsTheAnsweringDocumentFirst(t *testing.T) {
	r := knowledgeRetriever(t)
	p := DefaultParams()
	p.LearnedRerank = 0
	coverage := &Retriever{DB: r.DB, Embedder: r.Embedder, Glossary: r.Glossary, Params: p}
	for _, tt := range []struct{ q, want string }{
		{"What should I get from the company every time I hand over money for my overseas job?", "labour-abroad-fees"},
		{"Since when has the Department of Overseas Labour been under the Ministry of Home Affairs?", "labour-abroad-law-69"},
	} {
		learned, err := r.Retrieve(context.Background(), tt.q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		covered, err := coverage.Retrieve(context.Background(), tt.q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := learned.Passages[0].DocumentID; got != tt.want {
			t.Errorf("%q: learned rerank puts %s first, want %s", tt.q, got, tt.want)
		}
		if got := covered.Passages[0].DocumentID; got == tt.want {
			t.Errorf("%q: the coverage rerank already puts %s first; the case no longer shows the learned rerank", tt.q, got)
		}
		if learned.Confidence != covered.Confidence {
			t.Errorf("%q: confidence %.3f with the learned rerank, %.3f without; want it judged on the coverage order alone", tt.q, learned.Confidence, covered.Confidence)
		}
	}
}

// With the card search broken (its ties table gone), retrieval still
// answers from the chunks alone, with no card similarity, and says so in
// a warning.
func TestCardSearchFailureFallsBackToTheChunks(t *testing.T) {
	r := knowledgeRetriever(t)
	ctx := context.Background()
	pool := r.DB.Pool()
	if _, err := pool.Exec(ctx, `ALTER TABLE card_chunks RENAME TO card_chunks_away`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(ctx, `ALTER TABLE card_chunks_away RENAME TO card_chunks`); err != nil {
			t.Errorf("put the ties table back: %v", err)
		}
	})
	var logged bytes.Buffer
	broken := &Retriever{DB: r.DB, Embedder: r.Embedder, Glossary: r.Glossary, Log: slog.New(slog.NewTextHandler(&logged, nil))}
	res, err := broken.Retrieve(ctx, "Which ministry issues the licence for sending workers abroad now?", Options{})
	if err != nil || len(res.Passages) == 0 {
		t.Fatalf("retrieval with the card search broken: %d passages, %v; want the chunks' passages", len(res.Passages), err)
	}
	if got := res.Passages[0].DocumentID; got != "labour-abroad-licensed-companies" {
		t.Errorf("first document %s, want labour-abroad-licensed-companies from the chunks alone", got)
	}
	if !strings.Contains(logged.String(), "card search failed") || !strings.Contains(logged.String(), "card_chunks") {
		t.Errorf("log %q, want the card search's failure with its cause", logged.String())
	}
}

// The weights in use order the training questions' candidates as well as
// a fresh fit on them (to within one question in a hundred), and the
// public set's better than the fusion does: weights left stale by a
// change to the knowledge base, the searches or the features fail here
// (refit them with `make fit-rerank`).
func TestRerankWeightsAreCurrent(t *testing.T) {
	r := knowledgeRetriever(t)
	train := rerankExamples(t, r, RerankTrainingSets...)
	_, inUse := RerankHits(train, rerankWeights)
	_, fitted := RerankHits(train, FitRerank(train, DefaultFitOptions()))
	if inUse < fitted-len(train)/100 {
		t.Errorf("training: the weights in use put the right document first for %d of %d, a fresh fit for %d; run make fit-rerank", inUse, len(train), fitted)
	}
	public := rerankExamples(t, r, "knowledge/eval/questions.jsonl")
	if fused, reranked := RerankHits(public, rerankWeights); reranked <= fused {
		t.Errorf("public: the learned rerank puts the right document first for %d of %d, the fusion for %d", reranked, len(public), fused)
	}
}

// rerankExamples are the in-scope questions of the evaluation files
// (paths from the repository's root) with their candidates.
func rerankExamples(t *testing.T, r *Retriever, files ...string) []RerankExample {
	t.Helper()
	var out []RerankExample
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var q struct {
				Question string   `json:"question"`
				Kind     string   `json:"kind"`
				Expected []string `json:"expected"`
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			if err := json.Unmarshal([]byte(line), &q); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(q.Expected) == 0 || q.Kind == "out_of_scope" {
				continue
			}
			cands, err := r.Candidates(context.Background(), q.Question)
			if err != nil {
				t.Fatalf("%q: %v", q.Question, err)
			}
			out = append(out, RerankExample{Candidates: cands, Right: q.Expected})
		}
	}
	return out
}
