package answer

import (
	"context"
	"fmt"
	"reflect"
	"slices"
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

// body joins a composition's sentences with their markers, as the plain
// renderer does.
func body(c Composition) string {
	var b strings.Builder
	for i, s := range c.Sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Text)
		for _, n := range s.Sources {
			fmt.Fprintf(&b, " [%d]", n)
		}
	}
	return b.String()
}

func TestExtractiveQuotesTheAnsweringSentences(t *testing.T) {
	q := "tiền dịch vụ tối đa bao nhiêu tháng tiền lương"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: feePassages(), Weights: weights(q)})
	if c.NoAnswer || c.Composer != "extractive" {
		t.Fatalf("composition: %+v", c)
	}
	if !strings.Contains(body(c), "tối đa là ba tháng tiền lương. [1]") {
		t.Errorf("the answer lacks the fee ceiling with its marker:\n%s", body(c))
	}
	if len(c.Cited) != 1 || c.Cited[0] != 0 {
		t.Errorf("Cited = %v, want the fee passage only", c.Cited)
	}
	if !strings.Contains(c.NextStep, "Sở Nội vụ") {
		t.Errorf("a labour answer must end with the next step:\n%s", c.NextStep)
	}
	words := 0
	all := ""
	for _, p := range feePassages() {
		all += " " + p.Text
	}
	for _, s := range c.Sentences {
		words += len(strings.Fields(s.Text))
		// Every sentence is a sentence of a passage, with its source.
		if !strings.Contains(all, s.Text) || len(s.Sources) != 1 {
			t.Errorf("sentence not quoted from the knowledge base with its source: %+v", s)
		}
	}
	if words > MaxWords {
		t.Errorf("body has %d words, want at most %d", words, MaxWords)
	}
	if strings.Contains(body(c), "Cầu Cần Thơ") {
		t.Errorf("an unrelated passage was quoted:\n%s", body(c))
	}
}

func TestExtractiveKeepsPassageOrderAndNumbersByDocument(t *testing.T) {
	ps := feePassages()
	ps = append(ps, Passage{DocID: "labour-abroad-fees", Title: ps[0].Title, Lang: "vi", Topic: "labour", AsOf: asOf,
		Heading: "Chi phí › Tiền ký quỹ", Text: "Tiền ký quỹ được hoàn trả cả lãi khi thanh lý hợp đồng."})
	q := "tiền dịch vụ và tiền ký quỹ"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q)})
	if !strings.Contains(body(c), "Tiền ký quỹ được hoàn trả") {
		t.Fatalf("the deposit passage was not quoted:\n%s", body(c))
	}
	if len(c.Cited) != 1 || c.Cited[0] != 0 || strings.Contains(body(c), "[2]") {
		t.Errorf("two passages of one document must share one citation number: Cited = %v\n%s", c.Cited, body(c))
	}
}

func TestExtractiveSaysWhenTheSourceIsInAnotherLanguage(t *testing.T) {
	q := "service fee ceiling tiền dịch vụ"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: feePassages(), Weights: weights(q)})
	if c.Note != "(This information is only available in Vietnamese.)" {
		t.Errorf("language note = %q", c.Note)
	}
	if !strings.HasPrefix(c.NextStep, "For your own case") {
		t.Errorf("the next step must be in English: %q", c.NextStep)
	}
}

// TestParseMarked: a model's answer becomes sentences with their sources;
// markers after a full stop belong to the sentence before; markers that
// point at no passage are dropped; "Law No. 69/2020/QH14" stays whole.
func TestParseMarked(t *testing.T) {
	got := parseMarked("Law No. 69/2020/QH14 was passed in 2020 [1]. Fact two [7].\n- A listed fact. [2]\nFact three [0] and [2].", 2)
	want := []quoted{
		{"Law No. 69/2020/QH14 was passed in 2020.", []int{0}},
		{"Fact two.", nil},
		{"A listed fact.", []int{1}},
		{"Fact three and.", []int{1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseMarked =\n%+v\nwant\n%+v", got, want)
	}
}

// TestCiteNumbersByFirstUse: numbers count 1, 2, … in order of first use,
// one per document.
func TestCiteNumbersByFirstUse(t *testing.T) {
	ps := append(feePassages(), Passage{DocID: "labour-abroad-fees", Topic: "labour"})
	quotes := []quoted{{"A.", []int{1}}, {"B.", []int{0}}, {"C.", []int{2, 1}}}
	var c Composition
	cite(Request{Lang: "en", Question: "What does the job abroad cost?", Passages: ps}, quotes, &c)
	if !reflect.DeepEqual(c.Cited, []int{1, 0}) || !reflect.DeepEqual(c.Sentences[2].Sources, []int{2, 1}) || c.Sentences[0].Sources[0] != 1 {
		t.Errorf("Cited %v, sentences %+v", c.Cited, c.Sentences)
	}
	if !strings.Contains(c.NextStep, "own case") {
		t.Errorf("a labour citation must bring the labour next step to a question about a job: %q", c.NextStep)
	}
	// A tourist's question answered from a city document first, with a
	// labour sentence after it, is no personal case (eighth audit).
	var tourist Composition
	cite(Request{Lang: "en", Question: "What festivals are there in April?", Passages: ps}, quotes, &tourist)
	if tourist.NextStep != "" {
		t.Errorf("a tourist's question got a personal-case next step: %q", tourist.NextStep)
	}
}

func TestExtractiveComposerNeverFails(t *testing.T) {
	c, err := Extractive{}.Compose(context.Background(), Request{Lang: "en"})
	if err != nil || !c.NoAnswer {
		t.Errorf("no passages: %+v, %v; want NoAnswer", c, err)
	}
}

// TestListLeadBringsItsItems: a quoted sentence that opens a list brings
// the list's items, even when they continue in the next passage of the
// document, and is not quoted when no item follows it; a sentence about
// the document itself is never quoted.
func TestListLeadBringsItsItems(t *testing.T) {
	doc := func(text string) Passage {
		return Passage{DocID: "labour-korea-eps", Title: "EPS", Lang: "vi", Topic: "labour", AsOf: asOf, Text: text}
	}
	q := "đi Hàn Quốc theo EPS cần điều kiện gì"
	ps := []Passage{
		doc("Tài liệu này giới thiệu điều kiện đi Hàn Quốc theo EPS.\nNgười lao động đi Hàn Quốc theo EPS cần các điều kiện sau:"),
		doc("- Từ đủ 18 tuổi đến 39 tuổi.\n- Đạt kỳ thi tiếng Hàn EPS-TOPIK.\n- Không có tiền án."),
	}
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q)})
	got := body(c)
	if !strings.Contains(got, "cần các điều kiện sau: [1] Từ đủ 18 tuổi đến 39 tuổi.") || !strings.Contains(got, "EPS-TOPIK") {
		t.Errorf("the list's lead without its items:\n%s", got)
	}
	if strings.Contains(got, "Tài liệu này") {
		t.Errorf("a sentence about the document was quoted:\n%s", got)
	}
	lonely := []Passage{doc("Người lao động đi Hàn Quốc theo EPS cần các điều kiện sau:\nChương trình EPS do COLAB thực hiện ở Việt Nam.")}
	c = ComposeExtractive(Request{Question: q, Lang: "vi", Passages: lonely, Weights: weights(q)})
	for _, s := range c.Sentences {
		if strings.HasSuffix(s.Text, ":") {
			t.Errorf("a list's lead was quoted with no items: %q", body(c))
		}
	}
}

// TestNextStepFollowsTheAskersWork: a worker whose answer cites a guide
// for brides gets the labour next step (the city's labour office, the
// citizen-protection hotline), not the Women's Union; a question about a
// marriage keeps the marriage step, whose 113 is said to be Vietnam's.
func TestNextStepFollowsTheAskersWork(t *testing.T) {
	bride := []Passage{{DocID: "marriage-life-taiwan", Topic: "marriage"}}
	for _, tc := range []struct {
		q, lang, want string
	}{
		{"công ty giữ hộ chiếu của em ở Đài Loan", "vi", "+84 981 84 84 84"},
		{"chủ không trả lương 3 tháng rồi", "vi", "+84 981 84 84 84"},
		{"my employer in Taiwan keeps my passport", "en", "+84 981 84 84 84"},
		{"chồng giữ hộ chiếu của em ở Đài Loan", "vi", "Hội Liên hiệp Phụ nữ"},
		{"ck bắt em đi làm công ty", "vi", "ở Việt Nam, hãy gọi công an: 113"},
		{"my husband keeps my passport", "en", "in danger in Vietnam, call the police on 113"},
	} {
		var c Composition
		cite(Request{Question: tc.q, Lang: tc.lang, Passages: bride}, []quoted{{"A.", []int{0}}}, &c)
		if !strings.Contains(c.NextStep, tc.want) {
			t.Errorf("%q: next step %q, want it to contain %q", tc.q, c.NextStep, tc.want)
		}
	}
	// A wife beaten in Cần Thơ, answered from a labour document, still
	// gets the marriage step; someone abroad gets the police there and
	// Vietnam's mission there, never "ask before you sign".
	worker := []Passage{{DocID: "labour-korea-eps", Topic: "labour"}}
	for _, tc := range []struct {
		q, lang, abroad, want string
		ps                    []Passage
	}{
		{"chong em nguoi han quoc, em bi danh, em dang o Can Tho", "vi", "", "Hội Liên hiệp Phụ nữ", worker},
		{"em đang ở Hàn, chủ nợ lương 3 tháng", "vi", "đại sứ quán Việt Nam", "cảnh sát nước sở tại", worker},
		{"I'm in Taiwan and my husband hits me", "en", "the Vietnam Economic and Cultural Office in Taipei", "contact the Vietnam Economic and Cultural Office in Taipei", bride},
		// An employer abroad hiring workers (fifth audit): not "ask before
		// you sign or pay", which is a worker's step.
		{"Taiwanese businessman here. I want to hire 5 Vietnamese workers from Can Tho directly. What are the steps?", "en", "", "registers the contracts", worker},
		// A worker already back (sixth audit): the company that sent them
		// and the employment centre, not "before you sign or pay".
		{"Tôi về nước được 2 tháng sau 5 năm làm ở Đài Loan. Tôi có được nhận trợ cấp thất nghiệp không?", "vi", "", "Trung tâm Dịch vụ việc làm", worker},
		{"dong quy ho tro viec lam ngoai nuoc roi ma bi ve som do cty pha san thi dc ho tro bao nhieu tien", "vi", "", "doanh nghiệp đã đưa bạn đi", worker},
		{"I came back from Japan last month. Can I get unemployment benefit?", "en", "", "Employment Service Centre", worker},
		// A wife asking about her husband's work and its broker's fees
		// (ninth audit): the labour step, not the Women's Union.
		{"ck e di taiwan lam 3 nam roi, chu muon ky tiep, phi hang thang cho moi gioi ben do la bn", "vi", "", "Sở Nội vụ", worker},
		// A worker who died abroad (seventh audit): the family asks before
		// paying any cost of bringing the body home; a lost passport is no
		// death.
		{"A Vietnamese worker died in a factory accident in Oman. How do they bring the body home and what money do they get from the fund?", "en", "", "bringing the body home", worker},
		{"chồng tôi đi làm ở Đài Loan bị tai nạn mất ở bên đó, gia đình được hỗ trợ bao nhiêu", "vi", "", "đưa thi hài về", worker},
		{"em đi xkld bị mất hộ chiếu thì làm sao", "vi", "", "trước khi ký hợp đồng", worker},
	} {
		var c Composition
		cite(Request{Question: tc.q, Lang: tc.lang, Passages: tc.ps, Abroad: tc.abroad}, []quoted{{"A.", []int{0}}}, &c)
		if !strings.Contains(c.NextStep, tc.want) || (tc.abroad != "" && strings.Contains(c.NextStep, "113")) {
			t.Errorf("%q: next step %q, want it to contain %q (and no 113 abroad)", tc.q, c.NextStep, tc.want)
		}
	}
}

// TestNoNextStepForTheCityGuide: a question about work answered from the
// city's own documents gets no personal-case step.
func TestNoNextStepForTheCityGuide(t *testing.T) {
	var c Composition
	cite(Request{Question: "which company builds the new port", Lang: "en", Passages: []Passage{{DocID: "cantho-investment-promotion", Topic: "cantho"}}}, []quoted{{"A.", []int{0}}}, &c)
	if c.NextStep != "" {
		t.Errorf("next step %q, want none", c.NextStep)
	}
}

// TestNoSentenceAboutAnotherCountry: asked about Japan, the composer never
// quotes a sentence about China only — by its own words, or by its
// section's heading (Vietnam's section counts too) — but keeps a sentence
// listing many countries.
func TestNoSentenceAboutAnotherCountry(t *testing.T) {
	countriesOf := wordCountries(map[string]string{"china": "CN", "japan": "JP", "korea": "KR", "vietnam": "VN", "mongolia": "MN", "cambodia": "KH"})
	ps := []Passage{
		{DocID: "numbers", Topic: "diaspora", Heading: "Emergency numbers › China", Text: "In China, the ambulance number is 120. Call the ambulance number 120 from any phone."},
		{DocID: "numbers", Topic: "diaspora", Heading: "Emergency numbers › Japan", Text: "In Japan, the ambulance number is 119."},
		{DocID: "numbers", Topic: "diaspora", Heading: "Emergency numbers › In Vietnam", Text: "Call 115 for an ambulance."},
		{DocID: "numbers", Topic: "diaspora", Heading: "Emergency numbers › Where this applies", Text: "The ambulance numbers of China, Korea, Mongolia and Cambodia differ."},
	}
	q := "what is the ambulance number in Japan"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), Countries: []string{"JP"}, CountriesOf: countriesOf})
	got := body(c)
	if !strings.Contains(got, "119") || strings.Contains(got, "120") || strings.Contains(got, "115") {
		t.Errorf("asked about Japan, the answer must give 119 and neither China's 120 nor Vietnam's 115:\n%s", got)
	}
	c = ComposeExtractive(Request{Question: "which ambulance numbers differ", Lang: "en", Passages: ps[3:], Weights: weights("which ambulance numbers differ"), Countries: []string{"JP"}, CountriesOf: countriesOf})
	if !strings.Contains(body(c), "differ") {
		t.Errorf("a sentence listing many countries is not about one: %q", body(c))
	}
	// Asked about Vietnam only, the same: "What is the ambulance number in
	// Can Tho?" was answered with China's 120 and Japan's 119. A sentence
	// naming Vietnam besides another country still answers.
	ps = append(ps, Passage{DocID: "partners", Topic: "cantho", Heading: "Partners", Text: "Vietnam and Korea signed a labour agreement."})
	q = "what is the ambulance number in vietnam, and the korea labour agreement"
	c = ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), Countries: []string{"VN"}, CountriesOf: countriesOf})
	got = body(c)
	if !strings.Contains(got, "115") || strings.Contains(got, "120") || strings.Contains(got, "119") || !strings.Contains(got, "labour agreement") {
		t.Errorf("asked about Vietnam, the answer must give 115 and the Vietnam–Korea sentence, not China's 120 or Japan's 119:\n%s", got)
	}
	// Asked about Japan and Vietnam, a sentence about Vietnam and Korea is
	// about neither question's other country: "người vợ Việt Nam lấy chồng
	// Đài Loan" was quoted to a bride marrying a Japanese.
	ps = []Passage{
		{DocID: "life", Topic: "marriage", Heading: "Marriage abroad", Text: "A bride from Vietnam marrying a man from Korea has an interview first. A bride from Vietnam marrying a man from Japan registers the marriage first."},
	}
	q = "vietnam bride marrying a man from japan, what first"
	c = ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), Countries: []string{"JP", "VN"}, CountriesOf: countriesOf})
	if got = body(c); strings.Contains(got, "Korea") || !strings.Contains(got, "Japan") {
		t.Errorf("asked about Japan and Vietnam, the Korea sentence must go:\n%s", got)
	}
}

// TestListItemComesWithItsLead: an item of a list is never quoted as if
// it were a statement; the line that opens the list comes before it.
func TestListItemComesWithItsLead(t *testing.T) {
	ps := []Passage{{DocID: "broker-signs", Topic: "labour", Heading: "Broker warning signs › Signs",
		Text: "Recruitment through a licensed company is safe.\nSigns that a recruiter may be a fraud:\n- The recruiter wants to keep the worker's passport.\n- The recruiter asks for cash without a receipt."}}
	q := "can the recruiter keep my passport"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)})
	got := body(c)
	lead, item := strings.Index(got, "Signs that a recruiter may be a fraud:"), strings.Index(got, "keep the worker's passport")
	if item < 0 || lead < 0 || lead > item {
		t.Errorf("the passport item must come after its lead:\n%s", got)
	}
}

// TestStepsComeFromTheFirst: a later step of an ordered list that
// matches the question best is not quoted under its lead without the
// steps before it ("The steps are: wait for an employer. Fly to Korea."
// skipped the exam).
func TestStepsComeFromTheFirst(t *testing.T) {
	ps := []Passage{{DocID: "eps", Topic: "labour", Heading: "Korea EPS › Steps",
		Text: "The EPS steps usually are:\n1. Register for and pass the Korean language test for EPS workers, EPS-TOPIK, which is held in Vietnam once or twice a year.\n2. Take the skills test when the sector you registered for requires one in that round.\n3. Wait for an employer in Korea to choose you and sign the contract.\n4. Attend the orientation course before departure.\n5. Depart for Korea."}}
	q := "after a korea employer chooses me and I sign, what then"
	got := body(ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)}))
	if !strings.Contains(got, "Wait for an employer") {
		t.Fatalf("the matching step must be quoted:\n%s", got)
	}
	for _, before := range []string{"EPS-TOPIK", "skills test"} {
		if !strings.Contains(got, before) {
			t.Errorf("step 3 quoted without the step %q before it:\n%s", before, got)
		}
	}
}

// TestOffPointSentencesOnlyWhenAsked: two kinds of sentence answer only
// the question that asks for them (ninth audit): the service's own page
// ("The assistant gives information about … how to stay safe" was given
// to a tourist asking whether tap water is safe), and what to do in an
// emergency ("In danger, call the Korean police on 112" opened an answer
// on Korean naturalisation).
func TestOffPointSentencesOnlyWhenAsked(t *testing.T) {
	about := Passage{DocID: "about-assistant", Topic: "about", Heading: "About › What it can help with",
		Text: "The assistant gives information about marriage with a foreigner and about how to stay safe."}
	korea := Passage{DocID: "marriage-life-korea", Topic: "marriage", Heading: "Life in Korea › Help",
		Text: "In danger, call the Korean police on 112. After some years of married life in Korea, a marriage migrant may apply for Korean nationality."}
	for _, tc := range []struct {
		p       Passage
		q, mark string
		want    bool
	}{
		{about, "is it safe to drink tap water in can tho", "The assistant", false},
		{about, "can the assistant tell me how to stay safe?", "The assistant", true},
		{about, "what can you tell me about staying safe", "The assistant", true},
		{korea, "how many years must a vietnamese wife live in korea before korean nationality", "112", false},
		{korea, "my husband in korea hits me, which police number", "112", true},
	} {
		c := ComposeExtractive(Request{Question: tc.q, Lang: "en", Passages: []Passage{tc.p}, Weights: weights(tc.q)})
		if got := strings.Contains(body(c), tc.mark); got != tc.want {
			t.Errorf("%q: quoted %q: %v, want %v\n%s", tc.q, tc.mark, got, tc.want, body(c))
		}
	}
}

// TestGuideForAbroadAnswersHomeFromItsHomeSection: a question placed in
// Vietnam gets a guide for people abroad only from its section about
// Vietnam, not the missions' processing times (ninth audit).
func TestGuideForAbroadAnswersHomeFromItsHomeSection(t *testing.T) {
	countriesOf := func(text string) []string {
		var out []string
		l := strings.ToLower(text)
		if strings.Contains(l, "can tho") || strings.Contains(l, "cần thơ") || strings.Contains(l, "vietnam") {
			out = append(out, "VN")
		}
		if strings.Contains(l, "korea") {
			out = append(out, "KR")
		}
		return out
	}
	title := "Getting a Vietnamese passport while abroad"
	ps := []Passage{
		{DocID: "diaspora-passport-abroad", Topic: "diaspora", Title: title, Heading: title + " › How long it takes",
			Text: "The mission returns a passport within 5 working days (Law 49/2019/QH14, Art 16 cl. 4)."},
		{DocID: "diaspora-passport-abroad", Topic: "diaspora", Title: title, Heading: title + " › Applying in Cần Thơ or elsewhere in Vietnam",
			Text: "Someone in Cần Thơ applies for a passport at the immigration office of the Cần Thơ city police."},
	}
	for q, want := range map[string]string{
		"how long does it take to get a passport in Can Tho": "immigration office",
		"how long does it take to get a passport in Korea":   "5 working days",
	} {
		c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), Countries: countriesOf(q), CountriesOf: countriesOf})
		got := body(c)
		if !strings.Contains(got, want) || strings.Contains(q, "Can Tho") && strings.Contains(got, "5 working days") {
			t.Errorf("%q: want %q, and the missions' time only abroad:\n%s", q, want, got)
		}
	}
}

// TestCountedListItemComesAlone: a lead that counts its items ("the
// following four conditions:") would promise all four; an item answering
// alone is quoted without it.
func TestCountedListItemComesAlone(t *testing.T) {
	ps := []Passage{{DocID: "marriage-conditions", Topic: "marriage", Heading: "Marriage conditions › Conditions",
		Text: "A man and a woman may marry only when they meet all four of the following conditions:\n- The man is 20 or older and the woman 18 or older.\n- Both decide freely.\n- Neither has lost legal capacity.\n- The marriage is not in a prohibited case."}}
	q := "how old must a woman be to marry"
	got := body(ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)}))
	if !strings.Contains(got, "18 or older") || strings.Contains(got, "following conditions:") && !strings.Contains(got, "prohibited case") {
		t.Errorf("the age item alone, or the whole counted list:\n%s", got)
	}
}

// TestAgeQuestionGetsTheAgeLimit: a question that speaks of an age ("i
// am 17", "17 tuổi") is answered with the sentence stating the age limit,
// which scores above a sentence sharing as many of its words.
func TestAgeQuestionGetsTheAgeLimit(t *testing.T) {
	for _, q := range []string{"i am 17, can a vietnamese woman marry a korean man", "em 17 tuổi có được lấy chồng Hàn không"} {
		if !intentOf(q).age {
			t.Errorf("%q speaks of an age", q)
		}
	}
	ps := []Passage{{DocID: "marriage-legal-conditions", Topic: "marriage", Heading: "Marriage conditions",
		Text: "A Vietnamese woman can marry when she is 18 or older (Law 52/2014/QH13, Art 8 cl. 1(a))."}}
	q := "i am 17, can a vietnamese woman marry a korean man"
	req := Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)}
	want := intentOf(q)
	asked := candidates(req, DefaultParams(), want, nil)
	want.age = false
	plain := candidates(req, DefaultParams(), want, nil)
	if len(asked) != 1 || !asked[0].age || asked[0].score < 1.9*plain[0].score {
		t.Errorf("the age limit must count double for a question about an age: %.3f against %.3f", asked[0].score, plain[0].score)
	}
}

// TestAskedAgeIsNotAnAmount: a question that asks the maximum age ("tuổi
// tối đa là bao nhiêu") is answered, from the EPS-TOPIK document, with
// its age limit, not only with the loan's "tối đa 100.000.000 đồng"
// (seventh audit): a figure that is not an age gets no boost. A question
// that only states an age still asks for the figure it names.
func TestAskedAgeIsNotAnAmount(t *testing.T) {
	q := "Đi EPS Hàn Quốc thì tuổi tối đa là bao nhiêu?"
	r := evalRow{Question: q, Lang: "vi", Expected: []string{"labour-korea-eps-topik"}}
	req := Request{Question: q, Lang: "vi", Weights: weights(q)}
	req.Passages = passagesFor(corpusPassages(t), r, req.Weights)
	var rd Reader
	if c := composeExtractive(req, DefaultParams(), &rd); !strings.Contains(body(c), "từ 18 đến 39 tuổi") {
		t.Errorf("%q: no age limit in %q", q, body(c))
	}
	if intentOf("con tôi 17 tuổi, phí dịch vụ bao nhiêu").asksAge {
		t.Error("a stated age read as an age asked")
	}
}

// TestPartialListIsSaid: a list quoted in part (here an item with its
// lead, two sentences allowed) carries a note that the source lists more, with both counts; a
// list quoted whole carries none. A person gathering papers would take
// the items shown for the whole list (a marriage application quoted 4
// of its 5 papers, without the medical certificate).
func TestPartialListIsSaid(t *testing.T) {
	ps := []Passage{{DocID: "broker-signs", Topic: "labour", Heading: "Broker warning signs › Signs",
		Text: "Recruitment through a licensed company is safe.\nSigns that a recruiter may be a fraud:\n- The recruiter wants to keep the worker's passport.\n- The recruiter asks for cash without a receipt.\n- The recruiter promises a visa in a week."}}
	q := "can the recruiter keep my passport"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), MaxSentences: 2})
	if !strings.Contains(c.ListNote, "has 3 items, only 1 quoted here") || c.Note != "" {
		t.Errorf("one item of three quoted: want the list note after the sentences, got note %q, list note %q:\n%s", c.Note, c.ListNote, body(c))
	}
	q = "what are the signs that a recruiter may be a fraud"
	c = ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)})
	if !strings.Contains(body(c), "visa in a week") || c.Note != "" || c.ListNote != "" {
		t.Errorf("the whole list quoted: want no note, got %q, %q:\n%s", c.Note, c.ListNote, body(c))
	}
}

// TestAskedListQuotedWhole: a question that asks for papers gets the
// whole list even past the word budget (Params.ListWords); one that does
// not ask for a list keeps the budget.
func TestAskedListQuotedWhole(t *testing.T) {
	long := strings.Repeat("with its certified translation and legalisation stamp ", 5)
	ps := []Passage{{DocID: "marriage-docs", Topic: "marriage", Heading: "Registering a marriage › Papers",
		Text: "An application to register a marriage usually includes the following papers:\n" +
			"- The declaration form " + long + ".\n- The proof of marital status " + long + ".\n" +
			"- The foreign authority's confirmation " + long + ".\n- A medical certificate for each person.\n- The passports of both people."}}
	q := "what papers do I need to register a marriage"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)})
	if got := body(c); !strings.Contains(got, "medical certificate") || !strings.Contains(got, "passports") || c.ListNote != "" {
		t.Errorf("the papers asked for must be quoted whole, got note %q:\n%s", c.ListNote, got)
	}
	prm := DefaultParams()
	prm.ListWords = 0
	c = composeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q)}, prm, nil)
	if !strings.Contains(c.ListNote, "only") {
		t.Errorf("without ListWords the list does not fit the budget: want the partial-list note, got %q:\n%s", c.ListNote, body(c))
	}
}

// TestAskedChargeIsAnswered: a question whether something costs money
// ("gọi có mất tiền không") quotes the sentence that says it does, before
// the sentences that only share the question's other words. "Nhà ở Hậu
// Giang cũ, nghe nói gọi 1088 để hỏi thủ tục, vậy gọi có mất tiền không?"
// opened with who the former residents are and never said the call is
// charged.
func TestAskedChargeIsAnswered(t *testing.T) {
	ps := []Passage{{DocID: "merged", Topic: "cantho", Heading: "Người dân Hậu Giang cũ › Hỏi thủ tục ở đâu",
		Text: "Người dân Hậu Giang cũ nay là cư dân của thành phố Cần Thơ. Người dân Hậu Giang cũ hỏi thủ tục hành chính tại UBND cấp xã nơi cư trú. " +
			"Người dân Hậu Giang cũ hỏi thủ tục đất đai tại Sở Nông nghiệp và Môi trường. Người dân Hậu Giang cũ hỏi thủ tục hộ tịch tại UBND cấp xã. " +
			"Số 1088 là dịch vụ thông tin tính cước của VNPT."}}
	q := "Nhà ở Hậu Giang cũ, nghe nói gọi 1088 để hỏi thủ tục, vậy gọi có mất tiền không?"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q), MaxSentences: 2})
	if !strings.Contains(body(c), "tính cước") {
		t.Errorf("a question whether the call costs money: want the charged-service sentence, got:\n%s", body(c))
	}
	prm := DefaultParams()
	prm.ChargeBoost = 1
	if c := composeExtractive(Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q), MaxSentences: 2}, prm, nil); strings.Contains(body(c), "tính cước") {
		t.Errorf("without ChargeBoost the example must lose the charged-service sentence (else it tests nothing):\n%s", body(c))
	}
}

// TestLeadSteersTheQuotedSentence: a passage's lead (the answer of a
// reviewed card whose question is near the asker's) brings the sentence
// that says what the card says, though the asker's words point elsewhere:
// "vo chong em noi chuyen voi nhau bang tieng anh thi em co can thi topik
// ko" was answered with the TOPIK rule and never with the exemption for a
// couple sharing a language. The lead itself is never quoted.
func TestLeadSteersTheQuotedSentence(t *testing.T) {
	lead := "Không nhất thiết: điều kiện tiếng Hàn có thể được miễn khi hai người dùng chung một ngôn ngữ."
	ps := []Passage{{DocID: "f6", Topic: "marriage", Heading: "Thị thực F-6 › Điều kiện tiếng Hàn", Lead: lead,
		Text: "Người vợ hoặc chồng nước ngoài phải chứng minh có thể giao tiếp cơ bản với người phối ngẫu. " +
			"Cách chứng minh thường gặp là đạt TOPIK cấp 1 trở lên hoặc hoàn thành khóa tiếng Hàn tại cơ sở được chỉ định. " +
			"Người nộp hồ sơ có thể được miễn điều kiện tiếng Hàn trong một số trường hợp, ví dụ khi hai người dùng chung một ngôn ngữ."}}
	q := "vo chong em noi chuyen voi nhau bang tieng anh thi em co can thi topik ko"
	req := Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q), MaxSentences: 1}
	c := ComposeExtractive(req)
	if got := body(c); !strings.Contains(got, "dùng chung một ngôn ngữ") || strings.Contains(got, "Không nhất thiết") {
		t.Errorf("with the card's lead: want the exemption sentence of the passage, not the lead itself, got:\n%s", got)
	}
	prm := DefaultParams()
	prm.LeadWeight = 0
	if c := composeExtractive(req, prm, nil); strings.Contains(body(c), "dùng chung một ngôn ngữ") {
		t.Errorf("without LeadWeight the example must lose the exemption sentence (else it tests nothing):\n%s", body(c))
	}
}

// TestThisYearsFigureBeforeLastYears: a question about the present ("năm
// nay", "this year") or about a year ("in 2026") is answered with the
// figure of that year, not with an earlier year's that its document also
// keeps in a shorter sentence; the present is the year the document was
// checked in (asOf). A law named by its year ("Luật Việc làm 2025") asks
// about no year.
func TestThisYearsFigureBeforeLastYears(t *testing.T) {
	this, last := fmt.Sprint(asOf.Year()), fmt.Sprint(asOf.Year()-1)
	vi := []Passage{{DocID: "labour-korea-wages-insurance", Title: "Korea pay", Lang: "vi", Topic: "labour", AsOf: asOf,
		Heading: "Lương ở Hàn Quốc › Lương tối thiểu",
		Text: "Lương tối thiểu của Hàn Quốc năm " + this + " là 10.320 won một giờ, do Ủy ban Lương tối thiểu quyết định và Bộ Việc làm và Lao động Hàn Quốc công bố.\n" +
			"Lương tối thiểu năm " + last + " là 10.030 won một giờ."}}
	en := []Passage{{DocID: "labour-korea-wages-insurance", Title: "Korea pay", Lang: "en", Topic: "labour", AsOf: asOf,
		Heading: "Pay in Korea › Minimum wage",
		Text: "Korea's minimum wage for " + this + " is 10,320 won an hour, set by the Minimum Wage Commission and announced by the Ministry of Employment and Labor.\n" +
			"The minimum wage for " + last + " was 10,030 won an hour."}}
	for _, tc := range []struct {
		q         string
		ps        []Passage
		want, not string
	}{
		{"lương tối thiểu ở Hàn năm nay là bao nhiêu một giờ", vi, "10.320", "10.030"},
		{"hiện nay lương tối thiểu Hàn Quốc bao nhiêu won", vi, "10.320", "10.030"},
		{"what is Korea's minimum wage this year", en, "10,320", "10,030"},
		{"what is Korea's minimum wage in " + this, en, "10,320", "10,030"},
		{"what was Korea's minimum wage in " + last, en, "10,030", "10,320"},
	} {
		c := ComposeExtractive(Request{Question: tc.q, Lang: tc.ps[0].Lang, Passages: tc.ps, Weights: weights(tc.q), MaxSentences: 1})
		if got := body(c); !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%q: want %s, not %s:\n%s", tc.q, tc.want, tc.not, got)
		}
	}
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"Luật Việc làm 2025 có thay đổi trợ cấp thất nghiệp không", 0},
		{"lớp học theo kh 2011 giờ còn mở ko", 0},
		{"minimum wage in 2026 for a full-time worker", 2026},
		{"lương tối thiểu năm nay theo quyết định năm 2025", 0}, // the present: the document's year
	} {
		if got := intentOf(tc.q).year; got != tc.want {
			t.Errorf("%q: asked year %d, want %d", tc.q, got, tc.want)
		}
	}
}

// TestNoCountryAskedPrefersVietnam: a question that names no country ("số
// cấp cứu là số mấy") is Cần Thơ's service's: in a document about many
// countries, Vietnam's sentence is quoted before those about one foreign
// country each; asked about a country, that country's sentence is.
func TestNoCountryAskedPrefersVietnam(t *testing.T) {
	countriesOf := wordCountries(map[string]string{"china": "CN", "japan": "JP", "korea": "KR", "vietnam": "VN"})
	doc := func(section, text string) Passage {
		return Passage{DocID: "numbers", Title: "Emergency numbers", Topic: "diaspora", AsOf: asOf, Heading: "Emergency numbers › " + section, Text: text}
	}
	ps := []Passage{
		doc("China", "In China, the ambulance number is 120."),
		doc("Japan", "In Japan, the ambulance number is 119."),
		doc("Korea", "In Korea, the ambulance number is 119 too."),
		doc("Vietnam", "In Vietnam, Cần Thơ included, the ambulance number is 115."),
	}
	q := "what is the ambulance number"
	c := ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), CountriesOf: countriesOf, MaxSentences: 2})
	if got := body(c); !strings.Contains(got, "115") {
		t.Errorf("%q names no country: Vietnam's 115 must be among the first two sentences:\n%s", q, got)
	}
	q = "what is the ambulance number in china"
	c = ComposeExtractive(Request{Question: q, Lang: "en", Passages: ps, Weights: weights(q), Countries: []string{"CN"}, CountriesOf: countriesOf, MaxSentences: 2})
	if got := body(c); !strings.Contains(got, "120") {
		t.Errorf("%q: China's 120 must be quoted:\n%s", q, got)
	}
}

// wordCountries is a Request.CountriesOf for tests: the codes of the
// words of names (lower case) a text holds, in the order it names them.
func wordCountries(names map[string]string) func(string) []string {
	return func(text string) []string {
		var out []string
		for _, w := range strings.Fields(strings.ToLower(strings.NewReplacer(",", " ", ".", " ").Replace(text))) {
			if c, ok := names[w]; ok && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
}

// TestAmountAskedInACurrency: asked "at least how many won", the composer
// quotes the wage in won, not the overtime rates "at least 50%" that
// share more of the question's words; asked the amount in đồng, a figure
// in won is no answer either.
func TestAmountAskedInACurrency(t *testing.T) {
	ps := []Passage{
		{DocID: "korea-wages", Topic: "labour", Heading: "Lương ở Hàn Quốc › Giờ làm thêm", Text: "Giờ làm thêm phải được trả cao hơn lương thông thường ít nhất 50%. " +
			"Làm ca đêm phải được trả cao hơn lương thông thường ít nhất 50%. Làm vào ngày nghỉ phải được trả cao hơn lương thông thường ít nhất 50%."},
		{DocID: "korea-wages", Topic: "labour", Heading: "Lương ở Hàn Quốc › Lương tối thiểu", Text: "Lương tối thiểu của Hàn Quốc là 10.320 won một giờ, do Ủy ban Lương tối thiểu quyết định sau nhiều vòng họp với đại diện người lao động và người sử dụng lao động."},
		{DocID: "fund", Topic: "labour", Heading: "Quỹ › Mức hỗ trợ", Text: "Quỹ hỗ trợ gia đình 40.000.000 đồng."},
	}
	q := "Một giờ làm việc ở Hàn được trả ít nhất bao nhiêu won?"
	c := ComposeExtractive(Request{Question: q, Lang: "vi", Passages: ps[:2], Weights: weights(q), MaxSentences: 1})
	if got := body(c); !strings.Contains(got, "10.320 won") {
		t.Errorf("asked for an amount in won, the answer must give the wage in won:\n%s", got)
	}
	q = "Quỹ hỗ trợ gia đình bao nhiêu đồng, lương tối thiểu ở Hàn?"
	c = ComposeExtractive(Request{Question: q, Lang: "vi", Passages: []Passage{ps[1], ps[2]}, Weights: weights(q), MaxSentences: 1})
	if got := body(c); !strings.Contains(got, "40.000.000 đồng") {
		t.Errorf("asked for an amount in đồng, the answer must give the Fund's 40.000.000 đồng, not a figure in won:\n%s", got)
	}
}
