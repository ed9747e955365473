package safety

import (
	"slices"
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
//
// A strong phrase scores 2, a weak one 1; a "not" phrase cancels its
// category. The message is about danger when a category reaches 2, or
// when weak cues of any categories add up to 2. Self-harm wins whenever it
// reaches 2; otherwise the best-scored category, ties going to the more
// urgent (Categories order). For a broker's fraud, the country is where
// the person is only when the message says they are there ("đang ở",
// "arrived in"): a destination they paid for is not where they are.
func (l *Lexicon) Check(question, topDoc string) (a Alert, ok bool) {
	tokens := typedTokens(question)
	score := map[string]int{}
	vetoed := map[string]bool{}
	cues := map[string][]string{}
	for _, r := range l.rules {
		if !r.phrase.in(tokens) {
			continue
		}
		switch r.strength {
		case veto:
			vetoed[r.category] = true
		case strong:
			score[r.category] += 2
			cues[r.category] = append(cues[r.category], r.phrase.String())
		case weak:
			score[r.category]++
			cues[r.category] = append(cues[r.category], r.phrase.String())
		}
	}
	for cat := range vetoed {
		delete(score, cat)
	}
	if cat, ok := l.docs[topDoc]; ok && len(score) > 0 {
		score[cat]++
	}
	total, best := 0, ""
	for _, cat := range Categories {
		total += score[cat]
		if score[cat] > score[best] {
			best = cat
		}
	}
	if score["self_harm"] >= 2 {
		best = "self_harm" // the most urgent, whatever else the message says
	}
	if best == "" || (score[best] < 2 && total < 2) {
		return Alert{}, false
	}
	var matched []string
	for _, cat := range Categories {
		if score[cat] > 0 {
			matched = append(matched, cues[cat]...)
		}
	}
	slices.Sort(matched)
	country := l.country(tokens)
	if best == "broker_fraud" && !slices.ContainsFunc(presence, func(p phrase) bool { return p.in(tokens) }) {
		country = ""
	}
	return Alert{Category: best, Country: country, Cues: slices.Compact(matched)}, true
}

// presence are the words that say a person is in the place named, not
// only going there.
var presence = func() []phrase {
	var out []phrase
	for _, s := range []string{"đang ở", "ở bên", "sang tới", "qua tới", "sang đến", "qua đến", "kẹt ở", "tới nơi",
		"arrived in", "i'm in", "i am in", "we are in", "stuck in", "here in", "now in"} {
		out = append(out, parsePhrase(s))
	}
	return out
}()
