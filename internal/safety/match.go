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
	words  []string // lowercase, NFC, marks kept; "gapgap" is a gap
	folded []string // the words without marks, computed once
}

func parsePhrase(s string) phrase {
	p := phrase{words: vitext.Tokens(strings.ReplaceAll(s, "*", " GAPGAP "))}
	for _, w := range p.words {
		p.folded = append(p.folded, vitext.Fold(w))
	}
	return p
}

// typed is a message's tokens as matching needs them: each word, and
// whether it carries Vietnamese marks, worked out once per message.
type typed struct {
	words  []string
	marked []bool
}

func typedTokens(s string) typed {
	t := typed{words: vitext.Tokens(s)}
	for _, w := range t.words {
		t.marked = append(t.marked, vitext.HasVietnameseMarks(w))
	}
	return t
}

func (p phrase) String() string { return strings.ReplaceAll(strings.Join(p.words, " "), "gapgap", "*") }

// wordMatches: a lexicon word typed with marks matches the same word, or
// the word typed without any marks ("đánh" matches "danh" but not "dành");
// a word without marks matches its folded form.
func (p phrase) wordMatches(pi int, t typed, ti int) bool {
	if p.words[pi] == t.words[ti] {
		return true
	}
	return !t.marked[ti] && p.folded[pi] == t.words[ti]
}

// in reports whether p occurs in the message.
func (p phrase) in(t typed) bool {
	return p.index(t) >= 0
}

// index is where p first occurs in the message, or -1.
func (p phrase) index(t typed) int {
	for start := range t.words {
		if p.matchAt(t, start, 0) {
			return start
		}
	}
	return -1
}

func (p phrase) matchAt(t typed, ti, pi int) bool {
	if pi == len(p.words) {
		return true
	}
	if p.words[pi] == "gapgap" {
		for skip := 0; skip <= maxGap && ti+skip <= len(t.words); skip++ {
			if p.matchAt(t, ti+skip, pi+1) {
				return true
			}
		}
		return false
	}
	if ti >= len(t.words) || !p.wordMatches(pi, t, ti) {
		return false
	}
	return p.matchAt(t, ti+1, pi+1)
}
