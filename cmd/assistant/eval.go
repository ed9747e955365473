package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

// evalQuestion is one line of an evaluation set.
type evalQuestion struct {
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	Kind     string   `json:"kind"`
	Expected []string `json:"expected"`
	// Fact is a short text a correct answer contains, in the answer's language.
	Fact string `json:"fact,omitempty"`
}

func runEval(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("eval", flag.ContinueOnError)
	set := fset.String("set", "", "evaluation set: a JSONL file or a glob of them (default: the embedded knowledge/eval/questions.jsonl)")
	misses := fset.Bool("misses", false, "list the in-scope questions whose answer lacks the expected fact")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant eval [--set FILE|GLOB] [--misses]\n\nEach line: {\"question\": \"...\", \"lang\": \"vi|en\", \"kind\": \"...\", \"expected\": [\"doc-id\"], \"fact\": \"...\"}.\nPrints recall@1, recall@5, MRR and nDCG@10 per kind and overall for hybrid,\nvector-only and text-only retrieval (each ending with the coverage rerank),\nthe hand-off rate on out-of-scope questions, and latency; then scores the\nanswers themselves (expected fact present, right language, hand-offs, no\nleaked configuration) and their end-to-end latency.\n\nflags:")
		fset.PrintDefaults()
	}
	if err := parseFlags(fset, args, stderr); err != nil {
		return err
	}
	qs, err := loadEvalSet(*set)
	if err != nil {
		return err
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.checkIndex(ctx); err != nil {
		return err
	}
	rep, err := evaluate(ctx, a.retriever(), qs, a.retrieval.MinConfidence)
	if err != nil {
		return err
	}
	rep.print(stdout)
	svc := a.service()
	svc.Memory, svc.Gaps = nil, nil // an evaluation is not a conversation and leaves no gaps
	ans, err := evaluateAnswers(ctx, svc, qs)
	if err != nil {
		return err
	}
	ans.print(stdout)
	if *misses {
		ans.printMisses(stdout)
	}
	return nil
}

// loadEvalSet reads the embedded set when path is empty, else every file
// path matches (a file name or a glob such as "knowledge/eval/train/*.jsonl").
func loadEvalSet(path string) ([]evalQuestion, error) {
	if path == "" {
		f, err := knowledge.FS.Open("eval/questions.jsonl")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return parseEvalSet(f, "eval/questions.jsonl")
	}
	files, err := filepath.Glob(path)
	if err != nil {
		return nil, fmt.Errorf("--set %q: %w", path, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("--set %q: no such file", path)
	}
	var qs []evalQuestion
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		part, err := parseEvalSet(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		qs = append(qs, part...)
	}
	return qs, nil
}

func parseEvalSet(r io.Reader, name string) ([]evalQuestion, error) {
	var qs []evalQuestion
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q evalQuestion
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		if q.Question == "" || q.Kind == "" {
			return nil, fmt.Errorf("%s line %d: question and kind are required", name, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no questions", name)
	}
	return qs, nil
}

// metrics accumulates ranking quality over questions.
type metrics struct {
	n                 int
	r1, r5, mrr, ndcg float64
	handoffs          int // questions whose confidence is below the threshold
	latencies         []time.Duration
}

func (m *metrics) add(ranked, expected []string, conf, threshold float64, took time.Duration) {
	m.latencies = append(m.latencies, took)
	if conf < threshold {
		m.handoffs++
	}
	if len(expected) == 0 {
		return
	}
	m.n++
	want := map[string]bool{}
	for _, e := range expected {
		want[e] = true
	}
	for i, id := range ranked {
		if !want[id] {
			continue
		}
		if i == 0 {
			m.r1++
		}
		if i < 5 {
			m.r5++
		}
		m.mrr += 1 / float64(i+1)
		break
	}
	dcg, idcg := 0.0, 0.0
	for i, id := range ranked[:min(10, len(ranked))] {
		if want[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := range min(10, len(expected)) {
		idcg += 1 / math.Log2(float64(i+2))
	}
	m.ndcg += dcg / idcg
}

type evalReport struct {
	modes  []retrieve.Mode
	kinds  []string
	byKind map[retrieve.Mode]map[string]*metrics
	all    map[retrieve.Mode]*metrics
}

// evaluate runs every question in every mode.
func evaluate(ctx context.Context, r *retrieve.Retriever, qs []evalQuestion, threshold float64) (*evalReport, error) {
	rep := &evalReport{
		modes:  []retrieve.Mode{retrieve.Hybrid, retrieve.VectorOnly, retrieve.TextOnly},
		byKind: map[retrieve.Mode]map[string]*metrics{},
		all:    map[retrieve.Mode]*metrics{},
	}
	kinds := map[string]bool{}
	for _, q := range qs {
		kinds[q.Kind] = true
	}
	for k := range kinds {
		rep.kinds = append(rep.kinds, k)
	}
	sort.Strings(rep.kinds)
	for _, mode := range rep.modes {
		rep.all[mode] = &metrics{}
		rep.byKind[mode] = map[string]*metrics{}
		for k := range kinds {
			rep.byKind[mode][k] = &metrics{}
		}
		for _, q := range qs {
			start := time.Now()
			res, err := r.Retrieve(ctx, q.Question, retrieve.Options{Mode: mode, Limit: 20})
			if err != nil {
				return nil, fmt.Errorf("%q: %w", q.Question, err)
			}
			took := time.Since(start)
			ranked := rankedDocs(res.Passages)
			rep.all[mode].add(ranked, q.Expected, res.Confidence, threshold, took)
			rep.byKind[mode][q.Kind].add(ranked, q.Expected, res.Confidence, threshold, took)
		}
	}
	return rep, nil
}

func rankedDocs(ps []retrieve.Passage) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.DocumentID] {
			seen[p.DocumentID] = true
			out = append(out, p.DocumentID)
		}
	}
	return out
}

func (rep *evalReport) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\tkind\tn\trecall@1\trecall@5\tMRR\tnDCG@10\thandoff\t")
	for _, mode := range rep.modes {
		for _, k := range append(rep.kinds, "ALL") {
			m := rep.all[mode]
			if k != "ALL" {
				m = rep.byKind[mode][k]
			}
			total := len(m.latencies)
			handoff := fmt.Sprintf("%d/%d", m.handoffs, total)
			if m.n == 0 {
				fmt.Fprintf(tw, "%s\t%s\t%d\t-\t-\t-\t-\t%s\t\n", mode, k, total, handoff)
				continue
			}
			n := float64(m.n)
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t\n", mode, k, m.n, m.r1/n, m.r5/n, m.mrr/n, m.ndcg/n, handoff)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "\nlatency per question (ms):")
	for _, mode := range rep.modes {
		l := rep.all[mode].latencies
		fmt.Fprintf(w, "  %-7s p50 %.1f  p95 %.1f\n", mode, ms(percentile(l, 50)), ms(percentile(l, 95)))
	}
	fmt.Fprintln(w, "\nhandoff = questions whose confidence is below MIN_CONFIDENCE (want all for out_of_scope, few elsewhere)")
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// answerReport scores composed answers.
type answerReport struct {
	kinds            []string
	n, facts, langs  map[string]int // in-scope questions with a fact, per kind
	inScopeHandoffs  map[string]int
	oos, oosHandoffs int
	leaks            []string
	latencies        []time.Duration
	composer         string
	misses           []miss
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
	rep := &answerReport{n: map[string]int{}, facts: map[string]int{}, langs: map[string]int{}, inScopeHandoffs: map[string]int{}, composer: "extractive"}
	if svc.LLM != nil {
		rep.composer = "llm"
	}
	kinds := map[string]bool{}
	for _, q := range qs {
		start := time.Now()
		a, err := svc.Ask(ctx, assistant.Query{Question: q.Question, Channel: "eval"})
		if err != nil {
			return nil, fmt.Errorf("%q: %w", q.Question, err)
		}
		rep.latencies = append(rep.latencies, time.Since(start))
		for _, m := range leakMarkers {
			if strings.Contains(a.Text, m) {
				rep.leaks = append(rep.leaks, q.Question)
			}
		}
		if len(q.Expected) == 0 {
			rep.oos++
			if a.Handoff {
				rep.oosHandoffs++
			}
			continue
		}
		if q.Fact == "" {
			continue
		}
		kinds[q.Kind] = true
		rep.n[q.Kind]++
		if a.Handoff {
			rep.inScopeHandoffs[q.Kind]++
		}
		body, _, _ := strings.Cut(a.Text, "\n\n")
		if strings.Contains(strings.ToLower(body), strings.ToLower(q.Fact)) {
			rep.facts[q.Kind]++
		} else {
			m := miss{q: q, handoff: a.Handoff, body: body}
			if len(a.Citations) > 0 {
				m.cited = a.Citations[0].ID
			}
			rep.misses = append(rep.misses, m)
		}
		if a.Lang == q.Lang && vitext.DetectLang(body) == q.Lang {
			rep.langs[q.Kind]++
		}
	}
	for k := range kinds {
		rep.kinds = append(rep.kinds, k)
	}
	sort.Strings(rep.kinds)
	return rep, nil
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
	if rep.oos > 0 {
		fmt.Fprintf(w, "out of scope handed off: %d/%d (%.3f)\n", rep.oosHandoffs, rep.oos, float64(rep.oosHandoffs)/float64(rep.oos))
	}
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
		body := strings.Join(strings.Fields(m.body), " ")
		if r := []rune(body); len(r) > 160 {
			body = string(r[:160]) + "…"
		}
		fmt.Fprintf(w, "- [%s] %s\n  want %q from %s; got %s\n  %s\n", m.q.Kind, m.q.Question, m.q.Fact, strings.Join(m.q.Expected, ","), got, body)
	}
}
