package retrieve

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// The learned rerank scores each of the documents at the top of the
// fusion by a linear model over what the searches know about it (its
// features), fitted by pairwise logistic regression on the training
// questions (FitRerank; `assistant eval --fit-rerank`): the right
// document should score above each wrong one. The hand-set rerank
// (coverageBonus) weighs two of these signals against reciprocal ranks;
// the model weighs all of them, including how near the document's answer
// cards are to the question, which ranks alone cannot say.

// RerankFeatures names the features of a candidate document, in the order
// of Candidate.Features and of the weights. Every feature is 0 when the
// signal is absent and grows with the evidence; ranks enter as 1/rank.
var RerankFeatures = []string{
	"vector_rank",       // 1/rank of the document in the vector branch (chunks reached through cards included)
	"text_rank",         // 1/rank in the full-text branch
	"plain_vector_rank", // 1/rank among the nearest chunks alone
	"text_lead",         // 1 when the full-text branch ranks it first by a clear lead (textLead)
	"coverage",          // share of the question's weight its found passages cover (coverer.of), 0..1
	"title_coverage",    // share covered by its title (coverer.ofTitle), 0..1
	"vector_sim",        // cosine similarity of its nearest chunk
	"card_sim",          // cosine similarity of the nearest card question tied to it
	"text_share",        // its best full-text score over the branch's best, 0..1
	"log_hits",          // log(1 + its hits in both branches)
	"coverage_sq",       // coverage²
	"card_x_coverage",   // card_sim × coverage
	"text_x_coverage",   // text_share × coverage
	"vector_x_text",     // vector_rank × text_rank
	"card_over_floor",   // max(card_sim − 0.55, 0): a card near enough to rank its chunk (the default card_min_sim, fixed here as the weights were fitted with it)
	"title_x_coverage",  // title_coverage × coverage
}

// RerankTrainingSets are the evaluation files, relative to the
// repository's root, whose 677 questions rerankWeights were fitted on:
// knowledge/eval/train without the third and fourth fresh gap sets, which
// measure the rerank with the public and held-out sets.
var RerankTrainingSets = []string{
	"knowledge/eval/train/cantho.jsonl", "knowledge/eval/train/labour.jsonl", "knowledge/eval/train/people.jsonl",
	"knowledge/eval/train/gaps-labour.jsonl", "knowledge/eval/train/gaps-people.jsonl",
	"knowledge/eval/train/gaps-fresh.jsonl", "knowledge/eval/train/gaps-fresh-2.jsonl",
	"knowledge/eval/train/two-questions.jsonl", "knowledge/eval/train/passport-abroad.jsonl",
}

// rerankWeights are the model's weights, one per RerankFeatures entry,
// fitted by FitRerank (DefaultFitOptions) on RerankTrainingSets (`make
// fit-rerank`, which prints them in this form).
//
// The other sets measure it (docs/benchmarks.md, "2026-12-01, last
// hour"): recall@1 public 0.791 → 0.826, training 0.753 → 0.787, held-out
// 0.747 → 0.782. Refit when the features, the knowledge base or the
// searches change much.
var rerankWeights = []float64{0.42, 0.78, 0.43, 0.27, 0.89, 0.29, 0.22, 1.77, 1.03, 0.68, 0.92, 1.11, 1.21, 0.50, 0.02, 0.23}

// Candidate is one document the learned rerank weighs for a question.
type Candidate struct {
	DocumentID string
	Features   []float64 // in RerankFeatures order
}

// candidates returns the documents of plain (the fusion's top, best
// first) with their features.
func candidates(cov *coverer, vb vectorBranch, text []store.Hit, plain []Passage, lead string) []Candidate {
	var docs []string
	for _, p := range plain {
		if !slices.Contains(docs, p.DocumentID) {
			docs = append(docs, p.DocumentID)
		}
	}
	vr, tr, pr := docRanks(vb.hits), docRanks(text), docRanks(vb.plain)
	topText := 0.0
	if len(text) > 0 {
		topText = text[0].Score
	}
	out := make([]Candidate, 0, len(docs))
	for _, d := range docs {
		var hits []store.Hit
		vecSim, textBest := 0.0, 0.0
		for _, h := range vb.hits {
			if h.DocumentID == d {
				hits = append(hits, h)
			}
		}
		for _, h := range vb.plain {
			if h.DocumentID == d {
				vecSim = max(vecSim, h.Score)
			}
		}
		for _, h := range text {
			if h.DocumentID == d {
				hits = append(hits, h)
				textBest = max(textBest, h.Score)
			}
		}
		inv := func(ranks map[string]int) float64 {
			if r, ok := ranks[d]; ok {
				return 1 / float64(r)
			}
			return 0
		}
		isLead, textShare := 0.0, 0.0
		if d == lead {
			isLead = 1
		}
		if topText > 0 {
			textShare = textBest / topText
		}
		c, title, card := cov.of(hits), cov.ofTitle(hits), vb.cardSim[d]
		v, t := inv(vr), inv(tr)
		out = append(out, Candidate{DocumentID: d, Features: []float64{
			v, t, inv(pr), isLead, c, title, vecSim, card, textShare, math.Log1p(float64(len(hits))),
			c * c, card * c, textShare * c, v * t, max(card-0.55, 0), title * c,
		}})
	}
	return out
}

// leadDocument is textLead's document when it has a clear lead, else "".
func leadDocument(p Params, text []store.Hit) string {
	if d, ok := textLead(p, text); ok {
		return d
	}
	return ""
}

// docRanks is each document's 1-based rank among the distinct documents
// of hits (best first).
func docRanks(hits []store.Hit) map[string]int {
	m := map[string]int{}
	for _, h := range hits {
		if _, ok := m[h.DocumentID]; !ok {
			m[h.DocumentID] = len(m) + 1
		}
	}
	return m
}

// rerankScore is the model's score of features: the weighted sum.
func rerankScore(weights, features []float64) float64 {
	s := 0.0
	for i, w := range weights {
		s += w * features[i]
	}
	return s
}

// rerankedFloor lifts the learned scores above every fused score (each
// under 0.1), so the reranked documents keep the top of the order.
const rerankedFloor = 1

// learnedBonus is the learned rerank as a bonus on the fused score: each
// candidate's fused score plus its bonus is rerankedFloor plus the
// logistic of the model's score (0..1, in the model's order), so the
// candidates are ordered by the model, above every other document,
// whatever the sign of the weights.
func learnedBonus(prm Params, cands []Candidate, vec, text []store.Hit) map[string]float64 {
	fused := newFusion(prm, vec, text).docScore
	out := make(map[string]float64, len(cands))
	for _, c := range cands {
		s := 1 / (1 + math.Exp(-rerankScore(rerankWeights, c.Features)))
		out[c.DocumentID] = rerankedFloor + s - fused[c.DocumentID]
	}
	return out
}

// Candidates returns the documents the rerank weighs for question, in the
// fusion's order, with their features (RerankFeatures): what FitRerank
// learns from.
func (r *Retriever) Candidates(ctx context.Context, question string) ([]Candidate, error) {
	question = vitext.Normalize(question)
	if len(vitext.Tokens(question)) == 0 {
		return nil, ErrEmptyQuestion
	}
	g, err := r.gather(ctx, r.params(), question, r.Glossary.Expand(question), Hybrid, vitext.DetectLang(question))
	if err != nil {
		return nil, err
	}
	return g.cands, nil
}

// RerankExample is one training question for FitRerank: its candidates
// and the ids of the documents that answer it.
type RerankExample struct {
	Candidates []Candidate
	Right      []string
}

// FitOptions are FitRerank's settings: the L2 penalty on the weights, the
// gradient step and the number of full passes over the pairs.
type FitOptions struct {
	L2           float64
	LearningRate float64
	Epochs       int
}

// DefaultFitOptions are the settings rerankWeights were fitted with: 0.003,
// 1 and 2,000 (0.0003 fitted the training set a little closer and scored
// the public set the same; 300 epochs stopped short).
func DefaultFitOptions() FitOptions { return FitOptions{L2: 0.003, LearningRate: 1, Epochs: 2000} }

// FitRerank fits the learned rerank's weights (one per RerankFeatures
// entry) by pairwise logistic regression: for every right candidate r and
// wrong candidate w of one example, the probability that r scores above
// w is σ(weights·(r − w)), and full-batch gradient descent from zero
// weights minimises the mean log loss plus L2/2·|weights|². Examples with
// no right candidate, or no wrong one, teach nothing and are passed over.
// The result is deterministic.
func FitRerank(examples []RerankExample, opt FitOptions) []float64 {
	var diffs [][]float64
	for _, ex := range examples {
		for _, r := range ex.Candidates {
			if !slices.Contains(ex.Right, r.DocumentID) {
				continue
			}
			for _, w := range ex.Candidates {
				if slices.Contains(ex.Right, w.DocumentID) {
					continue
				}
				d := make([]float64, len(r.Features))
				for i := range d {
					d[i] = r.Features[i] - w.Features[i]
				}
				diffs = append(diffs, d)
			}
		}
	}
	weights := make([]float64, len(RerankFeatures))
	if len(diffs) == 0 {
		return weights
	}
	grad := make([]float64, len(weights))
	for range opt.Epochs {
		clear(grad)
		for _, d := range diffs {
			p := 1 / (1 + math.Exp(-rerankScore(weights, d)))
			for i, x := range d {
				grad[i] += (p - 1) * x
			}
		}
		for i := range weights {
			weights[i] -= opt.LearningRate * (grad[i]/float64(len(diffs)) + opt.L2*weights[i])
		}
	}
	return weights
}

// RerankHits counts the examples whose first candidate is right, in the
// fusion's order and ordered by weights: recall@1 among the candidates.
func RerankHits(examples []RerankExample, weights []float64) (fused, reranked int) {
	for _, ex := range examples {
		if len(ex.Candidates) == 0 {
			continue
		}
		if slices.Contains(ex.Right, ex.Candidates[0].DocumentID) {
			fused++
		}
		best := slices.MaxFunc(ex.Candidates, func(a, b Candidate) int {
			return cmp.Compare(rerankScore(weights, a.Features), rerankScore(weights, b.Features))
		})
		if slices.Contains(ex.Right, best.DocumentID) {
			reranked++
		}
	}
	return fused, reranked
}

// RerankWeights returns a copy of the learned rerank's weights in use.
func RerankWeights() []float64 { return slices.Clone(rerankWeights) }
