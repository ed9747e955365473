package curated

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// ConceptReader names the domain concepts of a text: retrieve.Glossary's
// Concepts (one name per glossary concept, whatever variant is typed).
// SceneConcept says whether a concept only sets the scene of a question
// about working abroad ("người lao động", "làm việc", "đúng luật", "bao
// nhiêu tiền"): a question may name one that the answer does not, and
// none is a core concept an asker must name.
type ConceptReader interface {
	Concepts(text string) []string
	SceneConcept(concept string) bool
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
	// askNeed marks a yes/no question about whether something is needed
	// ("có cần giấy xác nhận không"): the answer on where to get it does
	// not answer it.
	askNeed = "need"
)

// askCues are the folded word sequences that say the ask type, matched
// on whole terms of the folded question (after chat shorthand is
// expanded: "bn" is "bao nhiêu"). Longer cues are tried first at each
// place, so "how much" is an amount and not a "how". The English "cap"
// counts only after an article: folded, "cơ quan nào cấp giấy" has it too.
var askCues = map[string][]string{
	AskAmount: {"bao nhieu", "bao nhieu tien", "may trieu", "may chuc trieu", "may ty", "may thang luong",
		"muc nao", "how much", "how big", "how many month", "maximum", "toi da", "nhieu nhat", "muc tran", "a cap", "the cap", "fee cap"},
	AskDuration: {"bao lau", "may nam", "bao nhieu nam", "how long", "how many year",
		"bao nhieu ngay", "may ngay", "trong vong bao nhieu", "how many days", "within how many"},
	AskWhen: {"khi nao", "bao gio", "luc nao", "when"},
	AskWhere: {"o dau", "cho nao", "noi nao", "co quan nao", "ngan hang nao", "voi ai", "ai tra", "where",
		"who", "which office", "which agency", "which bank"},
	AskList: {"giay to gi", "nhung giay to", "nhung gi", "noi dung gi", "ho so gom", "what document", "which document",
		"giay gi", "nhung giay", "what paper", "which paper"},
	AskHow:   {"the nao", "lam sao", "cach nao", "how do i", "how to", "how can i"},
	AskYesNo: {"co phai", "co duoc", "co mat", "co can", "duoc khong", "co bi"},
	askNeed:  {"co can", "can phai", "bat buoc", "need", "require", "required", "must"},
}

// yesNoStarts are the first words of an English yes/no question ("can I
// borrow", "is there a cap"); elsewhere they ask nothing ("where do I").
var yesNoStarts = []string{"can", "do", "does", "is", "are", "will", "may", "must", "should", "could"}

// actorConcepts name who acts. An answer's text may name one that its
// questions do not ("khi bị người sử dụng lao động ngược đãi"), yet a
// question with that actor asks another fact ("chủ được đơn phương chấm
// dứt hợp đồng khi nào" is the employer's right, not the worker's).
var actorConcepts = map[string]bool{"employer": true, "company": true, "sending company": true}

// standsFor lists, for an asked concept, the answer concepts it may stand
// for, both to fit and to cover: a company abroad is the employer ("ký
// hợp đồng với doanh nghiệp nước ngoài"), a sending company a company, and
// a contract is the labour contract that is signed.
var standsFor = map[string][]string{
	"company":         {"employer"},
	"sending company": {"company"},
	"contract":        {"labour contract", "sign a contract"},
	"labour contract": {"contract", "sign a contract"},
	"sign a contract": {"contract", "labour contract"},
}

// negatedRE finds a concept the question says it is not about ("không
// qua công ty", "without an agency"), in folded text.
var negatedRE = regexp.MustCompile(`\b(?:khong (?:di )?qua |without (?:an? |any )?)(?:cong ty|doanh nghiep|moi gioi|trung gian|agency|company|broker)(?: moi gioi)?\b`)

// superlativeRE finds "nhất" as the superlative ("nhiều nhất"), which the
// country names read as Japan when typed without marks.
var superlativeRE = regexp.MustCompile(`\b(?:nhieu|it|cao|thap|tot|nhanh|som|lon|re|dat|moi|dau|duy) nhat\b`)

// quantityUnits are the folded words after a number that make it the
// asker's own quantity ("tôi 40 tuổi", "thu 500k", "15tr"), not the name
// of a type or level ("loại 2"): it is not a concept.
var quantityUnits = map[string]bool{"tuoi": true, "t": true, "tr": true, "trieu": true, "k": true, "nghin": true,
	"ngan": true, "do": true, "usd": true, "years": true, "year": true, "million": true, "nguoi": true}

// countryPrefix names a country concept ("country:KR"); the glossary
// names the same country too, so country concepts are never core.
// numberPrefix names a number a question says ("number:2"); numbers are
// never core either.
const (
	countryPrefix = "country:"
	numberPrefix  = "number:"
)

// frame is what a question asks: its concepts and its ask types, and
// where what it asks about happens (placeHome, placeAbroad, or "" when it
// says neither or both).
type frame struct {
	concepts map[string]bool
	asks     map[string]bool
	place    string
	// countries are the concepts that name a country ("country:KR",
	// "Korean husband"): an answer that names no country answers them
	// wherever the asker is.
	countries map[string]bool
	// scene are the concepts that only set the scene
	// (ConceptReader.SceneConcept).
	scene map[string]bool
}

// Places a question may set its event in: "mất hộ chiếu ở trong nước" is
// not "mất hộ chiếu ở nước ngoài", though the words are nearly the same.
const (
	placeHome   = "home"
	placeAbroad = "abroad"
)

// homeRE and abroadRE find the place a question sets its event in, in
// folded text; foreignRE finds "nước ngoài" that names a foreign person or
// body ("người nước ngoài", "yếu tố nước ngoài"), which is not a place.
var (
	homeRE    = regexp.MustCompile(`\b(?:trong nuoc|o viet nam|tai viet nam|o vn|in vietnam|in viet nam|inside vietnam|(?:den|sang|vao) (?:viet nam|vn)|to vietnam)\b`)
	abroadRE  = regexp.MustCompile(`\b(?:nuoc ngoai|nc ngoai|ngoai nuoc|abroad|overseas)\b`)
	foreignRE = regexp.MustCompile(`\b(?:nguoi|ng|yeu to|cong ty|doanh nghiep|chu|chong|vo|to chuc|co quan) (?:nuoc ngoai|nc ngoai)\b`)
)

// placeOf returns the place folded text sets its event in: placeHome or
// placeAbroad when it names only one, else "".
func placeOf(folded string) string {
	folded = foreignRE.ReplaceAllString(folded, "")
	home, abroad := homeRE.MatchString(folded), abroadRE.MatchString(folded)
	switch {
	case home && !abroad:
		return placeHome
	case abroad && !home:
		return placeAbroad
	}
	return ""
}

// readFrame reads the frame of question with r (the glossary and the
// countries); chat shorthand is expanded first.
func (r frameReader) read(question string) frame {
	q := vitext.ExpandShorthand(question)
	f := frame{concepts: map[string]bool{}, asks: askTypes(q), countries: map[string]bool{}, scene: map[string]bool{}}
	for _, c := range r.concepts.Concepts(q) {
		f.concepts[c] = true
		if r.concepts.SceneConcept(c) {
			f.scene[c] = true
		}
		if r.countries != nil {
			if code := r.countries.Country(c); code != "" && code != "VN" {
				f.countries[c] = true
			}
		}
	}
	tokens := vitext.FoldedTokens(q)
	folded := strings.Join(tokens, " ")
	for i, t := range tokens {
		if isNumber(t) && (i+1 == len(tokens) || !quantityUnits[tokens[i+1]]) {
			f.concepts[numberPrefix+t] = true // "loại 2" is not "loại 1"
		}
	}
	f.place = placeOf(folded)
	for _, neg := range negatedRE.FindAllString(folded, -1) {
		for _, c := range r.concepts.Concepts(neg) {
			delete(f.concepts, c)
		}
	}
	if r.countries != nil {
		if c := r.countries.Country(superlativeRE.ReplaceAllString(folded, "")); c != "" && c != "VN" {
			f.concepts[countryPrefix+c] = true
			f.countries[countryPrefix+c] = true
		}
	}
	return f
}

// frameReader reads frames; concepts must not be nil. idf weighs an
// answer's core concepts (Matcher.conceptIDF); nil weighs each 1.
type frameReader struct {
	concepts  ConceptReader
	countries CountryReader
	idf       func(concept string) float64
}

// askTypes returns the ask types of question (see askCues), and yesno
// for a Vietnamese question that ends in "không" after a "có".
func askTypes(question string) map[string]bool {
	terms := vitext.Terms(question)
	joined := " " + strings.Join(terms, " ") + " "
	out := map[string]bool{}
	for ask, cues := range askCues {
		for _, c := range cues {
			if strings.Contains(joined, " "+strings.Join(vitext.Terms(c), " ")+" ") {
				out[ask] = true
			}
		}
	}
	if i := slices.Index(terms, "co"); i >= 0 && slices.Contains(terms[i+1:], "khong") {
		out[AskYesNo] = true
	}
	if len(terms) > 0 && slices.ContainsFunc(yesNoStarts, func(w string) bool { return vitext.Term(w) == terms[0] }) {
		out[AskYesNo] = true
	}
	if !out[AskYesNo] {
		delete(out, askNeed) // "what papers does she need" asks for a list
	}
	return out
}

// answerFrame is the frame of a curated answer: the union of its
// questions' concepts and ask types, the concepts of its canonical
// questions (its core, each weighed by how many of all its questions name
// it), the concepts its answer text names, and the place its canonical
// questions agree on.
type answerFrame struct {
	frame
	core map[string]float64
	// mentions are the concepts its answer text names (either language):
	// a question may name them without asking another fact ("bị chủ đánh
	// đập có được chấm dứt hợp đồng không" against an answer that lists
	// abuse as a ground).
	mentions map[string]bool
	// country says its questions name a country: then a question about
	// another country asks another fact.
	country bool
}

func (r frameReader) answer(a store.CuratedAnswer) answerFrame {
	af := answerFrame{frame: frame{concepts: map[string]bool{}, asks: map[string]bool{}}, core: map[string]float64{}, mentions: map[string]bool{}}
	for _, text := range a.Answer {
		for _, c := range r.concepts.Concepts(text) {
			af.mentions[c] = true
		}
	}
	places := map[string]bool{}
	named := map[string]float64{}
	for _, q := range a.Questions {
		f := r.read(q.Text)
		for c := range f.concepts {
			af.concepts[c] = true
			named[c]++
			if q.Canonical && !r.concepts.SceneConcept(c) && !strings.HasPrefix(c, countryPrefix) && !strings.HasPrefix(c, numberPrefix) {
				af.core[c] = 0
			}
		}
		for k := range f.asks {
			af.asks[k] = true
		}
		if q.Canonical && f.place != "" {
			places[f.place] = true
		}
	}
	if len(places) == 1 {
		for pl := range places {
			af.place = pl
		}
	}
	af.country = slices.ContainsFunc(slices.Collect(maps.Keys(af.concepts)), func(c string) bool { return strings.HasPrefix(c, countryPrefix) })
	for c := range af.core {
		af.core[c] = named[c]
		if r.idf != nil {
			af.core[c] *= r.idf(c)
		}
	}
	return af
}

// fit says how the asked frame fits an answer's: compatible is false when
// the asks do not fit (asksFit), the places differ (both known), or the
// question names a concept that is another fact: one the answer's
// questions never name and its text names only as an actor or not at
// all. A country is another fact only for an answer that names one, or
// in an amount asked (fees and deposits differ per market). cover is the
// share of the answer's core concepts the question names, each weighed
// by how many of the answer's questions name it (1 when it has none).
func fit(asked frame, a answerFrame) (compatible bool, cover float64) {
	if len(asked.asks) > 0 && len(a.asks) > 0 && !asksFit(asked.asks, a.asks) {
		return false, 0
	}
	if asked.place != "" && a.place != "" && asked.place != a.place {
		return false, 0 // at home, not abroad
	}
	neutral := !asked.asks[AskAmount] && !a.country
	for c := range asked.concepts {
		if neutral && asked.countries[c] {
			continue // "lấy chồng Hàn" asks what any bride asks
		}
		if !a.concepts[c] && !(a.mentions[c] && !actorConcepts[c]) && !asked.scene[c] && !slices.ContainsFunc(standsFor[c], func(o string) bool { return a.concepts[o] }) {
			return false, 0
		}
	}
	if len(a.core) == 0 {
		return true, 1
	}
	n, total := 0.0, 0.0
	for c, w := range a.core {
		total += w
		if asked.concepts[c] || slices.ContainsFunc(standsFor[c], func(o string) bool { return asked.concepts[o] }) {
			n += w
		}
	}
	return true, n / total
}

// asksFit says whether an answer that answers the ask types answer can
// answer a question asking asked: they share one, or the question asks
// yes or no ("có được chấm dứt hợp đồng không" is answered by the grounds
// to end one) but not whether something is needed.
func asksFit(asked, answer map[string]bool) bool {
	return shares(asked, answer) || (asked[AskYesNo] && !asked[askNeed])
}

func shares(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
