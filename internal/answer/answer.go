// Package answer composes grounded answers from retrieved passages: an
// extractive composer that quotes the knowledge base sentence by sentence
// (the offline default) and an LLM composer for any OpenAI-compatible
// chat server, which falls back to the extractive one.
package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Passage is a retrieved passage offered to a composer.
type Passage struct {
	DocID, Title, Lang, Topic, Heading, Text string
	Sources                                  []string
	AsOf                                     time.Time
	// Lead is the answer of a reviewed answer card written from this
	// passage whose question is near the asker's, or "": the extractive
	// composer prefers the sentences that say what it says
	// (Params.LeadWeight). It is never quoted.
	Lead string
}

// Request is what a composer answers from.
type Request struct {
	Question string
	Lang     string             // the language to answer in
	Passages []Passage          // best first
	Weights  map[string]float64 // search-term weights from retrieval
	// Abroad names Vietnam's mission where the asker says they are, in
	// Lang ("the Vietnamese embassy"), when that is outside Vietnam; ""
	// when they are in Vietnam or do not say. It chooses the next step.
	Abroad string
	// RelativeAbroad names Vietnam's mission where a relative the asker
	// writes about is, when that is outside Vietnam: the next step is
	// then addressed to the family ("" otherwise).
	RelativeAbroad string
	// Countries are the countries the question names (ISO codes), Vietnam
	// included; CountriesOf names those a text names. With both set, a
	// sentence about other countries only — by its own words or its
	// section's heading — is never quoted: "For an ambulance in China,
	// call 120" answers neither a question about Japan nor one about Cần
	// Thơ; a sentence naming Vietnam answers a question naming Vietnam.
	Countries   []string
	CountriesOf func(text string) []string
	// MaxSentences, when above 0, bounds the extractive answer to that
	// many sentences, the best first: for a message's second question,
	// which only its best sentences answer.
	MaxSentences int
}

// Sentence is one sentence of a composed answer: its text, without
// citation markers, and the citation numbers (1-based, into
// Composition.Cited) of the passages it rests on. A sentence of framing
// (a language note, an LLM's lead-in) has no sources.
type Sentence struct {
	Text    string
	Sources []int
}

// Composition is a composed answer, as data: channels render it. Cited
// lists the indexes (into Request.Passages) of the cited passages, one per
// document, in order of first use: citation number k refers to
// Passages[Cited[k-1]].
type Composition struct {
	// Note frames the answer, e.g. "(This information is only available
	// in Vietnamese.)"; "" when none.
	Note      string
	Sentences []Sentence
	Cited     []int
	// NextStep says where to take a personal case, for the topics where
	// it matters; "" otherwise.
	NextStep string
	Composer string // "extractive" or "llm"
	// NoAnswer: the composer found no answer in the passages.
	NoAnswer bool
	// Unstated: the question asks for a figure (a time, an amount, a
	// phone number) that no quoted sentence states; Note says so.
	Unstated bool
	// ListNote follows the sentences when a list is quoted in part: "(The
	// list in the source has 5 items; only 4 are quoted here; …)"; ""
	// when every quoted list is whole.
	ListNote string
}

var markerRE = regexp.MustCompile(`\[(\d{1,2})\]`)

// Markers returns the citation numbers in text, in order of first use.
func Markers(text string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range markerRE.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// quoted is a sentence with the passages (indexes into Request.Passages)
// it quotes, before numbering.
type quoted struct {
	text     string
	passages []int
}

// cite numbers the passages that sentences quote: all passages of one
// document share the number of its first passage, and numbers count 1, 2,
// … in order of first use. It fills the composition's Sentences, Cited
// and NextStep.
func cite(req Request, sentences []quoted, comp *Composition) {
	first := map[string]int{}
	for i, p := range req.Passages {
		if _, ok := first[p.DocID]; !ok {
			first[p.DocID] = i
		}
	}
	number := map[int]int{} // passage index of a document's first passage → citation number
	for _, q := range sentences {
		s := Sentence{Text: q.text}
		for _, pi := range q.passages {
			doc := first[req.Passages[pi].DocID]
			n, ok := number[doc]
			if !ok {
				comp.Cited = append(comp.Cited, doc)
				n = len(comp.Cited)
				number[doc] = n
			}
			if !slices.Contains(s.Sources, n) {
				s.Sources = append(s.Sources, n)
			}
		}
		comp.Sentences = append(comp.Sentences, s)
	}
	var topics []string
	past := false
	for _, i := range comp.Cited {
		topics = append(topics, req.Passages[i].Topic)
		past = past || pastPlanRE.MatchString(req.Passages[i].Title)
	}
	comp.NextStep = nextStepFor(req, topics)
	for _, q := range sentences {
		past = past || pastPlanSentenceRE.MatchString(q.text)
	}
	if past {
		comp.Note = strings.TrimSpace(comp.Note + " " + pastPlanNote[req.Lang])
	}
}

// pastPlanSentenceRE finds a sentence retelling the 2011–2012 plans
// without naming one with its date: "Under the plan, the city was to…",
// "Theo kế hoạch, …", "The plan also stressed…". ("Plan 60/KH-UBND of 19
// October 2011 asked…" dates itself.)
var pastPlanSentenceRE = regexp.MustCompile(`(?i)(^|[^\pL])(under the plan|the (2011|2012) plan|the plan (also|asked|set|called|stressed)|theo kế hoạch|kế hoạch (năm )?2012)([^\pL]|$)`)

// pastPlanRE finds, in a document's title, the city's 2012 plan for
// external information, whose sentences quoted alone ("Under the plan, the
// city was to help foreign partners…", "Theo kế hoạch, …") read as what
// the city does today (fifth audit: a university asking which office
// handles foreign cooperation got the plan's aims).
var pastPlanRE = regexp.MustCompile(`(?i)\b2012 (external information )?plan\b|kế hoạch (thông tin đối ngoại )?năm 2012`)

// pastPlanNote says that an answer retells the 2011–2012 plan.
var pastPlanNote = map[string]string{
	vitext.Vietnamese: "(Một số câu dưới đây thuật lại kế hoạch năm 2011–2012 của thành phố, không phải hoạt động hiện nay.)",
	vitext.English:    "(Some sentences below retell the city's 2011–2012 plan, not what the city does today.)",
}

// nextStepFor is the next step for an answer citing documents of topics
// (see NextStep), chosen for the asker: a question about their work gets
// the labour step and one about a marriage the marriage step, whatever
// the cited documents; someone abroad gets the step for people abroad,
// naming the mission there (req.Abroad).
func nextStepFor(req Request, topics []string) string {
	step := NextStep(req.Lang, topics)
	if step == "" {
		return ""
	}
	topic := ""
	for _, t := range []string{"marriage", "labour", "diaspora"} {
		if slices.Contains(topics, t) {
			topic = t
			break
		}
	}
	folded := strings.Join(vitext.FoldedTokens(req.Question), " ")
	married := marriageRE.MatchString(folded)
	// A worker's death abroad is a labour matter even when a wife writes
	// ("chồng tôi … mất ở bên đó").
	died := slices.Contains(topics, "labour") && vitext.DeathRE.MatchString(folded)
	work := workRE.MatchString(folded) || strings.Contains(strings.ToLower(req.Question), "chủ ") || died
	switch {
	case work && !married:
		topic = "labour"
	case married && !work && topic == "labour":
		topic = "marriage"
	}
	if topic == "labour" && employerRE.MatchString(folded) {
		return employerStep[req.Lang]
	}
	if !work && !married && len(topics) > 0 && !slices.Contains([]string{"marriage", "labour", "diaspora"}, topics[0]) {
		// A question on neither work nor marriage whose answer rests on a
		// city document first ("what festivals are there in April?") is
		// no personal case: a labour sentence quoted after it gave
		// tourists "ask before you sign or pay" (eighth audit).
		return ""
	}
	if req.Abroad != "" && (topic == "labour" || topic == "marriage") {
		return PlaceStep(req.Lang, req.Abroad, false, topic == "labour")
	}
	if req.RelativeAbroad != "" && (topic == "labour" || topic == "marriage") {
		return PlaceStep(req.Lang, req.RelativeAbroad, true, topic == "labour")
	}
	if topic == "labour" && died {
		return deathStep[req.Lang]
	}
	if topic == "labour" && vitext.ReturnedRE.MatchString(folded) {
		return returnedStep[req.Lang]
	}
	return nextStep[topic][req.Lang]
}

// deathStep is the next step for the family of a worker who died abroad:
// ask the company that sent the worker and the consular hotline before
// paying any cost (the labour-death-abroad document's advice).
var deathStep = map[string]string{
	vitext.Vietnamese: "Với gia đình người lao động: hãy hỏi doanh nghiệp đã đưa người đi và đường dây nóng bảo hộ công dân +84 981 84 84 84 trước khi trả bất kỳ chi phí nào để đưa thi hài về.",
	vitext.English:    "For the worker's family: ask the company that sent the worker and the citizen protection hotline +84 981 84 84 84 before paying any cost of bringing the body home.",
}

// returnedStep is the next step for a worker back from abroad: the
// company that sent them and the city's department for their case, the
// city's Employment Service Centre for work and training at home.
var returnedStep = map[string]string{
	vitext.Vietnamese: "Với trường hợp cụ thể của bạn, hãy hỏi doanh nghiệp đã đưa bạn đi hoặc Sở Nội vụ thành phố Cần Thơ; để tìm việc làm hoặc học nghề sau khi về nước, hãy hỏi Trung tâm Dịch vụ việc làm thành phố Cần Thơ.",
	vitext.English:    "For your own case, ask the company that sent you abroad or the Cần Thơ Department of Home Affairs; for a job or training after your return, ask the Employment Service Centre of Cần Thơ city.",
}

// PlaceStep is the next step for someone abroad (family false) or for a
// family writing about a relative abroad (family true), in lang, naming
// mission, Vietnam's mission there: the step the composer gives for a
// question about work or marriage abroad, and the one an answer to a
// person in danger abroad takes whatever its documents' topic.
//
// The sending company is named only when work is true (the question is
// about work): "tell the company that sent you" was given to brides
// beaten by their husbands (eighth audit).
func PlaceStep(lang, mission string, family, work bool) string {
	step := abroadStep
	if family {
		step = relativeAbroadStep
	}
	end := "."
	if work {
		end = companyClause[family][lang]
	}
	return strings.ReplaceAll(step[lang], "{mission}", mission) + end
}

// companyClause ends abroadStep (family false) and relativeAbroadStep
// (family true) when the question is about work: it names the sending
// company.
var companyClause = map[bool]map[string]string{
	false: {
		vitext.Vietnamese: ", và nếu đi làm qua doanh nghiệp, báo cả doanh nghiệp đã đưa bạn đi.",
		vitext.English:    ", and if a company sent you to work, tell that company too.",
	},
	true: {
		vitext.Vietnamese: ", và nếu người thân đi làm qua doanh nghiệp, báo cả doanh nghiệp đã đưa người thân đi.",
		vitext.English:    ", and if a company sent them to work, tell that company too.",
	},
}

// MentionsWork reports whether a question speaks of work: an employer, a
// company, wages, a job abroad (workRE), or "chủ" (the boss) typed with
// its mark.
func MentionsWork(question string) bool {
	return workRE.MatchString(strings.Join(vitext.FoldedTokens(question), " ")) || strings.Contains(strings.ToLower(question), "chủ ")
}

// FraudStep is the next step for a worker whose money a broker or company
// took (the labour-broker-took-money document's advice): "ask before you
// sign or pay" came too late for them (eighth audit).
func FraudStep(lang string) string { return fraudStep[lang] }

var fraudStep = map[string]string{
	vitext.Vietnamese: "Vì bạn đã mất tiền: hãy giữ biên nhận, hợp đồng và tin nhắn, báo công an cấp xã nơi bạn cư trú hoặc nơi đã nộp tiền (khẩn cấp: 113); nếu là doanh nghiệp được cấp phép, gửi đơn khiếu nại đến Sở Nội vụ thành phố Cần Thơ.",
	vitext.English:    "As your money was taken: keep the receipts, contract and messages, and report it to the commune police where you live or where you paid (emergency: 113); if a licensed company is involved, send a complaint to the Cần Thơ Department of Home Affairs.",
}

// employerRE (folded): an employer abroad asking how to hire Vietnamese
// workers ("Taiwanese businessman here. I want to hire 5 Vietnamese
// workers from Can Tho directly"), who signs and pays nothing a worker
// does: "ask before you sign or pay" is no step for them (fifth audit).
var employerRE = regexp.MustCompile(`\b(i want to hire|we want to hire|i would like to hire|we would like to hire|hire (\d+ |some |a few )?vietnamese|recruit (\d+ |some )?vietnamese|as an employer|i am an employer|i m an employer|businessman|business owner|our company wants to (hire|recruit)|muon tuyen (lao dong|nguoi|cong nhan) viet nam|chu doanh nghiep nuoc ngoai)\b`)

// employerStep is the next step for an employer abroad: the office that
// answers on work abroad under contract and registers the contracts Cần
// Thơ workers sign directly (Law 69/2020/QH14 Art 50 cl. 3).
var employerStep = map[string]string{
	vitext.Vietnamese: "Với trường hợp cụ thể, hãy hỏi Sở Nội vụ thành phố Cần Thơ, nơi trả lời về việc đi làm việc ở nước ngoài theo hợp đồng và đăng ký hợp đồng mà người lao động Cần Thơ ký trực tiếp với chủ ở nước ngoài.",
	vitext.English:    "For your own case, ask the Cần Thơ Department of Home Affairs, which answers questions on work abroad under contract and registers the contracts Cần Thơ workers sign directly with an employer abroad.",
}

// abroadStep is the next step for someone who says they are abroad, about
// their work or their marriage: the police there first, then Vietnam's
// help that reaches them there. PlaceStep ends it.
var abroadStep = map[string]string{
	vitext.Vietnamese: "Vì bạn đang ở nước ngoài: khi gặp nguy hiểm, hãy gọi cảnh sát nước sở tại; với trường hợp cụ thể của bạn, hãy liên hệ {mission} hoặc đường dây nóng bảo hộ công dân +84 981 84 84 84",
	vitext.English:    "As you are abroad: in danger, call the local police; for your own case, contact {mission} or the citizen protection hotline +84 981 84 84 84",
}

// relativeAbroadStep is the next step for a family writing about a
// relative abroad, about their work or marriage: Vietnam's help that
// reaches the relative there (PlaceStep ends it, with the company that
// sent them for a question about work). "Ask before you sign or pay" was
// given to a family whose son had died at work in Taiwan.
var relativeAbroadStep = map[string]string{
	vitext.Vietnamese: "Vì người thân của bạn đang ở nước ngoài: hãy liên hệ {mission} hoặc đường dây nóng bảo hộ công dân +84 981 84 84 84 (dành cho cả gia đình)",
	vitext.English:    "As your relative is abroad: contact {mission} or the citizen protection hotline +84 981 84 84 84 (families may call it too)",
}

var (
	// Words that say the person asks about their work: an employer, a
	// company, wages, a job abroad (folded), and "chủ" (the boss) typed
	// with its mark, which folded would also be "chú" (uncle).
	// "môi giới", "đi làm", "giúp việc" are work too (ninth audit: "ck e
	// di taiwan lam 3 nam roi, … phi hang thang cho moi gioi" got the
	// marriage step). With a partner named as well, the cited documents'
	// topic decides: a marriage broker's question keeps the marriage step.
	workRE = regexp.MustCompile(`\b(cong ty|cty|xkld|xuat khau lao dong|lao dong|nguoi lao dong|viec lam|tien luong|luong|tts|thuc tap sinh|moi gioi|di lam|lam viec|giup viec|osin|employer|employers|boss|company|agency|broker|wage|wages|salary|job|worker|working|housemaid|maid|domestic worker|factory|work permit)\b`)
	// Words that say the question is about a marriage: with no word of
	// work, its next step is the marriage one.
	marriageRE = regexp.MustCompile(`\b(chong|ck|vk|ket hon|lay chong|husband|wife|marry|married|marriage|fiance|fiancee)\b`)
)

// LangName is the name of a language in the other language's words, for
// framing text.
func LangName(lang, in string) string {
	switch {
	case lang == vitext.English && in == vitext.Vietnamese:
		return "tiếng Anh"
	case lang == vitext.Vietnamese && in == vitext.Vietnamese:
		return "tiếng Việt"
	case lang == vitext.English:
		return "English"
	default:
		return "Vietnamese"
	}
}

// NextStep is the next step for an answer citing documents of topics:
// where to take a personal case about marriage, labour or life abroad,
// in that order of priority; "" for other topics.
func NextStep(lang string, topics []string) string {
	for _, topic := range []string{"marriage", "labour", "diaspora"} {
		if slices.Contains(topics, topic) {
			return nextStep[topic][lang]
		}
	}
	return ""
}

// nextStep tells where to take a personal case; the wording is ours, the
// offices are those the knowledge base names.
var nextStep = map[string]map[string]string{
	"labour": {
		vitext.Vietnamese: "Với trường hợp cụ thể của bạn, hãy hỏi Sở Nội vụ thành phố trước khi ký hợp đồng hay nộp tiền; nếu đã ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84 hoặc đại sứ quán Việt Nam.",
		vitext.English:    "For your own case, ask the city's Department of Home Affairs before you sign or pay anything; if you are already abroad and in trouble, call the citizen protection hotline +84 981 84 84 84 or the Vietnamese embassy.",
	},
	"marriage": {
		vitext.Vietnamese: "Với trường hợp cụ thể, hãy hỏi UBND cấp xã nơi bạn cư trú hoặc Hội Liên hiệp Phụ nữ; khi gặp nguy hiểm ở Việt Nam, hãy gọi công an: 113.",
		vitext.English:    "For your own case, ask the commune People's Committee where you live or the Women's Union; in danger in Vietnam, call the police on 113.",
	},
	"diaspora": {
		vitext.Vietnamese: "Với trường hợp cụ thể, hãy hỏi cơ quan đại diện Việt Nam (đại sứ quán, tổng lãnh sự quán) nơi bạn sống.",
		vitext.English:    "For your own case, ask the Vietnamese embassy or consulate where you live.",
	},
}
