// Package safety recognises messages from people in danger — trafficking,
// being held, domestic violence, forced labour, a broker who took money, a
// relative missing abroad, self-harm — in Vietnamese (with or without
// marks) and English, finds the country the person is in, and gives the
// steps and numbers for that category and country. Its words come from a
// reviewed lexicon (knowledge/safety-lexicon.tsv) and its numbers only from
// knowledge/contacts.yaml.
package safety

import (
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// maxGap is how many words a "*" in a phrase may stand for.
const maxGap = 3

// phrase is a lexicon pattern: words, and gaps ("*") of up to maxGap words.
type phrase struct {
	words []string // lowercase, NFC, marks kept; "*" is a gap
}

func parsePhrase(s string) phrase {
	return phrase{words: vitext.Tokens(strings.ReplaceAll(s, "*", " GAPGAP "))}
}

func (p phrase) String() string { return strings.ReplaceAll(strings.Join(p.words, " "), "gapgap", "*") }

// wordMatches: a lexicon word typed with marks matches the same word, or
// the word typed without any marks ("đánh" matches "danh" but not "dành");
// a word without marks matches its folded form.
func wordMatches(lex, typed string) bool {
	if lex == typed {
		return true
	}
	if vitext.HasVietnameseMarks(typed) {
		return false
	}
	return vitext.Fold(lex) == typed
}

// in reports whether p occurs in tokens.
func (p phrase) in(tokens []string) bool {
	for start := range tokens {
		if p.matchAt(tokens, start, 0) {
			return true
		}
	}
	return false
}

func (p phrase) matchAt(tokens []string, ti, pi int) bool {
	if pi == len(p.words) {
		return true
	}
	if p.words[pi] == "gapgap" {
		for skip := 0; skip <= maxGap && ti+skip <= len(tokens); skip++ {
			if p.matchAt(tokens, ti+skip, pi+1) {
				return true
			}
		}
		return false
	}
	if ti >= len(tokens) || !wordMatches(p.words[pi], tokens[ti]) {
		return false
	}
	return p.matchAt(tokens, ti+1, pi+1)
}
