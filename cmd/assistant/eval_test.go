package main

import (
	"context"
	"testing"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/testkb"
)

// The public evaluation set is the quality bar: hybrid recall@5 must stay
// at or above 0.90 overall and for every kind of question.
func TestPublicEvalRecall(t *testing.T) {
	ctx := context.Background()
	_, ret := testkb.Open(t, "eval", nil)
	qs, err := loadEvalSet("")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := evaluate(ctx, ret, qs, 0.35)
	if err != nil {
		t.Fatal(err)
	}
	m := rep.all[retrieve.Hybrid]
	if r5 := m.r5 / float64(m.n); r5 < 0.90 {
		t.Errorf("hybrid recall@5 = %.3f over %d questions, want ≥ 0.90", r5, m.n)
	}
	for kind, km := range rep.byKind[retrieve.Hybrid] {
		if km.n == 0 {
			continue
		}
		if r5 := km.r5 / float64(km.n); r5 < 0.90 {
			t.Errorf("hybrid recall@5 for %s = %.3f, want ≥ 0.90", kind, r5)
		}
	}
	oos := rep.byKind[retrieve.Hybrid]["out_of_scope"]
	if total := len(oos.latencies); total > 0 && float64(oos.handoffs)/float64(total) < 0.75 {
		t.Errorf("only %d of %d out-of-scope questions fall below the confidence threshold", oos.handoffs, total)
	}
}
