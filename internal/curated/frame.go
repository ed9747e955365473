package curated

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// ConceptReader names the domain concepts of a text: retrieve.Glossary's
// Concepts (one name per glossary concept, whatever variant is typed).
type ConceptReader interface {
	Concepts(text string) []string
}

// CountryReader names the country a text mentions, as an ISO code, or ""
// (safety.Lexicon's Country).
type CountryReader interface {
	Country(text string) string
}

// Ask types: what a question asks about its concepts. A question may ask
// several ("có phải ký quỹ không, bao nhiêu"); none read is unknown.
const (
	AskAmount   = "amount"   // bao nhiêu, mấy triệu, how much
	AskWhen     = "when"     // khi nào, bao giờ, when
	AskDuration = "duration" // bao lâu, mấy năm, how long
	AskWhere    = "where"    // ở đâu, cơ quan nào, ai, where, who
	AskYesNo    = "yesno"    // có … không, có được, can I, is it
	AskList     = "list"     // giấy tờ gì, những gì, what documents
	AskHow      = "how"      // thế nào, làm sao, how do I
)

// askCues are the folded word sequences that say the ask type, matched
// on whole terms of the folded question (after chat shorthand is
// expanded: "bn" is "bao nhiêu"). Longer cues are tried first at each
// place, so "how much" is an amount and not a "how".
var askCues = map[string][]string{
	AskAmount: {"bao nhieu", "bao nhieu tien", "may trieu", "may chuc trieu", "may ty", "may thang luong",
		"muc nao", "how much", "how big", "how many month", "maximum", "toi da", "nhieu nhat", "muc tran", "gioi han"},
	AskDuration: {"bao lau", "may nam", "bao nhieu nam", "how long", "how many year",
		"bao nhieu ngay", "may ngay", "how many day", "thoi han", "deadline"},
	AskWhen: {"khi nao", "bao gio", "luc nao", "when"},
	AskWhere: {"o dau", "cho nao", "noi nao", "co quan nao", "ngan hang nao", "voi ai", "ai tra", "where",
		"who", "which office", "which agency", "which bank"},
	AskList:  {"giay to gi", "nhung giay to", "nhung gi", "noi dung gi", "ho so gom", "what document", "which document"},
	AskHow:   {"the nao", "lam sao", "cach nao", "how do i", "how to", "how can i"},
	AskYesNo: {"co phai", "co duoc", "co mat", "co can", "duoc khong", "co bi"},
}

// englishCap is the amount cue read only in English text: folded, "cấp"
// (to issue: "giấy xác nhận cấp ở đâu") is "cap" too.
const englishCap = "cap"

// yesNoStarts are the first words of an English yes/no question ("can I
// borrow", "is there a cap"); elsewhere they ask nothing ("where do I").
var yesNoStarts = []string{"can", "do", "does", "is", "are", "will", "may", "must", "should", "could"}

// sceneConcepts set the scene of a question about working abroad rather
// than name its fact: a question may name them when the answer does not
// ("người lao động", "làm việc", "đúng luật", "bao nhiêu tiền", "the
// residence authority"), and they
// are not core concepts an asker must name. Names are those
// retrieve.Glossary.Concepts returns.
var sceneConcepts = map[string]bool{
	"worker": true, "job": true, "work abroad": true, "go abroad": true, "working abroad under contract": true,
	"find a job": true, "address": true, "fee": true, "law": true, "lawful": true, "regulation": true,
	"Vietnam": true, "phone number": true, "competent authority": true,
}

// askConcepts are glossary concepts that name what is asked rather than
// a fact ("bao lâu", "mấy ngày", "how many days" read as processing
// time): the ask types stand for them, so they neither veto nor count
// in an answer's core.
var askConcepts = map[string]bool{"processing time": true}

// standsFor lists, for an asked concept, the answer concepts it may stand
// for, both to fit and to cover: a company abroad is the employer ("ký
// hợp đồng với doanh nghiệp nước ngoài"), a sending company a company, a
// contract is the labour contract that is signed, relatives are the
// family, a foreigner is the one married or the employer abroad, marrying
// is marrying a foreigner, and a returned worker has come home.
var standsFor = map[string][]string{
	"company":                 {"employer"},
	"sending company":         {"company"},
	"contract":                {"labour contract", "sign a contract"},
	"labour contract":         {"contract", "sign a contract"},
	"sign a contract":         {"contract", "labour contract"},
	"relatives":               {"family"},
	"family":                  {"relatives"},
	"foreigner":               {"marriage with a foreigner", "employer"},
	"marriage":                {"marriage with a foreigner"},
	"returning home":          {"returned migrant worker"},
	"returned migrant worker": {"returning home"},
}

// negatedRE finds a concept the question says it is not about ("không
// qua công ty", "without an agency"), in folded text.
var negatedRE = regexp.MustCompile(`\b(?:khong (?:di )?qua |without (?:an? |any )?)(?:cong ty|doanh nghiep|moi gioi|trung gian|agency|company|broker)(?: moi gioi)?\b`)

// superlativeRE finds "nhất" as the superlative ("nhiều nhất"), which the
// country names read as Japan when typed without marks.
var superlativeRE = regexp.MustCompile(`\b(?:nhieu|it|cao|thap|tot|nhanh|som|lon|re|dat|moi|dau|duy) nhat\b`)

// countryPrefix names a country concept ("country:KR"); the glossary
// names the same country too, so country concepts are never core.
// numberPrefix names a number a question says ("number:2"); numbers are
// never core either.
const (
	countryPrefix = "country:"
	numberPrefix  = "number:"
)

// frame is what a question asks: its concepts and its ask types;
// countries are its concepts that name a country other than Vietnam
// ("country:KR", and glossary concepts such as "Korea" or "Korean
// husband").
type frame struct {
	concepts  map[string]bool
	asks      map[string]bool
	countries map[string]bool
}

// readFrame reads the frame of question with r (the glossary and the
// countries); chat shorthand is expanded first.
func (r frameReader) read(question string) frame {
	f := r.about(question)
	f.asks = askTypes(vitext.ExpandShorthand(question), r.cues)
	return f
}

// about reads the concepts and countries of text, not its ask types.
func (r frameReader) about(text string) frame {
	q := vitext.ExpandShorthand(text)
	f := frame{concepts: map[string]bool{}}
	for _, c := range r.concepts.Concepts(q) {
		f.concepts[c] = true
	}
	folded := strings.Join(vitext.FoldedTokens(q), " ")
	for _, t := range vitext.FoldedTokens(q) {
		if isNumber(t) {
			f.concepts[numberPrefix+t] = true // "loại 2" is not "loại 1"
		}
	}
	for _, neg := range negatedRE.FindAllString(folded, -1) {
		for _, c := range r.concepts.Concepts(neg) {
			delete(f.concepts, c)
		}
	}
	if r.countries != nil {
		if c := r.countries.Country(superlativeRE.ReplaceAllString(folded, "")); c != "" && c != "VN" {
			f.concepts[countryPrefix+c] = true
		}
	}
	f.countries = map[string]bool{}
	for c := range f.concepts {
		if r.namesCountry(c) {
			f.countries[c] = true
		}
	}
	return f
}

// namesCountry says whether concept c names a country other than Vietnam.
func (r frameReader) namesCountry(c string) bool {
	if strings.HasPrefix(c, countryPrefix) {
		return true
	}
	if r.countries == nil {
		return false
	}
	code := r.countries.Country(c)
	return code != "" && code != "VN"
}

// frameReader reads frames; concepts must not be nil. Make one with
// newFrameReader.
type frameReader struct {
	concepts  ConceptReader
	countries CountryReader
	cues      []cue
}

func newFrameReader(concepts ConceptReader, countries CountryReader) frameReader {
	return frameReader{concepts: concepts, countries: countries, cues: cueTable()}
}

// cue is an ask cue as terms (vitext.Terms of an askCues entry).
type cue struct {
	ask   string
	terms []string
}

// cueTable returns the ask cues as terms, longest first.
func cueTable() []cue {
	var out []cue
	for _, a := range slices.Sorted(maps.Keys(askCues)) {
		for _, c := range askCues[a] {
			out = append(out, cue{ask: a, terms: vitext.Terms(c)})
		}
	}
	slices.SortStableFunc(out, func(a, b cue) int { return len(b.terms) - len(a.terms) })
	return out
}

// askTypes returns the ask types of question (see askCues; cues from
// cueTable), and yesno for a Vietnamese question that ends in "không"
// after a "có", and an amount for an English one that names a "cap". At
// each word the longest cue is read and its words are not read again, so
// "bao nhiêu ngày" asks a duration and not also an amount.
func askTypes(question string, cues []cue) map[string]bool {
	terms := vitext.Terms(question)
	out := map[string]bool{}
	for i := 0; i < len(terms); i++ {
		for _, c := range cues {
			if len(c.terms) <= len(terms)-i && slices.Equal(c.terms, terms[i:i+len(c.terms)]) {
				out[c.ask] = true
				i += len(c.terms) - 1
				break
			}
		}
	}
	if i := slices.Index(terms, "co"); i >= 0 && slices.Contains(terms[i+1:], "khong") {
		out[AskYesNo] = true
	}
	if len(terms) > 0 && slices.ContainsFunc(yesNoStarts, func(w string) bool { return vitext.Term(w) == terms[0] }) {
		out[AskYesNo] = true
	}
	if slices.Contains(terms, englishCap) && vitext.DetectLang(question) == vitext.English {
		out[AskAmount] = true
	}
	return out
}

// answerFrame is the frame of a curated answer: the union of the
// concepts of its questions and of its answer text in each language (what
// the answer says it is about: "thông báo cư trú" in the answer meets a
// question that says "residence"), the ask types of its questions, and
// the concepts of its canonical questions (its core).
type answerFrame struct {
	frame
	core map[string]bool
}

func (r frameReader) answer(a store.CuratedAnswer) answerFrame {
	af := answerFrame{frame: frame{concepts: map[string]bool{}, asks: map[string]bool{}, countries: map[string]bool{}}, core: map[string]bool{}}
	for _, q := range a.Questions {
		f := r.read(q.Text)
		for c := range f.concepts {
			af.concepts[c] = true
			if q.Canonical && !sceneConcepts[c] && !askConcepts[c] && !strings.HasPrefix(c, countryPrefix) && !strings.HasPrefix(c, numberPrefix) {
				af.core[c] = true
			}
		}
		maps.Copy(af.asks, f.asks)
		maps.Copy(af.countries, f.countries)
	}
	for _, text := range a.Answer {
		f := r.about(text)
		maps.Copy(af.concepts, f.concepts)
		maps.Copy(af.countries, f.countries)
	}
	return af
}

// judgement is how one answer's frame fits the asked one (fit).
type judgement struct {
	fits  bool
	cover float64
}

// judge reads the frames of question and of answers (its nearest curated
// answers) and judges each answer. A core concept weighs in the cover by
// how few of answers name it, ln(1 + n/df): among the answers about coming
// home, "về nước" is the topic and "thông báo cư trú" the fact, so a
// question that names only the topic covers less than half.
func (r frameReader) judge(question string, answers []store.CuratedAnswer) []judgement {
	asked := r.read(question)
	frames := make([]answerFrame, len(answers))
	df := map[string]int{}
	for i, a := range answers {
		frames[i] = r.answer(a)
		for c := range frames[i].concepts {
			df[c]++
		}
	}
	weight := func(c string) float64 {
		return math.Log(1 + float64(len(answers))/float64(max(df[c], 1)))
	}
	out := make([]judgement, len(answers))
	for i := range answers {
		out[i].fits, out[i].cover = fit(asked, frames[i], weight)
	}
	return out
}

// fit says how the asked frame fits an answer's: compatible is false when
// the asks differ (both known, none shared) or the question names a
// concept the answer never mentions (another fact); cover is the share
// of the answer's core concepts the question names, each weighing
// weight(concept) (1 when it has none).
// A country is another fact only against an answer that names a country,
// or when the question asks an amount: an answer that names none holds
// wherever the asker went ("lấy chồng Đài Loan, giấy xác nhận tư vấn xin ở
// đâu"), but fees and deposits are set per destination ("phí dịch vụ đi
// Đài Loan tối đa bao nhiêu").
func fit(asked frame, a answerFrame, weight func(string) float64) (compatible bool, cover float64) {
	if len(asked.asks) > 0 && len(a.asks) > 0 && !shares(asked.asks, a.asks) {
		return false, 0
	}
	anyCountry := len(a.countries) > 0 || asked.asks[AskAmount]
	for c := range asked.concepts {
		if a.concepts[c] || sceneConcepts[c] || askConcepts[c] || (asked.countries[c] && !anyCountry) {
			continue
		}
		if !slices.ContainsFunc(standsFor[c], func(o string) bool { return a.concepts[o] }) {
			return false, 0
		}
	}
	if len(a.core) == 0 {
		return true, 1
	}
	named, all := 0.0, 0.0
	for c := range a.core {
		all += weight(c)
		if asked.concepts[c] || slices.ContainsFunc(standsFor[c], func(o string) bool { return asked.concepts[o] }) {
			named += weight(c)
		}
	}
	return true, named / all
}

func shares(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
