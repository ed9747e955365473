package curated

import (
	"math"
	"slices"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// text is a question's content terms (folded, stemmed; no particles or
// English function words), as a set, with the IDF weight of those that
// curated questions contain (weigh); terms no curated question has are
// not in idf.
type text struct {
	content map[string]bool
	idf     map[string]float64
	maxIDF  float64 // the weight of a term only one answer has
}

func newText(s string) text {
	terms, content := vitext.ContentTerms(s)
	t := text{content: map[string]bool{}}
	for i, term := range terms {
		if content[i] {
			t.content[term] = true
		}
	}
	return t
}

// terms lists the content terms, sorted.
func (t text) terms() []string {
	out := make([]string, 0, len(t.content))
	for term := range t.content {
		out = append(out, term)
	}
	slices.Sort(out)
	return out
}

// weigh sets the IDF weight ln(1 + n/df) of each content term that df (of
// n curated answers) counts.
func (t *text) weigh(n int, df map[string]int) {
	t.idf = map[string]float64{}
	t.maxIDF = idf(n, 1)
	for term := range t.content {
		if d := df[term]; d > 0 && !isNumber(term) {
			t.idf[term] = idf(n, d)
		}
	}
}

// idf is the weight ln(1 + n/df) of what df of n curated answers have: a
// term or concept only one answer has weighs most.
func idf(n, df int) float64 {
	return math.Log(1 + float64(n)/float64(df))
}

// score is how well curated answer a answers the asked question: the best
// similarity of a's questions (CosineWeight × cosine + the rest × Dice
// overlap of content terms), less MissPenalty for each asked term that
// none of a's questions has: a number counts 1, a term other curated
// questions have its IDF relative to that of a term only one answer has,
// a term no curated question has nothing. similarity is the best
// similarity before the penalty.
func score(p Params, asked text, a store.CuratedAnswer) (similarity, penalised float64) {
	vocab := map[string]bool{}
	best := -1.0
	for _, q := range a.Questions {
		qt := newText(q.Text)
		for t := range qt.content {
			vocab[t] = true
		}
		s := p.CosineWeight*q.Similarity + (1-p.CosineWeight)*dice(asked.content, qt.content)
		best = max(best, s)
	}
	missing := 0.0
	for t, w := range asked.idf {
		if !vocab[t] {
			missing += w / asked.maxIDF
		}
	}
	for t := range asked.content {
		if isNumber(t) && !vocab[t] {
			missing++ // "loại 2" is not "loại 1"
		}
	}
	return best, best - p.MissPenalty*missing
}

func isNumber(t string) bool {
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return t != ""
}

// dice is 2|a∩b| / (|a|+|b|), 0 for two empty sets.
func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}
