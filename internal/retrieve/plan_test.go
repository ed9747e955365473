package retrieve

import (
	"slices"
	"strings"
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

// A number a story tells ("did not pay me 3 months, about 7 million won")
// searches as a word but makes no pair with the word after it: "3month"
// and "7million" were the rarest terms of the plan, matched nothing, and
// pulled a covered question's confidence under the hand-off line.
func TestNumbersMakeNoPairs(t *testing.T) {
	q := "My boss did not pay me 3 months, about 7 million won"
	var got []string
	for _, qt := range queryTerms(q) {
		got = append(got, qt.term)
	}
	for _, bad := range []string{"3month", "7million"} {
		if slices.Contains(got, bad) {
			t.Errorf("queryTerms(%q) = %v; has the pair %q", q, got, bad)
		}
	}
	for _, want := range []string{"3", "month", "pay"} {
		if !slices.Contains(got, want) {
			t.Errorf("queryTerms(%q) = %v; lacks %q", q, got, want)
		}
	}
}

// "anything", "someone" and their kind frame a question without naming
// its subject: "Does the Vietnamese company have to pay me anything?"
// searched "anything" as its rarest word, and a covered question was
// handed off.
func TestIndefinitePronounsAreNotSearched(t *testing.T) {
	for _, q := range []string{"Does the Vietnamese company have to pay me anything?", "Is there someone I can call?"} {
		for _, qt := range queryTerms(q) {
			if strings.HasPrefix(qt.term, "anyth") || strings.HasPrefix(qt.term, "someon") {
				t.Errorf("queryTerms(%q) searches %q", q, qt.term)
			}
		}
	}
}
