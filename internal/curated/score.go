package curated

import (
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// text is a question's content terms (folded, stemmed; no particles or
// English function words), as a set.
type text struct {
	content map[string]bool
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

// score is how well curated answer a answers the asked question: the best
// similarity of a's questions (CosineWeight × cosine + the rest × Dice
// overlap of content terms), less MissPenalty × the share of asked
// content terms that none of a's questions has.
func score(p Params, asked text, a store.CuratedAnswer) float64 {
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
	missing := 0
	for t := range asked.content {
		if !vocab[t] {
			missing++
		}
	}
	return best - p.MissPenalty*float64(missing)/float64(len(asked.content))
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
