package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/vitext"

	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/knowledge"
)

func TestAgeRuleSearch(t *testing.T) {
	for _, tt := range []struct {
		q         string
		countries []string
		want      string // a word of the added search, "" for none
	}{
		{"Cháu tôi 16 tuổi, có người rủ đi làm ở Malaysia", []string{"MY"}, "18 tuổi"},
		{"em 17t muon di xkld nhat co dc ko", []string{"JP"}, "18 tuổi"},
		{"my nephew is 16, a man offered him a factory job in Malaysia", []string{"MY"}, "under 18"},
		{"con gái tôi 16 tuổi, có người mai mối lấy chồng Đài Loan", []string{"TW"}, "kết hôn"},
		{"I am 17, can I marry my Japanese boyfriend?", []string{"JP"}, "marry"},
		// A job at home is allowed from 15 (Labour Code): no rule added.
		{"Con tôi 16 tuổi muốn đi làm thêm ở quán cà phê được không", nil, ""},
		// An adult, and a number that is not an age.
		{"Tôi 25 tuổi, muốn đi làm ở Nhật", []string{"JP"}, ""},
		{"đi Hàn cần học tiếng 5 tháng không", []string{"KR"}, ""},
		{"the service fee is 15 million for a job in Japan", []string{"JP"}, ""},
		{"con tôi 16 tuổi, gia đình muốn cho đi làm ở Nhật", []string{"JP"}, "18 tuổi"},
		{"cuối năm con 17 tuổi đi xkld Đài Loan được chưa", []string{"TW"}, "18 tuổi"},
		// The married person's child (fifth audit): no marriage age.
		{"Chị tôi lấy chồng Đài Loan, muốn đưa con gái 10 tuổi (quốc tịch Đài Loan) về ở Cần Thơ lâu dài thì cần giấy tờ gì?", []string{"TW", "VN"}, ""},
		{"My sister married a Korean and her son is 12, can he live in Vietnam?", []string{"KR", "VN"}, ""},
	} {
		got := ageRuleSearch(tt.q, tt.countries)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("ageRuleSearch(%q) = %q, want one with %q", tt.q, got, tt.want)
		}
	}
}

// A relative asking whether a child can go to work abroad, or marry,
// is told the age rule with its article, though the question names
// neither "18" nor the rule.
func TestMinorsAreToldTheAgeRule(t *testing.T) {
	s, _ := service(t)
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	s.Safety = checker
	for _, tt := range []struct{ q, want string }{
		{"Cháu tôi 16 tuổi, có người đến nhà rủ đi làm ở Malaysia lương cao, có cho đi được không?", "Luật 69/2020/QH14, Điều 3 khoản 1"},
		{"my nephew is 16, a man offered him a factory job in Malaysia, can he go?", "Law 69/2020/QH14, Art 3 cl. 1"},
		{"my daughter is 16 and a broker says she can marry a Korean man next month", "Law 52/2014/QH13, Art 8 cl. 1(a)"},
	} {
		a, err := s.Ask(context.Background(), Query{Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if a.Handoff || !strings.Contains(a.Body(), tt.want) {
			t.Errorf("%q: want the age rule (%s) in the answer, got:\n%s", tt.q, tt.want, a.PlainText())
		}
	}
}

func TestSituationSearch(t *testing.T) {
	for q, want := range map[string]bool{
		"Anh tôi đi làm ở Hàn theo EPS, công ty bên đó vừa báo anh bị máy cán chết hôm qua": true,
		"My husband worked in Qatar. He died in a car accident at work last week":           true,
		"ba em di lam o dai loan bi tai nan chet roi, cty ko bao":                           true,
		// "mất rồi" typed without marks after an accident (fifth audit).
		"ck e o nhat bi tai nan giao thong mat roi, cty noi se gui tro cot ve, gia dinh e can lam giay to gi": true,
		// Losing a thing is no death.
		"em o nhat bi mat ho chieu roi, cty noi lam lai o dau": false,
		// A death at home, or no work: nothing added.
		"Ông tôi qua đời ở Cần Thơ, làm giấy chứng tử ở đâu": false,
	} {
		abroad := strings.Contains(q, "Hàn") || strings.Contains(q, "Qatar") || strings.Contains(q, "dai loan") || strings.Contains(q, "nhat")
		if got := strings.Contains(situationSearch(q, abroad), "chết") || strings.Contains(situationSearch(q, abroad), "dies"); got != want {
			t.Errorf("situationSearch(%q) added the death words: %v, want %v", q, got, want)
		}
	}
}

func TestSituationSearchUnpaidWages(t *testing.T) {
	for q, want := range map[string]string{
		"Tôi là thực tập sinh ở Gifu, Nhật Bản. Công ty nợ lương 2 tháng rồi, nghiệp đoàn không giúp": "nợ lương",
		"My employer in Malaysia has not paid me for three months, my company in Vietnam says wait":   "unpaid",
		// Broken English (ninth audit).
		"hi i working korea EPS 2 year, boss not pay salary 3 month already, who i can call": "unpaid",
		// At home, no rule: the city's labour office answers that.
		"Công ty ở Cần Thơ nợ lương 2 tháng thì kiện ở đâu": "",
	} {
		got := situationSearch(q, strings.Contains(q, "Nhật") || strings.Contains(q, "Malaysia") || strings.Contains(q, "korea"))
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("situationSearch(%q) = %q, want one with %q", q, got, want)
		}
	}
}

func TestSituationSearchInjury(t *testing.T) {
	for q, want := range map[string]string{
		"Bố tôi làm xây dựng ở Đài Loan bị ngã giàn giáo gãy chân, chủ không chịu trả viện phí. Quỹ có hỗ trợ gì không": "tai nạn",
		// A death in an accident is a death.
		"ba em di lam o dai loan bi tai nan chet roi, cty ko bao": "chết",
		// In hospital after a fall at work (fourth audit, #18).
		"My cousin in Doha, Qatar has been in hospital for 2 weeks after a fall at work. Can his wife get any support?": "injured",
		// Told that leaving costs the deposit (fourth audit, #6): the rule
		// that abuse or forced labour does not.
		"Em đi thực tập sinh ở Osaka, công ty bắt làm 16 tiếng, môi giới dọa nếu bỏ về thì mất tiền cọc 3.000 đô": "ký quỹ",
		"My employer in Japan says I lose my deposit if I quit and go home":                                       "deposit back",
	} {
		if got := situationSearch(q, true); !strings.Contains(got, want) {
			t.Errorf("situationSearch(%q) = %q, want one with %q", q, got, want)
		}
	}
	// A question about the deposit, with no situation told: nothing added.
	if got := situationSearch("Tiền ký quỹ đi Nhật làm việc là bao nhiêu", true); got != "" {
		t.Errorf("a plain deposit question got situation words %q", got)
	}
}

// TestLegalBasisIsNotASecondQuestion: "Luật nào quy định?" after a
// question about a legal figure is answered by the figure's article, so
// the message is one question; a second question on its own subject
// still is one.
func TestLegalBasisIsNotASecondQuestion(t *testing.T) {
	for q, wantMore := range map[string]bool{
		"Hợp đồng 2 năm đi Đài Loan thì công ty được thu phí dịch vụ tối đa mấy tháng lương? Luật nào quy định?": false,
		"What is the maximum service fee for 2 years? Which law says so?":                                        false,
		"Đi Nhật thì tiền dịch vụ tối đa bao nhiêu? Quy định ở điều nào?":                                        false,
		"Phí dịch vụ đi Đài Loan bao nhiêu? Bao lâu thì được đi?":                                                true,
	} {
		if _, more := firstQuestion(q); more != wantMore {
			t.Errorf("firstQuestion(%q): more = %v, want %v", q, more, wantMore)
		}
	}
}

// TestFirstAskInOneSentence reads two questions that share one question
// mark, and leaves alone a sentence that asks one thing, one that asks
// only for the legal basis, and a story before a single question.
func TestFirstAskInOneSentence(t *testing.T) {
	for q, want := range map[string]string{
		"I am Viet Kieu in USA with American passport. Can I buy an apartment in Can Tho, and how long can I stay without a visa?":                   "I am Viet Kieu in USA with American passport. Can I buy an apartment in Can Tho?",
		"Tôi là Việt kiều Pháp. Tôi có được đứng tên mua căn hộ ở Cần Thơ không, cần giấy tờ gì?":                                                    "Tôi là Việt kiều Pháp. Tôi có được đứng tên mua căn hộ ở Cần Thơ không?",
		"vay ngan hang chinh sach di nhat dc bao nhieu, lai suat bao nhieu, can the chap ko":                                                         "vay ngan hang chinh sach di nhat dc bao nhieu?",
		"I'm a German engineer, my company sends me to Can Tho for 6 months to install machines. Which visa do I need, and do I need a work permit?": "I'm a German engineer, my company sends me to Can Tho for 6 months to install machines. Which visa do I need?",
		"How many days can I stay each entry, and which decree says so?":                                                                             "",
		"Tôi là Việt kiều Úc, muốn mua đất nông nghiệp ở Phong Điền để làm vườn, có được đứng tên không?":                                            "",
		"e di xkld nhat ve dc 2 thang, cty xkld giu tien ky quy 60tr ko tra, noi cho quyet toan, bao lau thi ho phai tra":                            "",
		"Chồng tôi không đánh nhưng giữ hết tiền, không cho tôi đồng nào để tiêu, vậy có tính là bạo lực gia đình không?":                            "",
		"Anh tôi lắp máy ở Cần Thơ, và hỏi thủ tục gia hạn visa":                                                                                     "",
	} {
		got, ok := firstAsk(q)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("firstAsk(%q) = %q, want %q", q, got, want)
		}
	}
}

// A worker asked to pay or pay back the broker's commission gets the rule
// that no one may collect it from a worker, with or without a word of
// work; a question about the service fee does not.
func TestSituationSearchBrokerageCharged(t *testing.T) {
	for q, want := range map[string]bool{
		"The agency says I must repay the broker's commission before I fly to Japan. Is that legal?": true,
		"Công ty bắt em trả tiền môi giới 2 tháng lương có đúng luật không?":                         true,
		"di dai loan co phai dong tien moi gioi cho cong ty khong":                                   true,
		"Tiền dịch vụ đi Nhật tối đa bao nhiêu?":                                                     false,
		"Môi giới hôn nhân có bị phạt không?":                                                        false,
		"Trả tiền môi giới hôn nhân để lấy chồng Hàn có bị phạt không?":                              false,
	} {
		got := situationSearch(q, false)
		if has := strings.Contains(got, "prohibited") || strings.Contains(got, "nghiêm cấm"); has != want {
			t.Errorf("situationSearch(%q) = %q; want the brokerage rule %v", q, got, want)
		}
	}
}

// A wife beaten by her husband who asks about staying in Korea, or about
// preparing for the next time, gets the document words that answer her;
// the stay rule is Korea's and needs Korea named; a plain visa question
// and a tax question get nothing.
func TestMarriageSituationSearch(t *testing.T) {
	for q, want := range map[string]string{
		"my korean husband hit me many times and i left the house, now im scared immigration send me back to vietnam": "F-6-3",
		"Chồng Hàn đánh em nhiều lần, em bỏ nhà đi, giờ sợ bị trục xuất về nước":                                      "F-6-3",
		"ck tui hễ say là đập phá, tui sợ lúc nguy hiểm ko gọi được ai, giờ nên chuẩn bị trước cái gì":                "ám hiệu",
		"My husband beats me when he drinks. What should I prepare in case it happens again?":                         "code word",
		// Taiwan named: the Korean rule is not searched for.
		"my taiwanese husband hit me, im scared immigration send me back":            "",
		"Chồng Hàn bảo lãnh visa F-6 cần thu nhập bao nhiêu?":                        "",
		"Vợ chồng em ở Hàn bị đánh thuế thu nhập thế nào, có phải chuẩn bị giấy gì?": "",
		// Where to divorce, beaten or not: Art 127.
		"Em lấy chồng Hàn ở Daegu được 8 tháng, đang visa F-6-1. Chồng đánh em nhiều lần. Em muốn ly hôn thì làm ở bên Hàn hay phải về Việt Nam làm?": "thường trú chung",
		"I live in Korea with my Korean husband. If I want to get a divorce, do I file in Korea or in Vietnam?":                                       "common permanent residence",
		// Evidence to keep, typed without marks ("bị chồng đánh").
		"bi chong danh thi can giu lai bang chung gi": "bằng chứng",
		// Divorced already: recording it is another question.
		"Tôi đã ly hôn bên Đài Loan, về Việt Nam ghi chú ly hôn thì mất bao nhiêu ngày?": "",
		// A matchmaker paid for it asks about fines (seventh audit); one
		// who asks nothing of money or fines gets nothing.
		"toi lam mai moi cho may co lay chong han lay tien cam on thi co bi phat ko, phat bao nhieu": "trục lợi",
		"Is a marriage broker who takes a fee fined in Vietnam?":                                     "for profit",
		"Làm mai cho con gái hàng xóm lấy chồng Việt Kiều thì cần chuẩn bị gì?":                      "",
		// Eighth audit: "must go back" is the fear of losing the right to
		// stay; a beaten or divorcing mother asks who keeps the child.
		"I am Vietnamese woman married Korean, F-6 visa. Husband beat me and take my alien card. If I divorce, I must go back Vietnam? I am in Busan": "F-6-3",
		"Chồng Đài Loan đánh em gãy tay, em muốn ly hôn và đưa con 2 tuổi về VN. Thủ tục cho con về thế nào?":                                         "36 tháng",
		"If I divorce my husband, who keeps the children?": "under 36 months",
		"Con 2 tuổi thì cần giấy tờ gì để về Việt Nam?":    "",
		// Registering in Vietnam, with a partner of another country: the papers.
		"Chồng sắp cưới của em người Trung Quốc, đã ly hôn một lần. Đăng ký kết hôn ở Cần Thơ cần giấy gì của bên đó?": "giấy tờ thường phải chuẩn bị",
		"My Japanese fiance and I will register our marriage in Can Tho. What papers does he need?":                    "papers usually needed",
		"Đăng ký kết hôn ở Trung Quốc cần giấy gì?":                                                                    "",
	} {
		got := marriageSituationSearch(q, strings.Contains(strings.ToLower(q), "korea") || strings.Contains(q, "Hàn"))
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("marriageSituationSearch(%q) = %q, want one with %q", q, got, want)
		}
	}
}

// A question typed without marks is Vietnamese or English as typed: the
// marks of spelled-out shorthand do not make it English.
func TestDetectLangIgnoresMarksOfSpelledOutShorthand(t *testing.T) {
	for q, want := range map[string]string{
		"anh tui di xkld han quoc bo tron ra ngoai lam 3 nam roi gio muon ve ma so bi phat khong biet ve thi co bi gi khong tien ky quy co lay lai duoc khong": vitext.Vietnamese,
		"how much is the xkld fee for japan":         vitext.English,
		"Tiền ký quỹ đi Hàn là bao nhiêu?":           vitext.Vietnamese,
		"What does kết hôn giả tạo mean in the law?": vitext.English,
	} {
		if got := detectLang(q, vitext.ExpandShorthand(q)); got != want {
			t.Errorf("detectLang(%q) = %q, want %q", q, got, want)
		}
	}
}

// An age asked about a marriage is the marriage age; an age stated after
// the first question still counts for it.
func TestAgeAskedOrStatedLater(t *testing.T) {
	if got := ageRuleSearch("My Japanese fiance and I want to marry in Can Tho. How old must we be, and does he need a paper from Japan that he is single?", []string{"JP"}); !strings.Contains(got, "20 years old") {
		t.Errorf("a marriage's age asked got %q, want the marriage age", got)
	}
	if got := ageRuleSearch("Mấy tuổi thì được đi làm việc ở Nhật?", []string{"JP"}); got != "" {
		t.Errorf("a work question's age asked got %q, want nothing (the programme's own age answers)", got)
	}
	s := &Service{}
	if got := s.queryPlan("Mấy tuổi thì được đi thực tập sinh Nhật?", "Mấy tuổi thì được đi thực tập sinh Nhật? Con tôi 17 tuổi rưỡi có đi được không?"); !strings.Contains(got, "chưa đủ 18 tuổi") {
		t.Errorf("an age stated after the first question was not read: %q", got)
	}
	if got := situationSearch("Con trai tôi làm ở Hàn theo EPS, bị máy cắt đứt 2 ngón tay, chủ không cho đi viện", true); !strings.Contains(got, "tai nạn") {
		t.Errorf("a hand cut by a machine got %q, want the injury words", got)
	}
}

// Someone abroad without a passport who wants to come home gets the
// shortened procedure's words; a plain renewal question does not.
func TestHomeWithoutPassport(t *testing.T) {
	for q, want := range map[string]bool{
		"ck e nguoi trung quoc, e qua ben do ko co giay to gi, ck giu het, gio e co bau muon ve vn sinh con, lam sao ve dc": true,
		"I lost my passport in Osaka and want to go home right away. What can I do?":                                        true,
		"Hộ chiếu của tôi sắp hết hạn, tôi đang ở Nhật, làm lại ở đâu?":                                                     false,
	} {
		got := homeWithoutPassport.search(q)
		if has := strings.Contains(got, "rút gọn") || strings.Contains(got, "shortened"); has != want {
			t.Errorf("homeWithoutPassport.search(%q) = %q; want the shortened procedure: %v", q, got, want)
		}
	}
}

// An offer with two scam signs gets the scam document's words; one with a
// single sign does not.
func TestScamOfferSearch(t *testing.T) {
	for q, want := range map[string]bool{
		"có người quen rủ tui qua bên kia làm, ko cần bằng cấp ko cần ký hợp đồng gì hết, lương 2000 đô, nghe ngon quá có nên đi ko": true,
		"A man on Facebook offers easy work with high pay in Cambodia, no contract. Is it real?":                                     true,
		"Lương đi Nhật có cao không?": false,
	} {
		if got := scamOfferSearch(q, false) != ""; got != want {
			t.Errorf("scamOfferSearch(%q) = %v, want %v", q, got, want)
		}
	}
}

// A worker in Japan who wants another company gets the words on changing
// employer; a Specified Skilled Worker (whose rule the documents do not
// give) and a worker in Korea do not.
func TestChangeEmployerJapan(t *testing.T) {
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Safety: checker}
	for q, want := range map[string]bool{
		"Tôi là thực tập sinh ở Osaka, công ty bắt làm từ 7 giờ sáng đến 11 giờ đêm. Tôi muốn chuyển sang công ty khác thì có được không?": true,
		"Tôi làm ở Nhật diện kỹ năng đặc định. Tôi muốn chuyển sang công ty khác, có phải về nước không?":                                  false,
		"Tôi làm ở Hàn theo EPS, muốn chuyển sang công ty khác thì có được không?":                                                         false,
	} {
		if got := strings.Contains(s.queryPlan(q, q), "Ikusei"); got != want {
			t.Errorf("queryPlan(%q) has the Japan change-of-employer words: %v, want %v", q, got, want)
		}
	}
}

// A passport that expires gets the second passport's time; a lost one
// does not (its own procedure).
func TestPassportRenewal(t *testing.T) {
	if got := passportRenewal.search("e o malaysia, ho chieu het han thang sau, chu giu ho chieu ko tra de gia han, e phai lam sao"); !strings.Contains(got, "03 ngày") {
		t.Errorf("an expiring passport got %q", got)
	}
	s := &Service{}
	q := "mat ho chieu ben dai loan thi lam lai can giay gi"
	if got := s.queryPlan(q, q); strings.Contains(got, "03 ngày") {
		t.Errorf("a lost passport got the renewal words: %q", got)
	}
}

// TestDepositTooEarly: a deposit asked before the job order, the
// acceptance or the visa searches for the rule that it comes after them
// (seventh audit); a deposit paid before the flight does not.
func TestDepositTooEarly(t *testing.T) {
	for q, want := range map[string]bool{
		"Tôi muốn đi Đài Loan. Công ty đòi đặt cọc 50 triệu trước khi có đơn hàng, như vậy có đúng luật không?": true,
		"The agency wants a deposit before I even have a job order. Is that allowed?":                           true,
		"Tiền ký quỹ phải nộp trước khi bay bao nhiêu ngày?":                                                    false,
	} {
		if got := depositTooEarly.search(q) != ""; got != want {
			t.Errorf("%q: deposit asked too early %v, want %v", q, got, want)
		}
	}
}

// TestTenthAuditSituations: what the tenth audit's questions search for.
// A fee asked before the visa, the job order or the contract searches for
// when the service fee may be collected (Taiwan's broker fees answered);
// a worker back home asking what to declare, for the 15-day residence
// notice (the localities whose recruitment is suspended came first); a
// family asking how to bring a worker's body home, for the company's duty
// (the Fund's 40 million came first). Look-alikes do not.
func TestTenthAuditSituations(t *testing.T) {
	for _, tt := range []struct {
		name string
		sit  situation
		q    string
		want bool
	}{
		{"fee too early", feeTooEarly, "Is it legal for the agency to charge me a fee before I get my visa?", true},
		{"fee too early", feeTooEarly, "cty kêu đóng tiền dịch vụ trc đi, khi nào đơn hàng dc duyệt thì bay, z có đúng ko", true},
		{"fee too early", feeTooEarly, "công ty bắt nộp tiền trước khi có đơn hàng có đúng không", true},
		{"fee too early", feeTooEarly, "Phí dịch vụ phải nộp trước khi bay bao nhiêu ngày?", false},
		{"residence notice", residenceAfterReturn, "về nước rồi phải khai báo gì với địa phương", true},
		{"residence notice", residenceAfterReturn, "After I come home from Japan, do I need to register anything with the local police?", true},
		{"residence notice", residenceAfterReturn, "ve nuoc roi co can dang ky tam tru lai khong", true},
		{"residence notice", residenceAfterReturn, "xkld ve nuoc roi tim viec o dau", false},
		// Home is the family's house, not the country.
		{"residence notice", residenceAfterReturn, "chồng về nhà thông báo muốn ly hôn thì em làm sao", false},
		{"body home", remainsHome, "Anh trai tôi chết ở Hàn, làm sao đưa thi thể về", true},
		{"body home", remainsHome, "My brother died in Taiwan at work, how do we bring his body home?", true},
		{"body home", remainsHome, "chi phi dua di hai ve viet nam ai tra", true},
		{"body home", remainsHome, "nha toi muon dua xac anh toi ve que", true},
		{"body home", remainsHome, "Con tôi mất khi đang đi lao động ở nước ngoài, gia đình được Quỹ hỗ trợ bao nhiêu tiền?", false},
		// "xác nhận" is a certificate, not a body.
		{"body home", remainsHome, "xin cho xác nhận tình trạng hôn nhân để về nước kết hôn ở đâu", false},
	} {
		if got := tt.sit.search(tt.q) != ""; got != tt.want {
			t.Errorf("%s: %q searched %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
	// A deposit asked early keeps the deposit's rule alone: the fee's
	// comes after it in the query plan.
	s := &Service{}
	q := "The agency wants a deposit before I even have a job order. Is that allowed?"
	if got := s.queryPlan(q, q); !strings.Contains(got, "deposit may be made only after") || strings.Contains(got, "service fee") {
		t.Errorf("a deposit asked early searches for the deposit's rule alone, got %q", got)
	}
}

// A worker back home asking for work or a loan to start out searches for
// the help a returned worker gets (eighth audit: it got the loans for
// going abroad); one still abroad, or asking of something else, does not.
func TestJobAfterReturn(t *testing.T) {
	s := &Service{}
	for q, want := range map[string]bool{
		"Con trai tôi đi Nhật về được 2 tháng, ở Cần Thơ có chỗ nào giúp tìm việc hoặc cho vay vốn làm ăn không?": true,
		"I came back from Korea last month. Where can I find a job in Can Tho?":                                   true,
		"Con tôi đang ở Nhật, muốn tìm việc khác thì sao?":                                                        false,
		"Tôi về nước được 3 tháng, tiền ký quỹ bao giờ được trả?":                                                 false,
	} {
		if got := strings.Contains(s.queryPlan(q, q), "Trung tâm Dịch vụ việc làm") || strings.Contains(s.queryPlan(q, q), "Employment Service Centre"); got != want {
			t.Errorf("%q: the returned worker's help searched %v, want %v", q, got, want)
		}
	}
}

// TestRunningAwayAndTheDeposit: a worker who wants to run away, or a
// family told he ran away, searches for what the deposit covers; abuse
// told with it searches for the right to end the contract (ninth audit).
func TestRunningAwayAndTheDeposit(t *testing.T) {
	for q, want := range map[string]string{
		"e dang la tts o nhat, cty bat lam 12 tieng 1 ngay, e muon tron ra ngoai lam cho khac luong cao hon dc ko a":       "bỏ trốn",
		"Con tôi đi Hàn theo diện EPS, chủ bên đó nói nó bỏ trốn khỏi chỗ làm rồi. Có bị mất 100 triệu tiền ký quỹ không?": "bỏ trốn",
		"My son is a worker in Korea, the employer says he ran away. Will we lose the deposit?":                            "running away",
		"chủ bên Đài cứ dọa giết, tui muốn bỏ trốn khỏi xưởng liền":                                                        "đơn phương chấm dứt",
		// Forced labour is a ground to end the contract too.
		"my boss in Korea force me to work 16 hours with no rest, can I end the contract?": "end the contract unilaterally",
	} {
		if got := situationSearch(q, true); !strings.Contains(got, want) {
			t.Errorf("situationSearch(%q) = %q, want the words with %q", q, got, want)
		}
	}
}

// TestSendingWagesHome: a worker abroad asking whether wages may be sent
// home searches for that right (Law 69/2020/QH14 Art 6 cl. 1(c)), not
// the fee caps "tiền lương" also finds; money sent home with no work
// told adds nothing.
func TestSendingWagesHome(t *testing.T) {
	for q, want := range map[string]string{
		"lam o nuoc ngoai co duoc gui tien luong ve nha ko hay bi cam": "chuyển thu nhập hợp pháp về nước",
		"I work in Japan, can I send my salary home?":                  "send lawful income home",
		"Việt kiều gửi tiền về nhà có phải đóng thuế không":            "",
	} {
		if got := situationSearch(q, strings.Contains(q, "Japan")); want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("situationSearch(%q) = %q, want the words with %q", q, got, want)
		}
	}
}

// The answers themselves: a worker asking about sending wages home, or
// about ending the contract under forced labour, is told the right with
// its article first, not the banned jobs or the EPS extension rule that
// came first before.
func TestWorkersAreToldTheirRights(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, tt := range []struct{ q, want string }{
		{"lam o nuoc ngoai co duoc gui tien luong ve nha ko hay bi cam", "Điều 6 khoản 1 điểm c"},
		{"my boss in Korea force me to work 16 hours with no rest, can I end the contract?", "Art 6 cl. 1(đ)"},
	} {
		if a := ask(t, s, tt.q); a.Handoff || len(a.Sentences) == 0 || !strings.Contains(a.Sentences[0].Text, tt.want) {
			t.Errorf("%q: want the right (%s) in the first sentence, got:\n%s", tt.q, tt.want, a.PlainText())
		}
	}
}

// TestTenthAuditAnswers: what the tenth audit found quoted from the
// wrong document. A wife whose husband keeps her from calling home got
// the F-6 visa's conditions; a worker in Japan docked pay for a sick day
// got the refund of a broker's unlawful charges; a worker in Korea whose
// wages are held got a bride's guide to Korean papers.
func TestTenthAuditAnswers(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, tt := range []struct{ q, doc string }{
		{"chồng Hàn không cho em gọi về nhà, em sợ lắm", "marriage-domestic-violence-help"},
		{"my husband in Taiwan won't let me call my family", "marriage-domestic-violence-help"},
		{"Em bị công ty Nhật trừ lương vì nghỉ ốm, em phải làm sao", "labour-help-abroad"},
		{"Em đang ở Hàn Quốc bị chủ giữ lương, gọi 1088 được không?", "labour-help-abroad"},
		// Asking whether she was sold is the trafficking documents'.
		{"Cháu gái tôi bị nhà chồng bên Trung Quốc lấy hộ chiếu, không cho ra khỏi nhà. Như vậy có phải bị mua bán không?", "marriage-trafficking-help-abroad"},
	} {
		a := ask(t, s, tt.q)
		if a.Handoff || len(a.Sources) == 0 || a.Sources[0].ID != tt.doc {
			t.Errorf("%q: want an answer from %s first, got:\n%s", tt.q, tt.doc, a.PlainText())
		}
	}
}

// TestBannedJob: a job the law bans abroad, told in everyday words, gets
// the ban and its article (Law 69/2020/QH14 Art 7 cl. 12), not a hand-off
// or Taiwan's direct hiring (a fresh gap set).
func TestBannedJob(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, q := range []string{
		"nghe nói bên Đài tuyển người làm dịch vụ tang lễ, lo liệm xác, lương cao lắm, tui đi được ko",
		"A company in Japan hires workers for a funeral service to wash and dress corpses, can I go?",
		// "recruits workers" is work too (got naturalisation in Taiwan).
		"an agency in Taiwan recruits workers for a funeral home, can I apply?",
	} {
		a := ask(t, s, q)
		text := a.PlainText()
		article := strings.Contains(text, "Điều 7 khoản 12") || strings.Contains(text, "Art 7 cl. 12")
		if a.Handoff || !article || !strings.Contains(text, "tử thi") && !strings.Contains(text, "corpses") {
			t.Errorf("%q: want the ban on corpse work with its article, got:\n%s", q, text)
		}
	}
}

// TestRansomDemanded: a family asked for a ransom searches for the rule
// to tell the police before paying (ninth audit).
func TestRansomDemanded(t *testing.T) {
	s := &Service{}
	for q, want := range map[string]string{
		"Em gái tôi bị nhốt ở Campuchia, bọn nó đòi nhà tôi chuộc 5000 đô mới thả. Nhà tôi có nên gửi tiền không?": "báo công an trước khi chuyển",
		"They want 3000 dollars ransom for my cousin in Myanmar, should we pay?":                                   "tell the police before paying",
		"Lời mời việc nhẹ lương cao ở Campuchia có đáng tin không?":                                                "",
	} {
		got := s.queryPlan(q, q)
		if want == "" && strings.Contains(got, "chuộc") || want != "" && !strings.Contains(got, want) {
			t.Errorf("queryPlan(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestChildBornAbroad: a parent asking for a child born abroad's birth
// registration searches for the missions' civil status; a passport alone
// does not (ninth audit).
func TestChildBornAbroad(t *testing.T) {
	s := &Service{}
	for q, want := range map[string]bool{
		"Con gái tôi sinh ở Úc, bố cháu là người Úc. Giờ tôi muốn làm khai sinh Việt Nam và hộ chiếu Việt Nam cho cháu thì làm ở đâu?": true,
		"My son was born in Germany, how do I register his birth with Vietnam?":                                                        true,
		"con moi sinh o nhat lam ho chieu lan dau o dau":                                                                               false,
	} {
		if got := strings.Contains(s.queryPlan(q, q), "khai sinh cho con sinh ở nước ngoài") || strings.Contains(s.queryPlan(q, q), "birth of a child born abroad"); got != want {
			t.Errorf("queryPlan(%q) searches for a birth abroad: %v, want %v", q, got, want)
		}
	}
}

// Someone asking for a mission's own number gets it, not only the
// consular department's hotline that the trafficking guides name.
func TestMissionContact(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, tt := range []struct{ q, want string }{
		{"Số điện thoại đường dây nóng của Đại sứ quán Việt Nam tại Hàn Quốc là gì?", "+82 10-6315-6618"},
		{"Đại sứ quán ở Tokyo có số khẩn cấp không?", "+81 80-3590-9136"},
		{"Vietnam office in Taipei phone number for workers in trouble", "+886 933262836"},
	} {
		if a := ask(t, s, tt.q); !strings.Contains(a.PlainText(), tt.want) {
			t.Errorf("%q: want %q in:\n%s", tt.q, tt.want, a.PlainText())
		}
	}
	// The words of the plan are added only when a mission is asked for.
	for q, want := range map[string]bool{
		"so dt dai su quan viet nam o seoul":                                                 true,
		"what is the address of the embassy in Riyadh?":                                      true,
		"Số điện thoại Sở Nội vụ thành phố Cần Thơ":                                          false,
		"Đại sứ quán có giữ hộ chiếu của tôi không?":                                         false,
		"Giấy tờ nước ngoài trong hồ sơ đăng ký kết hôn có phải hợp pháp hóa lãnh sự không?": false,
	} {
		if got := strings.Contains(s.queryPlan(q, q), "cơ quan đại diện Việt Nam ở nước ngoài") || strings.Contains(s.queryPlan(q, q), "Vietnamese missions abroad"); got != want {
			t.Errorf("queryPlan(%q) searches for a mission's contacts: %v, want %v", q, got, want)
		}
	}
}

// TestMoneyPromisedForAMarriage: a family promised money if the daughter
// agrees to marry is the warning sign of a trafficking marriage the
// safety guide names ("được hứa trả tiền khi bạn đồng ý kết hôn"). Asked
// in the family's words ("nhà trai hứa đưa … 50 triệu"), it got no sign
// before the glossary row that names it; the English question, which
// got it before, guards the row's English side.
func TestMoneyPromisedForAMarriage(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, tt := range []struct{ q, want string }{
		{"nhà trai hứa đưa cho gia đình tôi 50 triệu nếu tôi đồng ý cưới, vậy có sao không", "được hứa trả tiền"},
		{"The groom's family promised my parents money if I agree to marry him. Is that a problem?", "promised money"},
	} {
		if a := ask(t, s, tt.q); a.Handoff || !strings.Contains(a.PlainText(), tt.want) {
			t.Errorf("%q: want the warning sign %q, got:\n%s", tt.q, tt.want, a.PlainText())
		}
	}
}

// TestEleventhAuditAnswers: the eleventh audit's messages that quoted the
// wrong document (or none) now open with the one that answers them.
func TestEleventhAuditAnswers(t *testing.T) {
	s, _ := serviceWithSafety(t)
	for _, tt := range []struct{ q, doc string }{
		// Vietnam's law on domestic violence was quoted, from "beat".
		{"my friend is locked in a room in Myanmar by the company, they beat him", "labour-scam-job-offers"},
		// A broker who cut contact was quoted.
		{"ba tôi đi làm ở Nga mất liên lạc 2 tháng rồi", "labour-help-abroad"},
		// The waiting time before departure was quoted.
		{"cty xkld bat em ky giay no 200 trieu truoc khi bay, co dung ko", "labour-abroad-deposit"},
		// The rules against brokers who took money were quoted.
		{"con tôi bị công ty ở Nhật đuổi việc, giờ ko có chỗ ở", "labour-contract-rights-return"},
		// Handed off.
		{"Someone on Facebook offers my cousin a job in Dubai as a housemaid, they will pay the ticket, no fee. Is it safe?", "labour-scam-job-offers"},
		// The programme's description was quoted.
		{"toi la tts o nhat, bi sep quay roi tinh duc, em so khong dam noi", "labour-contract-rights-return"},
		// The steps alone: "our documents do not answer".
		{"chị tôi lấy chồng Hàn, giờ bị đuổi ra khỏi nhà, visa F6 sắp hết hạn, chị phải làm sao", "marriage-korea-f6-visa"},
		// The second batch. The conditions for a marriage were quoted.
		{"Caller says her daughter married a Chinese man through a broker and now the husband's family sells her to another man. What should the counsellor tell her?", "marriage-trafficking-help-abroad"},
		// Handed off.
		{"có người trên zalo rủ em đi Campuchia làm chăm sóc khách hàng lương 1500 đô, bao ăn ở", "labour-scam-job-offers"},
		// The programme's description was quoted.
		{"What happens if a worker in Korea under EPS leaves the workplace and works illegally?", "labour-returning-home"},
		// The third batch. Taiwan's broker fees were quoted.
		{"ck em lam o dai loan, gui tien ve nha moi thang, gio ko gui nua, ko nghe may", "labour-help-abroad"},
		// The conditions for a marriage were quoted.
		{"my daughter 19 wants to marry a Chinese man she met on tiktok 2 weeks ago, he will pay her family 100 million", "marriage-safety-trafficking"},
		// A broker's fraud was quoted.
		{"em bị công ty phái cử giữ bằng tốt nghiệp gốc, không trả, làm sao lấy lại", "labour-abroad-deposit"},
		// The fourth batch. Handed off.
		{"My Vietnamese wife and I live in Germany. Can our son (born in Berlin) have Vietnamese citizenship too?", "diaspora-nationality"},
		// The ban on brokering marriages was quoted.
		{"My mother-in-law in Can Tho says I must pay 3 million to the commune to register my marriage. Is that right?", "marriage-registration-documents"},
		// Taiwan's interview and family customs were quoted.
		{"co nen cho con gai 18 tuoi lay chong dai loan qua mai moi khong", "marriage-brokering-illegal"},
		// The fifth batch. Handed off.
		{"My Vietnamese wife's brother in Can Tho says he was offered a job in Cambodia by a friend, he leaves tomorrow. Should we worry?", "labour-scam-job-offers"},
		// The 1088 line was quoted.
		{"vợ tôi đi Nhật làm 3 năm giờ đòi ly hôn qua điện thoại, tôi ở Cần Thơ thì ly hôn ở đâu", "marriage-divorce-abroad"},
		// The seventh batch, a 1088 counsellor's words. A Specified
		// Skilled Worker's stay was quoted.
		{"The caller says her husband in Japan has not called for two months and the company does not answer.", "labour-help-abroad"},
		// Taiwan's jobs and passports were quoted.
		{"Caller's son in Taiwan lost two fingers in a machine at the factory. What support from the Fund?", "labour-overseas-employment-fund"},
		// The F-6's conditions for the husband were quoted.
		{"Caller's sister married a Korean man and wants to divorce but fears losing her visa.", "marriage-korea-f6-visa"},
	} {
		a := ask(t, s, tt.q)
		if a.Handoff || len(a.Sources) == 0 || a.Sources[0].ID != tt.doc {
			t.Errorf("%q: want an answer from %s first, got:\n%s", tt.q, tt.doc, a.PlainText())
		}
	}
}

// TestMissingAtHome: a child gone to Sài Gòn is told to call the embassy
// only if abroad (the missing steps sent every family to "the Vietnamese
// embassy where your relative is", eleventh audit).
func TestMissingAtHome(t *testing.T) {
	s, _ := serviceWithSafety(t)
	a := ask(t, s, "con tôi 16 tuổi bỏ nhà đi theo bạn lên Sài Gòn làm quán karaoke")
	if a.Safety == nil || a.Safety.Category != "missing" {
		t.Fatalf("a child gone from home: want the missing steps, got:\n%s", a.PlainText())
	}
	for _, step := range a.Safety.Steps {
		if strings.Contains(step, "đại sứ quán") && !strings.Contains(step, "Nếu người thân ở nước ngoài") {
			t.Errorf("a child in Vietnam told to call the embassy: %q", step)
		}
	}
}

// TestDangerIsNotStreamed: a person in danger gets no streamed preview,
// which Telegram showed before the steps were added (seen in CI: the
// quoted sentences first, the steps only in the later edit).
func TestDangerIsNotStreamed(t *testing.T) {
	s, _ := serviceWithSafety(t)
	var streamed strings.Builder
	a, err := s.AskStream(context.Background(), Query{Question: "chong han quoc danh em, em muon ve nuoc thi lam sao"}, func(d string) { streamed.WriteString(d) })
	if err != nil || a.Safety == nil || streamed.Len() > 0 {
		t.Errorf("a person in danger: streamed %q, safety %+v, %v; want the steps and no preview", streamed.String(), a.Safety, err)
	}
}

// TestEleventhAuditSituations: the eleventh audit's circumstances and
// their look-alikes.
func TestEleventhAuditSituations(t *testing.T) {
	for _, tt := range []struct {
		name string
		sit  situation
		q    string
		want bool
	}{
		{"other security", otherSecurity, "cty xkld bat em ky giay no 200 trieu truoc khi bay, co dung ko", true},
		{"other security", otherSecurity, "The agency wants my parents' land title as collateral before I go to Japan", true},
		// A bank loan on a land title is lawful and names no company.
		{"other security", otherSecurity, "vay ngân hàng thế chấp sổ đỏ để đi xuất khẩu lao động được bao nhiêu", false},
		{"held in a scam country", heldInScamCountry, "em trai tôi bị nhốt ở Campuchia, bị đánh", true},
		{"held in a scam country", heldInScamCountry, "Lời mời việc nhẹ lương cao ở Campuchia có đáng tin không?", false},
		// "giảm lương" (a pay cut) folds to "giam" too.
		{"held in a scam country", heldInScamCountry, "công ty ở Campuchia giảm lương thì có được không", false},
		{"marriage fee", registrationFee, "lệ phí đăng ký kết hôn với người nước ngoài ở Cần Thơ bao nhiêu", true},
		{"marriage fee", registrationFee, "đăng ký kết hôn với người Hàn cần giấy tờ gì", false},
		{"matchmaker", viaMatchmaker, "co nen cho con gai 18 tuoi lay chong dai loan qua mai moi khong", true},
		{"matchmaker", viaMatchmaker, "Can I marry a Vietnamese woman through a marriage agency?", true},
		{"matchmaker", viaMatchmaker, "chị tôi qua Đài Loan thăm chồng", false},
	} {
		if got := tt.sit.search(tt.q) != ""; got != tt.want {
			t.Errorf("%s: %q searched %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
	for q, want := range map[string]string{
		// Contact lost with a worker; a broker who cut contact is not.
		"ba tôi đi làm ở Nga mất liên lạc 2 tháng rồi":                  "mất liên lạc với người lao động",
		"môi giới hứa đưa đi làm ở Nhật, lấy tiền rồi mất liên lạc":     "",
		"con tôi bị công ty ở Nhật đuổi việc, giờ ko có chỗ ở":          "không do lỗi của mình",
		"con tôi bị đuổi học ở Nhật, giờ làm sao":                       "",
		"em làm ở Hàn, bị quản lý quấy rối, em muốn nghỉ":               "quấy rối tình dục",
		"I work in a factory in Malaysia and my supervisor harassed me": "sexually harassed",
	} {
		got := situationSearch(q, true)
		if want == "" && (strings.Contains(got, "mất liên lạc") || strings.Contains(got, "không do lỗi")) || want != "" && !strings.Contains(got, want) {
			t.Errorf("situationSearch(%q) = %q, want %q", q, got, want)
		}
	}
	// A child asked about as an intern searches for the age rule (the
	// answer never said under 18 cannot go).
	if got := ageRuleSearch("Caller asks if her 17 year old son can go to Japan as a technical intern.", []string{"JP"}); !strings.Contains(got, "under 18") {
		t.Errorf("a 17-year-old intern searched %q, want the age rule", got)
	}
	// Money to the family for a marriage is a warning sign; a wedding
	// gift named without a marriage to a stranger is no question of it.
	if got := marriageSituationSearch("my daughter 19 wants to marry a Chinese man she met on tiktok 2 weeks ago, he will pay her family 100 million", false); !strings.Contains(got, "promised money") {
		t.Errorf("money paid to marry searched %q, want the warning sign", got)
	}
	if got := marriageSituationSearch("đăng ký kết hôn với người Hàn ở Cần Thơ cần giấy gì", false); strings.Contains(got, "trả tiền") {
		t.Errorf("a marriage's papers searched %q, want no warning sign", got)
	}
	// A job offered in a scam-compound country is the scam guide's; a
	// trip there is not.
	for q, want := range map[string]bool{
		"he was offered a job in Cambodia by a friend, he leaves tomorrow": true,
		"có người rủ em qua Campuchia làm việc":                            true,
		"con tôi đi Campuchia du lịch với trường":                          false,
		// "mới" (just) folds to "moi", as "mời" (invite) does.
		"em mới qua Campuchia làm được 2 tháng": false,
	} {
		if got := scamOfferSearch(q, true) != ""; got != want {
			t.Errorf("scamOfferSearch(%q, scam country) = %v, want %v", q, got, want)
		}
	}
	// A wife thrown out in Korea with her visa running out searches for
	// the status that keeps her there (F-6-3).
	if got := marriageSituationSearch("chị tôi lấy chồng Hàn, giờ bị đuổi ra khỏi nhà, visa F6 sắp hết hạn, chị phải làm sao", true); !strings.Contains(got, "F-6-3") {
		t.Errorf("a wife thrown out in Korea searched %q, want F-6-3", got)
	}
}
