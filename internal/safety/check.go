package safety

import (
	"maps"
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
// cue. ok is false when the message is not about danger. Check is
// Read(question).Judge(topDoc).
func (l *Lexicon) Check(question, topDoc string) (a Alert, ok bool) {
	return l.Read(question).Judge(topDoc)
}

// Reading is a message's cues of danger, scored by category, before the
// document retrieved first is counted: a message is read once and judged
// before retrieval and again with its best document. The zero Reading
// judges every message safe.
type Reading struct {
	lex    *Lexicon
	tokens typed
	score  map[string]int      // category → score, vetoed categories left out
	cues   map[string][]string // category → the phrases that matched
}

// Read scores the lexicon's phrases found in a question (normalised text,
// shorthand spelled out). A strong phrase scores 2, a weak one 1; a "not"
// phrase cancels its category.
func (l *Lexicon) Read(question string) Reading {
	r := Reading{lex: l, tokens: typedTokens(question), score: map[string]int{}, cues: map[string][]string{}}
	vetoed := map[string]bool{}
	for _, i := range l.openable(r.tokens) {
		ru := l.rules[i]
		if !ru.phrase.in(r.tokens) {
			continue
		}
		switch ru.strength {
		case veto:
			vetoed[ru.category] = true
		case strong:
			r.score[ru.category] += 2
			r.cues[ru.category] = append(r.cues[ru.category], ru.phrase.String())
		case weak:
			r.score[ru.category]++
			r.cues[ru.category] = append(r.cues[ru.category], ru.phrase.String())
		}
	}
	for cat := range vetoed {
		delete(r.score, cat)
	}
	return r
}

// openable returns, in lexicon order, the rules whose first word a word
// of the message matches (see phrase.wordMatches): the only rules that can
// occur in it.
func (l *Lexicon) openable(t typed) []int {
	seen := make(map[int]bool)
	var out []int
	add := func(rules []int) {
		for _, i := range rules {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	for ti, w := range t.words {
		add(l.starts[0][w])
		if !t.marked[ti] {
			add(l.starts[1][w])
		}
	}
	slices.Sort(out)
	return out
}

// Judge decides whether the message read is about danger, with topDoc
// the id of the document retrieval ranked first, or "": a document about
// safety adds a cue to its category when the message has any cue.
//
// The message is about danger when a category reaches 2, or when weak
// cues of any categories add up to 2. Self-harm wins whenever it reaches
// 2; otherwise the best-scored category, ties going to the more urgent
// (Categories order). For a broker's fraud, the country is where the
// person is only when the message says they are there ("đang ở", "arrived
// in"): a destination they paid for is not where they are.
func (r Reading) Judge(topDoc string) (a Alert, ok bool) {
	if r.lex == nil || len(r.score) == 0 {
		return Alert{}, false
	}
	score := r.score
	if cat, ok := r.lex.docs[topDoc]; ok {
		score = maps.Clone(r.score)
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
			matched = append(matched, r.cues[cat]...)
		}
	}
	slices.Sort(matched)
	country := r.lex.country(r.tokens)
	if best == "broker_fraud" && !slices.ContainsFunc(presence, func(p phrase) bool { return p.in(r.tokens) }) {
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
