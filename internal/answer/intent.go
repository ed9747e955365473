package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

var (
	// Questions that want a number (an age, an amount, a count), a date or
	// a percentage, and questions that want a list.
	quantityRE = regexp.MustCompile(`\b(bao nhieu|bao lau|may|so may|so nao|so gi|so dien thoai|duong day nong|how many|how much|how long|how old|how often|what number|which number|phone number|number|hotline)\b`)
	dateRE     = regexp.MustCompile(`\b(nam nao|khi nao|luc nao|ngay nao|tu bao gio|when|what year|which year|what date|since when)\b`)
	percentRE  = regexp.MustCompile(`\b(phan tram|percent|percentage)\b|%`)
	// Questions that want an office, and what names one (bounded by
	// non-letters: Go's \b is ASCII-only and never matched "Sở", "Bộ").
	agencyQRE = regexp.MustCompile(`\b(ai|co quan nao|so nao|bo nao|noi nao|don vi nao|lien he|hoi (o )?dau|hoi cho nao|where (can|do|should) (i|we|he|she|they) ask|where to ask|who|whom|which( \w+)? (office|agency|department|ministry|body)|contact|talk to)\b`)
	agencyRE  = regexp.MustCompile(`(?:^|[^\pL\pN])(Sở|Bộ|Cục|Cơ quan|Ủy ban|UBND|Trung tâm|Hội|Liên hiệp|Phòng|Công an|Cảnh sát|Đại sứ quán|Lãnh sự quán|Ngân hàng|Department|Ministry|Committee|Centre|Center|Union|Association|Police|police|Embassy|embassy|Consulate|consulate|Bank|Fund|Quỹ)(?:[^\pL\pN]|$)`)
	// Questions that want a place to look something up, and a web address.
	lookupQRE = regexp.MustCompile(`\b(o dau|tra cuu|kiem tra|xem|website|trang web|web|online|where|look up|check|find out|search)\b`)
	webRE     = regexp.MustCompile(`\b[a-z0-9-]+\.(gov\.vn|org\.vn|com\.vn|vn|org|com|int)\b`)
	// Questions that ask whether something is allowed, and what answers them.
	legalQRE = regexp.MustCompile(`\b(hop phap|trai phep|trai luat|co sao|co dung|duoc khong|co duoc|bat buoc|legal|illegal|allowed|lawful|is it ok|can they|must i|required|mandatory)\b`)
	legalRE  = regexp.MustCompile(`(?i)(pháp luật|trái phép|bất hợp pháp|nghiêm cấm|bị cấm|không được|bắt buộc|phải|illegal|unlawful|prohibited|forbidden|not allowed|against the law|crime|must|required|mandatory)`)
	// Questions that ask how often, and what says how often (on folded
	// words: "hằng năm" and "hàng năm" fold alike).
	frequencyQRE = regexp.MustCompile(`\b(how often|how frequently|how many times|bao lau mot lan|may lan|bao nhieu lan|dinh ky)\b`)
	frequencyRE  = regexp.MustCompile(`\b(dinh ky|hang (nam|thang|quy|tuan|ngay)|moi (nam|thang|quy|tuan|ngay|\d+)|every|each (year|month|quarter|week|day)|annually|monthly|quarterly|weekly|yearly|daily|once|twice|times a (year|month|week))\b`)
	// Questions that speak of a person's age, and sentences that state an
	// age limit (the latter on the text as written).
	ageQRE = regexp.MustCompile(`\b(\d{1,2} (tuoi|year old|years old|yo)|(i am|i m|im|she is|he is|only|aged) \d{1,2}|bao nhieu tuoi|may tuoi|du tuoi|chua du tuoi|tuoi toi da|tuoi toi thieu|do tuoi|gioi han tuoi|how old|underage|under age|minimum age|maximum age|max age|age limit)\b`)
	// asksAgeRE (folded): a question that asks an age, not one that only
	// states a person's ("con tôi 17 tuổi, phí bao nhiêu").
	asksAgeRE = regexp.MustCompile(`\b(bao nhieu tuoi|may tuoi|tuoi toi da|tuoi toi thieu|do tuoi|gioi han tuoi|how old|minimum age|maximum age|max age|age limit)\b`)
	ageRE     = regexp.MustCompile(`(?i)(đủ \d{1,2} tuổi|\d{1,2} tuổi trở lên|dưới \d{1,2} tuổi|từ \d{1,2} (đến|tới) \d{1,2} tuổi|\d{1,2} or older|\d{1,2} and older|under \d{1,2}\b|aged \d{1,2}|at least \d{1,2} years|\d{1,2} years of age|\d{1,2} to \d{1,2} years)`)
	// Questions that ask how long something takes or lasts ("bao lâu",
	// "mất mấy ngày", "how many months"), and what states a duration
	// ("12 ngày", "ba tháng", "within 180 days"; on the text as written,
	// legal citations removed).
	durationQRE = regexp.MustCompile(`\b(bao lau|bao nhieu (ngay|thang|nam|tuan|gio)|may (ngay|thang|nam|tuan|gio)|how long|how many (days|months|years|weeks|hours))\b`)
	durationRE  = regexp.MustCompile(`(?i)\b(\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười hai|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(ngày|tháng|năm|tuần|giờ|days?|months?|years?|weeks?|hours?|working days?)(?:[^\pL\pN]|$)`)
	// Questions that ask which papers to bring, and what names papers
	// (the latter on folded words).
	papersQRE = regexp.MustCompile(`\b(giay to gi|giay to nao|nhung giay to|can giay|ho so gom|ho so gi|ho so can|mang theo gi|mang gi|chuan bi gi|what documents|which documents|what papers|which papers|what paperwork|documents do|papers do|documents i need|papers i need)\b`)
	papersRE  = regexp.MustCompile(`\b(giay to|ho so|ban sao|giay xac nhan|giay chung nhan|giay khai sinh|ho chieu|to khai|documents?|papers?|certificates?|cop(y|ies)|passport|form)\b`)
	// Questions that ask for a maximum or a minimum ("tối đa bao nhiêu",
	// "how much can they take", "is there a cap"), and sentences that state
	// one ("không được vượt mức trần…", "may not exceed"), both on folded
	// words. A cap whose figure sits in an appendix still answers: the
	// deposit question got "the deposit is in a blocked account" before
	// "the deposit may not exceed the cap in Appendix II" (seventh audit).
	limitQRE = regexp.MustCompile(`\b(toi da|toi thieu|muc tran|gioi han|khong qua|nhieu nhat|it nhat|maximum|minimum|max|cap|caps|ceiling|limit|at most|at least|how much( \w+){0,3} (can|may|could))\b`)
	limitRE  = regexp.MustCompile(`\b(muc tran|toi da|toi thieu|khong duoc vuot|khong vuot qua|khong qua|nhieu nhat|it nhat|cap|caps|capped|ceiling|at most|at least|may not exceed|must not exceed|not exceed|no more than|maximum|minimum)\b`)
	// chargeQRE (folded) finds a question whether something costs the
	// asker money ("gọi có mất tiền không", "is the call free"), and
	// chargeRE a sentence that says it does or does not ("tính cước",
	// "miễn phí", "free of charge", "charged per minute").
	chargeQRE = regexp.MustCompile(`\b(mat tien|ton tien|mat phi|ton phi|tinh phi|tinh tien|tinh cuoc|mat cuoc|mien phi|free|is it free|cost anything|costs anything|cost money|charged|charge for|pay to call|pay for the call)\b`)
	chargeRE  = regexp.MustCompile(`\b(tinh cuoc|cuoc phi|cuoc goi|mien phi|khong mat phi|khong mat tien|co tinh phi|thu phi|free of charge|free|charged|per minute|call charges?|toll free)\b`)
	// Questions that ask what to do ("gia đình phải làm gì", "giờ tôi nên
	// làm sao", "what should my family do"), on folded words; and
	// sentences that advise an act, on the text as written ("hãy" folds to
	// "hay", or): "nên", "hãy", "should", or an opening verb of doing
	// ("Gọi…", "Báo…", "Call…", "Keep…", "Do not…").
	actionQRE = regexp.MustCompile(`\b(phai lam gi|nen lam gi|can lam gi|lam gi bay gio|gio lam gi|phai lam sao|nen lam sao|gio lam sao|lam sao bay gio|lam the nao bay gio|what should (i|we|he|she|they|my \w+|the \w+|our \w+) do|what (do|can|must) (i|we|he|she|they) do|what to do|what now)\b`)
	adviceRE  = regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(nên|hãy|should)(?:[^\pL\pN]|$)|^(gọi|báo|liên hệ|giữ|chụp|ghi lại|gửi|hỏi|đến|đừng|không nên|call|report|contact|keep|take|ask|go|tell|send|write|save|leave|do not|don't|never)(?:[^\pL\pN]|$)`)
	// Questions that ask about a penalty, and sentences that state a fine
	// (both on folded words). A fine's figures ("phạt từ 10 triệu…, tối
	// đa 200 triệu đồng") answer a question about penalties only: "ký quỹ
	// 150 triệu, có mức tối đa nào không?" got the fine for a deposit above
	// the cap instead of the cap (2026-12-02).
	penaltyQRE = regexp.MustCompile(`\b(phat|xu phat|bi xu ly|che tai|fine|fined|fines|penalty|penalties|punish|punished|punishment|sanction|sanctions|sanctioned)\b`)
	fineRE     = regexp.MustCompile(`\b(bi phat|phat tien|is fined|are fined|be fined|fined)\b`)
	listRE     = regexp.MustCompile(`\b(nhung gi|nhung gia?y to|gom nhung|can gi|dieu kien|giay to|ho so|cac buoc|nhung buoc|buoc nao|buoc gi|quy trinh|thu tuc|what documents|what papers|which|what are|conditions|requirements|steps|what do i need|what should)\b`)
)

// payments are the kinds of money a worker going abroad is asked for,
// which the law treats apart: the deposit (Law 69/2020/QH14 Art 25), the
// service fee (Art 23) and brokerage (Art 7 cl. 8, Art 22). A question
// about one is not answered by a sentence about another: "công ty được
// thu tiền ký quỹ tối đa bao nhiêu?" got the service-fee caps (fifth
// audit). Matched on folded words.
var payments = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"deposit", regexp.MustCompile(`\b(ky quy|tien coc|dat coc|deposit|deposits)\b`)},
	{"service_fee", regexp.MustCompile(`\b(tien dich vu|phi dich vu|service fee|service fees)\b`)},
	{"brokerage", regexp.MustCompile(`\b(tien moi gioi|phi moi gioi|hoa hong moi gioi|brokerage|broker s fee|broker fee|brokerage commission)\b`)},
}

// paymentsIn are the kinds of payment folded text names.
func paymentsIn(folded string) []string {
	var out []string
	for _, p := range payments {
		if p.re.MatchString(folded) {
			out = append(out, p.kind)
		}
	}
	return out
}

// intent is what a question asks for, read from its folded words.
type intent struct {
	number, date, percent, list, agency, web, legal, frequency, age, duration, papers bool
	// action: the question asks what to do (actionQRE).
	action bool
	// penalty: the question asks about a penalty (penaltyQRE).
	penalty bool
	// charge: the question asks whether something costs money (chargeQRE).
	charge bool
	// asksAge: the question asks an age (asksAgeRE): a figure that is not
	// an age ("tối đa 100.000.000 đồng") does not answer it.
	asksAge bool
	// limit: the question asks for a maximum or a minimum (limitQRE).
	limit bool
	// amount: the question asks for an amount of money (amountQRE), in
	// currency when it names one ("bao nhiêu won": "won"; askedCurrency).
	amount   bool
	currency string
	// now: the question asks about the present ("năm nay", "hiện nay",
	// "this year"; nowQRE), and year the calendar year it names, or 0.
	now  bool
	year int
	// payment is the one kind of payment the question names, or "".
	payment string
	// crew: the question names ships or their crews.
	crew bool
	// permits are what the question asks whether one may do ("có được
	// tự ý chấm dứt hợp đồng không": the bigrams "tu y", "y cham", "cham
	// dut", "dut hop"; "can I end my contract myself": "end",
	// "contract"), folded; nil when it asks no such thing.
	permits []string
}

// crewQRE (folded) finds ships and their crews in a question; crewRE a
// sentence whose rule is for ship crews only (the 1.5-month service-fee
// cap for officers and crew of sea-going ships, Law 69/2020/QH14 Art 23
// cl. 4(a)), which answered "the maximum service fee for Taiwan" for a
// factory worker (sixth audit).
var (
	crewQRE = regexp.MustCompile(`\b(tau|thuyen vien|thuy thu|ship|ships|seafarer|seafarers|crew|sailor|sailors|boat|vessel|fishing)\b`)
	crewRE  = regexp.MustCompile(`(?i)(sĩ quan và thuyền viên|tàu vận tải biển|sea-going|officers and crew)`)
)

// otherGroup reports whether a sentence states a rule for ship crews
// (crewRule: read.crewRule, crewRE on the sentence, read once per
// passage) while the question names none.
func (w intent) otherGroup(crewRule bool) bool {
	return !w.crew && crewRule
}

// otherPayment reports whether a sentence naming the kinds of payment
// named speaks only of kinds other than the one the question asks about.
func (w intent) otherPayment(named []string) bool {
	return w.payment != "" && len(named) > 0 && !slices.Contains(named, w.payment)
}

// oneFact reports whether the question asks for one fact (a number, a
// date, a percentage, a frequency, an office or a web address) rather
// than a list.
func (w intent) oneFact() bool {
	return !w.list && (w.number || w.date || w.percent || w.frequency || w.agency || w.web)
}

func intentOf(question string) intent {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	return intent{
		number: quantityRE.MatchString(folded), date: dateRE.MatchString(folded),
		percent: percentRE.MatchString(folded) || strings.Contains(question, "%"),
		list:    listRE.MatchString(folded), agency: agencyQRE.MatchString(folded),
		web: lookupQRE.MatchString(folded), legal: legalQRE.MatchString(folded),
		frequency: frequencyQRE.MatchString(folded), age: ageQRE.MatchString(folded), asksAge: asksAgeRE.MatchString(folded),
		limit: limitQRE.MatchString(folded), amount: amountQRE.MatchString(folded), currency: askedCurrency(folded), charge: chargeQRE.MatchString(folded),
		now: nowQRE.MatchString(folded), year: askedYear(folded),
		duration: durationQRE.MatchString(folded), papers: papersQRE.MatchString(folded),
		action: actionQRE.MatchString(folded), penalty: penaltyQRE.MatchString(folded),
		payment: onePayment(paymentsIn(folded)), crew: crewQRE.MatchString(folded),
		permits: permitsAsked(folded, vitext.DetectLang(question)),
	}
}

// permitQRE (folded) finds a question asking whether one may do
// something, and what follows it: "tôi có được tự ý chấm dứt hợp đồng
// không", "công ty có quyền giữ hộ chiếu không", "can I end my contract".
// permitTailEnd ends what is asked at the question's closing words.
var (
	permitQRE     = regexp.MustCompile(`\b(?:co duoc|duoc phep|co quyen|duoc quyen|can (?:i|we|he|she|they|my \w+|the \w+)|may (?:i|we|he|she|they)|am i allowed to|is it allowed to|are we allowed to|allowed to|have the right to|has the right to) (.+)$`)
	permitTailEnd = regexp.MustCompile(`\b(khong|ko|hong|chu|hay|or|if|when|because|vi)\b`)
	// permitStop are folded words that say nothing of the act asked about.
	permitStop = map[string]bool{"the": true, "my": true, "our": true, "his": true, "her": true, "their": true, "a": true, "an": true,
		"own": true, "myself": true, "this": true, "that": true, "it": true, "to": true, "of": true, "for": true, "from": true,
		"with": true, "and": true, "in": true, "at": true, "still": true, "also": true, "just": true, "get": true}
)

// permitsAsked are the words of what folded (a folded question) asks
// whether one may do: up to four words after "có được" or "can I" and
// before "không", as syllable pairs for Vietnamese ("cham dut": one
// syllable says little) and as single words for English (lang, the
// question's language). nil when the question asks no such thing.
func permitsAsked(folded, lang string) []string {
	m := permitQRE.FindStringSubmatch(folded)
	if m == nil {
		return nil
	}
	tail := m[1]
	if loc := permitTailEnd.FindStringIndex(tail); loc != nil {
		tail = tail[:loc[0]]
	}
	words := strings.Fields(tail)
	words = words[:min(len(words), 4)]
	var out []string
	if lang == vitext.English {
		for _, w := range words {
			if len(w) >= 3 && !permitStop[w] {
				out = append(out, w)
			}
		}
		return out
	}
	for i := 0; i+1 < len(words); i++ {
		out = append(out, words[i]+" "+words[i+1])
	}
	return out
}

// onePayment is the kind when kinds has exactly one, else "": a question
// naming two (the deposit and the service fee) may be answered by either.
func onePayment(kinds []string) string {
	if len(kinds) == 1 {
		return kinds[0]
	}
	return ""
}

// holdsDuration reports whether text states a duration ("12 ngày", "ba
// tháng", "within 180 days"), not a date ("1 tháng 7 năm 2025": a number
// follows the unit).
func holdsDuration(text string) bool {
	for _, m := range durationRE.FindAllStringIndex(text, -1) {
		// the match ends after the unit and the character after it
		rest := strings.TrimLeft(text[m[1]:], " ")
		if strings.HasPrefix(rest, "tuổi") || strings.HasPrefix(rest, "old") {
			continue // an age ("dưới 12 tháng tuổi", "36 months old"), not a duration
		}
		if rest == "" || rest[0] < '0' || rest[0] > '9' {
			return true
		}
	}
	return false
}

// permitRE (folded) finds where a sentence says one may, may not or must
// do something: "được", "có quyền", "may", "allowed to", "the right to",
// "entitled to", "must".
var permitRE = regexp.MustCompile(`\b(duoc|co quyen|phai|may|can|must|allowed to|right to|entitled to)\b`)

// permitted are the words that follow, within four, what permitRE finds
// in folded (a folded sentence), each run joined by spaces: what the
// sentence says one may, may not or must do.
func permitted(folded string) []string {
	var out []string
	for _, loc := range permitRE.FindAllStringIndex(folded, -1) {
		words := strings.Fields(folded[loc[1]:])
		out = append(out, strings.Join(words[:min(len(words), 4)], " "))
	}
	return out
}

// echoes reports whether one of the runs a sentence permits (permitted)
// holds what the question asks whether one may do (intent.permits): the
// sentence answers "may I" with the act itself, not with a neighbouring
// rule that names the same words ("the company must settle the contract
// within 180 days after the worker ends it" for "may I end my contract").
func (w intent) echoes(runs []string) bool {
	for _, want := range w.permits {
		for _, r := range runs {
			if strings.Contains(" "+r+" ", " "+want+" ") {
				return true
			}
		}
	}
	return false
}

// focusENRE and focusVIRE (folded) find the thing a question asks about
// by its question word: "which groups get priority", "what kinds of
// jobs", "how many steps"; "những hoạt động gì", "thủ tục nào",
// "có mấy nhóm hoạt động". The words are read by focusTerms.
var (
	focusENRE = regexp.MustCompile(`\b(?:which|what|how many)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?(\w+(?:\s+\w+)?)`)
	focusVIRE = regexp.MustCompile(`(?:\b(?:may|bao nhieu|nhung|cac)\s+(\w+(?:\s+\w+)?)\s+(?:nao|gi)\b)|(?:\b(\w+(?:\s+\w+)?)\s+(?:nao|gi)\b)|(?:\b(?:co may|bao nhieu)\s+(\w+(?:\s+\w+)?))`)
	// focusStopVI are folded Vietnamese words that name no thing asked
	// about; English uses the project's function words
	// (vitext.IsStopword). vitext's Vietnamese particles count only when
	// typed with their marks, and the question here is folded.
	focusStopVI = map[string]bool{"nhung": true, "cac": true, "la": true, "co": true, "duoc": true, "lam": true, "thi": true, "ma": true,
		"cua": true, "ve": true, "nay": true, "do": true, "phai": true, "can": true, "con": true, "nguoi": true, "khi": true, "o": true,
		"cho": true, "voi": true, "tu": true, "den": true, "ra": true, "vao": true, "va": true, "hay": true, "hoac": true}
)

// focusTerms are the search terms (vitext.SearchTerms) of the thing a
// question asks about (focusENRE, focusVIRE), stop words left out; nil
// when the question names none.
func focusTerms(question string) []string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	english := vitext.DetectLang(question) == vitext.English
	var words []string
	re, stop := focusVIRE, func(w string) bool { return focusStopVI[w] }
	if english { // "may I" is no "mấy"
		re, stop = focusENRE, func(w string) bool { return vitext.IsStopword(vitext.Term(w)) }
	}
	for _, m := range re.FindAllStringSubmatch(folded, -1) {
		for _, g := range m[1:] {
			for _, w := range strings.Fields(g) {
				if stop(w) {
					break
				}
				words = append(words, w)
			}
		}
	}
	if len(words) == 0 {
		return nil
	}
	return vitext.SearchTerms(strings.Join(words, " "))
}

// nowQRE (folded) finds a question about the present: "lương tối thiểu
// năm nay", "hiện nay thuộc bộ nào", "what is it this year".
var nowQRE = regexp.MustCompile(`\b(nam nay|hien nay|hien tai|bay gio|this year|currently|current|right now|nowadays|these days)\b`)

// periodYears are the years (yearRE) text names on their own: "năm
// 2025", "in 2026", "2025–2026"; a year that is part of an instrument's
// number or a date ("Luật 69/2020/QH14", "ngày 5/8/2025") is not one. nil
// when none.
func periodYears(text string) []int {
	var out []int
	for _, loc := range yearRE.FindAllStringIndex(text, -1) {
		if loc[0] > 0 && strings.ContainsAny(text[loc[0]-1:loc[0]], "/.") || loc[1] < len(text) && text[loc[1]] == '/' {
			continue
		}
		if y, _ := strconv.Atoi(text[loc[0]:loc[1]]); !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

// askedYearRE (folded) finds a year asked about as a period: "năm
// 2026", "in 2026", "for 2026"; not a name such as "Luật Việc làm 2025"
// or "kh 2011".
var askedYearRE = regexp.MustCompile(`\b(?:nam|in|for)\s+((?:19|20)\d\d)\b`)

// askedYear is the year a question asks about as a period (askedYearRE),
// the last when it names several; 0 when none, or when it asks about the
// present (nowQRE), whose year is the document's.
func askedYear(folded string) int {
	if nowQRE.MatchString(folded) {
		return 0
	}
	m := askedYearRE.FindAllStringSubmatch(folded, -1)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[len(m)-1][1])
	return y
}
