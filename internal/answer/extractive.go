package answer

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxWords bounds an extractive answer's body.
const MaxWords = 120

// Extractive answers by quoting the sentences of the passages that best
// match the question. Every sentence of its body is a sentence of the
// knowledge base, followed by the marker of its passage; only the framing
// (language note, source list, next step) is template text.
type Extractive struct{}

// Compose never fails.
func (Extractive) Compose(_ context.Context, req Request) (Composition, error) {
	return ComposeExtractive(req), nil
}

type sentence struct {
	passage, pos int
	text         string
	terms        map[string]bool
	score        float64
	words        int
}

// maxPassages is how many of the best passages sentences come from.
const maxPassages = 4

// ComposeExtractive picks the sentences that answer the question.
func ComposeExtractive(req Request) Composition {
	if len(req.Passages) == 0 {
		return Composition{Composer: "extractive", NoAnswer: true}
	}
	var cands []sentence
	for pi, p := range req.Passages[:min(maxPassages, len(req.Passages))] {
		headingScore := 0.0
		for t := range termSet(p.Heading) {
			headingScore += req.Weights[t]
		}
		pos := 0
		for _, line := range strings.Split(p.Text, "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			for _, s := range vitext.Sentences(line) {
				terms := termSet(s)
				score := 0.0
				for t := range terms {
					score += req.Weights[t]
				}
				words := len(strings.Fields(s))
				// Reward matching words, a little the section heading,
				// prefer better passages and sentences that are not long.
				score = (score + 0.25*headingScore) * (1 - 0.08*float64(pi)) / math.Sqrt(1+float64(words)/25)
				cands = append(cands, sentence{passage: pi, pos: pos, text: s, terms: terms, score: score, words: words})
				pos++
			}
		}
	}
	if len(cands) == 0 {
		return Composition{Composer: "extractive", NoAnswer: true}
	}
	ranked := append([]sentence(nil), cands...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	best := ranked[0]
	chosen := []sentence{best}
	words := best.words
	for _, s := range ranked[1:] {
		if s.score < 0.45*best.score || s.score <= 0 {
			break
		}
		if words+s.words > MaxWords || redundant(s, chosen) {
			continue
		}
		chosen = append(chosen, s)
		words += s.words
	}
	// Passages in the order of their best chosen sentence; sentences in
	// their order within the passage.
	rank := map[int]int{}
	for i, s := range chosen {
		if _, ok := rank[s.passage]; !ok {
			rank[s.passage] = i
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		if chosen[i].passage != chosen[j].passage {
			return rank[chosen[i].passage] < rank[chosen[j].passage]
		}
		return chosen[i].pos < chosen[j].pos
	})

	var body strings.Builder
	if note := langNote(req, chosen); note != "" {
		body.WriteString(note)
		body.WriteString("\n")
	}
	for i, s := range chosen {
		if i > 0 {
			body.WriteByte(' ')
		}
		body.WriteString(s.text)
		body.WriteString(" [")
		body.WriteString(itoa(s.passage + 1))
		body.WriteString("]")
	}
	text, cited := Renumber(ByDocument(body.String(), req.Passages))
	return Composition{Text: text + "\n\n" + Footer(req, cited), Cited: cited, Composer: "extractive"}
}

// langNote says so when the quoted passages are not in the asked language.
func langNote(req Request, chosen []sentence) string {
	other := ""
	for _, s := range chosen {
		if l := req.Passages[s.passage].Lang; l != req.Lang {
			other = l
		}
	}
	switch {
	case other == "":
		return ""
	case req.Lang == vitext.Vietnamese:
		return "(Thông tin này hiện chỉ có bằng " + LangName(other, vitext.Vietnamese) + ".)"
	default:
		return "(This information is only available in " + LangName(other, vitext.English) + ".)"
	}
}

// redundant reports whether s mostly repeats a chosen sentence (chunk
// overlap, or the same fact in two documents).
func redundant(s sentence, chosen []sentence) bool {
	for _, c := range chosen {
		inter := 0
		for t := range s.terms {
			if c.terms[t] {
				inter++
			}
		}
		union := len(s.terms) + len(c.terms) - inter
		if union > 0 && float64(inter)/float64(union) > 0.6 {
			return true
		}
	}
	return false
}

func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range vitext.SearchTerms(s) {
		m[t] = true
	}
	return m
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
