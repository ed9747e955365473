package curated_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cantho-connect/assistant/internal/curated"
)

// gridPoint is the separation measured at one pair of weights: the
// threshold just above the highest-scoring near miss (precision first),
// and how many paraphrases still reach it with their own answer.
type gridPoint struct {
	cosine, miss, threshold float64
	answered, wrong, total  int
}

// measureGrid scores pairs over the grid of weights with m. A pair's
// score is that of the best candidate of kind (any kind when ""); a
// paraphrase counts when that candidate is want(pair) and reaches the
// threshold.
func measureGrid(t *testing.T, m *curated.Matcher, pairs []tuningPair, kind string, want func(tuningPair) string) []gridPoint {
	t.Helper()
	var out []gridPoint
	for _, cw := range []float64{0.3, 0.5, 0.7} {
		for _, mp := range []float64{0.1, 0.2, 0.3, 0.5, 0.7} {
			m.Params = curated.DefaultParams()
			m.Params.CosineWeight, m.Params.MissPenalty = cw, mp
			g := gridPoint{cosine: cw, miss: mp}
			var pos []float64
			for _, p := range pairs {
				s, top := bestOfKind(t, m, p.Question, kind)
				switch {
				case p.Card == "":
					g.threshold = max(g.threshold, s+0.01)
				case top != want(p):
					g.wrong++
				default:
					pos = append(pos, s)
				}
			}
			g.total = len(pos) + g.wrong
			for _, s := range pos {
				if s >= g.threshold {
					g.answered++
				}
			}
			out = append(out, g)
		}
	}
	return out
}

func bestOfKind(t *testing.T, m *curated.Matcher, question, kind string) (float64, string) {
	t.Helper()
	c, err := m.Scores(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range c {
		if kind == "" || x.Kind == kind {
			return x.Score, x.ID
		}
	}
	return -1, ""
}

// logGrid prints the grid as the table of docs/curated.md and returns the
// most paraphrases any point answers and those the default weights do.
func logGrid(t *testing.T, name string, grid []gridPoint) (best, def int) {
	t.Helper()
	d := curated.DefaultParams()
	def = -1
	for _, g := range grid {
		best = max(best, g.answered)
		if g.cosine == d.CosineWeight && g.miss == d.MissPenalty {
			def = g.answered
		}
		t.Log(fmt.Sprintf("%s | %.1f | %.1f | %.2f | %d of %d | wrong answer %d", name, g.cosine, g.miss, g.threshold, g.answered, g.total, g.wrong))
	}
	return best, def
}

// TestTuningGrid measures the separation of paraphrases and near misses
// of tuning.jsonl over a grid of weights (run with -v for the table of
// docs/curated.md), and checks that the default weights answer as many
// paraphrases as any point of the grid with no near miss answered. The
// same grid over verified-paraphrases.jsonl is TestVerifiedGrid.
func TestTuningGrid(t *testing.T) {
	_, cards, _ := newCardDB(t, "curated_grid")
	best, def := logGrid(t, "cards", measureGrid(t, cards, readTuning(t), "", func(p tuningPair) string { return p.Card }))
	if def != best {
		t.Errorf("the default weights answer %d card paraphrases with no near miss; a point of the grid answers %d", def, best)
	}
}
