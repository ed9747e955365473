package answer

import (
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Extractive answers by quoting the sentences of the passages that best
// match the question. Every sentence of its body is a sentence of the
// knowledge base, followed by the marker of its passage; only the framing
// (language note, source list, next step) is template text.
type Extractive struct {
	Params Params // the zero value means DefaultParams
	// Reader, when set, keeps the passages it has read for later
	// questions; nil reads each passage anew.
	Reader *Reader
}

// Compose never fails.
func (e Extractive) Compose(_ context.Context, req Request) (Composition, error) {
	return composeExtractive(req, e.Params.orDefault(), e.Reader), nil
}

// sentence is a read sentence of one of the request's passages, scored
// for its question.
type sentence struct {
	read
	passage, pos int
	doc          string
	score        float64
	own          float64 // the weight of the question's words in it alone
	lead         float64 // the share of its passage's lead's word pairs it holds, 0..1
	elsewhere    bool    // about other countries than the question's only, or another payment: never quoted
}

var (
	// Sentences about the document rather than its subject, and list item
	// lines.
	metaRE = regexp.MustCompile(`(?i)\b(tài liệu này|bài viết này|văn bản này|phần này|this document|this page|this article|this section|this guide)\b|^(tài liệu|the document|the guide)\b|^(thông tin|nội dung)( này)? (dựa trên|dành cho|gồm|bao gồm)\b|^the content (covers|includes)\b|^(it|this) (also )?(describes|explains|covers|lists|summarises|introduces|is written for|is based on)\b|` +
		// a pointer to another document, which a reader of the answer
		// cannot open: «… được trình bày trong tài liệu "Chi phí…"»,
		// «… are covered in "Costs of working abroad"».
		`tài liệu "|tài liệu riêng|trình bày trong (một )?tài liệu|\b(covered|set out|explained|described) in "|\bin a separate document\b|\bin the document on\b`)
	// A sentence's legal citation, "(Law 69/2020/QH14, Art 23 cl. 4)",
	// or a foreign source's, "(Korean Ministry of Justice Notice No. 378
	// of 2016)", "(Bộ Lao động Đài Loan, tiêu chuẩn thu phí)": the content
	// rules require it, so it counts neither against the word budget nor
	// as length.
	citationRE = regexp.MustCompile(`\s*\((?:Luật|Law|Nghị định|Decree|Thông tư|Circular|Quyết định|Decision|Bộ luật|Penal Code|Nghị quyết|Resolution|` +
		`Thông báo|Notice|Quy định của|Japan's|Korean|Taiwan|HRD Korea|Ministry of|Bộ Tư pháp|Bộ Ngoại giao|Bộ Lao động)[^()]{0,120}\)`)
	exampleRE  = regexp.MustCompile(`^(Ví dụ|Chẳng hạn|For example|For instance|Example)(?:[^\pL\pN]|$)`)
	listItemRE = regexp.MustCompile(`^(?:[-*•]|\d{1,2}[.)])\s+`)
	// numberedItemRE is an ordered list's item line: a step.
	numberedItemRE = regexp.MustCompile(`^\d{1,2}[.)]\s+`)
	// A list's lead that counts its items: "bốn điều kiện sau", "the
	// following three steps".
	countsRE = regexp.MustCompile(`(?i)\b(\d{1,2}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|two|three|four|five|six|seven|eight|nine|ten)\s+(\pL+\s+){0,2}(sau|following)\b|\b(following|sau đây)\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b`)
	// A number that is not a year, and a year.
	plainNumberRE = regexp.MustCompile(`\b(\d{1,3}([.,]\d+)?|\d{5,})\b|\d+ ?%`)
	yearRE        = regexp.MustCompile(`\b(19|20)\d\d\b`)
)

// ComposeExtractive picks the sentences that answer the question, with
// DefaultParams.
func ComposeExtractive(req Request) Composition {
	return composeExtractive(req, DefaultParams(), nil)
}

// composeExtractive reads what the question asks for, scores every
// sentence of the best passages, chooses the best within the word budget
// (a list's opening sentence with its items), and puts them in reading
// order.
func composeExtractive(req Request, prm Params, r *Reader) Composition {
	none := Composition{Composer: "extractive", NoAnswer: true}
	if len(req.Passages) == 0 {
		return none
	}
	want := intentOf(req.Question)
	if prm.FocusBoost > 0 && prm.FocusBoost != 1 {
		req.Weights = withFocus(req.Weights, focusTerms(req.Question), prm.FocusBoost)
	}
	cands := candidates(req, prm, want, r)
	if len(cands) == 0 {
		return none
	}
	limit := 0 // sentences; 0: the word budget alone
	if want.oneFact() {
		limit = prm.FactSentences
	}
	if req.MaxSentences > 0 && (limit == 0 || req.MaxSentences < limit) {
		limit = req.MaxSentences
	}
	chosen := choose(cands, prm, limit, want.list || want.papers)
	if len(chosen) == 0 {
		return none
	}
	chosen = withAskedFigure(chosen, cands, want, prm, limit)
	arrange(chosen)
	comp := Composition{Composer: "extractive", Note: langNote(req, chosen)}
	quotes := make([]quoted, len(chosen))
	for i, s := range chosen {
		quotes[i] = quoted{text: s.text, passages: []int{s.passage}}
	}
	cite(req, quotes, &comp)
	if n := unstatedNote(req.Lang, req.Question, want, chosen); n != "" {
		comp.Note, comp.Unstated = strings.TrimSpace(comp.Note+" "+n), true
	}
	comp.ListNote = partialListNote(req.Lang, chosen, cands)
	return comp
}

// partialListNote says that a list is quoted in part, when a chosen
// list's lead ("An application … usually includes the following
// papers:") comes with fewer of its items than its source lists (the
// word budget, or an item chosen with its lead): a person gathering the
// papers would otherwise take the items shown for the whole list. ""
// when every quoted list is whole.
func partialListNote(lang string, chosen, cands []sentence) string {
	for _, lead := range chosen {
		if !lead.opener {
			continue
		}
		items := listItems(cands, lead, maxListItems)
		shown := 0
		for _, it := range items {
			if slices.ContainsFunc(chosen, func(c sentence) bool { return c.passage == it.passage && c.pos == it.pos }) {
				shown++
			}
		}
		if shown < len(items) {
			if lang == vitext.Vietnamese {
				return fmt.Sprintf("(Danh sách trong nguồn có %d mục, ở đây chỉ trích %d; hãy xem đủ danh sách trong nguồn.)", len(items), shown)
			}
			return fmt.Sprintf("(The list in the source has %d items, only %d quoted here; read the whole list in the source.)", len(items), shown)
		}
	}
	return ""
}

// maxListItems bounds the items of one list counted by partialListNote.
const maxListItems = 50

// candidates are the sentences of the best prm.MaxPassages passages, in
// passage order, each scored for the question; r reads the passages.
func candidates(req Request, prm Params, want intent, r *Reader) []sentence {
	docRank := map[string]int{}
	folded := strings.Join(vitext.FoldedTokens(req.Question), " ")
	asksService, asksHelp := serviceRE.MatchString(folded), helpQRE.MatchString(folded)
	homeOnly := req.CountriesOf != nil && len(req.Countries) > 0 && !slices.ContainsFunc(req.Countries, func(c string) bool { return c != "VN" })
	var cands []sentence
	for pi, p := range req.Passages[:min(prm.MaxPassages, len(req.Passages))] {
		if _, ok := docRank[p.DocID]; !ok {
			docRank[p.DocID] = len(docRank)
		}
		prior := 1 / (1 + prm.DocPriorStep*float64(docRank[p.DocID]))
		rp := r.passage(p.Heading, p.Text)
		var leadPairs []string
		if prm.LeadWeight > 0 {
			leadPairs = wordPairs(p.Lead)
		}
		headingScore := weightOf(rp.heading, req.Weights) + prm.SectionWeight*weightOf(rp.section, req.Weights)
		// A guide for people abroad ("… while abroad") answers a question
		// placed in Vietnam only from its section about Vietnam: "lam ho
		// chieu o can tho … bao lau" got the missions' 5 and 3 working days
		// (ninth audit).
		abroadOnly := homeOnly && abroadTitleRE.MatchString(p.Title) && !slices.Contains(req.CountriesOf(sectionOf(p.Heading)), "VN")
		var sectionPlaces []string
		if len(req.Countries) > 0 && req.CountriesOf != nil {
			sectionPlaces = req.CountriesOf(sectionOf(p.Heading))
			if len(sectionPlaces) == 0 && slices.ContainsFunc(req.Countries, func(c string) bool { return c != "VN" }) {
				sectionPlaces = titlePlaces(req, p.Title)
			}
			if req.RelativeAbroad != "" && familySectionRE.MatchString(sectionOf(p.Heading)) {
				// "What the family in Vietnam does at once" is for the
				// family writing, wherever the relative is: "em toi bi
				// ban sang trung quoc, nha toi can giu lai nhung gi de
				// lam bang chung" lost its answer to the place.
				sectionPlaces = nil
			}
		}
		// A question naming no country, in a document about many (its title
		// names none): the service is Cần Thơ's, and a sentence about
		// foreign countries only is scored down (foreignOnly).
		manyPlaces := len(req.Countries) == 0 && req.CountriesOf != nil && len(req.CountriesOf(p.Title)) == 0
		var sectionNames []string
		if manyPlaces {
			sectionNames = req.CountriesOf(sectionOf(p.Heading))
		}
		for pos, rs := range rp.sentences {
			c := sentence{read: rs, passage: pi, pos: pos, doc: p.DocID}
			if len(leadPairs) > 0 {
				c.lead = float64(common(c.terms, leadPairs)) / float64(len(leadPairs))
			}
			c.score = scoreSentence(c, req.Weights, prm, want, headingScore, prior)
			offPoint := elsewhere(req, rs.text, sectionPlaces) || want.otherPayment(rs.payments) || want.otherGroup(rs.crewRule) ||
				p.Topic == "about" && !asksService && selfRE.MatchString(rs.text) || // the service's page, not asked about
				!asksHelp && rs.emergency || // emergency advice, no help asked
				abroadOnly
			if offPoint {
				c.score, c.elsewhere = 0, true
			} else if manyPlaces && foreignOnly(req.CountriesOf(rs.text), sectionNames) {
				c.score *= prm.UnaskedPlaceFactor
			}
			c.own = weightOf(c.terms, req.Weights)
			cands = append(cands, c)
		}
	}
	preferAskedYear(req, prm, want, cands)
	return cands
}

// preferAskedYear scores down, by Params.OtherYearFactor, a sentence that
// speaks of other years than the one asked when a sentence of the same
// document speaks of it: the year the question names, or for a question
// about the present ("năm nay", "this year") the year the document was
// checked in. "Một giờ làm việc ở Hàn năm nay được trả ít nhất bao nhiêu
// won?" was answered with 2025's minimum wage and not 2026's.
func preferAskedYear(req Request, prm Params, want intent, cands []sentence) {
	if prm.OtherYearFactor == 0 || prm.OtherYearFactor == 1 || want.year == 0 && !want.now {
		return
	}
	asked := func(c sentence) int {
		if want.year != 0 {
			return want.year
		}
		return req.Passages[c.passage].AsOf.Year()
	}
	has := map[string]bool{} // documents with a sentence about the year asked
	for _, c := range cands {
		if slices.Contains(c.years, asked(c)) {
			has[c.doc] = true
		}
	}
	for i, c := range cands {
		if has[c.doc] && len(c.years) > 0 && !slices.Contains(c.years, asked(c)) {
			cands[i].score *= prm.OtherYearFactor
		}
	}
}

// foreignOnly reports whether a sentence speaks only of countries other
// than Vietnam: those it names, or when it names none, those its
// section's heading names (section). "số cấp cứu là số mấy" got Korea's,
// China's and Japan's numbers and not Vietnam's 115.
func foreignOnly(named, section []string) bool {
	if len(named) == 0 {
		named = section
	}
	return len(named) > 0 && !slices.Contains(named, "VN")
}

// selfRE finds a sentence of the service's own page that speaks of the
// service ("The assistant gives information about … how to stay safe"),
// and serviceRE (folded) a question that speaks to or of it. Only such a
// question is answered with such a sentence: "is it safe to drink tap
// water in can tho?" got it from the word "safe" (ninth audit).
var (
	selfRE    = regexp.MustCompile(`(?i)\b(assistant|Cần Thơ Connect|trợ lý|chatbot|bot)\b`)
	serviceRE = regexp.MustCompile(`\b(can tho connect|cantho connect|tro ly|assistant|chatbot|bot|you|your|ad|admin|dich vu nay|this service|ung dung|app)\b`)
)

// familySectionRE finds a section heading whose actor is the family
// ("Gia đình ở Việt Nam cần làm gì ngay", "What the family in Vietnam
// does at once"): the place it names is where the family is.
var familySectionRE = regexp.MustCompile(`(?i)^(gia đình|việc gia đình|what the family|the family)\b`)

// abroadTitleRE finds a document written for people abroad only.
var abroadTitleRE = regexp.MustCompile(`(?i)\bwhile abroad\b|khi đang ở nước ngoài`)

// emergencyRE finds a sentence of what to do in an emergency ("In
// danger, call the Korean police on 112."), and helpQRE (folded) a
// question that asks for help, a number or what to do in danger. Only
// such a question is answered with such a sentence: "how many years must a
// vietnamese wife live in korea before she can apply for korean
// citizenship?" opened with 112 and 119 (ninth audit). A person in danger
// gets the numbers in the safety steps whatever the question's words.
var (
	emergencyRE = regexp.MustCompile(`(?i)^(in danger|in an emergency|when in danger|if you are in danger|for an ambulance|khi gặp nguy hiểm|khi nguy hiểm|nếu gặp nguy hiểm|khi khẩn cấp|trong trường hợp khẩn cấp|gọi cấp cứu)\b`)
	helpQRE     = regexp.MustCompile(`\b(call|calls|number|numbers|phone|police|ambulance|emergency|danger|dangerous|hotline|help|helpline|rescue|fire|goi|so|sdt|dien thoai|canh sat|cong an|cap cuu|cuu hoa|khan cap|nguy hiem|duong day|giup|cuu|danh|bi danh|beaten|hit|abuse|violence|bao luc|110|111|112|113|114|115|119|911|999)\b`)
)

// sectionOf is a heading's last part, after the title ("Title › Section"),
// or "" when there is none.
func sectionOf(heading string) string {
	if i := strings.LastIndex(heading, " › "); i >= 0 {
		return heading[i+len(" › "):]
	}
	return ""
}

// titlePlaces are the countries other than Vietnam a document's title
// names, when it names one or two ("Life in South Korea after marrying a
// Korean"): the place of a section that names none, for a question that
// names a country other than Vietnam. "The Danuri call
// centre on 1577-1366 supports migrants" is Korea's, not an answer for a
// Malaysian husband (seventh audit). Vietnam is left out: "Getting a
// Vietnamese passport while abroad" is for people in every country.
func titlePlaces(req Request, title string) []string {
	places := slices.DeleteFunc(req.CountriesOf(title), func(c string) bool { return c == "VN" })
	if len(places) > 2 {
		return nil
	}
	return places
}

// elsewhere reports whether a sentence speaks of other countries than the
// question's (req.Countries) only: those it names, Vietnam aside (it is
// named beside every country: "the Vietnamese embassy in Seoul"), or when
// it names none, those its section's heading names (sectionPlaces),
// Vietnam included ("Khi đang gặp nguy hiểm ở Việt Nam": call 115 is no
// answer for someone in Korea). A sentence that names Vietnam is not
// elsewhere for a question that names Vietnam, unless both name other
// countries too and none the same.
func elsewhere(req Request, text string, sectionPlaces []string) bool {
	if len(req.Countries) == 0 || req.CountriesOf == nil {
		return false
	}
	named := req.CountriesOf(text)
	places := slices.DeleteFunc(slices.Clone(named), func(c string) bool { return c == "VN" })
	asksOthers := slices.ContainsFunc(req.Countries, func(c string) bool { return c != "VN" })
	if slices.Contains(named, "VN") && slices.Contains(req.Countries, "VN") && (len(places) == 0 || !asksOthers) {
		// A sentence about Vietnam for a question about Vietnam, or about
		// Vietnam and another country for a question about Vietnam
		// alone. One naming Taiwan is not for a question about Japan and
		// Cần Thơ, though both name Vietnam ("người vợ Việt Nam lấy chồng
		// Đài Loan").
		return false
	}
	if len(places) >= 3 {
		return false // a list of countries ("the seven countries: China, …"), not a fact about one
	}
	if len(places) == 0 {
		places = sectionPlaces
	}
	return len(places) > 0 && !slices.ContainsFunc(places, func(c string) bool { return slices.Contains(req.Countries, c) })
}

// scoreSentence rewards the question's words in the sentence, a little its
// section heading's, prefers better documents and sentences that are not
// long, and boosts sentences that hold what the question asks for. A
// sentence about the document itself scores 0.
func scoreSentence(c sentence, weights map[string]float64, prm Params, want intent, headingScore, prior float64) float64 {
	if c.meta {
		return 0
	}
	score := weightOf(c.terms, weights) + prm.LeadWeight*c.lead
	score = (score + prm.HeadingWeight*headingScore) * prior / math.Sqrt(1+float64(c.words)/prm.LengthScale)
	if want.echoes(c.permits) {
		score *= prm.PermitBoost
	}
	if want.action && c.advice {
		score *= prm.ActionBoost
	}
	switch {
	case c.fine && !want.penalty:
		// A fine's figures answer a question about penalties only.
	case want.charge && c.charge:
		score *= prm.ChargeBoost
	case want.age && c.age:
		score *= prm.AgeBoost
	case want.asksAge:
		// "tuổi tối đa là bao nhiêu": the loan's "tối đa 100 triệu" is no age.
	case want.frequency && c.frequency:
		score *= prm.FrequencyBoost
	case want.papers && c.papers:
		score *= prm.PapersBoost
	case want.duration && c.duration:
		score *= prm.DurationBoost
	case want.amount:
		// An amount of money answers, in the currency asked for when the
		// question names one; a question about money gets no boost for
		// another figure ("ít nhất 50%" for "ít nhất bao nhiêu won").
		if c.amount && (want.currency == "" || slices.Contains(c.currencies, want.currency)) {
			score *= prm.AmountBoost
		}
	case want.limit && c.limit:
		score *= prm.LimitBoost
	case want.percent && c.percent:
		score *= prm.PercentBoost
	case want.number && c.number:
		score *= prm.NumberBoost
	case want.date && c.year:
		score *= prm.DateBoost
	case want.web && c.web:
		score *= prm.WebBoost
	case want.agency && c.agency:
		score *= prm.AgencyBoost
	case want.legal && c.legal:
		score *= prm.LegalBoost
	}
	if c.example {
		// An example illustrates the rule; the rule answers.
		score *= prm.ExampleFactor
	}
	if c.opener && !want.list {
		// A list's opening line answers only when a list is asked for.
		score *= prm.ListOpenerFactor
	}
	return score
}

// picker collects the chosen sentences within the word budget and, when
// limit is above 0, within limit sentences.
type picker struct {
	prm        Params
	limit      int
	wholeLists bool // the question asks for a list: a list's items may take Params.ListWords more
	extra      int  // words allowed over Params.MaxWords now
	chosen     []sentence
	words      int
}

// has reports whether s is chosen already.
func (p *picker) has(s sentence) bool {
	return slices.ContainsFunc(p.chosen, func(c sentence) bool { return c.passage == s.passage && c.pos == s.pos })
}

// add chooses s unless it speaks of another country than the question's,
// would pass the word or sentence budget, repeats a chosen sentence, or is
// chosen already.
func (p *picker) add(s sentence) bool {
	if s.elsewhere || p.words+s.words > p.prm.MaxWords+p.extra || (p.limit > 0 && len(p.chosen) >= p.limit) || redundant(s, p.chosen, p.prm.Redundancy) ||
		p.has(s) {
		return false
	}
	p.chosen = append(p.chosen, s)
	p.words += s.words
	return true
}

// choose picks the best sentence, the sentence after it when it holds
// the question's words itself, not only through its heading (the
// knowledge base states one fact per sentence and its details follow:
// measured 0.770 of answers carry the expected fact against 0.762
// without; the sentence before, or two after, did worse), then every
// sentence scoring at least MinScoreShare of the best, within the word
// budget and, when limit > 0, limit sentences. Each comes in context
// (addInContext): a sentence that points back after the one it points
// to, a list's lead with its items, or not at all.
func choose(cands []sentence, prm Params, limit int, wholeLists bool) []sentence {
	ranked := slices.Clone(cands)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	p := &picker{prm: prm, limit: limit, wholeLists: wholeLists}
	i := slices.IndexFunc(ranked, func(s sentence) bool { return !s.meta })
	if i < 0 {
		return nil // every sentence is about the document
	}
	best := ranked[i]
	addInContext(p, cands, best)
	for _, c := range cands {
		if c.passage == best.passage && c.pos == best.pos+1 && !c.meta && c.own > 0 {
			addInContext(p, cands, c)
		}
	}
	for _, s := range ranked[i+1:] {
		if s.score < prm.MinScoreShare*best.score || s.score <= 0 {
			break
		}
		addInContext(p, cands, s)
	}
	return p.chosen
}

// withAskedFigure makes room among chosen (best first) for the sentence
// that states what a "how long" or "how old" question asks, when none
// chosen does and the best sentence's document has one that shares the
// question's words: "ghi chú ly hôn thì mất bao nhiêu ngày?" was answered
// with what the procedure is, and a note that the period was not given,
// though the next sentence but one said 12 days. Later choices give way
// to it, the best never.
func withAskedFigure(chosen, cands []sentence, want intent, prm Params, limit int) []sentence {
	holds := func(s sentence) bool { return want.duration && s.duration || want.asksAge && s.age }
	if !want.duration && !want.asksAge || slices.ContainsFunc(chosen, holds) {
		return chosen
	}
	// The best sentence's passage first, then its document.
	var fig sentence
	found := false
	for _, samePassage := range []bool{true, false} {
		for _, c := range cands {
			near := c.doc == chosen[0].doc && (!samePassage || c.passage == chosen[0].passage)
			if near && holds(c) && !c.elsewhere && !c.meta && c.own > 0 && (!found || c.score > fig.score) {
				fig, found = c, true
			}
		}
		if found {
			break
		}
	}
	if !found {
		return chosen
	}
	for n := len(chosen); n >= 1; n-- {
		p := &picker{prm: prm, limit: limit, chosen: slices.Clone(chosen[:n])}
		for _, c := range p.chosen {
			p.words += c.words
		}
		if p.add(fig) {
			return p.chosen
		}
	}
	return chosen
}

// addInContext adds s with what it needs to be understood: a sentence
// that points back ("This rule covers…", "Quy định này…") comes after the
// sentence before it in its passage, or not at all; a list's lead comes
// with its items (addWithItems).
func addInContext(p *picker, cands []sentence, s sentence) {
	if s.step {
		// Ordered steps quoted from the middle ("Các bước … gồm:" then
		// steps 3 and 5) skip what comes before: steps come from the
		// first, as under a lead chosen itself, and a later step only
		// right after the one before it.
		if lead, ok := leadOf(cands, s); ok {
			if !p.has(lead) {
				addWithItems(p, cands, lead)
				return
			}
			k := slices.IndexFunc(cands, func(c sentence) bool { return c.passage == s.passage && c.pos == s.pos-1 })
			if k >= 0 && p.has(cands[k]) {
				p.add(s)
			}
			return
		}
	}
	if s.item {
		if lead, ok := leadOf(cands, s); ok && !p.has(lead) && !countsRE.MatchString(lead.text) {
			// A list's item quoted alone reads as a statement ("The
			// broker wants to keep your passport."): its lead first. A
			// lead that counts its items ("bốn điều kiện sau") would
			// promise them all: the item then comes alone.
			before, words := len(p.chosen), p.words
			if !p.add(lead) {
				return
			}
			if !p.add(s) {
				p.chosen, p.words = p.chosen[:before], words
			}
			return
		}
	}
	if !s.anaphor || s.pos == 0 {
		addWithItems(p, cands, s)
		return
	}
	k := slices.IndexFunc(cands, func(c sentence) bool { return c.passage == s.passage && c.pos == s.pos-1 })
	if k < 0 || cands[k].meta {
		addWithItems(p, cands, s)
		return
	}
	prev := cands[k]
	before, words := len(p.chosen), p.words
	if !p.has(prev) && !redundant(prev, p.chosen, p.prm.Redundancy) && !p.add(prev) {
		return // no room for what it refers to
	}
	n := len(p.chosen)
	if addWithItems(p, cands, s); len(p.chosen) == n {
		p.chosen, p.words = p.chosen[:before], words
	}
}

// leadOf is the opening line of the list item s belongs to ("Dấu hiệu
// của môi giới lừa đảo:"), in its passage or, when the items open the
// passage, at the end of the document's passage before; ok is false when
// the items follow no such line.
func leadOf(cands []sentence, s sentence) (lead sentence, ok bool) {
	k := slices.IndexFunc(cands, func(c sentence) bool { return c.passage == s.passage && c.pos == s.pos })
	for k--; k >= 0 && cands[k].doc == s.doc && cands[k].passage >= s.passage-1; k-- {
		if !cands[k].item {
			return cands[k], cands[k].opener && !cands[k].meta
		}
	}
	return sentence{}, false
}

// addWithItems adds s; when s opens a list ("… các giấy tờ sau:"), it
// adds the list's items after it (up to ListItems, in the passage or the
// next passage of the same document), and takes s back when none fit: a
// list's lead never hangs without its items.
func addWithItems(p *picker, cands []sentence, s sentence) {
	if !s.opener {
		p.add(s)
		return
	}
	items := listItems(cands, s, p.prm.ListItems)
	if len(items) == 0 {
		return
	}
	before := len(p.chosen)
	if !p.add(s) {
		return
	}
	added := 0
	if p.wholeLists {
		// A list asked for is quoted whole if it can be: "Đăng ký kết hôn
		// với người nước ngoài cần chuẩn bị những giấy tờ gì?" lost the
		// medical certificate, the fourth of five papers, to the budget.
		p.extra = p.prm.ListWords
		defer func() { p.extra = 0 }()
	}
	for _, it := range items {
		if p.add(it) {
			added++
		} else if it.step {
			break // ordered steps stop where one does not fit: none skipped
		}
	}
	if added == 0 {
		p.chosen = p.chosen[:before]
		p.words -= s.words
	}
}

// listItems are the list items that follow a list's lead: the sentences of
// item lines right after it, in its passage and the next passages of its
// document (a list may continue in the next chunk).
func listItems(cands []sentence, lead sentence, max int) []sentence {
	var out []sentence
	started := false
	for _, c := range cands {
		if c.passage < lead.passage || (c.passage == lead.passage && c.pos <= lead.pos) {
			continue
		}
		if c.doc != lead.doc || c.passage > lead.passage+1 {
			break
		}
		if !c.item {
			if started || c.passage == lead.passage {
				break
			}
			continue // the next chunk may open with overlap before the items
		}
		started = true
		out = append(out, c)
		if len(out) == max {
			break
		}
	}
	return out
}

// arrange puts chosen sentences in reading order: passages in the order of
// their best chosen sentence, sentences in their order within the passage.
func arrange(chosen []sentence) {
	rank := map[int]int{}
	for i, s := range chosen {
		if _, ok := rank[s.passage]; !ok {
			rank[s.passage] = i
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		if chosen[i].passage != chosen[j].passage {
			return rank[chosen[i].passage] < rank[chosen[j].passage]
		}
		return chosen[i].pos < chosen[j].pos
	})
}

// langNote says so when the quoted passages are not in the asked language.
func langNote(req Request, chosen []sentence) string {
	other := ""
	for _, s := range chosen {
		if l := req.Passages[s.passage].Lang; l != req.Lang {
			other = l
		}
	}
	switch {
	case other == "":
		return ""
	case req.Lang == vitext.Vietnamese:
		return "(Thông tin này hiện chỉ có bằng " + LangName(other, vitext.Vietnamese) + ".)"
	default:
		return "(This information is only available in " + LangName(other, vitext.English) + ".)"
	}
}

// redundant reports whether s mostly repeats a chosen sentence (chunk
// overlap, or the same fact in two documents), judged on what the
// sentences say: two rules citing the same article are not one rule.
func redundant(s sentence, chosen []sentence, threshold float64) bool {
	for _, c := range chosen {
		inter := common(s.said, c.said)
		union := len(s.said) + len(c.said) - inter
		if union > 0 && float64(inter)/float64(union) > threshold {
			return true
		}
	}
	return false
}

// isMeta reports whether a sentence is about the document rather than
// its subject; the cheap test first, metaRE being costly on every
// sentence of every answer.
func isMeta(s string) bool {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, "này") && !strings.Contains(lower, "this ") && !strings.HasPrefix(lower, "it ") &&
		!strings.Contains(lower, "tài liệu") && !strings.Contains(lower, "document") && !strings.Contains(lower, "the guide") &&
		!strings.Contains(lower, " in \"") && !strings.Contains(lower, "dành cho") && !strings.Contains(lower, "dựa trên") &&
		!strings.HasPrefix(lower, "nội dung") && !strings.HasPrefix(lower, "the content") {
		return false
	}
	return metaRE.MatchString(s)
}

// weightOf sums the weights of terms, distinct and sorted: the same
// sentence always gets the same score, so ties break the same way every
// time.
func weightOf(terms []string, weights map[string]float64) float64 {
	sum := 0.0
	for _, t := range terms {
		sum += weights[t]
	}
	return sum
}

// wordPairs is s's pairs of neighbouring terms (vitext.SearchTerms'
// bigrams), sorted and distinct.
func wordPairs(s string) []string {
	terms := vitext.Terms(s)
	pairs := make([]string, 0, len(terms))
	for i := 1; i < len(terms); i++ {
		pairs = append(pairs, terms[i-1]+terms[i])
	}
	slices.Sort(pairs)
	return slices.Compact(pairs)
}

// common counts the terms two sorted lists of distinct terms share.
func common(a, b []string) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// withFocus is weights with the focus terms' weights multiplied by
// boost (a copy; weights itself is unchanged).
func withFocus(weights map[string]float64, focus []string, boost float64) map[string]float64 {
	if len(focus) == 0 {
		return weights
	}
	out := maps.Clone(weights)
	for _, t := range focus {
		if w, ok := out[t]; ok {
			out[t] = w * boost
		}
	}
	return out
}
