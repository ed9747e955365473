package retrieve

import (
	"maps"
	"math"
	"slices"
	"strings"

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

// groundedDocument returns the first document of ps (best first) that is
// grounded in the glossary concepts question names, if one is.
func groundedDocument(p Params, g *Glossary, question string, ps []Passage, vec, text []store.Hit) (string, bool) {
	if g == nil || p.GroundedConcepts <= 0 {
		return "", false
	}
	asked := slices.DeleteFunc(g.Concepts(question), g.SceneConcept)
	if len(asked) < p.GroundedConcepts {
		return "", false
	}
	tried := map[string]bool{}
	for _, pa := range ps {
		if d := pa.DocumentID; !tried[d] {
			tried[d] = true
			if grounded(p, asked, g, d, vec, text) {
				return d, true
			}
		}
	}
	return "", false
}

// promoted returns a copy of the rerank's bonus that puts doc first:
// fused scores and the coverage bonuses are each under 0.1, and the learned
// rerank's scores between rerankedFloor and rerankedFloor+1, so a bonus of
// 10 puts it above every other document.
func promoted(bonus map[string]float64, doc string) map[string]float64 {
	out := maps.Clone(bonus)
	if out == nil {
		out = map[string]float64{}
	}
	out[doc] += 10
	return out
}

// grounded reports whether a document names enough of the
// glossary concepts question names: at least p.GroundedConcepts of them,
// and at least twice as many as it leaves out. The document is read
// through the passages of it the searches found (heading and text).
//
// The confidence figure reads words; a question typed as people type it
// shares few of them with the document that answers ("I'm already in
// Poland and registered my hợp đồng online on dolab. When do I đóng
// Quỹ?" at 0.346), while the concepts it names (contract, the Department
// of Overseas Labour) are the document's. The out-of-scope questions
// under the threshold name none or one the document has ("Can I bring my
// dog on a flight to Korea?": Korea), or are about a concept no document
// names ("tourist visa", "scholarship").
func grounded(p Params, asked []string, g *Glossary, docID string, vec, text []store.Hit) bool {
	var b strings.Builder
	seen := map[int64]bool{}
	for _, hits := range [][]store.Hit{vec, text} {
		for _, h := range hits {
			if h.DocumentID == docID && !seen[h.ChunkID] {
				seen[h.ChunkID] = true
				b.WriteString(h.Heading + ".\n" + h.Text + "\n")
			}
		}
	}
	named := map[string]bool{}
	for _, c := range g.ConceptMentions(b.String()) {
		named[c] = true
	}
	in, specific := 0, false
	for _, c := range asked {
		if named[c] {
			in++
			share, known := g.DocumentShare(c)
			specific = specific || !known || share <= p.GroundedCommonShare
		}
	}
	return in >= p.GroundedConcepts && in >= 2*(len(asked)-in) && specific
}
