package curated

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

// TestFramesOfVerifiedParaphrasesAndNearMisses reads the frames of
// testdata/verified-paraphrases.jsonl with the knowledge base's glossary
// and countries: every paraphrase's frame fits its answer's, and no near
// miss (another country, actor, concept or ask) both fits and covers half
// of the answer's core concepts.
func TestFramesOfVerifiedParaphrasesAndNearMisses(t *testing.T) {
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := safety.LoadLexicon(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	fr := newFrameReader(g, lex)
	f, err := os.Open("testdata/verified-paraphrases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	answers := map[string]answerFrame{}
	for sc.Scan() {
		var l struct {
			Kind, ID  string
			Question  json.RawMessage
			OtherWays []string `json:"other_ways"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if l.Kind == "answer" {
			var q map[string]string
			if err := json.Unmarshal(l.Question, &q); err != nil {
				t.Fatal(err)
			}
			var a store.CuratedAnswer
			a.Questions = VerifiedQuestions(&a, q["vi"], q["en"], l.OtherWays)
			answers[l.ID] = fr.answer(a)
			continue
		}
		var q string
		if err := json.Unmarshal(l.Question, &q); err != nil {
			t.Fatal(err)
		}
		fits, cover := fit(fr.read(q), answers[l.ID], func(string) float64 { return 1 })
		switch {
		case l.Kind == "paraphrase" && !fits:
			t.Errorf("paraphrase of %s %q: frame does not fit", l.ID, q)
		case l.Kind == "near_miss" && fits && cover >= DefaultParams().Cover:
			t.Errorf("near miss of %s %q: frame fits (cover %.2f)", l.ID, q, cover)
		}
	}
}

func TestAskTypes(t *testing.T) {
	for q, want := range map[string]string{
		"ky quy eps bn trieu":                  AskAmount,
		"tiền ký quỹ EPS khi nào được trả lại": AskWhen,
		"đi Hàn EPS làm được mấy năm":          AskDuration,
		"where do I register my contract":      AskWhere,
		"can I borrow money for the deposit":   AskYesNo,
		"có mất ký quỹ không":                  AskYesNo,
		"cần những giấy tờ gì":                 AskList,
		"đăng ký như thế nào":                  AskHow,
		"về nước trong bao nhiêu ngày":         AskDuration,
		"is there a cap on the service fee":    AskAmount,
	} {
		if got := askTypes(vitext.ExpandShorthand(q), cueTable()); !got[want] {
			t.Errorf("askTypes(%q) = %v, want %s", q, got, want)
		}
	}
	if got := askTypes("where do I register my contract", cueTable()); got[AskYesNo] {
		t.Errorf(`"where do I" read as a yes/no question: %v`, got)
	}
	for _, q := range []string{"về nước trong bao nhiêu ngày", "giấy xác nhận tư vấn cấp ở đâu", "giay xac nhan cap o dau"} {
		if got := askTypes(q, cueTable()); got[AskAmount] {
			t.Errorf("askTypes(%q) = %v: an amount", q, got)
		}
	}
}

// testAnswer is a verified answer with the questions and answer text
// given (vi, en).
func testAnswer(question, translation string, others []string, vi, en string) store.CuratedAnswer {
	a := store.CuratedAnswer{Kind: store.KindVerified, Answer: map[string]string{"vi": vi, "en": en}}
	a.Questions = VerifiedQuestions(&a, question, translation, others)
	return a
}

func testFrameReader(t *testing.T) frameReader {
	t.Helper()
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := safety.LoadLexicon(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return newFrameReader(g, lex)
}

func one(string) float64 { return 1 }

// TestFrameReadsTheAnswerText checks that what the answer's text names is
// part of what it is about: a question naming the commune police fits an
// answer whose questions never say it but whose text does; a concept
// neither names (the deposit) is still another fact.
func TestFrameReadsTheAnswerText(t *testing.T) {
	fr := testFrameReader(t)
	a := fr.answer(testAnswer("Lao động về nước phải thông báo cư trú trong bao nhiêu ngày?",
		"Within how many days must a returning worker notify residence?", nil,
		"Người lao động về nước thông báo cư trú với công an xã trong 15 ngày.",
		"A returning worker notifies residence to the commune police within 15 days."))
	if ok, _ := fit(fr.read("về nước mấy ngày phải thông báo cư trú ở công an xã"), a, one); !ok {
		t.Error("a question naming the commune police, which the answer's text names, does not fit")
	}
	if ok, _ := fit(fr.read("về nước mấy ngày được trả lại tiền ký quỹ"), a, one); ok {
		t.Error("a question naming the deposit, which the answer never names, fits")
	}
}

// TestCountryIsAnotherFactOnlyAgainstACountry checks that a country the
// question names vetoes an answer that names another country, or any
// answer when an amount is asked (fees are set per destination), but not
// a where-question against an answer that holds for every country.
func TestCountryIsAnotherFactOnlyAgainstACountry(t *testing.T) {
	fr := testFrameReader(t)
	anywhere := fr.answer(testAnswer("Phụ nữ lấy chồng nước ngoài xin giấy xác nhận đã được tư vấn ở đâu?",
		"Where do I get the counselling certificate to marry a foreigner?", nil,
		"Trung tâm tư vấn của Hội Liên hiệp Phụ nữ cấp giấy xác nhận.", "The Women's Union centre issues the certificate."))
	if ok, _ := fit(fr.read("con gái tôi lấy chồng Đài Loan, giấy xác nhận tư vấn xin ở đâu"), anywhere, one); !ok {
		t.Error("Taiwan vetoes a where-question against an answer that names no country")
	}
	fee := fr.answer(testAnswer("Phí dịch vụ tối đa bao nhiêu?", "What is the maximum service fee?", nil,
		"Tiền dịch vụ không quá một tháng lương.", "The service fee may not exceed one month of salary."))
	if ok, _ := fit(fr.read("phí dịch vụ đi Đài Loan tối đa bao nhiêu"), fee, one); ok {
		t.Error("an amount for Taiwan fits an answer that names no country")
	}
	korea := fr.answer(testAnswer("Đi Hàn Quốc theo EPS ở đâu đăng ký?", "Where do I register for EPS in Korea?", nil,
		"Đăng ký ở Trung tâm Lao động ngoài nước.", "Register with the Centre of Overseas Labour."))
	if ok, _ := fit(fr.read("đi Nhật đăng ký ở đâu"), korea, one); ok {
		t.Error("Japan fits an answer about Korea")
	}
}

// TestCoverWeighsTheRareConcept checks the cover among neighbours: of an
// answer about notifying residence on coming home, beside answers about
// coming home, a question naming only the return covers less than the
// default share and one naming the residence notice covers more.
func TestCoverWeighsTheRareConcept(t *testing.T) {
	fr := testFrameReader(t)
	answers := []store.CuratedAnswer{
		testAnswer("Về nước phải thông báo cư trú trong bao nhiêu ngày?", "How many days after returning home must I notify residence?", nil,
			"Thông báo cư trú trong 15 ngày.", "Notify residence within 15 days."),
		testAnswer("Về nước có được hỗ trợ tìm việc không?", "Do I get help finding a job after returning home?", nil, "Có.", "Yes."),
		testAnswer("Về nước trước hạn có được hoàn phí không?", "Is the fee refunded if I return home early?", nil, "Có.", "Yes."),
		testAnswer("Về nước rồi rút bảo hiểm xã hội được không?", "Can I withdraw social insurance after returning home?", nil, "Có.", "Yes."),
	}
	def := DefaultParams().Cover
	if j := fr.judge("hết hợp đồng về nước trong bao nhiêu ngày", answers)[0]; j.fits && j.cover >= def {
		t.Errorf("naming only the return covers %.2f of the residence answer (default %.2f)", j.cover, def)
	}
	if j := fr.judge("đi xuất khẩu lao động về mấy ngày phải báo cư trú", answers)[0]; !j.fits || j.cover < def {
		t.Errorf("naming the residence notice: fits %v, cover %.2f (default %.2f)", j.fits, j.cover, def)
	}
}
