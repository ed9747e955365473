package retrieve

import (
	"math"

	"github.com/cantho-connect/assistant/internal/store"
)

// judge is the confidence figure of a retrieval: the confidence in the
// document the searches ranked first (plain, before the coverage bonus)
// and in the one the rerank put first (final), weighed by
// Params.RerankedConfidence.
//
// Judged on the reranked document alone, an out-of-scope question looks
// covered by whatever document mentions its words: the rerank picks,
// among the candidates, the one that covers the question best (3 of the
// 24 public out-of-scope questions then got answers, and small talk such
// as "oke bạn" an answer from the knowledge base). Judged on the searches'
// first document alone, a covered question whose right document the rerank
// found further down is handed off because the first one covers it badly
// ("learn orientation before going abroad, is it compulsory?" at 0.31
// against 0.50). The mean of both hands off neither.
func judge(p Params, cov *coverer, plain, final []Passage, vec, text []store.Hit) float64 {
	c := confidence(p, cov, plain, vec, text)
	if p.RerankedConfidence == 0 || len(final) == 0 || len(plain) == 0 || final[0].DocumentID == plain[0].DocumentID {
		return c
	}
	f := confidence(p, cov, final, vec, text)
	return math.Round(((1-p.RerankedConfidence)*c+p.RerankedConfidence*f)*1000) / 1000
}

// confidence combines how much of the question's informative words the
// best document's passages contain (IDF-weighted) with how close its vector is.
func confidence(p Params, cov *coverer, ps []Passage, vec, text []store.Hit) float64 {
	if len(ps) == 0 {
		return 0
	}
	top := ps[0]
	chunks := []store.Hit{top.Hit}
	seen := map[int64]bool{top.ChunkID: true}
	for _, hits := range [][]store.Hit{vec, text} {
		for _, h := range hits {
			if h.DocumentID == top.DocumentID && !seen[h.ChunkID] {
				seen[h.ChunkID] = true
				chunks = append(chunks, h)
			}
		}
	}
	sim := top.VectorSim
	if top.VectorRank == 0 && len(vec) > 0 {
		sim = vec[len(vec)-1].Score // below every vector hit we saw
	}
	simPart := math.Max(0, math.Min(1, (sim-p.SimFloor)/(p.SimCeil-p.SimFloor)))
	return math.Round((p.ConfidenceCoverage*cov.of(chunks)+p.ConfidenceSimilarity*simPart)*1000) / 1000
}
