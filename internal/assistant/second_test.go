package assistant

import (
	"strings"
	"testing"
)

func TestNextQuestion(t *testing.T) {
	for _, tt := range []struct {
		message, next string
		more          bool
	}{
		{"Phí bao nhiêu? Bao lâu thì đi?", "Bao lâu thì đi?", false},
		{"Phí bao nhiêu? Bao lâu thì đi? Ở đâu?", "Bao lâu thì đi?", true},
		{"Phí bao nhiêu? cảm ơn", "", false}, // one question: the message is the first
		{"Phí bao nhiêu? ???", "", false},
	} {
		first, _ := firstQuestion(tt.message)
		if next, more := nextQuestion(tt.message, first); next != tt.next || more != tt.more {
			t.Errorf("nextQuestion(%q) = %q, %v; want %q, %v", tt.message, next, more, tt.next, tt.more)
		}
	}
}

// TestSecondQuestionAnswered: a message that asks two things of one
// document gets both answered, the second under its lead with a source
// the answer lists; a second question on another subject keeps the note
// to send it alone; a third question is still left to the note.
func TestSecondQuestionAnswered(t *testing.T) {
	s, _ := service(t)
	a := ask(t, s, "EPS-TOPIK thi ở đâu? Kết quả thi có giá trị trong bao lâu?")
	lead := -1
	for i, st := range a.Sentences {
		if st.Text == secondLead("vi") {
			lead = i
		}
	}
	if lead < 0 || lead == len(a.Sentences)-1 || !strings.Contains(a.Sentences[lead+1].Text, "2 năm") {
		t.Fatalf("want the result's validity (2 năm) after %q, got:\n%s", secondLead("vi"), a.PlainText())
	}
	for _, st := range a.Sentences[lead+1:] {
		if len(st.Sources) == 0 {
			t.Errorf("%q cites nothing", st.Text)
		}
		for _, n := range st.Sources {
			if n < 1 || n > len(a.Sources) {
				t.Errorf("%q cites [%d] of %d sources", st.Text, n, len(a.Sources))
			}
		}
	}
	if strings.Contains(a.Note, moreQuestionsNote("vi")) {
		t.Errorf("both questions answered, yet the note says only the first was:\n%s", a.PlainText())
	}

	other := ask(t, s, "Phí dịch vụ đi Nhật tối đa bao nhiêu? Còn Cần Thơ có chợ nổi không?")
	if !strings.Contains(other.Note, moreQuestionsNote("vi")) || strings.Contains(other.PlainText(), secondLead("vi")) {
		t.Errorf("a second question on another subject must be left to the note:\n%s", other.PlainText())
	}

	three := ask(t, s, "EPS-TOPIK thi ở đâu? Kết quả thi có giá trị trong bao lâu? Lệ phí thi bao nhiêu?")
	if !strings.Contains(three.Note, firstTwoNote("vi")) {
		t.Errorf("three questions: want the note that the first two are answered:\n%s", three.PlainText())
	}
}

// A second question whose search ranks another document first is
// answered from the cited document it also found: "đại học Cần Thơ thành
// lập năm nào" after the Cần Thơ bridge (the city overview ranks first,
// the landmarks the first answer cites second) was sent back with the
// note. One whose cited document only repeats what the first answer said
// keeps the note: the service fee cap is in no Japan document.
func TestSecondQuestionFromTheCitedDocumentRankedLower(t *testing.T) {
	s, _ := service(t)
	a := ask(t, s, "cau Can Tho thong xe nam nao? dai hoc Can Tho thanh lap nam nao?")
	if !strings.Contains(a.PlainText(), "1966") || strings.Contains(a.Note, "câu đầu tiên") {
		t.Errorf("want the university's 1966 and no note, got note %q:\n%s", a.Note, a.PlainText())
	}
	a = ask(t, s, "Đi Nhật diện kỹ năng đặc định loại 1 thì ở được tối đa mấy năm? Công ty dịch vụ được thu tiền dịch vụ tối đa bao nhiêu?")
	if !strings.Contains(a.Note, "câu đầu tiên") {
		t.Errorf("want the note to send the second question apart, got note %q:\n%s", a.Note, a.PlainText())
	}
}
