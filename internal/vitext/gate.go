package vitext

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Errors of Gate. Their messages follow a field name ("question is not
// valid UTF-8 …") and say what to do, so an edge can show them as they are.
var (
	ErrInvalidUTF8 = errors.New("is not valid UTF-8 text: send it encoded as UTF-8")
	ErrNUL         = errors.New("contains a NUL character (U+0000): remove it and send the text again")
)

// Gate is the one check every text from outside passes before anything
// else sees it (the /v1/ask question, the call-centre fields, Telegram
// messages). It refuses invalid UTF-8 (ErrInvalidUTF8) and NUL (ErrNUL),
// which PostgreSQL cannot store in text; it removes every other control
// character (C0, DEL, C1) except newline and tab, turning carriage return,
// vertical tab and form feed into a space so that the words they separate
// stay apart. The result is otherwise unchanged: normalising it
// (Normalize) is the caller's next step.
func Gate(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", ErrNUL
	}
	if !hasControl(s) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// isControl reports whether r is in Unicode's Cc category: C0, DEL or C1.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

func hasControl(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && isControl(r) {
			return true
		}
	}
	return false
}
