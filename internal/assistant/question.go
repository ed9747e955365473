package assistant

import (
	"fmt"
	"html"
	"regexp"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxQuestionRunes is the longest question accepted.
const MaxQuestionRunes = 1000

var (
	tagRE    = regexp.MustCompile(`<[^>]{0,200}>`)
	letterRE = regexp.MustCompile(`[\p{L}\p{N}]`)
)

// CleanQuestion passes a question through vitext.Gate (invalid UTF-8 and
// NUL refused, other control characters removed), normalises it (NFC, HTML
// tags and entities removed, spaces collapsed) and checks it: not empty, at
// most MaxQuestionRunes, and with at least one letter or digit.
func CleanQuestion(raw string) (string, error) {
	raw, err := vitext.Gate(raw)
	if err != nil {
		return "", &InputError{Field: "question", Message: err.Error()}
	}
	if n := utf8.RuneCountInString(raw); n > MaxQuestionRunes {
		return "", &InputError{Field: "question", Message: fmt.Sprintf("is %d characters long; keep it under %d", n, MaxQuestionRunes)}
	}
	// Entities can spell control characters (&#27;): the gate runs again on
	// the unescaped text, where it can only remove them.
	unescaped, _ := vitext.Gate(html.UnescapeString(tagRE.ReplaceAllString(raw, " ")))
	q := vitext.Normalize(unescaped)
	if q == "" {
		return "", &InputError{Field: "question", Message: "is empty; write your question in Vietnamese or English"}
	}
	if !letterRE.MatchString(q) {
		return "", &InputError{Field: "question", Message: "must contain words, not only symbols, emoji or HTML"}
	}
	return q, nil
}
