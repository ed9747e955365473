package retrieve

import (
	"slices"
	"testing"

	"github.com/cantho-connect/assistant/knowledge"
)

// TestConcepts checks that the ways to name one concept, in either
// glossary file, with or without marks, in English, give one name, and
// that a folded match typed otherwise with marks is not read ("ký thì"
// is not "kỳ thi").
func TestConcepts(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	deposit := g.Concepts("ký quỹ")
	if len(deposit) != 1 {
		t.Fatalf(`Concepts("ký quỹ") = %v, want one concept`, deposit)
	}
	for _, q := range []string{"tiền cọc", "ky quy", "deposit", "tiền đặt cọc"} {
		if got := g.Concepts(q); !slices.Equal(got, deposit) {
			t.Errorf("Concepts(%q) = %v, want %v", q, got, deposit)
		}
	}
	korea := g.Concepts("Hàn Quốc")
	for _, q := range []string{"Korea", "xứ Hàn", "han quoc"} {
		if got := g.Concepts(q); !slices.Equal(got, korea) {
			t.Errorf("Concepts(%q) = %v, want %v (Korea)", q, got, korea)
		}
	}
	if got := g.Concepts("hợp đồng tự ký thì đăng ký"); slices.Contains(got, g.Concepts("kỳ thi")[0]) {
		t.Errorf(`"ký thì" read as "kỳ thi": %v`, got)
	}
	if got := g.Concepts("ký quỹ đi Nhật"); len(got) < 2 || !slices.Contains(got, deposit[0]) {
		t.Errorf(`Concepts("ký quỹ đi Nhật") = %v, want the deposit and Japan`, got)
	}
}

// TestConceptsEverydayWays checks the ways people ask that the verified
// answers met (2026-11-29, evening): each group names one concept, in
// both languages, with or without marks; "cap" is the maximum in English
// and not "cấp" (to issue) in Vietnamese; an authority is not a civil
// servant.
func TestConceptsEverydayWays(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range [][]string{
		{"thông báo cư trú", "khai báo cư trú", "bao cu tru", "báo tạm trú", "notify residence", "report my residence", "residence notification"},
		{"tử vong", "qua đời", "bị chết", "tu vong", "died", "passed away"},
		{"mất tích", "went missing"},
		{"Quỹ Hỗ trợ việc làm ngoài nước", "overseas employment fund"},
		{"giấy xác nhận", "giấy chứng nhận", "giay xac nhan", "certificate"},
		{"tối đa", "nhiều nhất", "at most"},
	} {
		want := g.Concepts(group[0])
		if len(want) != 1 {
			t.Fatalf("Concepts(%q) = %v, want one concept", group[0], want)
		}
		for _, q := range group[1:] {
			if got := g.Concepts(q); !slices.Equal(got, want) {
				t.Errorf("Concepts(%q) = %v, want %v", q, got, want)
			}
		}
	}
	maximum := g.Concepts("tối đa")[0]
	if got := g.Concepts("is there a cap on the service fee"); !slices.Contains(got, maximum) {
		t.Errorf("English %q: %v, want %s", "cap", got, maximum)
	}
	if got := g.Concepts("giấy xác nhận cap o dau"); slices.Contains(got, maximum) {
		t.Errorf(`"cấp" typed without marks in Vietnamese read as %s: %v`, maximum, got)
	}
	if got := g.Concepts("notify the residence authority"); slices.Contains(got, g.Concepts("công chức")[0]) {
		t.Errorf("an authority read as a civil servant: %v", got)
	}
}
