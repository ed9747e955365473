// Package answer composes grounded answers from retrieved passages: an
// extractive composer that quotes the knowledge base sentence by sentence
// (the offline default) and an LLM composer for any OpenAI-compatible
// chat server, which falls back to the extractive one.
package answer

import (
	"regexp"
	"slices"
	"strconv"
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

// Sentence is one sentence of a composed answer: its text, without
// citation markers, and the citation numbers (1-based, into
// Composition.Cited) of the passages it rests on. A sentence of framing
// (a language note, an LLM's lead-in) has no sources.
type Sentence struct {
	Text    string
	Sources []int
}

// Composition is a composed answer, as data: channels render it. Cited
// lists the indexes (into Request.Passages) of the cited passages, one per
// document, in order of first use: citation number k refers to
// Passages[Cited[k-1]].
type Composition struct {
	// Note frames the answer, e.g. "(This information is only available
	// in Vietnamese.)"; "" when none.
	Note      string
	Sentences []Sentence
	Cited     []int
	// NextStep says where to take a personal case, for the topics where
	// it matters; "" otherwise.
	NextStep string
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

// quoted is a sentence with the passages (indexes into Request.Passages)
// it quotes, before numbering.
type quoted struct {
	text     string
	passages []int
}

// cite numbers the passages that sentences quote: all passages of one
// document share the number of its first passage, and numbers count 1, 2,
// … in order of first use. It fills the composition's Sentences, Cited
// and NextStep.
func cite(req Request, sentences []quoted, comp *Composition) {
	first := map[string]int{}
	for i, p := range req.Passages {
		if _, ok := first[p.DocID]; !ok {
			first[p.DocID] = i
		}
	}
	number := map[int]int{} // passage index of a document's first passage → citation number
	for _, q := range sentences {
		s := Sentence{Text: q.text}
		for _, pi := range q.passages {
			doc := first[req.Passages[pi].DocID]
			n, ok := number[doc]
			if !ok {
				comp.Cited = append(comp.Cited, doc)
				n = len(comp.Cited)
				number[doc] = n
			}
			if !slices.Contains(s.Sources, n) {
				s.Sources = append(s.Sources, n)
			}
		}
		comp.Sentences = append(comp.Sentences, s)
	}
	var topics []string
	for _, i := range comp.Cited {
		topics = append(topics, req.Passages[i].Topic)
	}
	comp.NextStep = NextStep(req.Lang, topics)
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

// NextStep is the next step for an answer citing documents of topics:
// where to take a personal case about marriage, labour or life abroad,
// in that order of priority; "" for other topics.
func NextStep(lang string, topics []string) string {
	for _, topic := range []string{"marriage", "labour", "diaspora"} {
		if slices.Contains(topics, topic) {
			return nextStep[topic][lang]
		}
	}
	return ""
}

// nextStep tells where to take a personal case; the wording is ours, the
// offices are those the knowledge base names.
var nextStep = map[string]map[string]string{
	"labour": {
		vitext.Vietnamese: "Với trường hợp cụ thể của bạn, hãy hỏi Sở Nội vụ thành phố trước khi ký hợp đồng hay nộp tiền; nếu đã ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84 hoặc đại sứ quán Việt Nam.",
		vitext.English:    "For your own case, ask the city's Department of Home Affairs before you sign or pay anything; if you are already abroad and in trouble, call the citizen protection hotline +84 981 84 84 84 or the Vietnamese embassy.",
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
