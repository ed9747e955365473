package answer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/vitext"
)

var asOf = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func feePassages() []Passage {
	return []Passage{
		{DocID: "labour-abroad-fees", Title: "Chi phí đi làm việc ở nước ngoài", Lang: "vi", Topic: "labour",
			Heading: "Chi phí đi làm việc ở nước ngoài › Tiền dịch vụ", AsOf: asOf,
			Sources: []string{"Luật số 69/2020/QH14"},
			Text:    "Tiền dịch vụ là khoản người lao động trả cho doanh nghiệp.\nTheo Luật số 69/2020/QH14, tiền dịch vụ không được quá một tháng tiền lương cho mỗi 12 tháng làm việc. Với hợp đồng từ 36 tháng trở lên, tiền dịch vụ tối đa là ba tháng tiền lương.\n- Mọi khoản tiền phải có biên lai."},
		{DocID: "cantho-landmarks", Title: "Địa danh Cần Thơ", Lang: "vi", Topic: "cantho",
			Heading: "Địa danh Cần Thơ › Cầu Cần Thơ", AsOf: asOf, Sources: []string{"UBND thành phố Cần Thơ"},
			Text: "Cầu Cần Thơ thông xe năm 2010. Cầu bắc qua sông Hậu."},
	}
}

func weights(q string) map[string]float64 {
	w := map[string]float64{}
	for _, t := range vitext.SearchTerms(q) {
		if !vitext.IsStopword(t) {
			w[t] = 2
		}
	}
	return w
}

func TestExtractiveQuotesTheAnsweringSentences(t *testing.T) {
	q := "tiền dịch vụ tối đa bao nhiêu tháng tiền lương"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: feePassages(), Weights: weights(q)})
	if c.NoAnswer || c.Composer != "extractive" {
		t.Fatalf("composition: %+v", c)
	}
	if !strings.Contains(c.Text, "tối đa là ba tháng tiền lương. [1]") {
		t.Errorf("the answer lacks the fee ceiling with its marker:\n%s", c.Text)
	}
	body, footer, _ := strings.Cut(c.Text, "\n\nNguồn:")
	if !strings.Contains(footer, "[1] Chi phí đi làm việc ở nước ngoài — Luật số 69/2020/QH14 (thông tin kiểm tra ngày 01/11/2026)") {
		t.Errorf("footer lacks the source and date:\n%s", footer)
	}
	if !strings.Contains(footer, "1088") {
		t.Errorf("a labour answer must end with the next step (1088):\n%s", footer)
	}
	if n := len(strings.Fields(markerRE.ReplaceAllString(body, ""))); n > MaxWords {
		t.Errorf("body has %d words, want at most %d", n, MaxWords)
	}
	// Every sentence of the body is a sentence of a passage.
	all := ""
	for _, p := range feePassages() {
		all += " " + p.Text
	}
	for _, s := range strings.Split(markerRE.ReplaceAllString(body, "\x00"), "\x00") {
		if s = strings.TrimSpace(s); s != "" && !strings.Contains(all, s) {
			t.Errorf("sentence not in the knowledge base: %q", s)
		}
	}
	if strings.Contains(c.Text, "Cầu Cần Thơ") {
		t.Errorf("an unrelated passage was quoted:\n%s", c.Text)
	}
}

func TestExtractiveKeepsPassageOrderAndNumbersByDocument(t *testing.T) {
	ps := feePassages()
	ps = append(ps, Passage{DocID: "labour-abroad-fees", Title: ps[0].Title, Lang: "vi", Topic: "labour", AsOf: asOf,
		Heading: "Chi phí › Tiền ký quỹ", Text: "Tiền ký quỹ được hoàn trả cả lãi khi thanh lý hợp đồng."})
	q := "tiền dịch vụ và tiền ký quỹ"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q)})
	if strings.Contains(c.Text, "[2]") && !strings.Contains(c.Text, "Cầu") {
		t.Errorf("two passages of one document must share one citation number:\n%s", c.Text)
	}
	if len(c.Cited) != 1 || c.Cited[0] != 0 {
		t.Errorf("Cited = %v, want [0]", c.Cited)
	}
}

func TestExtractiveSaysWhenTheSourceIsInAnotherLanguage(t *testing.T) {
	q := "service fee ceiling tiền dịch vụ"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: feePassages(), Weights: weights(q)})
	if !strings.HasPrefix(c.Text, "(This information is only available in Vietnamese.)") {
		t.Errorf("missing language note:\n%s", c.Text)
	}
	if !strings.Contains(c.Text, "Sources:") || !strings.Contains(c.Text, "checked 1 November 2026") {
		t.Errorf("English framing missing:\n%s", c.Text)
	}
}

func TestMarkers(t *testing.T) {
	if got := RemoveBadMarkers("Fact one [1]. Fact two [7]. Fact three [0] and [2].", 2); got != "Fact one [1]. Fact two. Fact three and [2]." {
		t.Errorf("RemoveBadMarkers = %q", got)
	}
	text, cited := Renumber("A [3]. B [1]. C [3].")
	if text != "A [1]. B [2]. C [1]." || len(cited) != 2 || cited[0] != 2 || cited[1] != 0 {
		t.Errorf("Renumber = %q, %v", text, cited)
	}
}

func TestExtractiveComposerNeverFails(t *testing.T) {
	c, err := Extractive{}.Compose(context.Background(), Request{Lang: "en"})
	if err != nil || !c.NoAnswer {
		t.Errorf("no passages: %+v, %v; want NoAnswer", c, err)
	}
}
