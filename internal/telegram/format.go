package telegram

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxMessage is Telegram's limit on a message's text after entity
// parsing, in UTF-16 code units (what Telegram counts: an emoji outside
// the Basic Multilingual Plane is two).
const MaxMessage = 4096

// fragment is the smallest piece a message is cut between: a sentence, a
// line of a list, a heading. Its HTML is its text escaped, in balanced
// tags, so a cut between fragments never breaks a tag or an entity.
type fragment struct {
	text string
	bold bool
	// lineBreak: the fragment starts a new line of its paragraph; else it
	// follows the one before after a space.
	lineBreak bool
}

func (f fragment) html() string {
	if f.bold {
		return "<b>" + html.EscapeString(f.text) + "</b>"
	}
	return html.EscapeString(f.text)
}

// paragraph is a run of fragments; paragraphs are separated by a blank
// line.
type paragraph []fragment

// units is the length Telegram counts for plain text: UTF-16 code units.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

// answerParagraphs lays an answer out for Telegram: the safety steps
// first, each number on a line of its own; the answer's sentences with
// their markers; the sources under a bold heading; the next step; who
// verified it.
func answerParagraphs(a assistant.Answer) []paragraph {
	var out []paragraph
	if s := a.Safety; s != nil {
		p := paragraph{{text: assistant.Label(a.Lang, "safety"), bold: true}}
		for _, step := range s.Steps {
			p = append(p, fragment{text: step, lineBreak: true})
		}
		for _, c := range s.Contacts {
			p = append(p, fragment{text: c.Name + ":", lineBreak: true}, fragment{text: c.Value, lineBreak: true})
		}
		out = append(out, p)
	}
	var body paragraph
	if a.Note != "" {
		body = append(body, fragment{text: a.Note})
	}
	for _, s := range a.Sentences {
		body = append(body, fragment{text: s.Text + assistant.Markers(s.Sources), lineBreak: len(body) == 1 && a.Note != ""})
	}
	if a.ListNote != "" && len(a.Sentences) > 0 {
		body = append(body, fragment{text: a.ListNote, lineBreak: true})
	}
	if len(body) > 0 {
		out = append(out, body)
	}
	if len(a.Sources) > 0 {
		p := paragraph{{text: assistant.Label(a.Lang, "sources"), bold: true}}
		for i, src := range a.Sources {
			p = append(p, fragment{text: "[" + strconv.Itoa(i+1) + "] " + assistant.SourceLine(a.Lang, src), lineBreak: true})
		}
		out = append(out, p)
	}
	for _, line := range []string{a.NextStep, verifiedLine(a)} {
		if line != "" {
			out = append(out, paragraph{{text: line}})
		}
	}
	return out
}

func verifiedLine(a assistant.Answer) string {
	if a.Verified == nil {
		return ""
	}
	return assistant.VerifiedLine(a.Lang, *a.Verified)
}

// textParagraphs lays plain text out the same way: paragraphs at blank
// lines, lines, sentences. Streamed previews go through it, so they obey
// the rule final answers do.
func textParagraphs(text string) []paragraph {
	var out []paragraph
	for _, para := range strings.Split(text, "\n\n") {
		var p paragraph
		for _, line := range strings.Split(para, "\n") {
			for i, s := range vitext.Sentences(line) {
				p = append(p, fragment{text: s, lineBreak: i == 0 && len(p) > 0})
			}
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// split packs paragraphs into Telegram HTML messages of at most max UTF-16
// units of text each (after entity parsing): cutting between paragraphs
// where it can, else between fragments (sentences, lines), and a fragment
// longer than max at spaces. It never cuts inside a tag or an entity.
func split(paras []paragraph, max int) []string {
	var out []string
	var b strings.Builder
	n := 0
	flush := func() {
		if n > 0 {
			out = append(out, b.String())
		}
		b.Reset()
		n = 0
	}
	for pi, p := range paras {
		for fi, f := range p {
			sep := " "
			switch {
			case fi == 0 && pi > 0:
				sep = "\n\n"
			case f.lineBreak:
				sep = "\n"
			}
			for _, piece := range cutText(f.text, max) {
				f.text = piece
				if n > 0 && n+units(sep)+units(piece) > max {
					flush()
				}
				if n > 0 {
					b.WriteString(sep)
					n += units(sep)
				}
				b.WriteString(f.html())
				n += units(piece)
				sep = " "
			}
		}
	}
	flush()
	return out
}

// cutText cuts text into pieces of at most max UTF-16 units, at spaces
// where it can.
func cutText(text string, max int) []string {
	var out []string
	for units(text) > max {
		cut, n, space := len(text), 0, -1
		for i, r := range text {
			w := max1(utf16.RuneLen(r))
			if n+w > max {
				cut = i
				break
			}
			if r == ' ' {
				space = i
			}
			n += w
		}
		if space > cut/2 {
			cut = space
		}
		out = append(out, strings.TrimSpace(text[:cut]))
		text = strings.TrimSpace(text[cut:])
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// max1 counts a rune utf16 cannot encode (-1) as the one replacement unit
// Telegram would see.
func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// preview is the first message of a text still being written, marked as
// unfinished, within Telegram's limit.
func preview(text string) string {
	const more = " …"
	parts := split(textParagraphs(text), MaxMessage-units(more))
	if len(parts) == 0 {
		return ""
	}
	return parts[0] + more
}
