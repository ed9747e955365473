// Package retrieve finds the passages that answer a question: query
// expansion from the glossary, vector (HNSW) and full-text (GIN) search run
// side by side, reciprocal-rank fusion, language preference, a per-document
// cap and a confidence figure.
package retrieve

import (
	"context"
	"errors"
	"math"
	"sort"
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

// Tuning, chosen with `assistant eval` on knowledge/eval/questions.jsonl.
const (
	rrfK             = 60   // reciprocal-rank fusion constant (pgvector-go's hybrid example)
	branchDepth      = 30   // chunks taken from each branch before fusion
	maxPerDoc        = 2    // passages of one document in a result
	otherLangRank    = 0.8  // score factor for passages in the other language
	commonShare      = 0.30 // a term in more than this share of chunks is too common to search
	minChunksToPrune = 50
	candidateBudget  = 4000 // summed document frequency of the searched terms
	maxTerms         = 12
	expansionWeight  = 0.7
)

// Retriever finds passages in the store.
type Retriever struct {
	DB       *store.DB
	Embedder Embedder
	Glossary *Glossary
}

// Passage is a chunk chosen for a question.
type Passage struct {
	store.Hit
	Score      float64 // fused score
	VectorSim  float64 // cosine similarity to the question, if the vector branch saw it
	VectorRank int     // 1-based rank in the vector branch, 0 if absent
	TextRank   int     // 1-based rank in the text branch, 0 if absent
}

// Result is what Retrieve found.
type Result struct {
	Lang       string    // the question's language (detected unless given)
	Passages   []Passage // best first, at most the requested number
	Confidence float64   // 0..1: how well the best passage covers the question
	Expansions []string  // glossary terms added to the question
	Took       time.Duration
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

	plan, err := r.planText(ctx, question, res.Expansions)
	if err != nil {
		return res, err
	}

	type branch struct {
		hits []store.Hit
		err  error
	}
	vecCh, textCh := make(chan branch, 1), make(chan branch, 1)
	if opt.Mode != TextOnly {
		go func() {
			text := question
			if len(res.Expansions) > 0 {
				text += "\n" + strings.Join(res.Expansions, "; ")
			}
			vecs, err := r.Embedder.Embed(ctx, []string{text})
			if err != nil {
				vecCh <- branch{err: err}
				return
			}
			hits, err := r.DB.SearchVector(ctx, vecs[0], branchDepth)
			vecCh <- branch{hits, err}
		}()
	} else {
		vecCh <- branch{}
	}
	if opt.Mode != VectorOnly {
		go func() {
			hits, err := r.DB.SearchText(ctx, plan.queries, branchDepth)
			textCh <- branch{hits, err}
		}()
	} else {
		textCh <- branch{}
	}
	vb, tb := <-vecCh, <-textCh
	if err := errors.Join(vb.err, tb.err); err != nil {
		return res, err
	}
	res.Passages = fuse(vb.hits, tb.hits, res.Lang, limit)
	res.Confidence = confidence(res.Passages, vb.hits, plan)
	res.Took = time.Since(start)
	return res, nil
}

// textPlan is the full-text side of a question.
type textPlan struct {
	queries []store.TermQuery
	// own are the question's informative single terms with their weights,
	// for the confidence figure.
	own map[string]float64
}

// planText picks the terms to search: the question's terms and bigrams and
// the glossary expansions, without terms absent from the index, without
// terms so common that they match a large share of all chunks, and within
// a budget of summed document frequency, rarest first. That bounds the
// candidate set of the GIN scan however large the corpus grows.
func (r *Retriever) planText(ctx context.Context, question string, expansions []string) (textPlan, error) {
	plan := textPlan{own: map[string]float64{}}
	own := vitext.SearchTerms(question)
	type cand struct {
		query     string
		parts     []string
		ownSingle bool // one of the question's own words (not a bigram)
		factor    float64
	}
	var cands []cand
	lookup := map[string]bool{}
	nSingles := len(vitext.Terms(question)) // SearchTerms lists the single terms first
	for i, t := range own {
		if !lookup[t] {
			lookup[t] = true
			cands = append(cands, cand{query: t, parts: []string{t}, ownSingle: i < nSingles, factor: 1})
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
		cands = append(cands, cand{query: strings.Join(parts, " & "), parts: parts, factor: expansionWeight})
	}
	names := make([]string, 0, len(lookup))
	for t := range lookup {
		names = append(names, t)
	}
	n, df, err := r.DB.TermStats(ctx, names)
	if err != nil {
		return plan, err
	}
	if n == 0 {
		return plan, nil
	}
	type scored struct {
		q  store.TermQuery
		df int
	}
	var kept []scored
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
			continue
		}
		w := c.factor * idfSum / float64(len(c.parts))
		if n >= minChunksToPrune && float64(minDF) > commonShare*float64(n) {
			continue
		}
		if c.ownSingle {
			plan.own[c.parts[0]] = w
		}
		kept = append(kept, scored{q: store.TermQuery{Query: c.query, Weight: w}, df: minDF})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].df < kept[j].df })
	budget := 0
	for _, k := range kept {
		if len(plan.queries) >= maxTerms || (len(plan.queries) > 0 && budget+k.df > candidateBudget) {
			break
		}
		budget += k.df
		plan.queries = append(plan.queries, k.q)
	}
	return plan, nil
}

func idf(n, df int) float64 { return math.Log(1 + float64(n)/float64(df)) }

// fuse merges the two ranked lists by reciprocal rank, prefers the asked
// language (a passage of a document in the other language is dropped when
// the same document has one in the asked language), keeps at most
// maxPerDoc passages per document, and returns the best limit passages.
func fuse(vec, text []store.Hit, lang string, limit int) []Passage {
	byID := map[int64]*Passage{}
	var order []*Passage
	get := func(h store.Hit) *Passage {
		if p, ok := byID[h.ChunkID]; ok {
			return p
		}
		p := &Passage{Hit: h}
		byID[h.ChunkID] = p
		order = append(order, p)
		return p
	}
	for i, h := range vec {
		p := get(h)
		p.VectorRank, p.VectorSim = i+1, h.Score
		p.Score += 1 / float64(rrfK+i+1)
	}
	for i, h := range text {
		p := get(h)
		p.TextRank = i + 1
		p.Score += 1 / float64(rrfK+i+1)
	}
	hasLang := map[string]bool{}
	for _, p := range order {
		if p.Lang == lang {
			hasLang[p.DocumentID] = true
		} else {
			p.Score *= otherLangRank
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Score > order[j].Score })
	perDoc := map[string]int{}
	var out []Passage
	for _, p := range order {
		if p.Lang != lang && hasLang[p.DocumentID] {
			continue
		}
		if perDoc[p.DocumentID] >= maxPerDoc {
			continue
		}
		perDoc[p.DocumentID]++
		out = append(out, *p)
		if len(out) == limit {
			break
		}
	}
	return out
}

// confidence combines how much of the question's informative words the
// best passage contains (IDF-weighted) with how close its vector is.
func confidence(ps []Passage, vec []store.Hit, plan textPlan) float64 {
	if len(ps) == 0 {
		return 0
	}
	top := ps[0]
	coverage := 0.0
	if total := sum(plan.own); total > 0 {
		have := map[string]bool{}
		for _, t := range vitext.SearchTerms(top.Heading + "\n" + top.Text) {
			have[t] = true
		}
		got := 0.0
		for t, w := range plan.own {
			if have[t] {
				got += w
			}
		}
		coverage = got / total
	}
	sim := top.VectorSim
	if top.VectorRank == 0 && len(vec) > 0 {
		sim = vec[len(vec)-1].Score // below every vector hit we saw
	}
	simPart := math.Max(0, math.Min(1, (sim-0.15)/0.35))
	return math.Round((0.6*coverage+0.4*simPart)*1000) / 1000
}

func sum(m map[string]float64) float64 {
	s := 0.0
	for _, v := range m {
		s += v
	}
	return s
}
