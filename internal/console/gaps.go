package console

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// GapDays is how far back the review queue looks for handed-off
// questions; maxGapRows bounds the questions read.
const (
	GapDays    = 30
	maxGapRows = 20000
)

// gapTable is the handed-off questions of the last GapDays days grouped by
// wording, the most asked first, with a count per week.
type gapTable struct {
	Weeks  []string // the Monday of each week, "2006-01-02", oldest first
	Groups []gapGroup
}

// gapGroup is the questions that share their content words (without
// marks, in any order): "ký quỹ đi Hàn bao nhiêu" and "ky quy di han bao
// nhieu?" are one group.
type gapGroup struct {
	Question string // the most recent wording
	Lang     string
	Reasons  string // "no_match, out_of_scope"
	Total    int
	PerWeek  []int  // aligned with gapTable.Weeks
	Draft    string // the link that opens the draft form with Question
	last     time.Time
}

// gaps reads and groups the handed-off questions of the last GapDays days.
func (c *Console) gaps(r *http.Request) (gapTable, error) {
	now := c.now()
	qs, err := c.store.UnansweredSince(r.Context(), now.AddDate(0, 0, -GapDays), maxGapRows)
	if err != nil {
		return gapTable{}, err
	}
	return groupGaps(qs, now), nil
}

// groupGaps groups qs (asked in the GapDays days before now) by wordingKey.
func groupGaps(qs []store.UnansweredQuestion, now time.Time) gapTable {
	first := monday(now.AddDate(0, 0, -GapDays))
	var t gapTable
	for d := first; !d.After(now); d = d.AddDate(0, 0, 7) {
		t.Weeks = append(t.Weeks, d.Format(time.DateOnly))
	}
	byKey := map[string]*gapGroup{}
	reasons := map[string][]string{}
	var order []string
	for _, q := range qs {
		k := wordingKey(q.Question)
		g := byKey[k]
		if g == nil {
			g = &gapGroup{PerWeek: make([]int, len(t.Weeks))}
			byKey[k] = g
			order = append(order, k)
		}
		g.Question, g.Lang, g.last, g.Draft = q.Question, q.Lang, q.At, draftLink(q.Question)
		g.Total++
		if w := int(monday(q.At).Sub(first).Hours() / (24 * 7)); w >= 0 && w < len(g.PerWeek) {
			g.PerWeek[w]++
		}
		if !slices.Contains(reasons[k], q.Reason) {
			reasons[k] = append(reasons[k], q.Reason)
		}
	}
	for _, k := range order {
		g := byKey[k]
		slices.Sort(reasons[k])
		g.Reasons = strings.Join(reasons[k], ", ")
		t.Groups = append(t.Groups, *g)
	}
	slices.SortStableFunc(t.Groups, func(a, b gapGroup) int {
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return b.last.Compare(a.last)
	})
	return t
}

// wordingKey is what similar wordings share: the question's content
// words without marks, sorted, each once; the folded question when it has
// no content word.
func wordingKey(q string) string {
	terms, content := vitext.ContentTerms(q)
	var key []string
	for i, t := range terms {
		if content[i] {
			key = append(key, vitext.Fold(t))
		}
	}
	if len(key) == 0 {
		return vitext.Fold(vitext.Normalize(q))
	}
	slices.Sort(key)
	return strings.Join(slices.Compact(key), " ")
}

// monday is the start (00:00 UTC) of t's week, weeks starting on Monday.
func monday(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// handleGapsCSV downloads the review queue's gap table as CSV (UTF-8, a
// header row): question, lang, reasons, total, then one column per week
// named by its Monday.
func (c *Console) handleGapsCSV(w http.ResponseWriter, r *http.Request, _ store.ConsoleUser) {
	t, err := c.gaps(r)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="gaps-`+c.now().Format(time.DateOnly)+`.csv"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	cw := csv.NewWriter(w)
	_ = cw.Write(append([]string{"question", "lang", "reasons", "total"}, weekColumns(t.Weeks)...))
	for _, g := range t.Groups {
		row := []string{csvSafe(g.Question), g.Lang, g.Reasons, strconv.Itoa(g.Total)}
		for _, n := range g.PerWeek {
			row = append(row, strconv.Itoa(n))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
}

func weekColumns(weeks []string) []string {
	out := make([]string, len(weeks))
	for i, w := range weeks {
		out[i] = "week of " + w
	}
	return out
}

// csvSafe keeps a spreadsheet from reading a cell as a formula: a text
// starting with = + - @ gets a leading apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
