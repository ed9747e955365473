package safety

import (
	"slices"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Alert is a recognised danger.
type Alert struct {
	Category string // one of Categories
	Country  string // ISO 3166-1 alpha-2 where the person is; "" unknown
	// Cues are the lexicon phrases that matched, for tests and debug logs
	// (never info logs: they quote the question).
	Cues []string
}

// Check recognises danger in a question (normalised text, shorthand
// spelled out). topDoc is the id of the document retrieval ranked first,
// or "" when there was no retrieval: a document about safety counts as a
// cue. ok is false when the message is not about danger.
func (l *Lexicon) Check(question, topDoc string) (a Alert, ok bool) {
	tokens := vitext.Tokens(question)
	score := map[string]int{}
	vetoed := map[string]bool{}
	weakCues := 0
	var cues []string
	for _, r := range l.rules {
		if !r.phrase.in(tokens) {
			continue
		}
		switch r.strength {
		case veto:
			vetoed[r.category] = true
		case strong:
			score[r.category] += 2
			cues = append(cues, r.phrase.String())
		case weak:
			score[r.category]++
			weakCues++
			cues = append(cues, r.phrase.String())
		}
	}
	for cat := range vetoed {
		if score[cat] < 2 {
			// Weak phrases of a vetoed category count for nothing.
			weakCues -= score[cat]
			delete(score, cat)
		}
	}
	if cat, ok := l.docs[topDoc]; ok && len(score) > 0 {
		score[cat]++
		weakCues++
	}
	best := ""
	for _, cat := range Categories {
		if score[cat] > score[best] {
			best = cat
		}
	}
	if best == "" || (score[best] < 2 && weakCues < 2) {
		return Alert{}, false
	}
	slices.Sort(cues)
	return Alert{Category: best, Country: l.Country(question), Cues: slices.Compact(cues)}, true
}
