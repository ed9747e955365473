package curated_test

import (
	"context"
	"testing"

	"github.com/cantho-connect/assistant/internal/curated"
)

// TestTuningGrid measures the separation of paraphrases and near misses
// over a grid of weights (run with -v for the table of docs/curated.md),
// and checks that the default weights answer as many paraphrases as any
// point of the grid with no near miss answered.
func TestTuningGrid(t *testing.T) {
	ctx := context.Background()
	_, m, _ := newCardDB(t, "curated_grid")
	pairs := readTuning(t)
	def := curated.DefaultParams()
	bestOK, defOK := 0, -1
	for _, cw := range []float64{0.3, 0.5, 0.7} {
		for _, mp := range []float64{0.2, 0.3, 0.4, 0.5, 0.7} {
			m.Params = curated.DefaultParams()
			m.Params.CosineWeight, m.Params.MissPenalty = cw, mp
			var pos, neg []float64
			wrong := 0
			for _, p := range pairs {
				c, err := m.Scores(ctx, p.Question)
				if err != nil {
					t.Fatal(err)
				}
				s, top := -1.0, ""
				if len(c) > 0 {
					s, top = c[0].Score, c[0].ID
				}
				switch {
				case p.Card == "":
					neg = append(neg, s)
				case top != p.Card:
					wrong++
				default:
					pos = append(pos, s)
				}
			}
			// Precision first: the threshold just above the highest near
			// miss, and how many paraphrases still reach it.
			th := 0.0
			for _, s := range neg {
				th = max(th, s+0.01)
			}
			ok := 0
			for _, s := range pos {
				if s >= th {
					ok++
				}
			}
			bestOK = max(bestOK, ok)
			if cw == def.CosineWeight && mp == def.MissPenalty {
				defOK = ok
			}
			t.Logf("cos %.1f miss %.1f: wrong card %d; threshold %.2f (above every near miss): %d of %d paraphrases\n",
				cw, mp, wrong, th, ok, len(pos)+wrong)
		}
	}
	if defOK != bestOK {
		t.Errorf("the default weights answer %d paraphrases with no near miss; a point of the grid answers %d", defOK, bestOK)
	}
}
