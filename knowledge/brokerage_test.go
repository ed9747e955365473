package knowledge

import (
	"regexp"
	"strings"
	"testing"
)

// oldBrokerageRule matches sentences that tell a worker he or she may be
// made to pay, repay or reimburse the brokerage commission (tiền môi
// giới). That was the rule of the repealed Law 72/2006; Law 69/2020/QH14
// Art 7 cl. 8 prohibits collecting brokerage from the worker at all, and
// the cap of Art 22 limits only what the company pays an intermediary.
// The patterns are matched against lower-cased NFC text.
var oldBrokerageRule = []*regexp.Regexp{
	regexp.MustCompile(`một phần hoặc toàn bộ tiền môi giới`),
	regexp.MustCompile(`người lao động (hoàn trả|trả lại|trả|nộp|chịu|đóng)( lại)? (một phần |toàn bộ )?(tiền|phí|khoản) môi giới`),
	regexp.MustCompile(`tiền môi giới (mà )?người lao động (hoàn trả|trả lại|phải trả|nộp)`),
	regexp.MustCompile(`part or all of the brokerage`),
	regexp.MustCompile(`(worker|workers|you) (repays?|reimburses?|pays? back|must pay|may pay|has to pay|have to pay)( part of| all of| for)? (the |a )?broker(age)?('s)? (commission|fee)`),
	regexp.MustCompile(`broker(age)? (commission|fee)s? (a |the )?(worker|workers|you) (repays?|reimburses?|pays? back)`),
	regexp.MustCompile(`(make|makes|made) (me|the worker|workers|you) (repay|reimburse|pay back)( part of| all of)? (the |a )?broker`),
	regexp.MustCompile(`broker(age)? (commission|fee)s? [^.?!]{0,40}(make|makes|made) (me|the worker|workers|you) (repay|reimburse|pay back)`),
}

// brokerageViolations returns the old-rule phrases found in text.
func brokerageViolations(text string) []string {
	lower := strings.ToLower(text)
	var out []string
	for _, re := range oldBrokerageRule {
		out = append(out, re.FindAllString(lower, -1)...)
	}
	return out
}

// No document, in either language, may say that a worker repays or pays
// the brokerage commission.
func TestNoWorkerPaidBrokerage(t *testing.T) {
	for _, d := range loadDocs(t) {
		for _, v := range brokerageViolations(d.Title + "\n" + d.Body) {
			t.Errorf("%s: %q states the repealed rule that the worker pays brokerage; Law 69/2020/QH14 Art 7 cl. 8 prohibits it", d.Path, v)
		}
	}
}

// The detector must catch the old wording and let the correct rule pass,
// or the test above proves nothing.
func TestBrokerageDetector(t *testing.T) {
	bad := []string{
		"Doanh nghiệp có thể thỏa thuận để người lao động hoàn trả một phần hoặc toàn bộ tiền môi giới.",
		"Khoản tiền môi giới người lao động hoàn trả không được vượt mức trần do Bộ quy định.",
		"Người lao động trả tiền môi giới cho công ty trước khi xuất cảnh.",
		"The company may agree with the worker that the worker repays part or all of the brokerage commission.",
		"The amount of brokerage commission a worker repays may not exceed the cap.",
		"Is there a ceiling on the brokerage commission the company can make me pay back?",
		"The company can make the worker repay the brokerage commission.",
	}
	for _, text := range bad {
		if len(brokerageViolations(text)) == 0 {
			t.Errorf("old rule not detected in %q", text)
		}
	}
	good := []string{
		"Thu tiền môi giới của người lao động là hành vi bị nghiêm cấm (Luật 69/2020/QH14, Điều 7 khoản 8).",
		"Người lao động không phải trả tiền môi giới: pháp luật cấm thu tiền môi giới của người lao động.",
		"Tiền môi giới do doanh nghiệp dịch vụ trả, và doanh nghiệp không được đòi người lao động hoàn lại khoản này.",
		"Collecting brokerage (tiền môi giới) from a worker is prohibited (Law 69/2020/QH14, Art 7 cl. 8).",
		"The service company pays the brokerage commission itself and may not make the worker pay it back.",
		"A worker does not pay any brokerage commission.",
	}
	for _, text := range good {
		if v := brokerageViolations(text); len(v) > 0 {
			t.Errorf("false alarm %q in the correct rule %q", v, text)
		}
	}
}
