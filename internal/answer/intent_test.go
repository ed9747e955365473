package answer

import "testing"

// The service-fee cap for ship crews answers a question about ships only.
func TestCrewRuleOnlyForCrews(t *testing.T) {
	crew := readText("", "Với sĩ quan và thuyền viên làm việc trên tàu vận tải biển, tiền dịch vụ không được quá 1,5 tháng tiền lương cho mỗi 12 tháng làm việc.").sentences[0].crewRule
	if !intentOf("Đi Đài Loan làm nhà máy thì tiền dịch vụ tối đa bao nhiêu?").otherGroup(crew) {
		t.Error("a factory worker's question got the crew rule")
	}
	if intentOf("Thuyền viên tàu vận tải biển thì tiền dịch vụ tối đa bao nhiêu?").otherGroup(crew) {
		t.Error("a crew member's question lost the crew rule")
	}
}

// A question asking whether one may do something is answered by the
// sentence that says one may (or may not) do it, not by a rule that only
// names the same words: "có được tự ý chấm dứt hợp đồng không" got the
// company's duty to settle the contract after the worker ends it.
func TestPermissionEchoed(t *testing.T) {
	read := func(s string) []string { return readText("", s).sentences[0].permits }
	right := read("Người lao động được đơn phương chấm dứt hợp đồng khi bị người sử dụng lao động ngược đãi hoặc cưỡng bức lao động (Luật 69/2020/QH14, Điều 6 khoản 1 điểm đ).")
	neighbour := read("Doanh nghiệp dịch vụ phải thanh lý hợp đồng với người lao động trong thời hạn 180 ngày kể từ ngày người lao động chấm dứt hợp đồng lao động.")
	vi := intentOf("chủ bắt làm không cho nghỉ, tôi có được tự ý chấm dứt hợp đồng không")
	if !vi.echoes(right) || vi.echoes(neighbour) {
		t.Errorf("vi asks %q: echoes the right %v (want true), the neighbour %v (want false)", vi.permits, vi.echoes(right), vi.echoes(neighbour))
	}
	en := intentOf("my boss forces me to work without rest, can I end my contract myself?")
	enRight := read("Workers may end the contract on their own if the employer abuses them (Law 69/2020/QH14, Art 6 cl. 1(đ)).")
	enNeighbour := read("Korea lets a committed EPS worker re-enter after 3 months when the worker completed 4 years 10 months and the employer asks for re-employment.")
	if !en.echoes(enRight) || en.echoes(enNeighbour) {
		t.Errorf("en asks %q: echoes the right %v (want true), the neighbour %v (want false)", en.permits, en.echoes(enRight), en.echoes(enNeighbour))
	}
	if none := intentOf("Phí dịch vụ đi Nhật tối đa bao nhiêu?"); none.permits != nil || none.echoes(right) {
		t.Errorf("a question asking no permission reads one: %q", none.permits)
	}
}

// A fine's figures answer a question about a penalty only: for "có mức
// tối đa nào không" the deposit's cap gets the limit boost and the fine
// for a deposit above the cap ("… tối đa 200 triệu đồng") none; asked
// about the penalty, the fine gets it (2026-12-02).
func TestFineAnswersOnlyAPenaltyQuestion(t *testing.T) {
	prm := DefaultParams()
	read := func(s string) sentence { return sentence{read: readText("", s).sentences[0]} }
	fine := read("Doanh nghiệp thỏa thuận mức ký quỹ cao hơn mức pháp luật quy định bị phạt từ 10 triệu đến 20 triệu đồng cho mỗi người lao động, tối đa 200 triệu đồng (Nghị định 283/2026/NĐ-CP, Điều 49 khoản 2 điểm b).")
	limit := read("Tiền ký quỹ không được vượt mức trần cho từng thị trường tại Phụ lục II (Nghị định 112/2021/NĐ-CP, Điều 29).")
	if !fine.fine || limit.fine {
		t.Fatalf("read as a fine: the fine %v (want true), the cap %v (want false)", fine.fine, limit.fine)
	}
	boosted := func(c sentence, q string) bool {
		w := map[string]float64{}
		for _, term := range c.terms {
			w[term] = 1
		}
		want := intentOf(q)
		plain := want
		plain.limit, plain.number = false, false
		return scoreSentence(c, w, prm, want, 0, 1) > scoreSentence(c, w, prm, plain, 0, 1)
	}
	capQ := "Công ty đòi ký quỹ 150 triệu để đi Nhật, vậy có mức tối đa nào không?"
	if boosted(fine, capQ) || !boosted(limit, capQ) {
		t.Errorf("%q: the fine boosted %v (want false), the cap %v (want true)", capQ, boosted(fine, capQ), boosted(limit, capQ))
	}
	if penaltyQ := "Công ty nhận ký quỹ cao hơn quy định thì bị phạt tối đa bao nhiêu?"; !boosted(fine, penaltyQ) {
		t.Errorf("%q: the fine got no boost", penaltyQ)
	}
}

// A question asking what to do lifts the sentences that advise an act
// ("nên", "hãy", "should", an opening "Call…") above those that describe.
func TestActionQuestionLiftsAdvice(t *testing.T) {
	prm := DefaultParams()
	read := func(s string) sentence { return sentence{read: readText("", s).sentences[0]} }
	for _, tc := range []struct {
		q              string
		advice, others string
	}{
		{"anh trai em mất ở Đài Loan, gia đình phải làm gì",
			"Gia đình nên báo ngay cho doanh nghiệp đã đưa người lao động đi.",
			"Doanh nghiệp dịch vụ phải giải quyết các vấn đề phát sinh khi người lao động chết."},
		{"My brother died at work in Taiwan. What should my family do?",
			"Call the citizen protection hotline or the Vietnamese embassy.",
			"The sending company must deal with what follows a worker's death."},
	} {
		want := intentOf(tc.q)
		if !want.action {
			t.Fatalf("%q: not read as asking what to do", tc.q)
		}
		a, o := read(tc.advice), read(tc.others)
		if !a.advice || o.advice {
			t.Errorf("advice read: %q %v (want true), %q %v (want false)", tc.advice, a.advice, tc.others, o.advice)
		}
		plain := want
		plain.action = false
		w := map[string]float64{}
		for _, term := range a.terms {
			w[term] = 1
		}
		if got, base := scoreSentence(a, w, prm, want, 0, 1), scoreSentence(a, w, prm, plain, 0, 1); got <= base {
			t.Errorf("%q: advice scored %.3f, %.3f without the question's action", tc.q, got, base)
		}
	}
	if intentOf("Hồ sơ đăng ký kết hôn gồm những gì?").action {
		t.Error("a question for a list of papers read as asking what to do")
	}
}

// "hỏi đâu", "hỏi ở đâu", "hỏi chỗ nào" ask for an office to ask, as "ai"
// and "cơ quan nào" do: "muốn xin lại quốc tịch thì hỏi chỗ nào" got the
// document's background instead of the Department of Justice.
func TestWhereToAskWantsAnOffice(t *testing.T) {
	for _, q := range []string{
		"muốn xin lại quốc tịch mà giữ quốc tịch Mỹ thì hỏi chỗ nào",
		"o can tho muon hoi ve luat 69 thi hoi o dau",
		"muốn được quỹ hỗ trợ giúp thì hỏi đâu",
		"Where can I ask about the deposit refund?",
	} {
		if !intentOf(q).agency {
			t.Errorf("%q: does not want an office", q)
		}
	}
	if intentOf("Hồ sơ ghi chú kết hôn nộp mấy bản?").agency {
		t.Error("a question about copies wants an office")
	}
}

// "Cơ quan điều hành Quỹ", "Cơ quan đại diện Việt Nam" name offices: a
// question asking whom to ask is answered by a sentence naming one.
func TestCoQuanNamesAnOffice(t *testing.T) {
	s := readText("", "Người lao động ký hợp đồng trực tiếp được Cơ quan đại diện Việt Nam ở nước sở tại bảo vệ quyền lợi.").sentences[0]
	if !s.agency {
		t.Error(`"Cơ quan đại diện" is not read as an office`)
	}
	if readText("", "Trại hè diễn ra vào tháng Bảy hằng năm.").sentences[0].agency {
		t.Error("a sentence naming no office is read as naming one")
	}
}
