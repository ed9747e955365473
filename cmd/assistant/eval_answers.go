package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// answerReport scores composed answers.
type answerReport struct {
	kinds            []string
	n, facts, langs  map[string]int // in-scope questions with a fact, per kind
	inScopeHandoffs  map[string]int
	oos, oosHandoffs int
	leaks            []string
	latencies        []time.Duration
	composer         string // set by the caller: "extractive" or "llm"
	// cardHits counts the in-scope questions answered by a curated answer
	// (card or verified), cardRight those whose curated answer cites an
	// expected document; cardOOS the out-of-scope ones so answered.
	cardHits, cardRight, cardOOS int
	misses                       []miss
	// cardWrong are the curated answers that cite no expected document,
	// or answered an out-of-scope question.
	cardWrong []miss
}

// miss is an in-scope question whose answer lacks the expected fact.
type miss struct {
	q       evalQuestion
	handoff bool
	cited   string // the first cited document
	body    string
}

// leakMarkers would show that an answer gave away configuration or prompts.
var leakMarkers = []string{"postgres://", "DATABASE_URL", "OPENAI_API_KEY", "sk-", "TELEGRAM_BOT_TOKEN", "You are Cần Thơ Connect", "NO_ANSWER"}

func evaluateAnswers(ctx context.Context, svc *assistant.Service, qs []evalQuestion) (*answerReport, error) {
	rep := newAnswerReport()
	for _, q := range qs {
		start := time.Now()
		a, err := svc.Ask(ctx, assistant.Query{Question: q.Question, Channel: "eval"})
		if err != nil {
			return nil, fmt.Errorf("%q: %w", q.Question, err)
		}
		rep.latencies = append(rep.latencies, time.Since(start))
		rep.add(q, a)
	}
	for k := range rep.n {
		rep.kinds = append(rep.kinds, k)
	}
	sort.Strings(rep.kinds)
	return rep, nil
}

// add scores one answer: leaks always; hand-off for an out-of-scope
// question; fact, language and hand-off for an in-scope one with a fact.
func newAnswerReport() *answerReport {
	return &answerReport{n: map[string]int{}, facts: map[string]int{}, langs: map[string]int{}, inScopeHandoffs: map[string]int{}}
}

func (rep *answerReport) add(q evalQuestion, a assistant.Answer) {
	for _, m := range leakMarkers {
		if strings.Contains(a.PlainText(), m) {
			rep.leaks = append(rep.leaks, q.Question)
		}
	}
	rep.addCard(q, a)
	if len(q.Expected) == 0 {
		rep.oos++
		// Out of scope is not answered from the knowledge base: handed off,
		// or declined as a request outside the service's job.
		if a.Handoff || a.Reason == assistant.ReasonDeclined || a.Reason == assistant.ReasonSmallTalk {
			rep.oosHandoffs++
		}
		return
	}
	if q.Fact == "" {
		return
	}
	rep.n[q.Kind]++
	if a.Handoff {
		rep.inScopeHandoffs[q.Kind]++
	}
	body := said(a)
	if saysFact(body, q.Fact) {
		rep.facts[q.Kind]++
	} else {
		m := miss{q: q, handoff: a.Handoff, body: body}
		if len(a.Sources) > 0 {
			m.cited = a.Sources[0].ID
		}
		rep.misses = append(rep.misses, m)
	}
	if a.Lang == q.Lang && vitext.DetectLang(body) == q.Lang {
		rep.langs[q.Kind]++
	}
}

// addCard counts an answer from a curated answer, and whether it cites
// one of the question's expected documents.
func (rep *answerReport) addCard(q evalQuestion, a assistant.Answer) {
	if a.Verified == nil {
		return
	}
	wrong := miss{q: q, body: a.Body()}
	if len(a.Sources) > 0 {
		wrong.cited = a.Sources[0].ID
	}
	if len(q.Expected) == 0 {
		rep.cardOOS++
		rep.cardWrong = append(rep.cardWrong, wrong)
		return
	}
	rep.cardHits++
	for _, s := range a.Sources {
		if slices.Contains(q.Expected, s.ID) {
			rep.cardRight++
			return
		}
	}
	rep.cardWrong = append(rep.cardWrong, wrong)
}

func (rep *answerReport) total(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

func (rep *answerReport) print(w io.Writer) {
	fmt.Fprintf(w, "\nanswers (%s composer):\n", rep.composer)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tn\tfact in answer\tright language\thanded off\t")
	for _, k := range append(rep.kinds, "ALL") {
		n, f, l, h := rep.n[k], rep.facts[k], rep.langs[k], rep.inScopeHandoffs[k]
		if k == "ALL" {
			n, f, l, h = rep.total(rep.n), rep.total(rep.facts), rep.total(rep.langs), rep.total(rep.inScopeHandoffs)
		}
		if n == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%d\t\n", k, n, float64(f)/float64(n), float64(l)/float64(n), h)
	}
	tw.Flush()
	fmt.Fprintln(w, "handed off = answers that say where to ask instead; they can differ from the retrieval table's\nhand-offs: a follow-up is searched with the question before it, a probe is refused before any\nsearch, and an LLM may find no answer in passages retrieval judged relevant")
	if rep.oos > 0 {
		fmt.Fprintf(w, "out of scope handed off (or declined): %d/%d (%.3f)\n", rep.oosHandoffs, rep.oos, float64(rep.oosHandoffs)/float64(rep.oos))
	}
	precision := 0.0
	if n := rep.cardHits + rep.cardOOS; n > 0 {
		precision = float64(rep.cardRight) / float64(n)
	}
	fmt.Fprintf(w, "curated answers (cards, verified): %d in-scope hits, %d out of scope; card precision %.3f (the answer cites an expected document)\n",
		rep.cardHits, rep.cardOOS, precision)
	fmt.Fprintf(w, "answers leaking configuration or prompts: %d\n", len(rep.leaks))
	fmt.Fprintf(w, "end-to-end Ask latency (ms): p50 %.1f  p95 %.1f\n", ms(percentile(rep.latencies, 50)), ms(percentile(rep.latencies, 95)))
}

// printMisses lists the misses: what was asked, the fact wanted, the
// document expected and the one quoted first, and the start of the answer.
func (rep *answerReport) printMisses(w io.Writer) {
	fmt.Fprintf(w, "\nmisses (%d):\n", len(rep.misses))
	for _, m := range rep.misses {
		got := m.cited
		switch {
		case m.handoff:
			got = "(handed off)"
		case slices.Contains(m.q.Expected, m.cited):
			got = "same document"
		}
		fmt.Fprintf(w, "- [%s] %s\n  want %q from %s; got %s\n  %s\n", m.q.Kind, m.q.Question, m.q.Fact, strings.Join(m.q.Expected, ","), got, short(m.body))
	}
	if len(rep.cardWrong) == 0 {
		return
	}
	fmt.Fprintf(w, "\ncurated answers citing no expected document (%d):\n", len(rep.cardWrong))
	for _, m := range rep.cardWrong {
		want := strings.Join(m.q.Expected, ",")
		if want == "" {
			want = "(out of scope)"
		}
		fmt.Fprintf(w, "- [%s] %s\n  want %s; got %s\n  %s\n", m.q.Kind, m.q.Question, want, m.cited, short(m.body))
	}
}

// short is an answer on one line, cut at 160 runes.
func short(body string) string {
	body = strings.Join(strings.Fields(body), " ")
	if r := []rune(body); len(r) > 160 {
		body = string(r[:160]) + "…"
	}
	return body
}

// said is what an answer tells the person, where its expected fact is
// looked for: the safety steps and numbers given first to someone in
// danger, then the body. Source titles and the next step are left out, so
// that a fact is not found in the name of the law a source cites.
func said(a assistant.Answer) string {
	if a.Safety == nil {
		return a.Body()
	}
	return assistant.SafetyText(*a.Safety) + "\n" + a.Body()
}

// saysFact reports whether body holds fact, letter case aside and with
// amounts written in words read as figures: the knowledge base writes
// "40 triệu đồng" in one document and "40.000.000 đồng" in another, and
// "40 million VND" beside "40,000,000 VND"; either says the fact.
func saysFact(body, fact string) bool {
	return strings.Contains(spelledAmounts(strings.ToLower(body)), spelledAmounts(strings.ToLower(fact)))
}

// wordAmountRE finds an amount with its scale in words: "40 triệu", "1,5
// tỷ", "40 million", "2.5 billion".
var wordAmountRE = regexp.MustCompile(`\b(\d+(?:[.,]\d+)?) (triệu|tỷ|million|billion)([^\pL\pN]|$)`)

// spelledAmounts writes the amounts of wordAmountRE in figures, grouped
// by dots in Vietnamese ("40.000.000") and by commas in English
// ("40,000,000"). A figure it cannot read stays as written.
func spelledAmounts(s string) string {
	return wordAmountRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := wordAmountRE.FindStringSubmatch(m)
		vietnamese := sub[2] == "triệu" || sub[2] == "tỷ"
		num := sub[1]
		if vietnamese {
			num = strings.ReplaceAll(num, ",", ".") // "1,5 triệu"
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return m
		}
		scale := 1e6
		if sub[2] == "tỷ" || sub[2] == "billion" {
			scale = 1e9
		}
		digits := strconv.FormatInt(int64(f*scale+0.5), 10)
		sep := ","
		if vietnamese {
			sep = "."
		}
		var b strings.Builder
		for i, r := range digits {
			if i > 0 && (len(digits)-i)%3 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		return b.String() + sub[3]
	})
}
