package retrieve

import (
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// union joins row id with the rows of others (rows sharing a variant).
func (g *Glossary) union(id int, others []int) {
	for _, o := range others {
		a, b := g.root(id), g.root(o)
		if a != b {
			g.parent[max(a, b)] = min(a, b)
		}
	}
}

// root is the first row of the concept row id belongs to. It only reads
// (flatten compresses the paths once loading is done), so a loaded
// glossary is safe for concurrent use.
func (g *Glossary) root(id int) int {
	for g.parent[id] != id {
		id = g.parent[id]
	}
	return id
}

// flatten points every row straight at its concept's first row.
func (g *Glossary) flatten() {
	for id := range g.parent {
		g.parent[id] = g.root(id)
	}
}

// Concepts returns the concepts text names, each once, in the order
// named: the first English variant of the concept's first row ("deposit"
// for "ký quỹ", "tiền cọc", "ky quy" and "deposit" alike). Rows of the
// glossary files that share a variant are one concept. Variants match as
// Expand matches them (folded, longest first), one-syllable Vietnamese
// variants ("Hàn", "Nhật") only when typed with their marks, and
// abbreviations that fold to a syllable ("NGO") only typed in capitals.
func (g *Glossary) Concepts(text string) []string {
	if g == nil {
		return nil
	}
	terms, toks := vitext.Terms(text), vitext.Tokens(text)
	covered := make([]bool, len(terms))
	var ids []int
	for _, sp := range g.spans(terms) {
		if sp.end > len(toks) {
			continue
		}
		ids = append(ids, g.typedAs(sp.ids, strings.Join(toks[sp.start:sp.end], " "), strings.Join(terms[sp.start:sp.end], " "))...)
		for i := sp.start; i < sp.end; i++ {
			covered[i] = true
		}
	}
	for i, t := range toks {
		if i < len(covered) && !covered[i] {
			ids = append(ids, g.marked[t]...)
		}
	}
	capIDs, _ := g.capitalsIn(text)
	for _, c := range capIDs {
		ids = append(ids, c...)
	}
	var out []string
	for _, id := range ids {
		name := g.concepts[g.root(id)][0]
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// ConceptMentions returns the concepts named in each sentence of text
// (vitext.Sentences), as Concepts names them: a concept named in three
// sentences is listed three times, twice in one sentence once. It is how
// much a passage is about each concept, for the hashing embedder's
// concept features (embed.NewHashingConcepts).
func (g *Glossary) ConceptMentions(text string) []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, s := range vitext.Sentences(text) {
		out = append(out, g.Concepts(s)...)
	}
	return out
}

// typedAs keeps the concepts of ids that have a variant with the terms
// key written as typed (tokens with their marks, or a variant without
// marks), when typed has Vietnamese marks: "ký thì" is not "kỳ thi".
// Text typed without marks keeps them all.
func (g *Glossary) typedAs(ids []int, typed, key string) []int {
	if !vitext.HasVietnameseMarks(typed) {
		return ids
	}
	var out []int
	for _, id := range ids {
		if slices.ContainsFunc(g.concepts[id], func(v string) bool {
			if strings.Join(vitext.Terms(v), " ") != key {
				return false
			}
			return !vitext.HasVietnameseMarks(v) || strings.Join(vitext.Tokens(v), " ") == typed
		}) {
			out = append(out, id)
		}
	}
	return out
}

// sceneConcepts set the scene of a question about working abroad rather
// than name its fact ("người lao động", "làm việc", "đúng luật", "bao
// nhiêu tiền"). Names are those Glossary.Concepts returns.
var sceneConcepts = map[string]bool{
	"worker": true, "job": true, "work abroad": true, "go abroad": true, "working abroad under contract": true,
	"find a job": true, "address": true, "fee": true, "law": true, "lawful": true, "regulation": true,
	"foreigner": true, "Vietnam": true, "phone number": true,
	"processing time": true,                                   // "bao lâu", "mấy ngày": what is asked, not what about
	"report it":       true, "administrative procedure": true, // "trình báo", "thủ tục": how, not what
	"maximum": true, // "tối đa": an amount asked
}

// SceneConcept reports whether concept (a name Concepts returns) only sets
// the scene of a question rather than naming its fact: grounding
// (confidence.go) does not count it, and curated answers' question frames
// neither ask an answer to name it nor make it core.
func (g *Glossary) SceneConcept(concept string) bool { return sceneConcepts[concept] }
