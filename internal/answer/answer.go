// Package answer composes grounded answers from retrieved passages: an
// extractive composer that quotes the knowledge base sentence by sentence
// (the offline default) and an LLM composer for any OpenAI-compatible
// chat server, which falls back to the extractive one.
package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Passage is a retrieved passage offered to a composer.
type Passage struct {
	DocID, Title, Lang, Topic, Heading, Text string
	Sources                                  []string
	AsOf                                     time.Time
}

// Request is what a composer answers from.
type Request struct {
	Question string
	Lang     string             // the language to answer in
	Passages []Passage          // best first
	Weights  map[string]float64 // search-term weights from retrieval
}

// Composition is a composed answer. Cited lists the indexes (into
// Request.Passages) of the passages the text cites, in the order of their
// markers: marker [k] refers to Passages[Cited[k-1]].
type Composition struct {
	Text     string
	Cited    []int
	Composer string // "extractive" or "llm"
	// NoAnswer: the composer found no answer in the passages.
	NoAnswer bool
}

var markerRE = regexp.MustCompile(`\[(\d{1,2})\]`)

// Markers returns the citation numbers in text, in order of first use.
func Markers(text string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range markerRE.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// RemoveBadMarkers deletes citation markers that point at no passage (n
// outside 1..count) and tidies the space they leave.
func RemoveBadMarkers(text string, count int) string {
	text = markerRE.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		if n >= 1 && n <= count {
			return m
		}
		return ""
	})
	text = regexp.MustCompile(` +([.,;:!?])`).ReplaceAllString(text, "$1")
	return regexp.MustCompile(`[ \t]{2,}`).ReplaceAllString(text, " ")
}

// Renumber rewrites the markers of text so that they count 1, 2, … in
// order of first use, and returns the passage indexes they now point at.
// Markers refer to the 1-based positions in the passages offered.
func Renumber(text string) (string, []int) {
	order := Markers(text)
	newNum := map[int]int{}
	cited := make([]int, len(order))
	for i, n := range order {
		newNum[n] = i + 1
		cited[i] = n - 1
	}
	text = markerRE.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		return "[" + strconv.Itoa(newNum[n]) + "]"
	})
	return text, cited
}

// ByDocument rewrites markers that point at passages (1-based) so that
// all passages of one document share the marker of its first passage: a
// citation is a document, however many of its passages were used.
func ByDocument(text string, passages []Passage) string {
	first := map[string]int{}
	for i, p := range passages {
		if _, ok := first[p.DocID]; !ok {
			first[p.DocID] = i + 1
		}
	}
	return markerRE.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		if n < 1 || n > len(passages) {
			return m
		}
		return "[" + strconv.Itoa(first[passages[n-1].DocID]) + "]"
	})
}

// LangName is the name of a language in the other language's words, for
// framing text.
func LangName(lang, in string) string {
	switch {
	case lang == vitext.English && in == vitext.Vietnamese:
		return "tiếng Anh"
	case lang == vitext.Vietnamese && in == vitext.Vietnamese:
		return "tiếng Việt"
	case lang == vitext.English:
		return "English"
	default:
		return "Vietnamese"
	}
}

// Footer is the framing after the answer: the sources of the cited
// passages with the date their facts were checked, and a next step for
// topics where the asker's own case matters.
func Footer(req Request, cited []int) string {
	var b strings.Builder
	vi := req.Lang == vitext.Vietnamese
	if vi {
		b.WriteString("Nguồn:")
	} else {
		b.WriteString("Sources:")
	}
	topics := map[string]bool{}
	for k, i := range cited {
		p := req.Passages[i]
		topics[p.Topic] = true
		date := p.AsOf.Format("02/01/2006")
		if !vi {
			date = p.AsOf.Format("2 January 2006")
		}
		fmt.Fprintf(&b, "\n[%d] %s", k+1, p.Title)
		if len(p.Sources) > 0 {
			fmt.Fprintf(&b, " — %s", strings.Join(p.Sources, "; "))
		}
		if vi {
			fmt.Fprintf(&b, " (thông tin kiểm tra ngày %s)", date)
		} else {
			fmt.Fprintf(&b, " (checked %s)", date)
		}
	}
	for _, topic := range []string{"marriage", "labour", "diaspora"} {
		if topics[topic] {
			b.WriteString("\n\n")
			b.WriteString(nextStep[topic][req.Lang])
			break
		}
	}
	return b.String()
}

// nextStep tells where to take a personal case; the wording is ours, the
// offices are those the knowledge base names.
var nextStep = map[string]map[string]string{
	"labour": {
		vitext.Vietnamese: "Với trường hợp cụ thể của bạn, hãy gọi tổng đài 1088 hoặc hỏi Sở Nội vụ thành phố trước khi ký hợp đồng hay nộp tiền.",
		vitext.English:    "For your own case, call the 1088 line or ask the city's Department of Home Affairs before you sign or pay anything.",
	},
	"marriage": {
		vitext.Vietnamese: "Với trường hợp cụ thể, hãy hỏi UBND cấp xã nơi bạn cư trú hoặc Hội Liên hiệp Phụ nữ; khi gặp nguy hiểm, hãy gọi 113.",
		vitext.English:    "For your own case, ask the commune People's Committee where you live or the Women's Union; in danger, call 113.",
	},
	"diaspora": {
		vitext.Vietnamese: "Với trường hợp cụ thể, hãy hỏi cơ quan đại diện Việt Nam (đại sứ quán, tổng lãnh sự quán) nơi bạn sống.",
		vitext.English:    "For your own case, ask the Vietnamese embassy or consulate where you live.",
	},
}
