package curated

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

// knowledgeFrameReader reads frames with the knowledge base's glossary
// and countries.
func knowledgeFrameReader(t *testing.T) frameReader {
	t.Helper()
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := safety.LoadLexicon(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return frameReader{concepts: g, countries: lex}
}

// TestFramesOfVerifiedParaphrasesAndNearMisses reads the frames of
// testdata/verified-paraphrases.jsonl with the knowledge base's glossary
// and countries: every paraphrase's frame fits its answer's, and no near
// miss (another country, actor, concept or ask) both fits and covers the
// default share of the answer's core concepts.
func TestFramesOfVerifiedParaphrasesAndNearMisses(t *testing.T) {
	fr := knowledgeFrameReader(t)
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
		fits, cover := fit(fr.read(q), answers[l.ID])
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
	} {
		if got := askTypes(vitext.ExpandShorthand(q)); !got[want] {
			t.Errorf("askTypes(%q) = %v, want %s", q, got, want)
		}
	}
	if got := askTypes("where do I register my contract"); got[AskYesNo] {
		t.Errorf(`"where do I" read as a yes/no question: %v`, got)
	}
}

// TestPlaceOfQuestion checks where a question sets its event: at home
// or abroad, and never from "người nước ngoài" (a foreigner, not a
// place), so that "lost my passport at home" does not get the answer
// about a passport lost abroad.
func TestPlaceOfQuestion(t *testing.T) {
	cases := map[string]string{
		"Mất hộ chiếu ở trong nước thì báo mất ở đâu?":         placeHome,
		"mất hộ chiếu ở nước ngoài báo ở đâu":                  placeAbroad,
		"lost my passport overseas, where do I report it":      placeAbroad,
		"kết hôn với người nước ngoài ở Việt Nam cần giấy gì":  placeHome,
		"kết hôn với người nước ngoài cần giấy gì":             "",
		"đi làm ở nước ngoài về, ở trong nước làm lại giấy tờ": "",
	}
	for q, want := range cases {
		if got := placeOf(strings.Join(vitext.FoldedTokens(q), " ")); got != want {
			t.Errorf("placeOf(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestFitOfVerifiedAnswer checks what a question's frame may add to or
// leave out of a verified answer's (fit), each case for one rule.
func TestFitOfVerifiedAnswer(t *testing.T) {
	fr := knowledgeFrameReader(t)
	answer := func(vi, en, text string) answerFrame {
		a := store.CuratedAnswer{Answer: map[string]string{"vi": text}}
		a.Questions = VerifiedQuestions(&a, vi, en, nil)
		return fr.answer(a)
	}
	certificate := answer("Phụ nữ lấy chồng nước ngoài xin giấy xác nhận đã được tư vấn ở đâu?",
		"Where does a woman marrying a foreigner get the certificate that she has been counselled?",
		"Trung tâm tư vấn của Hội Liên hiệp Phụ nữ cấp giấy xác nhận.")
	feeCap := answer("Doanh nghiệp được thu tiền dịch vụ tối đa bao nhiêu?",
		"What is the most a company may charge as a service fee?",
		"Tiền dịch vụ không quá một tháng lương cho mỗi 12 tháng làm việc.")
	grounds := answer("Người lao động ở nước ngoài được chấm dứt hợp đồng trước hạn khi nào?",
		"When may a worker abroad end the contract on their own?",
		"Khi bị người sử dụng lao động ngược đãi, cưỡng bức lao động hoặc bị quấy rối tình dục.")
	for _, c := range []struct {
		why, question string
		a             answerFrame
		fits          bool
	}{
		{"an answer that names no country answers a bride in any country", "lấy chồng Hàn cần giấy xác nhận tư vấn thì đi đâu", certificate, true},
		{"an amount may differ per market", "phí dịch vụ đi Đài Loan tối đa bao nhiêu", feeCap, false},
		{"a ground the answer's text lists is not another fact", "đang làm ở nước ngoài bị quấy rối tình dục có được chấm dứt hợp đồng không", grounds, true},
		{"the employer's right is another actor's", "chủ được chấm dứt hợp đồng với người lao động trước hạn khi nào", grounds, false},
		{"whether it is needed is not where to get it", "lấy chồng nước ngoài có cần giấy xác nhận tư vấn không", certificate, false},
	} {
		if fits, _ := fit(fr.read(c.question), c.a); fits != c.fits {
			t.Errorf("%s: %q fits = %v, want %v", c.why, c.question, fits, c.fits)
		}
	}
	for _, c := range []struct {
		why, question, concept string
		want                   bool
	}{
		{"the asker's age is not a type or level", "tôi 40 tuổi có được thi EPS-TOPIK không", numberPrefix + "40", false},
		{"a type is", "kỹ năng đặc định loại 2 ở Nhật được bao lâu", numberPrefix + "2", true},
	} {
		if got := fr.read(c.question).concepts[c.concept]; got != c.want {
			t.Errorf("%s: %q reads %s = %v", c.why, c.question, c.concept, got)
		}
	}
	if got := askTypes("My sister is marrying a Korean man, what papers does she need?"); got[askNeed] || !got[AskList] {
		t.Errorf(`"what papers does she need" read as %v, want a list and no yes/no need`, got)
	}
	// Rarity weighs the core: of a residence notice's two core concepts,
	// the rare one ("thông báo cư trú") covers more than the common one
	// ("về nước"), so that "phải về nước trong bao nhiêu ngày" (another
	// fact) is not covered and "mấy ngày phải báo cư trú" is.
	rare := frameReader{concepts: fr.concepts, countries: fr.countries, idf: func(c string) float64 {
		if c == "returning home" {
			return 1
		}
		return 4
	}}
	a := store.CuratedAnswer{Answer: map[string]string{}}
	a.Questions = VerifiedQuestions(&a, "Về nước thì phải thông báo cư trú trong bao nhiêu ngày?", "", nil)
	residence := rare.answer(a)
	fitsCommon, common := fit(rare.read("phải về nước trong bao nhiêu ngày"), residence)
	fitsSpecific, specific := fit(rare.read("đi làm về thì mấy ngày phải báo cư trú"), residence)
	if p := DefaultParams(); !fitsCommon || !fitsSpecific || common >= p.Cover || specific < p.Cover {
		t.Errorf("cover of the common concept %.2f, of the rare one %.2f; want below and at least %.2f", common, specific, p.Cover)
	}
	if got := askTypes("cơ quan nào cấp giấy xác nhận tư vấn"); got[AskAmount] {
		t.Errorf(`"cấp" (issues) read as the amount "cap": %v`, got)
	}
	if got := askTypes(vitext.ExpandShorthand("về nước mấy ngày phải báo cư trú")); !got[AskDuration] {
		t.Errorf(`"mấy ngày" not read as how long: %v`, got)
	}
}
