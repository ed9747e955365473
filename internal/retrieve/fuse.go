package retrieve

import (
	"sort"

	"github.com/cantho-connect/assistant/internal/store"
)

// fuse merges the two ranked lists by reciprocal rank at the level of
// documents, so that the Vietnamese and English versions of one document
// reinforce each other: a document's score sums 1/(k+rank) over the
// branches, its rank in a branch being that of its best chunk among
// distinct documents. Each document then contributes up to PassagesPerDoc of its
// passages, in the asked language when any was found. Passages come out
// grouped by document, best document first, at most limit of them.
func fuse(p Params, vec, text []store.Hit, lang string, limit int, bonus map[string]float64) []Passage {
	f := newFusion(p, vec, text)
	for d, b := range bonus {
		if _, ok := f.docScore[d]; ok {
			f.docScore[d] += b
		}
	}
	sort.SliceStable(f.docs, func(i, j int) bool { return f.docScore[f.docs[i]] > f.docScore[f.docs[j]] })
	return f.passages(lang, limit, p.PassagesPerDoc)
}

// fusion is the two branches' hits merged: each chunk once, with its
// reciprocal-rank score and branch ranks, and each document's fused score.
type fusion struct {
	byID     map[int64]*Passage
	docScore map[string]float64
	docs     []string // in order of first appearance
}

func newFusion(prm Params, vec, text []store.Hit) *fusion {
	f := &fusion{byID: map[int64]*Passage{}, docScore: map[string]float64{}}
	for bi, branch := range [][]store.Hit{vec, text} {
		weight := [2]float64{prm.VectorWeight, prm.TextWeight}[bi]
		seen := map[string]bool{}
		for i, h := range branch {
			p := f.passage(h)
			p.Score += 1 / float64(prm.RRFK+i+1)
			if seen[h.DocumentID] {
				continue
			}
			seen[h.DocumentID] = true
			if _, ok := f.docScore[h.DocumentID]; !ok {
				f.docs = append(f.docs, h.DocumentID)
			}
			f.docScore[h.DocumentID] += weight / float64(prm.RRFK+len(seen))
		}
	}
	if lead, ok := textLead(prm, text); ok {
		f.docScore[lead] += prm.VectorWeight / float64(prm.RRFK+1)
	}
	for i, h := range vec {
		p := f.byID[h.ChunkID]
		p.VectorRank, p.VectorSim = i+1, h.Score
	}
	for i, h := range text {
		f.byID[h.ChunkID].TextRank = i + 1
	}
	return f
}

// textLead is the document the full-text branch ranks first by a clear
// lead: a score at least Params.TextLead times the next document's (or
// the only document found). Reciprocal ranks keep only the order, so a
// document the hashing embedder misses loses to every document both
// branches found, however far ahead its words put it; this one is scored
// as if the vector branch had found it first too.
func textLead(prm Params, text []store.Hit) (doc string, ok bool) {
	if prm.TextLead <= 0 || len(text) == 0 || text[0].Score <= 0 {
		return "", false
	}
	top := text[0]
	for _, h := range text[1:] {
		if h.DocumentID != top.DocumentID {
			return top.DocumentID, top.Score >= prm.TextLead*h.Score
		}
	}
	return top.DocumentID, true
}

func (f *fusion) passage(h store.Hit) *Passage {
	if p, ok := f.byID[h.ChunkID]; ok {
		return p
	}
	p := &Passage{Hit: h}
	f.byID[h.ChunkID] = p
	return p
}

// passages takes up to perDoc passages of each document in f.docs
// order, those in lang first (and only those when the document has one),
// then the best scored; at most limit in all.
func (f *fusion) passages(lang string, limit, perDoc int) []Passage {
	byDoc := map[string][]*Passage{}
	for _, p := range f.byID {
		byDoc[p.DocumentID] = append(byDoc[p.DocumentID], p)
	}
	var out []Passage
	for _, d := range f.docs {
		ps := byDoc[d]
		sort.Slice(ps, func(i, j int) bool {
			if (ps[i].Lang == lang) != (ps[j].Lang == lang) {
				return ps[i].Lang == lang
			}
			if ps[i].Score != ps[j].Score {
				return ps[i].Score > ps[j].Score
			}
			if ps[i].Lang != ps[j].Lang {
				return ps[i].Lang < ps[j].Lang
			}
			return ps[i].Ord < ps[j].Ord // not the row id: see store.Hit
		})
		hasLang := ps[0].Lang == lang
		for k, p := range ps {
			if k == perDoc || (hasLang && p.Lang != lang) || len(out) == limit {
				break
			}
			q := *p
			q.Score = f.docScore[d] + p.Score/1000 // documents order, chunks break ties
			out = append(out, q)
		}
		if len(out) == limit {
			break
		}
	}
	return out
}
