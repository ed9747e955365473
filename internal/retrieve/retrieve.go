// Package retrieve finds the passages that answer a question: query
// expansion from the glossary, vector (HNSW) and full-text (GIN) search run
// side by side, reciprocal-rank fusion, language preference, a per-document
// cap and a confidence figure.
//
// The steps, by file: the query plan (plan.go: terms, expansions, the
// document-frequency budget), candidate search (search.go: the vector and
// full-text branches), fusion (fuse.go: weighted reciprocal rank by
// document), rerank (rerank_learned.go: a linear model over the
// searches' signals, fitted on the training questions; rerank.go: the
// coverage bonus) and confidence (confidence.go).
package retrieve

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Embedder turns texts into vectors.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Mode selects the search branches; Hybrid is the service's mode, the other
// two exist for evaluation.
type Mode int

// Search modes.
const (
	Hybrid Mode = iota
	VectorOnly
	TextOnly
)

func (m Mode) String() string {
	return [...]string{"hybrid", "vector", "text"}[m]
}

// Retriever finds passages in the store.
type Retriever struct {
	DB       *store.DB
	Embedder Embedder
	Glossary *Glossary
	// Params tune retrieval; the zero value means DefaultParams.
	Params Params
	// Log, when set, receives a warning when the answer-card search
	// fails and the chunks are searched alone.
	Log *slog.Logger

	words wordCache
}

// Passage is a chunk chosen for a question.
type Passage struct {
	store.Hit
	Score      float64 // fused score
	VectorSim  float64 // cosine similarity to the question, if the vector branch saw it
	VectorRank int     // 1-based rank in the vector branch, 0 if absent
	TextRank   int     // 1-based rank in the text branch, 0 if absent
	// Lead is the answer, in the passage's language, of a reviewed answer
	// card written from this chunk whose question is near the asker's
	// (Params.LeadMinSim), or "": it says which of the passage's
	// sentences answer what was asked, in words the asker may not have
	// used.
	Lead string
}

// Result is what Retrieve found.
type Result struct {
	Lang       string    // the question's language (detected unless given)
	Passages   []Passage // best first, at most the requested number
	Confidence float64   // 0..1: how well the best passage covers the question
	// Grounded: the confidence is under Params.MinConfidence by less than
	// Params.GroundedMargin, and a document found names the glossary
	// concepts the question names (groundedDocument, confidence.go); that
	// document is then ranked first. Reliable reads it.
	Grounded   bool
	Expansions []string // glossary terms added to the question
	// Weights are the search weights (IDF) of the informative terms of the
	// question and its expansions, as vitext.SearchTerms makes them: what
	// an answer composer uses to find the sentences that answer.
	Weights map[string]float64
	Took    time.Duration

	// What InLang needs to choose the passages again for another language.
	qvec           []float32
	vecHit, txtHit []store.Hit
	leads          map[int64]string
	limit          int
	bonus          map[string]float64
}

// Options tune one retrieval.
type Options struct {
	Mode  Mode
	Lang  string // preferred language; detected from the question when empty
	Limit int    // passages wanted; default 5
}

// ErrEmptyQuestion is returned for a question with no words.
var ErrEmptyQuestion = errors.New("the question has no words")

// Retrieve returns the passages that best answer question.
func (r *Retriever) Retrieve(ctx context.Context, question string, opt Options) (Result, error) {
	start := time.Now()
	question = vitext.Normalize(question)
	if len(vitext.Tokens(question)) == 0 {
		return Result{}, ErrEmptyQuestion
	}
	res := Result{Lang: opt.Lang}
	if res.Lang == "" {
		res.Lang = vitext.DetectLang(question)
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 5
	}
	res.Expansions = r.Glossary.Expand(question)

	p := r.params()
	g, err := r.gather(ctx, p, question, res.Expansions, opt.Mode, res.Lang)
	if err != nil {
		return res, err
	}
	vb, textHits, cov, cands := g.vb, g.text, g.cov, g.cands
	qvec, vecHits := vb.qvec, vb.hits
	res.Weights = g.plan.weights
	res.qvec, res.vecHit, res.txtHit, res.leads, res.limit = qvec, vecHits, textHits, vb.leads, limit
	covered := coverageBonus(p, cands)
	res.bonus = covered
	if p.LearnedRerank > 0 {
		res.bonus = learnedBonus(p, cands, vecHits, textHits)
	}
	if res.Passages, err = r.passages(ctx, p, vecHits, textHits, qvec, vb.leads, res.Lang, limit, res.bonus); err != nil {
		return res, err
	}
	// Whether to answer is judged on the coverage rerank's first document,
	// against the searches without the cards: a card question is near
	// many a question no document answers (the out-of-scope probes
	// reached 0.45–0.71), so a card's similarity never enters the
	// confidence, nor grounds an answer, and the learned rerank, which
	// weighs it, does not choose the document judged. (The cards' chunks
	// in the vector branch can still change which document the coverage
	// order puts first: the confidence moved for 12 of 282 public
	// questions, 2 of them up, none across the threshold, no probe;
	// docs/benchmarks.md, "2026-12-01, last hour".) Only the first
	// passage is judged, and it is the same whichever rerank ordered the
	// rest.
	judged := res.Passages
	if first := fuse(p, vecHits, textHits, res.Lang, 1, covered); len(first) > 0 && len(judged) > 0 && first[0].DocumentID != judged[0].DocumentID {
		if judged, err = r.passages(ctx, p, vecHits, textHits, qvec, nil, res.Lang, 1, covered); err != nil {
			return res, err
		}
	}
	plainNoCards := fuse(p, vb.plain, textHits, res.Lang, p.RerankDocs*p.PassagesPerDoc, nil)
	res.Confidence = judge(p, cov, plainNoCards, judged, vb.plain, textHits)
	if res.Confidence < p.MinConfidence && res.Confidence >= p.MinConfidence-p.GroundedMargin {
		first, _, _ := strings.Cut(question, "\n") // the asker's words, not the query plan's
		// The documents tried are the passages' and then the rest of the
		// fusion's top (Params.RerankDocs): "o can tho nha hang xom bi
		// chay thi goi so may" found the emergency numbers fourth, below
		// the five passages kept, and was handed off to 1088 (training
		// hand-offs 7 → 4 of 647; docs/benchmarks.md, "2026-12-02, late").
		if doc, ok := groundedDocument(p, r.Glossary, first, slices.Concat(res.Passages, plainNoCards), vb.plain, textHits); ok {
			res.Grounded = true
			if doc != res.Passages[0].DocumentID {
				res.bonus = promoted(res.bonus, doc)
				if res.Passages, err = r.passages(ctx, p, vecHits, textHits, qvec, vb.leads, res.Lang, limit, res.bonus); err != nil {
					return res, err
				}
			}
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// gathered is what the searches found for one question, before any
// rerank: what Retrieve orders and Candidates hands to FitRerank, so the
// rerank is fitted on the features it is used with.
type gathered struct {
	plan  textPlan
	vb    vectorBranch
	text  []store.Hit
	cov   *coverer
	plain []Passage   // the fusion's top (Params.RerankDocs documents' passages)
	cands []Candidate // the documents of plain with their rerank features
}

// gather runs both searches of mode for question (normalised, with the
// glossary's expansions) and fuses them.
func (r *Retriever) gather(ctx context.Context, p Params, question string, expansions []string, mode Mode, lang string) (gathered, error) {
	vecCh := r.searchVector(ctx, p, question, mode)
	plan, err := r.planText(ctx, p, question, expansions)
	if err != nil {
		return gathered{}, err // the vector branch ends on its own: its channel has room
	}
	vb, text, err := r.search(ctx, p, plan, mode, vecCh)
	if err != nil {
		return gathered{}, err
	}
	g := gathered{plan: plan, vb: vb, text: text, cov: newCoverer(question, plan, r.Glossary, &r.words)}
	g.plain = fuse(p, vb.hits, text, lang, p.RerankDocs*p.PassagesPerDoc, nil)
	g.cands = candidates(g.cov, vb, text, g.plain, leadDocument(p, text))
	return g, nil
}

// Reliable reports whether res may be answered from at confidence
// threshold min: it has passages, and its confidence reaches min or it
// is grounded (Result.Grounded).
func (res Result) Reliable(min float64) bool {
	return len(res.Passages) > 0 && (res.Confidence >= min || res.Grounded)
}

// InLang returns res with its passages chosen for another language, from
// the same searches: no second retrieval. Confidence and weights are the
// question's and stay as they are.
func (r *Retriever) InLang(ctx context.Context, res Result, lang string) (Result, error) {
	if lang == res.Lang {
		return res, nil
	}
	out := res
	out.Lang = lang
	p := r.params()
	var err error
	if out.Passages, err = r.passages(ctx, p, res.vecHit, res.txtHit, res.qvec, res.leads, lang, res.limit, res.bonus); err != nil {
		return res, err
	}
	return out, nil
}

// passages fuses the two branches' hits with the rerank's bonus and, when
// the question has a vector, prefers each document's passages in lang;
// each passage then takes its card's lead from leads (by chunk id).
func (r *Retriever) passages(ctx context.Context, p Params, vec, text []store.Hit, qvec []float32, leads map[int64]string, lang string, limit int, bonus map[string]float64) ([]Passage, error) {
	ps := fuse(p, vec, text, lang, limit, bonus)
	if qvec != nil {
		var err error
		if ps, err = r.preferLang(ctx, p, ps, qvec, lang); err != nil {
			return nil, err
		}
	}
	for i := range ps {
		ps[i].Lead = leads[ps[i].ChunkID]
	}
	return ps, nil
}

// Document returns every passage of one document version, in order.
func (r *Retriever) Document(ctx context.Context, docID, lang string) ([]Passage, error) {
	hits, err := r.DB.DocumentChunks(ctx, docID, lang)
	if err != nil {
		return nil, err
	}
	out := make([]Passage, len(hits))
	for i, h := range hits {
		out[i] = Passage{Hit: h}
	}
	return out, nil
}
