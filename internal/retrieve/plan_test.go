package retrieve

import (
	"slices"
	"testing"
)

// TestIdiomHeadCountsOnlyInItsPair: "bị đánh thuế" (taxed) searches the
// pair "đánh thuế", never "bị đánh" (beaten) or "đánh" alone, which drew
// the domestic-violence steps to a question about sending money home
// (fifth audit); "chồng đánh tôi" still searches "đánh".
func TestIdiomHeadCountsOnlyInItsPair(t *testing.T) {
	terms := func(q string) []string {
		var out []string
		for _, qt := range queryTerms(q) {
			out = append(out, qt.term)
		}
		return out
	}
	for _, q := range []string{"Gửi tiền về Việt Nam có bị đánh thuế không?", "gui tien ve co bi danh thue ko"} {
		got := terms(q)
		if slices.Contains(got, "bidanh") || slices.Contains(got, "danh") || !slices.Contains(got, "danhthue") {
			t.Errorf("queryTerms(%q) = %v; want the pair danhthue and neither bidanh nor danh", q, got)
		}
	}
	for _, q := range []string{"chồng đánh tôi", "bi danh may cai vao mat"} {
		if got := terms(q); !slices.Contains(got, "danh") {
			t.Errorf("queryTerms(%q) = %v; want danh (hitting)", q, got)
		}
	}
}
