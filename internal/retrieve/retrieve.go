// Package retrieve finds the passages that answer a question: query
// expansion from the glossary, vector (HNSW) and full-text (GIN) search run
// side by side, reciprocal-rank fusion, language preference, a per-document
// cap and a confidence figure.
package retrieve

import (
	"context"
	"errors"
	"math"
	"slices"
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

// Tuning, chosen with `assistant eval` on knowledge/eval/questions.jsonl
// (coverageWeight on all three evaluation sets; see docs/benchmarks.md).
const (
	rrfK             = 60    // reciprocal-rank fusion constant (pgvector-go's hybrid example)
	branchDepth      = 30    // chunks taken from each branch before fusion
	maxPerDoc        = 2     // passages of one document in a result
	vectorWeight     = 0.7   // weight of the vector branch in the fusion; the text branch weighs 1
	coverageWeight   = 0.002 // added to a document's fused score per unit of question coverage
	bonusDocs        = 8     // documents, from the top, that coverage may reorder
	commonShare      = 0.30  // a term in more than this share of chunks is too common to search
	minChunksToPrune = 50
	candidateBudget  = 2000 // summed document frequency of the searched terms
	maxTerms         = 16
	expansionWeight  = 0.7
)

// Retriever finds passages in the store.
type Retriever struct {
	DB       *store.DB
	Embedder Embedder
	Glossary *Glossary

	words wordCache
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
	// Weights are the search weights (IDF) of the informative terms of the
	// question and its expansions, as vitext.SearchTerms makes them: what
	// an answer composer uses to find the sentences that answer.
	Weights map[string]float64
	Took    time.Duration

	// What InLang needs to choose the passages again for another language.
	qvec           []float32
	vecHit, txtHit []store.Hit
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

	plan, err := r.planText(ctx, question, res.Expansions)
	if err != nil {
		return res, err
	}

	type branch struct {
		hits []store.Hit
		err  error
	}
	vecCh, textCh := make(chan branch, 1), make(chan branch, 1)
	var qvec []float32 // set before vecCh is sent on
	if opt.Mode != TextOnly {
		go func() {
			// The question alone: adding the glossary expansions to the
			// embedded text measured worse (recall@5 0.88 against 0.91).
			vecs, err := r.Embedder.Embed(ctx, []string{question})
			if err != nil {
				vecCh <- branch{err: err}
				return
			}
			qvec = vecs[0]
			hits, err := r.DB.SearchVector(ctx, qvec, branchDepth)
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
	res.Weights = plan.weights
	res.qvec, res.vecHit, res.txtHit, res.limit = qvec, vb.hits, tb.hits, limit
	cov := newCoverer(question, plan, r.Glossary, &r.words)
	plain := fuse(vb.hits, tb.hits, res.Lang, bonusDocs*maxPerDoc, nil)
	res.bonus = coverageBonus(cov, vb.hits, tb.hits, plain)
	res.Passages = fuse(vb.hits, tb.hits, res.Lang, limit, res.bonus)
	if qvec != nil {
		if res.Passages, err = r.preferLang(ctx, res.Passages, qvec, res.Lang); err != nil {
			return res, err
		}
	}
	// Confidence judges the document the searches ranked first, before
	// the coverage bonus. The bonus picks, among the candidates, the one
	// that covers the question best; judged alone it makes an out-of-scope
	// question look covered by whatever mentions its words (3 of the 24
	// public out-of-scope questions then got answers). The mean of both
	// judgements answered 4 more of the 381 training questions right but
	// let a lottery question through; a hand-off to 1088 is the safer miss.
	res.Confidence = confidence(cov, plain, vb.hits, tb.hits)
	res.Took = time.Since(start)
	return res, nil
}

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
func (r *Retriever) planText(ctx context.Context, question string, expansions []string) (textPlan, error) {
	plan := textPlan{own: map[string]float64{}, weights: map[string]float64{}}
	own := queryTerms(question)
	english := vitext.DetectLang(question) == vitext.English
	type cand struct {
		query     string
		parts     []string
		ownSingle bool // one of the question's own words (not a bigram)
		factor    float64
	}
	var cands []cand
	lookup := map[string]bool{}
	for _, t := range own {
		if !lookup[t.term] {
			lookup[t.term] = true
			cands = append(cands, cand{query: t.term, parts: []string{t.term}, ownSingle: !t.bigram, factor: 1})
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
			if c.ownSingle && minDF == 0 && (len(c.parts[0]) >= 4 || (english && len(c.parts[0]) == 3)) && !r.Glossary.Knows(c.parts[0]) {
				// A word the knowledge base never uses ("bitcoin",
				// "swift"): the question is about something it does not
				// cover, as far as this word goes. It counts against
				// coverage with the highest weight. Shorter unknown words
				// are mostly chat shorthand ("ko", "dc", "bn") and count
				// for nothing, except three-letter words in English
				// questions ("css", "div"), which have no such shorthand.
				plan.own[c.parts[0]] = idf(n, 1)
			}
			continue
		}
		w := c.factor * idfSum / float64(len(c.parts))
		if n >= minChunksToPrune && float64(minDF) > commonShare*float64(n) {
			continue
		}
		if c.ownSingle {
			plan.own[c.parts[0]] = w
		}
		for _, p := range c.parts {
			plan.weights[p] = max(plan.weights[p], c.factor*idf(n, df[p]))
		}
		kept = append(kept, scored{q: store.TermQuery{Query: c.query, Weight: w}, df: minDF})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].df < kept[j].df })
	if len(kept) >= 2 && kept[0].df > candidateBudget {
		// Even the rarest term matches too much of a large index: require
		// the two rarest together (AND) instead of either.
		a, b := kept[0].q, kept[1].q
		plan.queries = []store.TermQuery{{Query: "(" + a.Query + ") & (" + b.Query + ")", Weight: a.Weight + b.Weight}}
		return plan, nil
	}
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

type queryTerm struct {
	term   string
	bigram bool
}

// queryTerms are the searchable terms of a question: its words and the
// bigrams of neighbouring words, leaving out English function words and
// any bigram made with one.
func queryTerms(question string) []queryTerm {
	terms, content := vitext.ContentTerms(question)
	var out []queryTerm
	for i, t := range terms {
		if !content[i] {
			continue
		}
		out = append(out, queryTerm{term: t})
		if i > 0 && content[i-1] {
			out = append(out, queryTerm{term: terms[i-1] + t, bigram: true})
		}
	}
	return out
}

func idf(n, df int) float64 { return math.Log(1 + float64(n)/float64(df)) }

// fuse merges the two ranked lists by reciprocal rank at the level of
// documents, so that the Vietnamese and English versions of one document
// reinforce each other: a document's score sums 1/(k+rank) over the
// branches, its rank in a branch being that of its best chunk among
// distinct documents. Each document then contributes up to maxPerDoc of its
// passages, in the asked language when any was found. Passages come out
// grouped by document, best document first, at most limit of them.
func fuse(vec, text []store.Hit, lang string, limit int, bonus map[string]float64) []Passage {
	byID := map[int64]*Passage{}
	docScore := map[string]float64{}
	var docs []string
	get := func(h store.Hit) *Passage {
		if p, ok := byID[h.ChunkID]; ok {
			return p
		}
		p := &Passage{Hit: h}
		byID[h.ChunkID] = p
		return p
	}
	for bi, branch := range [][]store.Hit{vec, text} {
		weight := [2]float64{vectorWeight, 1}[bi]
		seen := map[string]bool{}
		for i, h := range branch {
			p := get(h)
			p.Score += 1 / float64(rrfK+i+1)
			if seen[h.DocumentID] {
				continue
			}
			seen[h.DocumentID] = true
			if _, ok := docScore[h.DocumentID]; !ok {
				docs = append(docs, h.DocumentID)
			}
			docScore[h.DocumentID] += weight / float64(rrfK+len(seen))
		}
	}
	for i, h := range vec {
		p := byID[h.ChunkID]
		p.VectorRank, p.VectorSim = i+1, h.Score
	}
	for i, h := range text {
		byID[h.ChunkID].TextRank = i + 1
	}
	for d, b := range bonus {
		if _, ok := docScore[d]; ok {
			docScore[d] += b
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docScore[docs[i]] > docScore[docs[j]] })

	perDoc := map[string][]*Passage{}
	for _, p := range byID {
		perDoc[p.DocumentID] = append(perDoc[p.DocumentID], p)
	}
	var out []Passage
	for _, d := range docs {
		ps := perDoc[d]
		sort.Slice(ps, func(i, j int) bool {
			if (ps[i].Lang == lang) != (ps[j].Lang == lang) {
				return ps[i].Lang == lang
			}
			if ps[i].Score != ps[j].Score {
				return ps[i].Score > ps[j].Score
			}
			return ps[i].ChunkID < ps[j].ChunkID
		})
		hasLang := ps[0].Lang == lang
		for k, p := range ps {
			if k == maxPerDoc || (hasLang && p.Lang != lang) || len(out) == limit {
				break
			}
			q := *p
			q.Score = docScore[d] + p.Score/1000 // documents order, chunks break ties
			out = append(out, q)
		}
		if len(out) == limit {
			break
		}
	}
	return out
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
	out.Passages = fuse(res.vecHit, res.txtHit, lang, res.limit, res.bonus)
	if res.qvec != nil {
		var err error
		if out.Passages, err = r.preferLang(ctx, out.Passages, res.qvec, lang); err != nil {
			return res, err
		}
	}
	return out, nil
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

// preferLang replaces the passages of documents found only in the other
// language with their nearest passages in lang, where the document has a
// version in lang; the document keeps its place.
func (r *Retriever) preferLang(ctx context.Context, ps []Passage, qvec []float32, lang string) ([]Passage, error) {
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
	hits, err := r.DB.NearestInDocuments(ctx, qvec, missing, lang, maxPerDoc)
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

// confidence combines how much of the question's informative words the
// best document's passages contain (IDF-weighted) with how close its vector is.
func confidence(cov *coverer, ps []Passage, vec, text []store.Hit) float64 {
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
	simPart := math.Max(0, math.Min(1, (sim-0.15)/0.35))
	return math.Round((0.6*cov.of(chunks)+0.4*simPart)*1000) / 1000
}

// coverageBonus is added to each document's fused score: how much of the
// question the document's passages seen by either search cover. Fusion
// only knows ranks, so a document that matched one rare word in one
// chunk can outrank one that answers every part of the question across
// several chunks. At coverageWeight a document covering a quarter more of
// the question's weight moves up about one place (measured on all three
// evaluation sets: recall@1 0.782 → 0.810 public, 0.811 → 0.844
// held-out, 0.772 → 0.793 training).
func coverageBonus(cov *coverer, vec, text []store.Hit, plain []Passage) map[string]float64 {
	// Only the documents near the top can move far enough to matter: the
	// bonus is worth about four places at most.
	var docs []string
	for _, p := range plain {
		if !slices.Contains(docs, p.DocumentID) {
			docs = append(docs, p.DocumentID)
		}
	}
	chunks := map[string][]store.Hit{}
	seen := map[int64]bool{}
	for _, hits := range [][]store.Hit{vec, text} {
		for _, h := range hits {
			if !seen[h.ChunkID] && slices.Contains(docs, h.DocumentID) {
				seen[h.ChunkID] = true
				chunks[h.DocumentID] = append(chunks[h.DocumentID], h)
			}
		}
	}
	out := make(map[string]float64, len(chunks))
	for doc, hs := range chunks {
		out[doc] = coverageWeight * cov.of(hs)
	}
	return out
}

// coverer measures how much of one question a text covers: the share of
// the question's informative words (by weight) the text contains. A word
// typed with diacritics must be found with the same diacritics: search is
// accent-insensitive, so "mưa" (rain) finds "mua" (buy), but a passage
// about buying does not answer a question about rain. A word the text
// says another way ("cưới" for "kết hôn", "rubbish" for "waste") is
// covered too. Everything about the question is worked out once, and the
// chunks' vocabularies come from the retriever's cache, so that measuring
// many documents costs a few lookups each.
type coverer struct {
	weights map[string]float64 // the question's informative words
	total   float64
	words   []coverWord
	cache   *wordCache
}

type coverWord struct {
	term   string     // folded Term
	marked string     // the word as typed, when it has Vietnamese marks
	alts   [][]string // the glossary's other ways to say it, as Terms
}

func newCoverer(question string, plan textPlan, g *Glossary, cache *wordCache) *coverer {
	c := &coverer{weights: plan.own, total: sum(plan.own), cache: cache}
	toks := vitext.Tokens(question)
	phrases := g.Phrases(question)
	if len(toks) != len(vitext.Terms(question)) {
		phrases = nil // positions would not line up
	}
	for i, raw := range toks {
		t := vitext.Term(vitext.Fold(raw))
		if _, ok := plan.own[t]; !ok {
			continue
		}
		w := coverWord{term: t}
		if vitext.HasVietnameseMarks(raw) {
			w.marked = raw
		}
		alts := g.Equivalents(raw)
		for _, p := range phrases {
			if p.Start <= i && i < p.End {
				alts = append(alts, p.Variants...)
			}
		}
		for _, v := range alts {
			if vt := vitext.Terms(v); len(vt) > 0 {
				w.alts = append(w.alts, vt)
			}
		}
		c.words = append(c.words, w)
	}
	return c
}

// of is the coverage of the question by chunks together.
func (c *coverer) of(chunks []store.Hit) float64 {
	if c.total == 0 {
		return 0
	}
	words := make([]chunkWords, len(chunks))
	for i, h := range chunks {
		words[i] = c.cache.get(h)
	}
	has := func(word string, marked bool) bool {
		return slices.ContainsFunc(words, func(w chunkWords) bool { return w.has(word, marked) })
	}
	covered := map[string]bool{}
	for _, w := range c.words {
		if w.marked != "" {
			covered[w.term] = covered[w.term] || has(w.marked, true)
		} else {
			covered[w.term] = covered[w.term] || has(w.term, false)
		}
		for _, alt := range w.alts {
			if !covered[w.term] {
				covered[w.term] = !slices.ContainsFunc(alt, func(x string) bool { return !has(x, false) })
			}
		}
	}
	got := 0.0
	for t, w := range c.weights {
		if covered[t] {
			got += w
		}
	}
	return got / c.total
}

func sum(m map[string]float64) float64 {
	s := 0.0
	for _, v := range m {
		s += v
	}
	return s
}
