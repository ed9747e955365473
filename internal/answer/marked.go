package answer

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

var (
	// Markers written after a sentence's full stop ("fact. [1]") belong to
	// that sentence: they are moved before it ("fact [1].").
	trailingMarkersRE  = regexp.MustCompile(`([.!?…])((?:\s*\[\d{1,2}\])+)`)
	spaceBeforePunctRE = regexp.MustCompile(`\s+([.,;:!?…)])`)
	bulletRE           = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+`)
)

// parseMarked splits a model's answer, written with citation markers [k]
// that point at the k-th of n passages, into sentences: each with its text
// (markers removed, spacing tidied, list bullets dropped) and the passages
// its markers name. Markers outside 1..n are dropped.
func parseMarked(text string, n int) []quoted {
	text = trailingMarkersRE.ReplaceAllString(text, "$2$1")
	var out []quoted
	for _, line := range strings.Split(text, "\n") {
		line = bulletRE.ReplaceAllString(line, "")
		for _, s := range vitext.Sentences(line) {
			var q quoted
			for _, k := range Markers(s) {
				if k >= 1 && k <= n {
					q.passages = append(q.passages, k-1)
				}
			}
			s = markerRE.ReplaceAllString(s, "")
			s = spaceBeforePunctRE.ReplaceAllString(s, "$1")
			q.text = strings.Join(strings.Fields(s), " ")
			if q.text != "" && strings.Trim(q.text, ".,;:!?… ") != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

// anyCited reports whether some sentence cites a passage.
func anyCited(qs []quoted) bool {
	for _, q := range qs {
		if len(q.passages) > 0 {
			return true
		}
	}
	return false
}
