package assistant

import (
	"context"
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	a := Answer{Lang: "vi", Note: "(Thông tin này hiện chỉ có bằng tiếng Anh.)",
		Sentences: []Sentence{{Text: "Luật số 69/2020/QH14 có hiệu lực từ năm 2022.", Sources: []int{1}}, {Text: "Phí dịch vụ có mức trần.", Sources: []int{1, 2}}},
		Sources: []Source{
			{Title: "Luật 69", Instruments: []string{"Luật số 69/2020/QH14"}, AsOf: "2026-11-01"},
			{Title: "Chi phí", AsOf: "2026-11-29"},
		},
		NextStep: "Hãy hỏi Sở Nội vụ.",
		Verified: &Verified{Kind: "verified", ApprovedAt: "2026-11-20"},
	}
	want := "(Thông tin này hiện chỉ có bằng tiếng Anh.)\nLuật số 69/2020/QH14 có hiệu lực từ năm 2022. [1] Phí dịch vụ có mức trần. [1][2]" +
		"\n\nNguồn:\n[1] Luật 69 — Luật số 69/2020/QH14 (thông tin kiểm tra ngày 01/11/2026)\n[2] Chi phí (thông tin kiểm tra ngày 29/11/2026)" +
		"\n\nHãy hỏi Sở Nội vụ.\n\nCâu trả lời đã được tư vấn viên xác minh ngày 20/11/2026."
	if got := a.PlainText(); got != want {
		t.Errorf("PlainText =\n%s\nwant\n%s", got, want)
	}
	a.ListNote = "(Danh sách trong nguồn có 5 mục, ở đây chỉ trích 4; hãy xem đủ danh sách trong nguồn.)"
	if got := a.PlainText(); !strings.Contains(got, "Phí dịch vụ có mức trần. [1][2]\n(Danh sách trong nguồn có 5 mục") {
		t.Errorf("the list note must follow the sentences:\n%s", got)
	}
	a = Answer{Lang: "en", Safety: &Safety{Category: "held", Steps: []string{"Call the police where you are."},
		Contacts: []Contact{{Name: "Citizen protection hotline", Value: "+84 981 84 84 84"}}},
		Sentences: []Sentence{{Text: "More help is below."}}}
	if got := a.PlainText(); !strings.HasPrefix(got, "Call the police where you are.\nCitizen protection hotline: +84 981 84 84 84\n\nMore help is below.") {
		t.Errorf("the safety steps must come first, each number on its line:\n%s", got)
	}
}

// TestLawNumberStaysWhole: the answer to a question about a law quotes its
// number whole ("Law No. 69/2020/QH14", never "No. [1] 69/2020/QH14"),
// with the markers of one source after each sentence.
func TestLawNumberStaysWhole(t *testing.T) {
	s, _ := service(t)
	a, err := s.Ask(context.Background(), Query{Question: "When was Law No. 69/2020/QH14 passed?"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Handoff || !strings.Contains(a.Body(), "No. 69/2020/QH14") || strings.Contains(a.PlainText(), "No. [") {
		t.Fatalf("the law number is not whole:\n%s", a.PlainText())
	}
	for _, sen := range a.Sentences {
		if len(sen.Sources) != 1 || strings.Contains(sen.Text, "[") {
			t.Errorf("sentence %q has sources %v; want one, and no marker in its text", sen.Text, sen.Sources)
		}
	}
	if a.Query != "When was Law No. 69/2020/QH14 passed?" {
		t.Errorf("Query = %q", a.Query)
	}
}
