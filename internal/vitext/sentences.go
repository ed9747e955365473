package vitext

import (
	"strings"
	"unicode"
)

// Sentences splits text into sentences at '.', '!', '?' or '…' followed by
// white space and an upper-case letter, digit or opening quote, and at line
// breaks. Numbers such as "69/2020/QH14", "1.500" and abbreviations followed
// by a lower-case word stay whole. Each sentence is trimmed; empty ones are
// dropped.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = appendSentences(out, line)
	}
	return out
}

func appendSentences(out []string, line string) []string {
	rs := []rune(line)
	start := 0
	for i := 0; i < len(rs); i++ {
		if !isTerminal(rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && (isTerminal(rs[j]) || rs[j] == '"' || rs[j] == '”' || rs[j] == ')' || rs[j] == '’') {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue // "3.5", "e.g.x", "canthostnews.vn"
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && !startsSentence(rs[k]) {
			continue
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '(' || r == '*' || r == '-'
}
