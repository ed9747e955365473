package retrieve

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// textPlan is the full-text side of a question.
type textPlan struct {
	queries []store.TermQuery
	// own are the question's informative single terms with their weights,
	// for the confidence figure.
	own map[string]float64
	// weights are the weights of every informative term, the question's
	// and its expansions', single or bigram, before the budget.
	weights map[string]float64
}

// planText picks the terms to search: the question's terms and bigrams and
// the glossary expansions, without terms absent from the index, without
// terms so common that they match a large share of all chunks, and within
// a budget of summed document frequency, rarest first. That bounds the
// candidate set of the GIN scan however large the corpus grows.
func (r *Retriever) planText(ctx context.Context, p Params, question string, expansions []string) (textPlan, error) {
	plan := textPlan{own: map[string]float64{}, weights: map[string]float64{}}
	cands, names := termCandidates(question, expansions, p.ExpansionWeight)
	n, df, err := r.DB.TermStats(ctx, names)
	if err != nil {
		return plan, err
	}
	if n == 0 {
		return plan, nil
	}
	english := vitext.DetectLang(question) == vitext.English
	kept := r.weighCandidates(p, &plan, cands, n, df, english)
	plan.queries = withinBudget(kept, p.DFBudget, p.MaxTerms)
	return plan, nil
}

// termCand is one full-text query the plan may use: one of the question's
// terms, or a glossary expansion (its bigrams, all required).
type termCand struct {
	query     string
	parts     []string
	ownSingle bool    // one of the question's own words (not a bigram)
	factor    float64 // 1, or Params.ExpansionWeight for an expansion
}

// termCandidates lists the question's terms then its expansions, and the
// distinct index terms whose document frequencies they need.
func termCandidates(question string, expansions []string, expansionWeight float64) ([]termCand, []string) {
	var cands []termCand
	lookup := map[string]bool{}
	for _, t := range queryTerms(question) {
		if !lookup[t.term] {
			lookup[t.term] = true
			cands = append(cands, termCand{query: t.term, parts: []string{t.term}, ownSingle: !t.bigram, factor: 1})
		}
	}
	for _, e := range expansions {
		terms := vitext.Terms(e)
		var parts []string
		if len(terms) == 1 {
			parts = terms
		} else {
			for i := 1; i < len(terms); i++ {
				parts = append(parts, terms[i-1]+terms[i])
			}
		}
		for _, p := range parts {
			lookup[p] = true
		}
		cands = append(cands, termCand{query: strings.Join(parts, " & "), parts: parts, factor: expansionWeight})
	}
	names := make([]string, 0, len(lookup))
	for t := range lookup {
		names = append(names, t)
	}
	return cands, names
}

// scoredQuery is a kept query with the document frequency of its rarest part.
type scoredQuery struct {
	q  store.TermQuery
	df int
}

// weighCandidates weighs each candidate by the mean IDF of its parts (n
// chunks, df their document frequencies), records the question's own
// terms and every term's weight in plan, and returns the candidates worth
// searching, rarest first: not absent from the index, not too common. A
// word of the question absent from the index still counts in plan.own
// when it says the question is out of scope (countsAsUnknown) or when it
// is an abbreviation the glossary spells out ("DPI", "hđ").
func (r *Retriever) weighCandidates(prm Params, plan *textPlan, cands []termCand, n int, df map[string]int, english bool) []scoredQuery {
	var kept []scoredQuery
	for _, c := range cands {
		minDF, idfSum := math.MaxInt, 0.0
		for _, p := range c.parts {
			d := df[p]
			if d == 0 {
				minDF = 0
				break
			}
			minDF = min(minDF, d)
			idfSum += idf(n, d)
		}
		if minDF == 0 || minDF == math.MaxInt {
			switch {
			case !c.ownSingle || minDF != 0:
			case r.countsAsUnknown(c.parts[0], english):
				plan.own[c.parts[0]] = idf(n, 1)
			case r.Glossary.Knows(c.parts[0]) && len(c.parts[0]) >= 2:
				// An abbreviation the documents spell out ("DPI", "hđ"):
				// it counts, weighed like the expansion that stands for
				// it, and a passage with the expansion covers it.
				plan.own[c.parts[0]] = prm.ExpansionWeight * idf(n, 1)
			}
			continue
		}
		w := c.factor * idfSum / float64(len(c.parts))
		if n >= prm.MinChunksToPrune && float64(minDF) > prm.CommonShare*float64(n) {
			continue
		}
		if c.ownSingle {
			plan.own[c.parts[0]] = w
		}
		for _, p := range c.parts {
			plan.weights[p] = max(plan.weights[p], c.factor*idf(n, df[p]))
		}
		kept = append(kept, scoredQuery{q: store.TermQuery{Query: c.query, Weight: w}, df: minDF})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].df < kept[j].df })
	return kept
}

// countsAsUnknown reports whether a word of the question that the index
// never uses ("bitcoin", "swift") says the question is about something the
// knowledge base does not cover, as far as this word goes: it then counts
// against coverage with the highest weight. Shorter unknown words are
// mostly chat shorthand ("ko", "dc", "bn") and count for nothing, except
// three-letter words in English questions ("css", "div"), which have no
// such shorthand.
func (r *Retriever) countsAsUnknown(word string, english bool) bool {
	return (len(word) >= 4 || (english && len(word) == 3)) && !r.Glossary.Knows(word)
}

// withinBudget chooses the queries to run from kept (rarest first): as
// many as fit in budget of summed document frequency, at most maxTerms,
// at least one. When even the rarest matches too much of a
// large index, the two rarest are required together (AND) instead.
func withinBudget(kept []scoredQuery, budget, maxTerms int) []store.TermQuery {
	if len(kept) >= 2 && kept[0].df > budget {
		a, b := kept[0].q, kept[1].q
		return []store.TermQuery{{Query: "(" + a.Query + ") & (" + b.Query + ")", Weight: a.Weight + b.Weight}}
	}
	var queries []store.TermQuery
	sum := 0
	for _, k := range kept {
		if len(queries) >= maxTerms || (len(queries) > 0 && sum+k.df > budget) {
			break
		}
		sum += k.df
		queries = append(queries, k.q)
	}
	return queries
}

type queryTerm struct {
	term   string
	bigram bool
}

// queryTerms are the searchable terms of a question: its words and the
// bigrams of neighbouring words, leaving out English function words and
// any bigram made with one. "đánh" followed by a word that makes it
// another verb (idiomTail: "đánh thuế", taxed) counts only in that pair:
// neither "đánh" alone nor its pair with the word before ("bị đánh",
// beaten) is searched.
func queryTerms(question string) []queryTerm {
	terms, content := vitext.ContentTerms(question)
	idiom := idiomHeads(question, len(terms))
	var out []queryTerm
	for i, t := range terms {
		if !content[i] {
			continue
		}
		if !idiom[i] {
			out = append(out, queryTerm{term: t})
		}
		if i > 0 && content[i-1] && !idiom[i] && !isNumber(terms[i-1]) {
			out = append(out, queryTerm{term: terms[i-1] + t, bigram: true})
		}
	}
	return out
}

// idiomTail are the words after "đánh" that make it another verb: taxed,
// rate, type, brush teeth, mark, lose, play cards, fish, catch, play an
// instrument, wake, spell, number, exchange, polish shoes. Both words are
// matched as typed, with their marks: without them only "danh thue" is
// unambiguous ("danh may" may be "đánh mấy", hit a few times).
var idiomTail = map[string]bool{"thuế": true, "giá": true, "máy": true, "răng": true, "dấu": true, "mất": true,
	"bài": true, "cá": true, "bắt": true, "đàn": true, "thức": true, "vần": true, "số": true, "đổi": true, "giày": true}

// idiomHeads marks, by term position, each "đánh" of question that the
// next word makes another verb (idiomTail). n is the number of terms;
// when the tokens do not line up with them one to one, none is marked.
func idiomHeads(question string, n int) []bool {
	out := make([]bool, n)
	toks := vitext.Tokens(question)
	if len(toks) != n {
		return out
	}
	for i := 0; i+1 < n; i++ {
		w, next := strings.ToLower(toks[i]), strings.ToLower(toks[i+1])
		out[i] = w == "đánh" && idiomTail[next] || w == "danh" && next == "thue"
	}
	return out
}

func idf(n, df int) float64 { return math.Log(1 + float64(n)/float64(df)) }

// isNumber reports whether a term is digits only.
func isNumber(term string) bool {
	for _, r := range term {
		if r < '0' || r > '9' {
			return false
		}
	}
	return term != ""
}
