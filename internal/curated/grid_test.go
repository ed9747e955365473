package curated_test

import (
	"context"
	"testing"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/knowledge"
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
		t.Logf("%s | %.1f | %.1f | %.2f | %d of %d | wrong answer %d", name, g.cosine, g.miss, g.threshold, g.answered, g.total, g.wrong)
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

// framePoint is the outcome of one frame floor and cover share.
type framePoint struct {
	floor, cover     float64
	answered, nearly int
}

// measureFrames scores each of pairs once and counts, for each floor and
// cover share of the grid, the paraphrases whose own answer is found and
// the near misses answered, choosing as Find does (verified first, then
// the best score) among candidates of kind (any when "").
func measureFrames(t *testing.T, m *curated.Matcher, pairs []tuningPair, kind string, want func(tuningPair) string) []framePoint {
	t.Helper()
	scored := make([][]curated.Candidate, len(pairs))
	for i, p := range pairs {
		c, err := m.Scores(context.Background(), p.Question)
		if err != nil {
			t.Fatal(err)
		}
		scored[i] = c
	}
	var out []framePoint
	for _, floor := range []float64{0.1, 0.2, 0.3, 0.4} {
		for _, cover := range []float64{0.34, 0.44, 0.5, 0.67} {
			fp := framePoint{floor: floor, cover: cover}
			p := curated.DefaultParams()
			for i, pair := range pairs {
				id := pickFramed(scored[i], p.Threshold, floor, cover, kind)
				switch {
				case pair.Card == "" && id != "":
					fp.nearly++
				case pair.Card != "" && id == want(pair):
					fp.answered++
				}
			}
			out = append(out, fp)
		}
	}
	return out
}

func pickFramed(cands []curated.Candidate, threshold, floor, cover float64, kind string) string {
	best := curated.Candidate{Score: -9}
	for _, c := range cands {
		ok := c.Score >= threshold
		if c.Kind == "verified" {
			ok = c.Fits && (ok || (c.Cover >= cover && c.Similarity >= floor))
		}
		if !ok || (kind != "" && c.Kind != kind) {
			continue
		}
		if best.ID == "" || (c.Kind == "verified" && best.Kind != "verified") || (c.Kind == best.Kind && c.Score > best.Score) {
			best = c
		}
	}
	return best.ID
}

// TestFrameGrid logs, for the frame path's floor and cover share, the
// paraphrases answered and near misses answered on both labelled sets
// (run with -v for the table of docs/curated.md), and checks that the
// defaults answer no near miss and as many paraphrases as any point that
// answers none.
func TestFrameGrid(t *testing.T) {
	db, verified, _ := newCuratedDB(t, "curated_frame_grid", knowledge.FS)
	set := readVerified(t, "testdata/verified-paraphrases.jsonl")
	ids := loadVerified(t, db, set)
	vg := measureFrames(t, verified, set.asked, "verified", func(p tuningPair) string { return ids[p.Card] })
	_, cards, _ := newCardDB(t, "curated_frame_grid_cards")
	cg := measureFrames(t, cards, readTuning(t), "", func(p tuningPair) string { return p.Card })
	d := curated.DefaultParams()
	best, def := 0, -1
	for i := range vg {
		t.Logf("floor %.1f | cover %.2f | verified %d of 60, near misses %d | cards %d of 28, near misses %d",
			vg[i].floor, vg[i].cover, vg[i].answered, vg[i].nearly, cg[i].answered, cg[i].nearly)
		total := vg[i].answered + cg[i].answered
		if vg[i].nearly+cg[i].nearly == 0 {
			best = max(best, total)
		}
		if vg[i].floor == d.Floor && vg[i].cover == d.Cover {
			def = total
			if vg[i].nearly+cg[i].nearly > 0 {
				t.Errorf("the default floor and cover answer %d near misses", vg[i].nearly+cg[i].nearly)
			}
		}
	}
	if def != best {
		t.Errorf("the defaults answer %d paraphrases with no near miss; a point of the grid answers %d", def, best)
	}
}
