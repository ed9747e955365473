package answer

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// quote composes an answer to q from one document's passages, given as
// heading and text pairs, and returns its body.
func quote(t testing.TB, q, lang string, sections ...string) string {
	t.Helper()
	req := Request{Question: q, Lang: lang, Weights: weights(q)}
	for i := 0; i+1 < len(sections); i += 2 {
		req.Passages = append(req.Passages, Passage{DocID: "doc", Title: "Tài liệu", Lang: lang, Topic: "cantho",
			Heading: sections[i], Text: sections[i+1], AsOf: asOf})
	}
	c := ComposeExtractive(req)
	if c.NoAnswer {
		t.Fatalf("no answer to %q", q)
	}
	return body(c)
}

// quoteOne composes, with one sentence allowed, an answer to q from one
// passage of text under the heading "Notes", and returns its body.
func quoteOne(t testing.TB, q, lang, text string) string {
	t.Helper()
	prm := DefaultParams()
	prm.FactSentences = 1
	req := Request{Question: q, Lang: lang, Weights: weights(q), Passages: []Passage{{DocID: "doc", Lang: lang, Topic: "cantho",
		Heading: "Notes", AsOf: asOf, Text: text}}}
	c, err := Extractive{Params: prm}.Compose(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	return body(c)
}

func TestAnaphorBringsTheSentenceItPointsTo(t *testing.T) {
	for _, tc := range []struct{ q, lang, text, want string }{
		{"Căn cước công dân có tên huyện cũ có phải đổi không?", "vi",
			"Giấy tờ đã cấp trước khi sắp xếp vẫn còn giá trị. Quy định này áp dụng cho căn cước công dân và giấy khai sinh có tên huyện cũ.",
			"vẫn còn giá trị"},
		{"Do I have to change my ID card with the old district name?", "en",
			"Papers issued before the rearrangement remain valid. This general rule covers ID cards and birth certificates that show the old district name.",
			"remain valid"},
	} {
		got := quote(t, tc.q, tc.lang, "Ghi chú", tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q: the answer quotes a sentence that points back without the one it points to (%q):\n%s", tc.q, tc.want, got)
		}
	}
}

// With one sentence allowed, the sentence that holds what the question
// asks for is the one quoted: the rule rather than its example, the
// frequency for "how often", the office for "which office".
func TestOneSentenceHoldsWhatIsAskedFor(t *testing.T) {
	for _, tc := range []struct{ rule, q, lang, text, want string }{
		{"the example (\"Ví dụ, …\") is quoted instead of the rule", "Nữ bao nhiêu tuổi thì được kết hôn?", "vi",
			"Ví dụ, một người nữ 17 tuổi chưa được kết hôn. Nữ phải từ đủ 18 tuổi trở lên mới được kết hôn.", "từ đủ 18 tuổi"},
		{"a \"how often\" question is not answered with the frequency", "How often does the department report to the committee?", "en",
			"The department sent 12 officers to the committee in 2012 to report on the plan. " +
				"The department had to report to the committee every 6 months.", "every 6 months"},
		{"\"which office\" is not answered with the office (\"Sở …\" read as one)", "Muốn đầu tư thì liên hệ cơ quan nào?", "vi",
			"Nhà đầu tư nên liên hệ sớm. Sở Tài chính hướng dẫn nhà đầu tư liên hệ làm thủ tục đầu tư.", "Sở Tài chính"},
		{"\"how much can they take\" is not answered with the cap", "How much deposit can a company take from a worker going to Japan?", "en",
			"The deposit is placed in a blocked bank account (Law 69/2020/QH14, Art 25 cl. 2). " +
				"The deposit may not exceed the cap in Appendix II (Decree 112/2021/NĐ-CP, Art 29).", "may not exceed"},
		{"\"tối đa bao nhiêu\" is not answered with the cap", "Công ty được thu tiền ký quỹ tối đa bao nhiêu?", "vi",
			"Tiền ký quỹ được gửi tại ngân hàng (Luật 69/2020/QH14, Điều 25 khoản 2). " +
				"Tiền ký quỹ không được vượt mức trần cho từng thị trường tại Phụ lục II (Nghị định 112/2021/NĐ-CP, Điều 29).", "mức trần"},
	} {
		if got := quoteOne(t, tc.q, tc.lang, tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("one sentence allowed, %s:\n%s", tc.rule, got)
		}
	}
}

func TestTheNextSentenceComesOnlyWhenItSharesTheQuestionsWords(t *testing.T) {
	q := "Tiền ký quỹ có được trả lại kèm tiền lãi không?"
	got := quote(t, q, "vi", "Tài liệu › Tiền ký quỹ",
		"Tiền ký quỹ được trả lại kèm tiền lãi khi hoàn thành hợp đồng. Người lao động nên giữ biên nhận khi về nước.")
	if strings.Contains(got, "giữ biên nhận") {
		t.Errorf("the sentence after the answer is quoted though it holds none of the question's words, only its heading's:\n%s", got)
	}
	if !strings.Contains(got, "kèm tiền lãi") {
		t.Errorf("the answer lacks the sentence that answers:\n%s", got)
	}
}

func TestTheSectionNamedForTheQuestionAnswersFirst(t *testing.T) {
	q := "Người lao động ở nước ngoài có quyền gì?"
	req := Request{Question: q, Lang: "vi", Weights: weights(q), Passages: []Passage{
		{DocID: "contract", Lang: "vi", Topic: "labour", AsOf: asOf, Heading: "Hợp đồng › Quyền của người lao động",
			Text: "Người lao động được nhận đủ lương."},
		{DocID: "costs", Lang: "vi", Topic: "labour", AsOf: asOf, Heading: "Quyền lợi người lao động ở nước ngoài › Chi phí",
			Text: "Người lao động trả chi phí khám sức khỏe."},
	}}
	if got := body(ComposeExtractive(req)); !strings.HasPrefix(got, "Người lao động được nhận đủ lương.") {
		t.Errorf("the answer does not open with the section named for the question (\"Quyền của người lao động\"):\n%s", got)
	}
}

// A question that asks for steps wants the list of steps, however it
// names them: "những bước gì" was read as a question for one fact, and
// the answer to "Muốn đi Hàn Quốc … phải làm những bước gì?" left the
// steps out.
func TestStepsQuestionsAskForAList(t *testing.T) {
	for _, q := range []string{
		"Muốn đi Hàn Quốc theo chương trình nhà nước thì phải làm những bước gì?",
		"dang ky ket hon voi nguoi nuoc ngoai gom buoc nao",
		"Quy trình đăng ký hợp đồng tự tìm được ra sao?",
		"What are the steps to register a marriage?",
	} {
		if !intentOf(q).list {
			t.Errorf("%q is not read as asking for a list", q)
		}
	}
}

// TestWhichMinistryAsksForAnOffice checks that "which ministry" and "bộ
// nào" ask for an office as "which department" does, so that the
// sentence naming the ministry answers, not one that shares more of the
// question's words.
func TestWhichMinistryAsksForAnOffice(t *testing.T) {
	for _, q := range []string{"Which ministry issues the licence for sending workers abroad now?", "Which city agency receives investors?", "Bộ nào cấp giấy phép đưa người lao động đi làm việc ở nước ngoài?"} {
		if !intentOf(q).agency {
			t.Errorf("%q asks for an office", q)
		}
	}
	q := "Which ministry issues the licence for sending workers abroad now?"
	text := "Companies that send workers abroad need a licence, and the list of licensed companies is published on dolab.gov.vn. " +
		"The licence is issued by the ministry, which is now the Ministry of Home Affairs."
	if got := quoteOne(t, q, "en", text); !strings.Contains(got, "Ministry of Home Affairs") {
		t.Errorf("%q answered without the ministry:\n%s", q, got)
	}
}

// TestHowLongGetsTheDuration: asked how many days recording a divorce
// takes, the one sentence quoted is the one with the 12 days, not the one
// whose only number is an article's ("Điều 50 khoản 1"); a date ("1 tháng
// 7 năm 2025") is no duration.
func TestHowLongGetsTheDuration(t *testing.T) {
	text := "Người yêu cầu ghi chú ly hôn nộp tờ khai và bản sao giấy tờ ly hôn đã giải quyết ở nước ngoài (Luật 60/2014/QH13, Điều 50 khoản 1). " +
		"Việc ghi chú ly hôn vào Sổ hộ tịch được thực hiện trong thời hạn 12 ngày kể từ ngày nhận đủ hồ sơ."
	if got := quoteOne(t, "Ghi chú ly hôn mất bao nhiêu ngày?", "vi", text); !strings.Contains(got, "12 ngày") {
		t.Errorf("one sentence allowed, \"bao nhiêu ngày\" must get the 12 days:\n%s", got)
	}
	if holdsDuration("Từ ngày 1 tháng 7 năm 2025, hồ sơ nộp ở xã.") || !holdsDuration("trong thời hạn ba tháng.") || !holdsDuration("within 180 days after the contract ends") {
		t.Error("a date is no duration; \"ba tháng\" and \"180 days\" are")
	}
	if holdsDuration("khi vợ đang nuôi con dưới 12 tháng tuổi") || holdsDuration("a child under 36 months old") {
		t.Error("an age in months is no duration")
	}
	// The period sits in a sentence of the best sentence's passage that
	// scored under the share kept: it is brought in, in place of a later
	// choice when the budget is full.
	q := "Ghi chú ly hôn thì mất bao nhiêu ngày?"
	want := intentOf(q)
	rp := readText("Ghi chú ly hôn", "Ghi chú ly hôn là thủ tục ghi vào Sổ hộ tịch việc ly hôn ở nước ngoài. "+
		"Việc ghi vào Sổ hộ tịch được thực hiện trong thời hạn 12 ngày kể từ ngày nhận đủ hồ sơ.")
	var cands []sentence
	for pos, r := range rp.sentences {
		cands = append(cands, sentence{read: r, pos: pos, doc: "doc", score: float64(10 - 9*pos), own: 1})
	}
	got := withAskedFigure(cands[:1], cands, want, DefaultParams(), 0)
	if len(got) != 2 || !got[1].duration {
		t.Errorf("the 12 days of the best sentence's passage are not brought in: %+v", got)
	}
	if got := withAskedFigure(cands[:1], cands, intentOf("Ghi chú ly hôn ở đâu?"), DefaultParams(), 0); len(got) != 1 {
		t.Errorf("a question that asks no period got one: %+v", got)
	}
}

// TestWhichPapersGetsThePapers: asked which papers prove a case, the
// sentence that names the papers scores above the rule that the
// question's other words match better.
func TestWhichPapersGetsThePapers(t *testing.T) {
	q := "Chồng Hàn đánh tôi, muốn ở lại Hàn theo diện F-6-3 thì phải có giấy tờ gì chứng minh?"
	text := "Tư cách F-6-3 cho phép người nước ngoài tiếp tục lưu trú ở Hàn khi hôn nhân chấm dứt vì lý do không phải lỗi của mình, ví dụ bị chồng đánh. " +
		"Giấy tờ chứng minh thường gồm hồ sơ của cảnh sát, bệnh viện, tòa án hoặc xác nhận của cơ sở hỗ trợ."
	req := Request{Question: q, Lang: "vi", Weights: weights(q), Passages: []Passage{{DocID: "doc", Lang: "vi", Topic: "marriage", Heading: "F-6-3", AsOf: asOf, Text: text}}}
	cands := candidates(req, DefaultParams(), intentOf(q), nil)
	best := slices.MaxFunc(cands, func(a, b sentence) int { return cmp.Compare(a.score, b.score) })
	if !strings.Contains(best.text, "hồ sơ của cảnh sát") {
		t.Errorf("\"giấy tờ gì\" must rank the papers first, got %q", best.text)
	}
}

// TestAPaymentQuestionGetsThatPayment: asked the cap on the deposit, the
// answer quotes no sentence about the service fee alone, though it shares
// the question's words ("tối đa", "hợp đồng 3 năm"); asked about both,
// either may answer (fifth audit).
func TestAPaymentQuestionGetsThatPayment(t *testing.T) {
	text := "Với hợp đồng từ 36 tháng trở lên, tiền dịch vụ tối đa không quá ba tháng tiền lương theo hợp đồng (Luật 69/2020/QH14, Điều 23 khoản 4 điểm a). " +
		"Tiền ký quỹ không được vượt mức trần cho từng thị trường, ngành, nghề (Nghị định 112/2021/NĐ-CP, Điều 29 và Phụ lục II)."
	got := quote(t, "Đi Nhật hợp đồng 3 năm thì công ty được thu tiền ký quỹ tối đa bao nhiêu?", "vi", "Chi phí", text)
	if strings.Contains(got, "tiền dịch vụ") || !strings.Contains(got, "Tiền ký quỹ không được vượt") {
		t.Errorf("a deposit question got the service fee, or not the deposit cap:\n%s", got)
	}
	got = quote(t, "Tiền dịch vụ và tiền ký quỹ đi Nhật 3 năm tối đa bao nhiêu?", "vi", "Chi phí", text)
	if !strings.Contains(got, "tiền dịch vụ tối đa") {
		t.Errorf("a question on both payments lost the service fee cap:\n%s", got)
	}
}

// TestAPastPlanIsSaidToBePast: a quoted sentence that retells the
// 2011–2012 plan without dating itself ("Under the plan, the city was
// to…") brings a note that it is not what the city does today; a
// sentence that names the plan with its date does not (fifth audit).
func TestAPastPlanIsSaidToBePast(t *testing.T) {
	q := "Which office of the city helps foreign partners?"
	var c Composition
	cite(Request{Question: q, Lang: "en", Passages: []Passage{{DocID: "cantho-investment-promotion", Topic: "cantho", Title: "Investing in Cần Thơ"}}},
		[]quoted{{"Under the plan, the city was to help foreign partners do business.", []int{0}}}, &c)
	if !strings.Contains(c.Note, "2011–2012 plan") {
		t.Errorf("a sentence retelling the plan got no note: %q", c.Note)
	}
	c = Composition{}
	cite(Request{Question: q, Lang: "en", Passages: []Passage{{DocID: "labour-1088-hotline", Topic: "labour", Title: "What 1088 is"}}},
		[]quoted{{"Plan 60/KH-UBND of 19 October 2011 did not create the 1088 number.", []int{0}}}, &c)
	if c.Note != "" {
		t.Errorf("a sentence naming the plan with its date got a note: %q", c.Note)
	}
}

// The words naming what the question asks about ("which groups", "những
// hoạt động gì") weigh more than its other words: "Which groups get
// priority for a vay vốn ưu đãi from Ngân hàng Chính sách xã hội to work
// abroad?" was answered with every sentence naming the bank and never the
// groups. The weights stand in for the index's: the bank's name is rare,
// so weighs more than "groups". Each case is answered the other way with
// FocusBoost 1.
func TestTheThingAskedAboutSteersTheQuote(t *testing.T) {
	for _, tc := range []struct {
		q, lang, text, want string
		weights             map[string]float64
	}{
		{"Which groups get priority for a loan from the social policy bank?", "en",
			"Workers may take a loan from the social policy bank. The priority groups include poor and near-poor households.", "near-poor",
			map[string]float64{"group": 3, "priority": 2, "loan": 1, "social": 1.5, "policy": 1.5, "bank": 1.5}},
		{"Hội hữu nghị thường tổ chức những hoạt động gì?", "vi",
			"Hội hữu nghị là một hội lớn của thành phố. Các hoạt động thường gồm họp mặt và giao lưu văn hóa.", "họp mặt",
			map[string]float64{"hoat": 2, "dong": 1.5, "hoatdong": 2, "hoi": 1.5, "huu": 2, "nghi": 1.5, "huunghi": 2, "to": 1, "chuc": 1, "tochuc": 1.5}},
	} {
		for _, boost := range []float64{DefaultParams().FocusBoost, 1} {
			prm := DefaultParams()
			prm.FocusBoost = boost
			req := Request{Question: tc.q, Lang: tc.lang, MaxSentences: 1, Weights: tc.weights, Passages: []Passage{{DocID: "doc",
				Lang: tc.lang, Topic: "cantho", Heading: "Notes", AsOf: asOf, Text: tc.text}}}
			c, err := Extractive{Params: prm}.Compose(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if got := body(c); strings.Contains(got, tc.want) != (boost > 1) {
				t.Errorf("%q, focus boost %v: the sentence about what is asked (%q) quoted: %v, got:\n%s", tc.q, boost, tc.want, boost > 1, got)
			}
		}
	}
}

func TestFocusTerms(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"Which groups get priority for a loan?", []string{"group"}},
		{"What kinds of jobs are banned?", []string{"job"}},
		{"kh 60 có mấy nhóm hoạt động", []string{"nhom", "hoat", "nhomhoat"}},
		{"Đăng ký kết hôn cần giấy tờ gì", []string{"giay", "to", "giayto"}},
		{"mấy quy định bhtn còn áp dụng cho tui hok", nil}, // "mấy" as "those", not "how many"
		{"May I end my contract early?", nil},              // English "may" is no "mấy"
	} {
		if got := focusTerms(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("focusTerms(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
