package telegram

import (
	"html"
	"strings"
	"unicode/utf8"
)

// MaxMessage is Telegram's limit on a message's text, in characters.
const MaxMessage = 4096

// formatAnswer turns an answer's plain text into Telegram HTML: everything
// escaped, the source list's heading in bold.
func formatAnswer(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
		}
		head, rest, found := strings.Cut(para, "\n")
		if head == "Nguồn:" || head == "Sources:" {
			b.WriteString("<b>" + html.EscapeString(head) + "</b>")
			if found {
				b.WriteString("\n" + html.EscapeString(rest))
			}
			continue
		}
		b.WriteString(html.EscapeString(para))
	}
	return b.String()
}

// split cuts text into pieces of at most max characters, at paragraph
// breaks where it can, else at line breaks, else at spaces. It never cuts
// inside an HTML entity or tag of formatAnswer's output because it cuts
// only at whitespace, and the tags it uses hold none.
func split(text string, max int) []string {
	var out []string
	for utf8.RuneCountInString(text) > max {
		cut := cutPoint(text, max)
		out = append(out, strings.TrimRight(text[:cut], " \n"))
		text = strings.TrimLeft(text[cut:], " \n")
	}
	if strings.TrimSpace(text) != "" {
		out = append(out, text)
	}
	return out
}

// cutPoint returns a byte offset at most max runes into text.
func cutPoint(text string, max int) int {
	limit := len(text)
	n := 0
	for i := range text {
		if n == max {
			limit = i
			break
		}
		n++
	}
	window := text[:limit]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(window, sep); i > limit/2 {
			return i + len(sep)
		}
	}
	return limit
}
