package assistant

import (
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// PlainText renders an answer as plain text, for the command line, the
// "answer" field of /v1/ask and the call-centre console: the safety steps
// first, the language note, the sentences with their citation markers,
// the numbered sources with the date their facts were checked, the next
// step, and who verified it.
func (a Answer) PlainText() string {
	var parts []string
	if a.Safety != nil {
		parts = append(parts, SafetyText(*a.Safety))
	}
	if body := a.Body(); body != "" {
		parts = append(parts, body)
	}
	if len(a.Sources) > 0 {
		lines := []string{Label(a.Lang, "sources")}
		for i, src := range a.Sources {
			lines = append(lines, "["+strconv.Itoa(i+1)+"] "+SourceLine(a.Lang, src))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if a.NextStep != "" {
		parts = append(parts, a.NextStep)
	}
	if a.Verified != nil {
		parts = append(parts, VerifiedLine(a.Lang, *a.Verified))
	}
	return strings.Join(parts, "\n\n")
}

// Body is the answer proper as plain text: the language note on its line,
// then the sentences, each followed by its citation markers.
func (a Answer) Body() string {
	var body strings.Builder
	if a.Note != "" {
		body.WriteString(a.Note + "\n")
	}
	for i, s := range a.Sentences {
		if i > 0 {
			body.WriteByte(' ')
		}
		body.WriteString(s.Text + Markers(s.Sources))
	}
	if a.ListNote != "" {
		body.WriteString("\n" + a.ListNote)
	}
	return body.String()
}

// Markers writes citation numbers as channels show them: " [1]" or
// " [1][2]"; "" for none.
func Markers(sources []int) string {
	var b strings.Builder
	for i, n := range sources {
		if i == 0 {
			b.WriteByte(' ')
		}
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

// SourceLine describes a source in lang: its title, its instruments and
// the date its facts were checked.
func SourceLine(lang string, src Source) string {
	line := src.Title
	if len(src.Instruments) > 0 {
		line += " — " + strings.Join(src.Instruments, "; ")
	}
	if d, err := time.Parse(time.DateOnly, src.AsOf); err == nil {
		if lang == vitext.Vietnamese {
			line += " (thông tin kiểm tra ngày " + d.Format("02/01/2006") + ")"
		} else {
			line += " (checked " + d.Format("2 January 2006") + ")"
		}
	}
	return line
}

// SafetyText renders the safety steps: each step on its line, then each
// contact on a line of its own, so that apps make the number tappable.
func SafetyText(s Safety) string {
	lines := append([]string(nil), s.Steps...)
	for _, c := range s.Contacts {
		lines = append(lines, c.Name+": "+c.Value)
	}
	return strings.Join(lines, "\n")
}

// VerifiedLine says who reviewed a curated answer, and when.
func VerifiedLine(lang string, v Verified) string {
	date := v.ApprovedAt
	d, err := time.Parse(time.DateOnly, v.ApprovedAt)
	vi := lang == vitext.Vietnamese
	if err == nil {
		date = d.Format("2 January 2006")
		if vi {
			date = d.Format("02/01/2006")
		}
	}
	switch {
	case v.Kind == "verified" && vi:
		return "Câu trả lời đã được tư vấn viên xác minh ngày " + date + "."
	case v.Kind == "verified":
		return "Verified by a counsellor on " + date + "."
	case vi:
		return "Câu trả lời đã được nhóm nội dung duyệt ngày " + date + "."
	default:
		return "Reviewed by the content team on " + date + "."
	}
}

// Label is a fixed word of the rendered answer in lang.
func Label(lang, key string) string {
	vi := lang == vitext.Vietnamese
	switch key {
	case "sources":
		if vi {
			return "Nguồn:"
		}
		return "Sources:"
	case "safety":
		if vi {
			return "Nếu bạn hoặc người thân đang gặp nguy hiểm:"
		}
		return "If you or someone close to you is in danger:"
	}
	return key
}
