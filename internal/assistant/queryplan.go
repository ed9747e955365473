package assistant

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// queryPlan is what retrieval searches for search (the question, made
// standalone): the question, and the words of the rule or the document
// its situation calls for: a minor's age (ageRuleSearch), a worker's
// death, injury, lost contact, dismissal, unpaid wages, leaving, sending
// wages home, running away or a banned job abroad (situationSearch), and
// at most one of: a marriage in danger or where to
// divorce, coming home without a passport, renewing a passport, a child
// born abroad, a mission's number or address asked for, an escape without
// papers, a ransom demanded, someone held in a scam-compound country, a
// scam offer, security other than a deposit demanded, a deposit or a fee
// asked too early, the residence notice after coming home, a body to
// bring home, a job after coming home, changing employer in Japan.
// Composition reads the question alone.
// message is the whole message search was taken from: an age stated after
// the first question ("Mấy tuổi thì được đi thực tập sinh Nhật? Con tôi
// 17 tuổi rưỡi có đi được không?") is still the asker's.
func (s *Service) queryPlan(search, message string) string {
	var countries []string
	if s.Safety != nil {
		countries = s.Safety.Countries(search)
	}
	aged := search
	if message != search {
		aged += "\n" + message
	}
	abroad := slices.ContainsFunc(countries, func(c string) bool { return c != "VN" })
	scamCountry := slices.ContainsFunc(countries, func(c string) bool { return scamCountries[c] })
	plan := search + addWords(ageRuleSearch(aged, countries)) + addWords(situationSearch(search, abroad))
	// At most one of the situations below: each names another document.
	for _, words := range []func() string{
		func() string { return marriageSituationSearch(search, slices.Contains(countries, "KR")) },
		func() string { return homeWithoutPassport.search(search) },
		func() string {
			// A lost passport is another procedure (Law 49/2019/QH14
			// Arts 17–18), which its own words find.
			if lostPassportRE.MatchString(strings.Join(vitext.FoldedTokens(search), " ")) {
				return ""
			}
			return passportRenewal.search(search)
		},
		func() string { return childBornAbroad.search(search) },
		func() string { return missionContact.search(search) },
		func() string { return escapedWithoutPapers.search(search) },
		func() string { return ransomDemanded.search(search) },
		func() string {
			if !scamCountry {
				return ""
			}
			return heldInScamCountry.search(search)
		},
		func() string { return scamOfferSearch(search, scamCountry) },
		func() string { return otherSecurity.search(search) },
		func() string { return depositTooEarly.search(search) },
		func() string { return feeTooEarly.search(search) },
		func() string { return residenceAfterReturn.search(search) },
		func() string { return remainsHome.search(search) },
		func() string {
			if !vitext.ReturnedRE.MatchString(strings.Join(vitext.FoldedTokens(search), " ")) {
				return ""
			}
			return jobAfterReturn.search(search)
		},
		func() string {
			// A Specified Skilled Worker may change employer in the
			// same field, which the documents do not cover: the rule
			// on ending the contract answers better than Ikusei Shuro.
			if !slices.Contains(countries, "JP") || sswRE.MatchString(strings.Join(vitext.FoldedTokens(search), " ")) {
				return ""
			}
			return changeEmployerJapan.search(search)
		},
	} {
		if w := words(); w != "" {
			return plan + "\n" + w
		}
	}
	return plan
}

var (
	// Words that say the question is about work abroad (a named country
	// counts too), and about a marriage.
	abroadWorkRE = regexp.MustCompile(`\b(xkld|xuat khau lao dong|nuoc ngoai|abroad|overseas|work permit|thuc tap sinh|tts)\b`)
	workWordRE   = regexp.MustCompile(`\b(xkld|xuat khau lao dong|thuc tap sinh|tts|di lam|lam viec|viec lam|tuyen|lao dong|work|job|jobs|recruit|recruits|recruited|recruiter|recruiting|hire|hires|hired|hiring|worker|workers|employment|intern|interns|trainee|trainees)\b`)
	// Folded, "cưới" alone is also "cuối" (end) and "gả" is "ga", so
	// only their phrases count.
	marryWordRE = regexp.MustCompile(`\b(lay chong|lay vo|ket hon|cuoi vo|cuoi chong|dam cuoi|mai moi|marry|married|marriage|bride|wedding)\b`)
)

// childOfMarriageRE (folded): the age is a married person's child's, told
// after the marriage: "Chị tôi lấy chồng Đài Loan, muốn đưa con gái 10
// tuổi về ở Cần Thơ" asks about the child's papers, not the marriage age
// (fifth audit: it got the marriage age and a 19-year-old's example).
var childOfMarriageRE = regexp.MustCompile(`\b(lay chong|lay vo|ket hon|married|marry)\b.{0,80}\b(con|con gai|con trai|chau|daughter|son|child|kid|baby)( cua [a-z]+)?( nha [a-z]+)? (\d{1,2} ?(tuoi|t)|is \d{1,2}|aged \d{1,2})\b`)

// askAgeRE (folded): a question that asks an age.
var askAgeRE = regexp.MustCompile(`\b(how old|what age|minimum age|age limit|may tuoi|bao nhieu tuoi|do tuoi|du tuoi|tuoi toi thieu)\b`)

// marriageAgeSearch is the marriage age's words (Law 52/2014/QH13 Art 8
// cl. 1(a)) in question's language.
func marriageAgeSearch(question string) string {
	if vitext.DetectLang(question) == vitext.English {
		return "to marry, the man is at least a full 20 years old and the woman at least a full 18 years old"
	}
	return "độ tuổi kết hôn: nữ từ đủ 18 tuổi, nam từ đủ 20 tuổi"
}

// ageRuleSearch is what to add to the searched text of a question that
// states an age under 18 about work abroad or a marriage: the words of
// the rule it runs into (no contract work abroad before 18, Law
// 69/2020/QH14 Art 3 cl. 1; no marriage before 18 for a woman and 20
// for a man, Law 52/2014/QH13 Art 8 cl. 1(a)). "Cháu tôi 16 tuổi, có
// người rủ đi làm ở Malaysia" names neither "18" nor "độ tuổi", and the
// age rule was not retrieved. "" for any other question. countries are
// the codes of the countries the question names.
func ageRuleSearch(question string, countries []string) string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	foreign := slices.ContainsFunc(countries, func(c string) bool { return c != "VN" })
	if foreign && askAgeRE.MatchString(folded) && marryWordRE.MatchString(folded) && !workWordRE.MatchString(folded) {
		// "My Japanese fiance and I want to marry in Can Tho. How old
		// must we be?" got a Japanese work visa's minimum age (sixth
		// audit): a marriage's age asked, with a country whose work
		// documents compete, is the marriage age.
		return marriageAgeSearch(question)
	}
	if !vitext.StatesMinorAge(folded) {
		return ""
	}
	abroad := abroadWorkRE.MatchString(folded) || slices.ContainsFunc(countries, func(c string) bool { return c != "VN" })
	en := vitext.DetectLang(question) == vitext.English
	switch {
	case marryWordRE.MatchString(folded) && !childOfMarriageRE.MatchString(folded):
		return marriageAgeSearch(question)
	case abroad && workWordRE.MatchString(folded):
		if en {
			return "a person under 18 cannot work abroad under contract"
		}
		return "người chưa đủ 18 tuổi có được đi làm việc ở nước ngoài không"
	}
	return ""
}

// situation is a circumstance a message tells of that calls for one
// document's words in the search: the family's own words ("công ty",
// "hỗ trợ tiền", "gọi ai") otherwise rank documents about other
// situations first.
type situation struct {
	// told (on folded words) recognises the circumstance.
	told *regexp.Regexp
	// unless (on folded words), when set, says the message tells of
	// another circumstance that the words told also fit.
	unless *regexp.Regexp
	// vi and en are the words added to the search, the document's own.
	vi, en string
}

// situationsAbroad are the circumstances of a worker abroad (a country
// other than Vietnam named, or work abroad) that the query plan knows.
var situationsAbroad = []situation{
	{
		// A death, first: it outweighs any other situation told. "Anh tôi đi làm ở Hàn … bị máy cán chết", "My husband worked in
		// Qatar. He died": the guide to brokers who took money ranked first.
		// Typed without marks, "mất rồi" after an accident or an illness
		// is a death too ("ck e o nhat bi tai nan giao thong mat roi",
		// fifth audit), while "mất" alone is also losing a thing.
		told: vitext.DeathRE,
		vi:   "người lao động chết hoặc mất tích ở nước ngoài: gia đình cần làm gì và được hỗ trợ gì",
		en:   "a worker dies or goes missing abroad: what the family should do and the support it gets",
	},
	{
		// An injury. "Bố tôi làm xây dựng ở Đài Loan bị ngã giàn giáo gãy chân, chủ
		// không chịu trả viện phí. Quỹ có hỗ trợ gì không": the death
		// document's body-repatriation sentence was quoted. After death:
		// "bị tai nạn chết" is a death.
		told: regexp.MustCompile(`\b(gay chan|gay tay|bi thuong|chan thuong|tai nan|bi may kep|bi may cat|may cat dut|dut tay|dut ngon tay|dut \d+ ngon|mat \d+ ngon|cut tay|nam vien|nhap vien|bi te|te nga|injured|injury|broke (his|her|my) (leg|arm|hand)|lost (\w+ )?fingers?|(finger|fingers|hand|arm) (was |were )?cut off|accident|in (the )?hospital|hospitali[sz]ed|a fall|fell)\b`),
		vi:   "người lao động bị tai nạn lao động hoặc ốm đau ở nước ngoài, phải về nước trước hạn, được Quỹ hỗ trợ",
		en:   "a worker injured or ill abroad who must return early gets support from the Fund",
	},
	{
		// Contact lost with a worker abroad. "ba tôi đi làm ở Nga mất liên
		// lạc 2 tháng rồi" (eleventh audit) got a broker who took money and
		// cut contact: the sending company's duty and the missions are what
		// the family needs.
		// Not answering the phone is that too ("ck em lam o dai loan, gui
		// tien ve nha moi thang, gio ko gui nua, ko nghe may" got Taiwan's
		// broker fees).
		told: regexp.MustCompile(`\b(mat lien lac|khong lien lac duoc|khong lien lac|bat vo am tin|khong co tin tuc|(khong|ko|k) (nghe|bat) may|lost contact|lost touch|cannot reach|can t reach|cant reach|no news from|not heard from|stopped answering|not answering|doesn t answer|not picking up|(has not|hasn t|not) (called|phoned|written))\b`),
		// A broker who took the money and cut contact is the guide to
		// brokers who took money.
		unless: regexp.MustCompile(`\b(moi gioi|broker|agent|lua|scam|scammed|cheated)\b`),
		vi:     "gia đình mất liên lạc với người lao động ở nước ngoài: liên hệ doanh nghiệp đưa đi, đại sứ quán và đường dây nóng bảo hộ công dân",
		en:     "a family that lost contact with a worker abroad: contact the sending company, the embassy and the citizen protection hotline",
	},
	{
		// Dismissed abroad. "con tôi bị công ty ở Nhật đuổi việc, giờ ko có
		// chỗ ở" (eleventh audit) got the rules against brokers who took
		// money; a worker sent home early through no fault of their own is
		// refunded the service fee pro rata (Law 69/2020/QH14 Art 23 cl. 3).
		told: regexp.MustCompile(`\b(duoi viec|sa thai|cho nghi viec|cho thoi viec|mat viec|(cong ty|cty|xuong|chu) (pha san|dong cua|giai the)|fired|dismissed|laid off|lost (my|his|her|their) job|(company|factory|employer) (closed|went bankrupt|shut down))\b`),
		vi:   "người lao động phải về nước trước hạn không do lỗi của mình: doanh nghiệp hoàn trả tiền dịch vụ; chủ sử dụng giải thể, phá sản",
		en:   "a worker who must return early through no fault of their own: the company refunds the service fee; the employer dissolved or went bankrupt",
	},
	{
		// Sexual harassment. "toi la tts o nhat, bi sep quay roi tinh duc,
		// em so khong dam noi" (eleventh audit) got the programme's
		// description; harassment is a ground to end the contract (Law
		// 69/2020/QH14 Art 6 cl. 1(đ)).
		told: regexp.MustCompile(`\b(quay roi|sam so|so soang|harass|harassed|harasses|harassing|harassment|groped|gropes|touches me|touched me|touching me)\b`),
		vi:   "người lao động được đơn phương chấm dứt hợp đồng khi bị quấy rối tình dục trong thời gian làm việc ở nước ngoài",
		en:   "a worker may end the contract unilaterally when sexually harassed while working abroad",
	},
	{
		// Unpaid wages. "Tôi là thực tập sinh ở Gifu … Công ty nợ lương 2 tháng … gọi
		// ai?": four definitions of technical intern training were quoted.
		told: regexp.MustCompile(`\b(no luong|bi no luong|khong tra luong|chua tra luong|quyt luong|cham tra luong|khong duoc tra luong|ngung tra luong|khong tra luong nua|giu luong|giu tien luong|cat luong|bi ([a-z]+ ){0,3}tru luong|tru luong (vi|do|khi)|withholds? (my |our )?(salary|wages|pay)|withholding (my |our )?(salary|wages|pay)|keeps (my |our )?(salary|wages|pay)|unpaid|not paid|not been paid|no salary|stopped paying|stop paying|owes? (me|us) (wages|salary)|(not|no|dont|doesnt|didnt|never) pay (me |my |us |our |him |her |his )?(salary|wages|wage))\b`),
		vi:   "khi bị nợ lương ở nước ngoài: liên hệ doanh nghiệp đưa đi trước tiên và giữ bằng chứng",
		en:   "unpaid wages abroad: contact your sending company first and keep evidence",
	},
	{
		// Leaving and the deposit. "… môi giới dọa nếu bỏ về thì mất tiền
		// cọc 3.000 đô. Em có bị mất tiền cọc thật không?": four
		// definitions of technical intern training were quoted (fourth
		// audit, #6), not the deposit returned to a worker who leaves
		// because of abuse (Decree 112/2021/NĐ-CP Art 32 cl. 1(a)).
		// Running away is not ending the contract: its own rule, below.
		told: regexp.MustCompile(`\b(coc|ky quy|deposit)\b.{0,60}\b(bo ve|ve nuoc|ve (vn |viet nam |nuoc )?truoc han|ve som|nghi viec|quit|go home|leave|leaving|return early)\b|\b(bo ve|ve nuoc|ve (vn |viet nam |nuoc )?truoc han|ve som|nghi viec|quit|go home|leave|leaving|return early)\b.{0,60}\b(coc|ky quy|deposit)\b`),
		vi:   "người lao động đơn phương chấm dứt hợp đồng vì bị ngược đãi, cưỡng bức lao động cũng được nhận lại tiền ký quỹ",
		en:   "a worker who ends the contract because of abuse or forced labour also gets the deposit back",
	},
	{
		// Leaving because of abuse, a threat or harassment. "chủ bên
		// Đài cứ dọa giết, tui muốn bỏ trốn khỏi xưởng liền, trước khi đi
		// có cần báo ai ko" got a deposit dispute; the law lets the worker
		// end the contract (Law 69/2020/QH14 Art 6 cl. 1(đ)). Asked whether
		// going home early costs compensation ("lam 15 tieng, luong ko
		// dung nhu hop dong, e muon ve vn truoc han co bi boi thuong hop
		// dong ko"), the same rule answers. Forced labour is one of its
		// grounds too.
		told: regexp.MustCompile(`\b(doa|de doa|doa giet|bi danh|danh dap|nguoc dai|bao hanh|sam so|so soang|quay roi|cuong buc|ep lam|forced labour|forced labor|forced to work|force me|forces me|threat|threats|threaten|threatens|threatened|abuse|abused|abuses|beaten|beat|beats|hit|hits|harass|harassed|harassment|touching)\b.{0,80}\b(bo tron|tron|bo ve|bo viec|nghi viec|ve nuoc|cham dut|bo hop dong|run away|escape|quit|leave|go home|end the contract)\b|\b(ve (vn |viet nam |nuoc )?truoc han|ve som|bo ve|bo hop dong|go home early|leave early|return early)\b.{0,60}\b(boi thuong|den hop dong|bi phat|penalty|compensation|compensate)\b`),
		vi:   "người lao động được đơn phương chấm dứt hợp đồng khi bị ngược đãi, cưỡng bức lao động, đe dọa tính mạng hoặc quấy rối tình dục",
		en:   "a worker may end the contract unilaterally when abused, forced to work, threatened in life or health, or sexually harassed",
	},
	{
		// Sending wages home. "lam o nuoc ngoai co duoc gui tien luong
		// ve nha ko hay bi cam" got the banned jobs, and with marks the
		// service-fee caps ("tiền lương" is in both); sending lawful
		// income home is a worker's right (Law 69/2020/QH14 Art 6 cl.
		// 1(c)).
		told: regexp.MustCompile(`\b(gui|chuyen) (tien|luong|tien luong|thu nhap)( [a-z]+){0,2} ve (nha|nuoc|que|vn|viet nam|cho gia dinh|cho nha)\b|\bsend(ing)? (my |our |the )?(money|wages|salary|income|pay) (back )?home\b|\bremit\b`),
		vi:   "người lao động được chuyển thu nhập hợp pháp về nước",
		en:   "a worker may send lawful income home",
	},
	{
		// Running away from the workplace. "e muon tron ra ngoai lam cho
		// khac luong cao hon dc ko", "chủ bên đó nói nó bỏ trốn … có bị
		// mất 100 triệu tiền ký quỹ không" (ninth audit) got the
		// programme's description and the signs of trafficking; the
		// deposit covers the damage a worker who runs away causes (Law
		// 69/2020/QH14 Art 25 cl. 3). Abuse told with it is the rule
		// above: it comes first in this list and wins a tie.
		// Leaving the workplace to work illegally is running away too
		// ("What happens if a worker in Korea under EPS leaves the
		// workplace and works illegally?", eleventh audit).
		told: regexp.MustCompile(`\b(bo tron|tron ra ngoai|tron ra|tron di|tron khoi|lam chui|run away|ran away|runaway|abscond|absconded|absconding|works? illegally|working illegally|(leaves|left|leave|leaving) (the |his |her |their |my )?workplace)\b`),
		vi:   "tiền ký quỹ được dùng để bù đắp thiệt hại do lỗi của người lao động, chẳng hạn bỏ trốn hoặc không về nước đúng hạn",
		en:   "the deposit covers damage caused by the worker's fault, for example running away or not returning on time",
	},
	{
		// A job the law bans abroad (Law 69/2020/QH14 Art 7 cl. 12): "người
		// ta tuyển qua Đài làm bên dịch vụ tang lễ, lo liệm xác, lương cao
		// lắm, tui đi được ko" was handed off (a fresh gap set), and once
		// its chat words counted for less it got Taiwan's direct hiring.
		told: regexp.MustCompile(`\b(liem xac|liem tu thi|khau liem|tam liem|nha xac|tu thi|xac chet|boc mo|mo ma|thieu xac|tang le|mai tang|massage|mat xa|luyen quang|phong xa|thuoc tru sau|thuoc diet co|thuoc diet chuot|san thu|ca sau|ca map|tho san|duoi long dat|long dai duong|corpses?|mortuary|funeral|embalm[a-z]*|undertaker|exhum[a-z]*|smelt[a-z]*|radioactive|pesticides?|herbicides?|crocodiles?|sharks?)\b`),
		vi:   "các công việc bị cấm",
		en:   "banned jobs",
	},
}

// brokerageCharged is a worker asked to pay, or pay back, the broker's
// commission, which no one may collect from a worker (Law 69/2020/QH14
// Art 7 cl. 8): "The agency says I must repay the broker's commission
// before I fly to Japan. Is that legal?" was handed off, the rule in the
// costs document ranked 26th (its vector far from the question's). It
// needs no word of work; a marriage broker's fee is another matter.
var brokerageCharged = situation{
	told: regexp.MustCompile(`\b(repay|pay back|paid back|pay|paid|pays|charge|charged|charges|collect|collects|thu|tra|tra lai|hoan lai|hoan tra|dong|nop|doi)\b( [a-z]+){0,6} (broker s commission|broker commission|brokerage|broker s fee|broker fee|brokerage fee|commission|tien moi gioi|phi moi gioi|hoa hong moi gioi)\b|\b(broker s commission|brokerage|brokerage fee|tien moi gioi|phi moi gioi|hoa hong moi gioi)\b( [a-z]+){0,6} (repay|pay back|pay|paid|charge|charged|thu|tra|hoan lai|dong|nop)\b`),
	vi:   "thu tiền môi giới của người lao động là hành vi bị nghiêm cấm; doanh nghiệp không được đòi người lao động hoàn lại tiền môi giới",
	en:   "collecting brokerage from a worker is prohibited; the company may not make the worker pay the brokerage commission back",
}

// missionContact is someone asking for the number, address or website of
// a Vietnamese mission abroad: "Số điện thoại đường dây nóng của Đại sứ
// quán Việt Nam tại Hàn Quốc là gì?" and "Đại sứ quán ở Tokyo có số khẩn
// cấp không?" got the trafficking guides and the host countries'
// emergency numbers, whose sentences name only the consular department's
// hotline; the missions guide gives each mission's own hotline. "Số"
// alone is not a number asked for ("hồ sơ" folds to "ho so"), nor "lãnh
// sự" alone a mission ("hợp pháp hóa lãnh sự" is legalisation).
var missionContact = situation{
	told: either(
		`so dien thoai|so dt|sdt|dien thoai|duong day nong|hotline|so khan cap|so may|so nao|dia chi|trang web|website|web|phone|number|address|contact`,
		`dai su quan|dsq|lanh su quan|tong lanh su quan|van phong kinh te|co quan dai dien|embassy|consulate|office in taipei|taipei office`,
		60),
	vi: "cơ quan đại diện Việt Nam ở nước ngoài: đường dây nóng bảo hộ công dân của Đại sứ quán, địa chỉ, trang web",
	en: "Vietnamese missions abroad: the embassy's citizen protection hotline, address, website",
}

// either matches, on folded words, a word of a and a word of b in either
// order, at most gap characters apart.
func either(a, b string, gap int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`\b(%[1]s)\b.{0,%[3]d}\b(%[2]s)\b|\b(%[2]s)\b.{0,%[3]d}\b(%[1]s)\b`, a, b, gap))
}

// homeWithoutPassport is someone abroad without a passport (lost, or
// every paper kept) who wants to come home: "ck giu het, gio e co bau muon
// ve vn sinh con, lam sao ve dc" got the form for an ordinary passport
// (sixth audit), not the shortened procedure (Law 49/2019/QH14 Art 17 cl.
// 1). A passport an employer keeps is the mission's to get back, which
// the safety steps say.
var homeWithoutPassport = situation{
	told: regexp.MustCompile(`\b(khong co (ho chieu|giay to)|giu het|mat ho chieu|no passport|without (a |my |her |his )?passport|lost (my |her |his )?passport)\b.{0,80}\b(ve (vn|viet nam|nuoc)|go home|come home|return home|get home)\b`),
	vi:   "về nước ngay khi không có hộ chiếu: cấp hộ chiếu theo thủ tục rút gọn",
	en:   "returning home at once without a passport: a passport under a shortened procedure",
}

// passportRenewal is a passport that expires or must be made again: "e o
// malaysia, ho chieu het han thang sau, … e phai lam sao" got the first
// passport's 5 working days (sixth audit); from the second passport on it
// is 3 (Law 49/2019/QH14 Art 16 cl. 4).
var passportRenewal = situation{
	told: regexp.MustCompile(`\b(het han|sap het han|gia han|lam lai|cap lai|doi|renew|renewal|renewing|expired|expires|expiring|replace)\b.{0,40}\b(ho chieu|passport)\b|\b(ho chieu|passport)\b.{0,40}\b(het han|sap het han|gia han|lam lai|cap lai|renew|renewal|expired|expires|expiring|runs out)\b`),
	vi:   "hộ chiếu cấp từ lần thứ hai trở đi: thời hạn 03 ngày làm việc",
	en:   "a second or later passport: 3 working days",
}

// depositTooEarly is a deposit asked before the foreign side has accepted
// the worker: "Công ty đòi đặt cọc 50 triệu trước khi có đơn hàng, như
// vậy có đúng luật không?" got Taiwan's rule on passports kept by
// employers (seventh audit); the deposit is taken only after acceptance
// or a visa (Decree 112/2021/NĐ-CP Art 30 cl. 2).
var depositTooEarly = situation{
	told: regexp.MustCompile(`\b(dat coc|tien coc|coc|ky quy|deposit)\b.{0,60}\b(truoc khi|chua co|chua duoc|before|without)\b.{0,30}\b(don hang|visa|thi thuc|chap nhan|thu moi|job order|acceptance|offer letter|an offer|a job)\b`),
	vi:   "việc ký quỹ chỉ được thực hiện sau khi được phía nước ngoài chấp nhận hoặc cấp thị thực; đòi ký quỹ trước khi có thư chấp nhận là sai quy định",
	en:   "the deposit may be made only after the foreign side has accepted the worker or issued a visa; demanding it before an acceptance letter is breaking the rules",
}

// feeTooEarly is a fee asked before the job order, the visa or the
// contract: "Is it legal for the agency to charge me a fee before I get my
// visa?" got Taiwan's monthly broker fees (tenth audit); a licensed
// company collects the service fee only after the supply contract is
// approved and the worker has signed (Law 69/2020/QH14 Art 23 cl. 2(c)).
// A deposit asked so is depositTooEarly's.
var feeTooEarly = situation{
	told: regexp.MustCompile(`\b(phi|tien dich vu|phi dich vu|dong tien|nop tien|thu tien|service fee|fee|fees|charge|charges|pay|paid)\b.{0,60}\b(truoc khi|truoc|trc|chua co|chua duoc|before|without)\b.{0,30}\b(don hang|visa|thi thuc|hop dong|contract|job order|acceptance|offer letter|an offer|a job)\b`),
	vi:   "doanh nghiệp được cấp phép chỉ được thu tiền dịch vụ của người lao động sau khi hợp đồng cung ứng lao động được Bộ chấp thuận và người lao động đã ký hợp đồng",
	en:   "a licensed company may collect the service fee from a worker only after the ministry has approved the supply contract and the worker has signed a contract with the company",
}

// childBornAbroad is a parent asking for a child born abroad's birth
// registration or papers: "Con gái tôi sinh ở Úc, bố cháu là người Úc. …
// làm khai sinh Việt Nam và hộ chiếu Việt Nam cho cháu thì làm ở đâu, cần
// giấy tờ gì?" got the papers proving Vietnamese origin for buying a
// house (ninth audit); missions register births (Law 60/2014/QH13 Art 53).
// A passport alone is the passport guide's ("con moi sinh o nhat lam ho
// chieu lan dau o dau").
var childBornAbroad = situation{
	told: regexp.MustCompile(`\b(con|con gai|con trai|chau|be|baby|child|son|daughter|kid)\b.{0,40}\b(sinh (o|tai|ben) [a-z]+|sinh ra (o|tai) [a-z]+|born (in|abroad|overseas))\b.{0,120}\b(khai sinh|giay khai sinh|quoc tich|birth certificate|register (the |her |his |my )?birth|nationality|citizenship)\b`),
	vi:   "đăng ký khai sinh cho con sinh ở nước ngoài tại Đại sứ quán, Tổng lãnh sự quán Việt Nam; thỏa thuận về quốc tịch của con khi cha hoặc mẹ là người nước ngoài",
	en:   "registering the birth of a child born abroad at a Vietnamese embassy or consulate; the parents' agreement on the child's nationality when a parent is foreign",
}

// ransomDemanded is a family asked to pay for a relative's release: "Em
// gái tôi … bị nhốt, bị đánh, bọn nó đòi nhà tôi chuộc 5000 đô mới thả. Nhà
// tôi có nên gửi tiền không" got the signs of a scam offer (ninth audit);
// the scam document says to tell the police before paying, as payment
// brings further demands. So for someone who offers to bring the relative
// home for money paid first, which the trafficking guide answers the same
// way (a fresh gap set: "… nếu gửi trước 50 triệu, có nên gửi không?" got
// the signs of trafficking and nothing on paying).
var ransomDemanded = situation{
	told: regexp.MustCompile(`\b(chuoc|tien chuoc|chuoc nguoi|ransom|pay (for|to) (her|his|their|my) (release|freedom)|money (for|to) (release|free) (her|him|them))\b|` +
		// or offered a release for money paid first: "Có người nhắn nói
		// đưa được em gái tôi từ Trung Quốc về nếu gửi trước 50 triệu".
		`\b(dua|cuu|giai cuu|rescue|bring|get) .{0,50}\b(ve|back|home|out)\b.{0,30}\b(neu|if)\b.{0,12}\b(gui|chuyen|dua|nop|tra|pay|send|transfer)\b`),
	vi: "gia đình bị đòi tiền chuộc người thân bị giữ nên báo công an trước khi chuyển bất kỳ khoản tiền chuộc người nào, vì trả tiền thường dẫn đến những lần đòi tiếp; báo công an trước khi trả tiền cho người tự xưng có thể đưa người thân về",
	en: "a family asked to pay a ransom for a relative held should tell the police before paying any money demanded for a release, because payment leads to further demands; report to the police before paying someone who claims they can bring your relative home",
}

// scamCountries are the countries (ISO 3166-1 alpha-2) where the
// Ministry of Foreign Affairs warns of online scam compounds, as the
// safety lexicon's class scamland names them (keep the two together).
var scamCountries = map[string]bool{"KH": true, "MM": true, "LA": true, "PH": true}

// heldInScamCountry is someone held, locked up or beaten in a
// scam-compound country: "my friend is locked in a room in Myanmar by the
// company, they beat him" got the right steps and then Vietnam's law on
// domestic violence, from "beat" (eleventh audit); the scam document's
// section on a relative already held abroad is what the family needs.
var heldInScamCountry = situation{
	// Folded, a bare "giam" is also "giảm" (a pay cut): only its phrases.
	told: regexp.MustCompile(`\b(nhot|bi giam|giam giu|giam long|giu lai|bi giu|khong cho (ve|ra|roi|di)|bi danh|danh dap|locked|lock|held|detained|captive|hostage|won t let|not allowed to leave|cannot leave|can t leave|beat|beats|beaten|beating)\b`),
	vi:   "nếu người thân đã bị giữ ở nước ngoài: gia đình gọi đường dây nóng bảo hộ công dân và đại sứ quán Việt Nam, báo công an",
	en:   "if a relative is already held abroad: the family should call the citizen protection hotline and the Vietnamese embassy and report to the police",
}

// otherSecurity is a company or broker that asks for security other than
// a deposit or a guarantee: "cty xkld bat em ky giay no 200 trieu truoc
// khi bay, co dung ko" got the waiting time before departure (eleventh
// audit); no other security may be demanded (Law 69/2020/QH14 Art 7 cl.
// 10), nor may it keep a worker's papers as security: "em bị công ty
// phái cử giữ bằng tốt nghiệp gốc, không trả" got a broker's fraud. A
// bank loan secured on a land title is lawful and names no company.
var otherSecurity = situation{
	told: either(
		`cong ty|cty|doanh nghiep|moi gioi|trung tam|company|agency|broker|recruiter`,
		`giay no|ky no|viet giay no|the chap|so do|so hong|promissory note|iou|debt note|debt paper|land title|land certificate|red book|(giu|cam|thu) (bang|bang tot nghiep|bang goc|van bang|giay to goc|so ho khau|can cuoc|cccd)|(keeps?|kept|holds?|took) (my |his |her )?(original )?(diploma|degree|certificates?|id card)`,
		60),
	vi: "doanh nghiệp không được áp dụng biện pháp bảo đảm nào khác ngoài ký quỹ và bảo lãnh đối với người lao động; không được đòi thế chấp sổ đỏ",
	en: "a company may not demand any other security from a worker than a deposit or a guarantee; it may not demand a land title as collateral",
}

// escapedWithoutPapers is someone who escaped, was freed or rescued
// abroad and has no passport or papers (or the captor still holds them):
// "minh bi lua qua campuchia, tron ra dc roi, di bo toi cua khau … ko co
// ho chieu" (knowledge/eval/safety/tuning-7.jsonl) got the signs to
// watch for before going, and "My niece escaped but she has no papers at
// all. Who will check who she is so she can come home?" (a fresh gap
// set) was handed off. What helps is the way home: a
// passport under the shortened procedure (Law 49/2019/QH14 Arts 17–18),
// and the missions verifying identity and issuing papers (Law
// 53/2024/QH15).
var escapedWithoutPapers = situation{
	told: regexp.MustCompile(`\b(` + escapedWords + `)\b.{0,150}\b(` + withoutPapersWords + `)\b|\b(` + withoutPapersWords + `)\b.{0,150}\b(` + escapedWords + `)\b`),
	vi:   "công dân Việt Nam ở nước ngoài bị mất hộ chiếu có nguyện vọng về nước ngay được cấp hộ chiếu theo thủ tục rút gọn; cơ quan đại diện Việt Nam ở nước ngoài xác minh nhân thân, cấp giấy tờ và đưa nạn nhân về nước",
	en:   "a Vietnamese citizen abroad who lost the passport and wishes to return home at once is issued a passport under a shortened procedure; Vietnamese missions abroad verify identity, issue papers and arrange the victims' return home",
}

// escapedWords and withoutPapersWords (folded alternatives) are an
// escape or a rescue, and papers missing or kept by someone else.
const (
	escapedWords       = `tron thoat|chay thoat|thoat ra|thoat duoc|thoat khoi|tron ra|tron duoc|tron khoi|chay khoi|bo tron khoi|duoc giai cuu|giai cuu khoi|duoc cuu|cuu ra|duoc tha|tha ra|escaped|escape from|ran away|run from|got out|fled|rescued|was freed|were freed|managed to leave|released`
	withoutPapersWords = `(khong|ko|k) (co |con )?(ho chieu|hc|giay to)|khong giay to|no passport|no papers|no documents|no id|without (a |my |her |his |any )?(passport|papers|documents)|(giu|cam) (luon )?(ho chieu|hc)|(still )?(has|have|holds|keeps|kept|took) (my|her|his|our|their) (passport|passports|papers)`
)

// lostPassportRE (folded): a passport lost or stolen.
var lostPassportRE = regexp.MustCompile(`\b(mat ho chieu|bi mat|danh mat|that lac|lost|stolen|missing passport)\b`)

// residenceAfterReturn is a worker back home asking what to declare to
// the local authorities: "về nước rồi phải khai báo gì với địa phương"
// quoted the localities whose recruitment is suspended first (tenth
// audit); the duty is to notify the residence registration authority
// within 15 days of entry (Law 69/2020/QH14 Art 6 cl. 2(g)).
var residenceAfterReturn = situation{
	told: regexp.MustCompile(`\b(ve nuoc|ve vn|ve viet nam|ve que)\b.{0,40}\b(khai bao|trinh bao|thong bao|bao voi (dia phuong|xa|phuong|cong an)|dang ky (cu tru|tam tru|thuong tru|lai cho o|lai))\b|` +
		`\b(register|notify|report to|declare)\b.{0,40}\b(after|when|once) (i |we |he |she |you )?(come|came|coming|get|got|return|returned|returning) (back|home)\b|` +
		`\b(after|when|once) (i |we |he |she |you )?(come|came|coming|get|got|return|returned|returning) (back|home)\b.{0,60}\b(register|notify|report|declare)\b`),
	vi: "sau khi về nước, người lao động phải thông báo với cơ quan đăng ký cư trú trong thời hạn 15 ngày kể từ ngày nhập cảnh",
	en: "after coming home, a worker must notify the residence registration authority within 15 days of entering Vietnam",
}

// remainsHome is a family asking how to bring home the body of a worker
// who died abroad: "Anh trai tôi chết ở Hàn, làm sao đưa thi thể về" got
// the Fund's 40 million first (tenth audit); who brings the body or
// remains home, and at whose cost, is the company's duty (Law
// 69/2020/QH14 Art 32 cl. 6; Decision 40/2021/QĐ-TTg Art 19).
var remainsHome = situation{
	told: regexp.MustCompile(`\b(dua|cho|mang|chuyen|dem|van chuyen|hoi huong) (thi the|thi hai|di hai|tro cot|hai cot|linh cuu)\b|\b(dua|mang|chuyen|dem) xac ((anh|em|chong|con|bo|me|ba|chu|cau|nguoi than|nguoi nha) (toi |em |tui |minh )?)?ve\b|\b(thi the|thi hai|di hai|tro cot|linh cuu)\b.{0,30}\bve (nuoc|vn|viet nam|que|nha)\b|` +
		`\b(bring|send|get|ship|transport|repatriate|fly) (his |her |their |the |my )?(brother s |sister s |son s |daughter s |husband s |wife s |father s |mother s )?(body|bodies|remains|ashes|coffin)\b|\brepatriat(e|ion of) (the )?(body|remains)\b`),
	vi: "doanh nghiệp phải đưa thi hài, di hài người lao động chết ở nước ngoài về nước; chi phí đưa thi hài về nước",
	en: "the company must bring home the body or remains of a worker who died abroad; the cost of bringing the body home",
}

// jobAfterReturn is a returned worker, or the family, asking for work or
// help to start a business at home: "Con trai tôi đi Nhật về được 2
// tháng, ở Cần Thơ có chỗ nào giúp tìm việc hoặc cho vay vốn làm ăn
// không?" got the loans for going abroad (eighth audit); Law 69/2020/QH14
// Art 6 gives a returned worker counselling and help to find work or
// start a business, and the city's Employment Service Centre helps.
var jobAfterReturn = situation{
	told: regexp.MustCompile(`\b(tim viec|viec lam|kiem viec|lam an|khoi nghiep|vay von|find (a )?(job|work)|get a job|job|jobs|start a business|business)\b`),
	vi:   "người lao động về nước được tư vấn, hỗ trợ tạo việc làm, khởi nghiệp; Trung tâm Dịch vụ việc làm thành phố Cần Thơ giúp người lao động về nước",
	en:   "a returned worker gets counselling and help to find work or start a business; the Employment Service Centre of Cần Thơ city helps returning workers",
}

// changeEmployerJapan is a worker in Japan who wants to move to another
// company: "Tôi là thực tập sinh ở Osaka, … Tôi muốn chuyển sang công ty
// khác thì có được không" got the programme's description (sixth audit);
// the document says technical intern training does not allow it and
// Employment for Skill Development does, under conditions.
var changeEmployerJapan = situation{
	told: regexp.MustCompile(`\b(chuyen (sang )?(cong ty|cty|cho lam|noi lam|xi nghiep) khac|doi (cong ty|cty|chu|cho lam)|nhay viec|change (my |the )?(company|employer|job|workplace)|switch (to another |my |the )?(company|employer|job)|move to another (company|employer))\b`),
	vi:   "khác với thực tập sinh kỹ năng, chế độ Ikusei Shuro cho phép người lao động chuyển chỗ làm, đổi công ty",
	en:   "unlike technical intern training, Employment for Skill Development allows a worker to change employer",
}

// sswRE (folded): the Specified Skilled Worker status named.
var sswRE = regexp.MustCompile(`\b(ky nang dac dinh|specified skilled|ssw|tokutei)\b`)

// addWords is "\n" and words, or "" when there are none.
func addWords(words string) string {
	if words == "" {
		return ""
	}
	return "\n" + words
}

// scamSignRE (folded): a sign of a scam job offer abroad that the
// Ministry of Foreign Affairs warns of: no degree, no contract, no
// licensed company, easy work for high pay, a ticket paid, no fee, a
// recruiter met on social media ("Someone on Facebook offers my cousin a
// job in Dubai as a housemaid, they will pay the ticket, no fee. Is it
// safe?" was handed off, eleventh audit).
var scamSignRE = regexp.MustCompile(`\b(khong can (bang cap|ky hop dong|hop dong|tieng|kinh nghiem)|ko can (bang cap|ky hop dong|hop dong)|no contract|no degree|no experience needed|no need (for |to sign )?(a )?contract|viec nhe|easy work|easy job|high pay|luong (rat |qua )?cao|bao ve may bay|free ticket|paid (my |the )?ticket|pays? (for )?(my |the |your |her |his )?(air )?ticket|no fees?|khong mat phi|mien phi|facebook|zalo|tiktok|telegram|mang xa hoi|social media)\b`)

// offeredRE (folded): work offered or someone talked into going. Folded,
// a bare "moi" is also "mới" (new, just), so only "lời mời" counts.
var offeredRE = regexp.MustCompile(`\b(offer|offers|offered|invited|invites|recruited|recruiting|promised|ru|loi moi|hua|gioi thieu|tuyen)\b`)

// scamOfferSearch is the scam-offer document's words for a message that
// shows two of its signs: "có người quen rủ tui qua bên kia làm, ko cần
// bằng cấp ko cần ký hợp đồng gì hết, lương 2000 đô, nghe ngon quá có
// nên đi ko" was handed off; "" for any other message. Work in a
// scam-compound country (scamCountry: the message names one) is a sign
// too: "có người trên zalo rủ em đi Campuchia làm chăm sóc khách hàng
// lương 1500 đô, bao ăn ở" was handed off (eleventh audit).
func scamOfferSearch(message string, scamCountry bool) string {
	folded := strings.Join(vitext.FoldedTokens(message), " ")
	signs := len(scamSignRE.FindAllString(folded, -1))
	if scamCountry && (workWordRE.MatchString(folded) || atWorkRE.MatchString(folded)) {
		signs++
		// Offered there, it is the offer the guide warns of: "My
		// Vietnamese wife's brother in Can Tho says he was offered a job
		// in Cambodia by a friend, he leaves tomorrow. Should we worry?"
		// was handed off.
		if offeredRE.MatchString(folded) {
			signs++
		}
	}
	if signs < 2 {
		return ""
	}
	if vitext.DetectLang(message) == vitext.English {
		return "a job offer abroad with no degree needed and no contract signed is a sign of a scam"
	}
	return "lời mời ra nước ngoài làm việc không yêu cầu bằng cấp, không có hợp đồng ký kết là dấu hiệu lừa đảo"
}

// search is the situation's words in the message's language when the
// message tells of it, else "".
func (sit situation) search(message string) string {
	folded := strings.Join(vitext.FoldedTokens(message), " ")
	if !sit.told.MatchString(folded) || sit.unless != nil && sit.unless.MatchString(folded) {
		return ""
	}
	return sit.in(message)
}

// in is the situation's words in the language of message.
func (sit situation) in(message string) string {
	if vitext.DetectLang(message) == vitext.English {
		return sit.en
	}
	return sit.vi
}

// atWorkRE (folded): words of someone at work, beside workWordRE's:
// "Bố tôi làm xây dựng ở Đài Loan", "chủ không chịu trả", "the company".
var atWorkRE = regexp.MustCompile(`\b(lam|chu|cong ty|cty|xuong|nha may|quy|company|employer|boss|factory|fund|supervisor|manager)\b`)

// depositLeftRE (folded): the deposit a worker fears losing by leaving,
// which only a worker sent abroad pays, so it tells of work abroad with
// no country named: "my supervisor at the factory keep touching me, can i
// quit and go home and not lose my deposit" got the safety steps alone.
var depositLeftRE = regexp.MustCompile(`\b(ky quy|tien coc|deposit)\b.{0,60}\b(bo ve|ve nuoc|ve (vn |viet nam |nuoc )?truoc han|ve som|bo tron|nghi viec|quit|go home|leave|leaving|return early)\b|\b(bo ve|ve nuoc|ve (vn |viet nam |nuoc )?truoc han|ve som|bo tron|nghi viec|quit|go home|leave|leaving|return early)\b.{0,60}\b(ky quy|tien coc|deposit)\b`)

// situationSearch is what to add to the searched text of a message about
// work abroad that tells of one of situationsAbroad, or of any message
// telling of brokerage charged to a worker (brokerageCharged): that
// situation's document words, in the message's language; "" for any other
// message. abroad says the message names a country other than Vietnam.
func situationSearch(question string, abroad bool) string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	if brokerageCharged.told.MatchString(folded) && !marryWordRE.MatchString(folded) && !strings.Contains(folded, "hon nhan") {
		return brokerageCharged.in(question)
	}
	abroad = abroad || abroadWorkRE.MatchString(folded) || depositLeftRE.MatchString(folded)
	if !abroad || !workWordRE.MatchString(folded) && !atWorkRE.MatchString(folded) {
		return ""
	}
	// A message may tell of several situations: a death is what it is
	// about ("He died in a car accident at work"); otherwise the one told
	// last is what it asks about ("chu ko tra luong 5 thang, … me ve truoc
	// han thi co bi mat tien ky quy ko" asks about the deposit).
	best, bestEnd := -1, -1
	for i, sit := range situationsAbroad {
		if sit.unless != nil && sit.unless.MatchString(folded) {
			continue
		}
		for _, m := range sit.told.FindAllStringIndex(folded, -1) {
			if m[1] > bestEnd {
				best, bestEnd = i, m[1]
			}
		}
		if i == 0 && best == 0 {
			break // a death
		}
	}
	if best < 0 {
		return ""
	}
	return situationsAbroad[best].in(question)
}
