package retrieve

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"regexp"
	"slices"
	"sync"

	"github.com/cantho-connect/assistant/internal/store"
)

// vectorBranch is the result of the vector search: the question's
// embedding, the chunks nearest to it or reached through the answer cards
// nearest to it (hits), the nearest chunks alone (plain), and the leads
// of the cards near it (cardLeads).
type vectorBranch struct {
	qvec        []float32
	hits, plain []store.Hit
	leads       map[int64]string
	cardSim     map[string]float64 // per document, its nearest card question's cosine similarity
	err         error
}

// searchVector starts the vector branch of mode (the question's embedding,
// Params.BranchDepth chunks, best first, with those tied to the
// Params.CardQuestions nearest card questions merged in: withCardChunks;
// a failed card search leaves them out, with a warning on Retriever.Log)
// and returns where its result will come: it needs no text plan, so it
// runs while the plan is made. In TextOnly mode the result is empty at
// once.
func (r *Retriever) searchVector(ctx context.Context, p Params, question string, mode Mode) <-chan vectorBranch {
	ch := make(chan vectorBranch, 1)
	if mode == TextOnly {
		ch <- vectorBranch{}
		return ch
	}
	go func() {
		// The question alone: adding the glossary expansions to the
		// embedded text measured worse (recall@5 0.88 against 0.91).
		vecs, err := r.Embedder.Embed(ctx, []string{withoutYesNoParticles(question)})
		if err != nil {
			ch <- vectorBranch{err: err}
			return
		}
		var cards []store.CardHit
		var cardErr error
		var wg sync.WaitGroup
		if p.CardQuestions > 0 {
			wg.Go(func() { cards, cardErr = r.DB.SearchCardChunks(ctx, vecs[0], p.CardQuestions) })
		}
		plain, err := r.DB.SearchVector(ctx, vecs[0], p.BranchDepth)
		wg.Wait()
		if err != nil {
			ch <- vectorBranch{err: err}
			return
		}
		if cardErr != nil {
			if ctx.Err() != nil {
				ch <- vectorBranch{err: cardErr}
				return
			}
			// The chunks alone still answer: a broken card search costs
			// the cards' way into the documents, not the answer. It is
			// logged, so an outage of the cards is seen.
			if r.Log != nil {
				r.Log.Warn("card search failed; searching the chunks alone", slog.Any("err", cardErr))
			}
			cards = nil
		}
		ch <- vectorBranch{qvec: vecs[0], hits: withCardChunks(plain, cards, p.BranchDepth, p.CardWeight, p.CardMinSim), plain: plain,
			leads: cardLeads(cards, p.LeadMinSim), cardSim: cardSimByDocument(cards)}
	}()
	return ch
}

// withCardChunks merges the chunks reached through answer cards into the
// nearest chunks (plain, best first): a chunk ranks by the larger of its
// own cosine similarity and weight times its card question's, ties broken
// by place (document, language, position), and the best k are kept. Every
// hit keeps its own similarity as its Score.
//
// A card's questions are the ways people ask for the section it was
// written from; the hashing embedder, reading words, finds a paraphrase's
// section through a card question that shares its words when the section
// itself shares few (docs/benchmarks.md, "2026-12-01, late evening").
func withCardChunks(plain []store.Hit, cards []store.CardHit, k int, weight, minSim float64) []store.Hit {
	if len(cards) == 0 {
		return plain
	}
	type cand struct {
		store.Hit
		rank float64
	}
	cands := make([]cand, 0, len(plain)+len(cards))
	at := map[int64]int{}
	for _, h := range plain {
		at[h.ChunkID] = len(cands)
		cands = append(cands, cand{h, h.Score})
	}
	for _, c := range cards {
		if c.CardSim < minSim {
			continue
		}
		if i, ok := at[c.ChunkID]; ok {
			cands[i].rank = max(cands[i].rank, weight*c.CardSim)
			continue
		}
		at[c.ChunkID] = len(cands)
		cands = append(cands, cand{c.Hit, max(c.Score, weight*c.CardSim)})
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.rank, a.rank), cmp.Compare(a.DocumentID, b.DocumentID),
			cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Ord, b.Ord))
	})
	out := make([]store.Hit, 0, min(k, len(cands)))
	for _, c := range cands[:min(k, len(cands))] {
		out = append(out, c.Hit)
	}
	return out
}

// cardLeads maps each chunk tied to a card whose question is at least
// minSim similar to the question to that card's answer in the chunk's
// language (Passage.Lead); nil when there is none.
func cardLeads(cards []store.CardHit, minSim float64) map[int64]string {
	var leads map[int64]string
	for _, c := range cards {
		if c.CardSim < minSim || c.CardAnswer == "" {
			continue
		}
		if leads == nil {
			leads = map[int64]string{}
		}
		leads[c.ChunkID] = c.CardAnswer
	}
	return leads
}

// cardSimByDocument is, per document, the cosine similarity of the
// nearest of cards' questions tied to one of its chunks (any language).
func cardSimByDocument(cards []store.CardHit) map[string]float64 {
	out := map[string]float64{}
	for _, c := range cards {
		out[c.DocumentID] = max(out[c.DocumentID], c.CardSim)
	}
	return out
}

// search runs the full-text branch of mode (the plan's queries, GIN,
// Params.BranchDepth chunks, best first) while the vector branch started
// by searchVector finishes, and returns both (the vector branch with its
// nearest chunks alone apart). Its qvec is nil in TextOnly mode; a branch
// the mode leaves out returns no hits.
func (r *Retriever) search(ctx context.Context, p Params, plan textPlan, mode Mode, vecCh <-chan vectorBranch) (vb vectorBranch, text []store.Hit, err error) {
	var textErr error
	if mode != VectorOnly {
		text, textErr = r.DB.SearchText(ctx, plan.queries, p.BranchDepth)
	}
	vb = <-vecCh
	if err := errors.Join(vb.err, textErr); err != nil {
		return vectorBranch{}, nil, err
	}
	return vb, text, nil
}

// preferLang replaces the passages of documents found only in the other
// language with their nearest passages in lang, where the document has a
// version in lang; the document keeps its place.
func (r *Retriever) preferLang(ctx context.Context, prm Params, ps []Passage, qvec []float32, lang string) ([]Passage, error) {
	hasLang := map[string]bool{}
	for _, p := range ps {
		if p.Lang == lang {
			hasLang[p.DocumentID] = true
		}
	}
	var missing []string
	for _, p := range ps {
		if !hasLang[p.DocumentID] && !slices.Contains(missing, p.DocumentID) {
			missing = append(missing, p.DocumentID)
		}
	}
	if len(missing) == 0 {
		return ps, nil
	}
	hits, err := r.DB.NearestInDocuments(ctx, qvec, missing, lang, prm.PassagesPerDoc)
	if err != nil {
		return nil, err
	}
	found := map[string][]store.Hit{}
	for _, h := range hits {
		found[h.DocumentID] = append(found[h.DocumentID], h)
	}
	out := make([]Passage, 0, len(ps))
	done := map[string]bool{}
	for _, p := range ps {
		alt, ok := found[p.DocumentID]
		if !ok {
			out = append(out, p)
			continue
		}
		if done[p.DocumentID] {
			continue
		}
		done[p.DocumentID] = true
		for _, h := range alt {
			out = append(out, Passage{Hit: h, Score: p.Score, VectorSim: h.Score})
		}
	}
	return out, nil
}

// yesNoRE is a "không" or "chưa" (or their shorthand) that ends a clause:
// the particle of a yes-no question ("có quỹ nào hỗ trợ tiền không?").
var yesNoRE = regexp.MustCompile(`(?i)\s+(không|khong|ko|k|hông|chưa|chua)\s*([?.!,;]|$)`)

// withoutYesNoParticles is question without the particles that end its
// yes-no clauses, for the vector branch: the hashing embedder weighs every
// word alike, and "không", in most chunks, drew the question towards them.
func withoutYesNoParticles(question string) string {
	return yesNoRE.ReplaceAllString(question, "$2")
}
