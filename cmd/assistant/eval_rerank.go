package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cantho-connect/assistant/internal/retrieve"
)

// fitRerank fits the learned rerank on the in-scope questions of qs
// (retrieve.FitRerank, default settings) and prints recall@1 among the
// candidates in the fusion's order, under the weights in use and under
// the fitted ones, then the fitted weights as the Go literal that
// rerank_learned.go holds.
func fitRerank(ctx context.Context, r *retrieve.Retriever, qs []evalQuestion, stdout io.Writer) error {
	var examples []retrieve.RerankExample
	for _, q := range qs {
		if len(q.Expected) == 0 || q.Kind == "out_of_scope" {
			continue
		}
		cands, err := r.Candidates(ctx, q.Question)
		if err != nil {
			return fmt.Errorf("candidates for %q: %w", q.Question, err)
		}
		examples = append(examples, retrieve.RerankExample{Candidates: cands, Right: q.Expected})
	}
	if len(examples) == 0 {
		return fmt.Errorf("--fit-rerank: the set has no in-scope question with an expected document to learn from")
	}
	weights := retrieve.FitRerank(examples, retrieve.DefaultFitOptions())
	fused, inUse := retrieve.RerankHits(examples, retrieve.RerankWeights())
	_, fitted := retrieve.RerankHits(examples, weights)
	n := float64(len(examples))
	fmt.Fprintf(stdout, "questions: %d\nrecall@1 among the candidates: fusion %.3f, weights in use %.3f, fitted %.3f\n\n",
		len(examples), float64(fused)/n, float64(inUse)/n, float64(fitted)/n)
	parts := make([]string, len(weights))
	for i, w := range weights {
		parts[i] = fmt.Sprintf("%.2f", w)
		fmt.Fprintf(stdout, "%-18s %6.2f\n", retrieve.RerankFeatures[i], w)
	}
	fmt.Fprintf(stdout, "\nvar rerankWeights = []float64{%s}\n", strings.Join(parts, ", "))
	return nil
}
