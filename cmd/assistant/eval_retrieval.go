package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/cantho-connect/assistant/internal/retrieve"
)

// metrics accumulates ranking quality over questions.
type metrics struct {
	n                 int
	r1, r5, mrr, ndcg float64
	handoffs          int // questions whose confidence is below the threshold
	latencies         []time.Duration
}

func (m *metrics) add(ranked, expected []string, reliable bool, took time.Duration) {
	m.latencies = append(m.latencies, took)
	if !reliable {
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
			rep.all[mode].add(ranked, q.Expected, res.Reliable(threshold), took)
			rep.byKind[mode][q.Kind].add(ranked, q.Expected, res.Reliable(threshold), took)
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
