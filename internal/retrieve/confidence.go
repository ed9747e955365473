package retrieve

import (
	"math"

	"github.com/cantho-connect/assistant/internal/store"
)

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
