package curated

import (
	"strings"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxOtherWays is the most other wordings a verified answer keeps, and
// MaxQuestionLen the longest of any of its questions, in characters.
const (
	MaxOtherWays   = 30
	MaxQuestionLen = 2000
)

// VerifiedQuestions returns the questions a verified answer is found by:
// the counsellor's question and its translation (both canonical, when
// given) and the other ways people ask it, one per entry. Each is
// normalised with personal details masked (vitext.MaskPersonal), in its
// detected language, with its search text; empty and repeated ones are
// left out. Embedding is left nil for the caller to fill. It also sets
// a.Question and a.Paraphrases from them.
func VerifiedQuestions(a *store.CuratedAnswer, question, translation string, others []string) []store.CuratedQuestion {
	a.Question = map[string]string{}
	a.Paraphrases = map[string][]string{}
	var out []store.CuratedQuestion
	seen := map[string]bool{}
	add := func(text string, canonical bool) {
		q := vitext.MaskPersonal(vitext.Normalize(text))
		key := vitext.Fold(q)
		if q == "" || seen[key] {
			return
		}
		seen[key] = true
		lang := vitext.DetectLang(q)
		if canonical && a.Question[lang] != "" {
			canonical = false // a "translation" in the question's own language
		}
		if canonical {
			a.Question[lang] = q
		} else {
			a.Paraphrases[lang] = append(a.Paraphrases[lang], q)
		}
		out = append(out, store.CuratedQuestion{Lang: lang, Text: q, Canonical: canonical, SearchText: SearchText(q)})
	}
	add(question, true)
	add(translation, true)
	for _, o := range others {
		add(o, false)
	}
	return out
}

// OtherWays splits a form's "other ways people ask this" field: one
// question per line, blank lines left out. ok is false when there are
// more than MaxOtherWays or one is longer than MaxQuestionLen.
func OtherWays(field string) (ways []string, ok bool) {
	for _, line := range strings.Split(field, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if utf8.RuneCountInString(line) > MaxQuestionLen {
				return nil, false
			}
			ways = append(ways, line)
		}
	}
	return ways, len(ways) <= MaxOtherWays
}
