package vitext

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Languages the service reads and writes.
const (
	Vietnamese = "vi"
	English    = "en"
)

// DetectLang returns Vietnamese or English for s. It is built for short
// questions: words with Vietnamese marks count strongly for Vietnamese;
// Vietnamese typed without marks ("lam sao di han quoc") is recognised by
// common syllables and by syllable shape (English words such as "work" or
// "visa" cannot be Vietnamese syllables); common English words count for
// English. Capitalised words with marks count less: they are often names
// ("When did Cần Thơ merge with Hậu Giang?" is English). Text with no
// evidence either way is English.
func DetectLang(s string) string {
	var vi, en float64
	raws := rawTokens(s)
	if len(raws) > 1 && enOpeners[strings.ToLower(raws[0])] {
		// "What does kết hôn giả tạo mean?": a question that opens in
		// English and has another English function word is English,
		// however many Vietnamese terms it quotes. When the opener is
		// also a Vietnamese syllable typed without marks ("can": cần), so
		// must the function word not be one ("so", "it": số, ít): "can
		// cuoc het han can cap lai" is Vietnamese.
		ambiguous := ValidSyllable(strings.ToLower(raws[0]))
		for _, r := range raws[1:] {
			if w := strings.ToLower(r); stopwords[w] && !(ambiguous && ValidSyllable(w)) {
				return English
			}
		}
	}
	if englishFrame(raws) {
		return English
	}
	switch english, vietnamese := frameWords(raws); {
	case vietnamese > 0 && english == 0:
		// "Ở Hàn, wage guarantee insurance do ai mua?", "eps topik ai to
		// chuc": Vietnamese grammar around English terms.
		return Vietnamese
	case vietnamese == 0 && len(raws) > 1 && enOpeners[strings.ToLower(raws[0])] && !ValidSyllable(strings.ToLower(raws[0])):
		// "Are đờn ca tài tử performers professional musicians?": an
		// English question about Vietnamese things.
		return English
	}
	for _, raw := range raws {
		tok := strings.ToLower(raw)
		folded := Fold(tok)
		if HasVietnameseMarks(tok) {
			if r := []rune(raw)[0]; unicode.IsUpper(r) {
				vi += 0.5
			} else {
				vi += 2
			}
			continue
		}
		isVi, isEn := viCommon[folded], enCommon[folded]
		if isVi {
			vi++
		}
		if isEn {
			en++
		}
		if isVi || isEn || isDigits(folded) {
			continue
		}
		if ValidSyllable(folded) {
			vi += 0.5
		} else if len(folded) > 2 {
			en++
		}
	}
	if vi > en {
		return Vietnamese
	}
	return English
}

// englishFrame reports whether a question's grammar is English although
// it names things in Vietnamese ("From what date does the new luật việc
// làm apply to trợ cấp thất nghiệp?", "To làm ghi chú ly hôn in Vietnam,
// what giấy tờ do I need to bring?"): the function words of a mixed
// sentence come from the language it is written in, the terms it quotes
// from the other. It holds when at least two English function words frame
// it and more than twice as many as the Vietnamese function words typed
// with their marks ("thì", "của", "không"). An English function word that
// is also an unmarked Vietnamese word ("to", "in", "do", "can": to, in,
// do, can) never counts; one that is a Vietnamese syllable only with its
// marks ("the": thẻ, thế) counts when the text has marks elsewhere, its
// writer typing them.
func englishFrame(raws []string) bool {
	english, vietnamese := frameWords(raws)
	return english >= 2 && english > 2*vietnamese
}

// frameWords counts the function words of raws in each language:
// English stopwords, less those that are also unmarked Vietnamese words
// ("to", "do", "can") and, in text typed without marks, those that are
// Vietnamese syllables; Vietnamese function words typed with their marks
// (a capital inside the sentence is a name's: "Cần Thơ"), and question
// words that are no English word ("ai", "gì", "nào", "đâu", "không",
// "ko"), with or without marks.
func frameWords(raws []string) (english, vietnamese int) {
	marked := slices.ContainsFunc(raws, HasVietnameseMarks)
	for i, r := range raws {
		w := strings.ToLower(r)
		switch {
		case viFunctionWords[w] && (i == 0 || w == r), viQuestionWords[Fold(w)] && (i == 0 || w == r):
			vietnamese++
		case !stopwords[w] || len(w) < 2 || unmarkedVietnamese[w]:
		case !ValidSyllable(w) || marked:
			english++
		}
	}
	return english, vietnamese
}

// viQuestionWords are Vietnamese question words, folded, that are no
// English word (frameWords).
var viQuestionWords = wordSet(`ai gi nao dau khong ko hok chua bao nhieu bn`)

// viFunctionWords are Vietnamese function words typed with their marks
// (englishFrame).
var viFunctionWords = wordSet(`thì là của có không được gì nào đâu tôi mình ở và với mà những các này đó vậy ạ nhé hả
	sao bao nhiêu khi nếu thế muốn cần phải rồi lắm hết nữa luôn chứ à ơi nhỉ cũng đã đang sẽ rất`)

// unmarkedVietnamese are English function words that are also Vietnamese
// words without marks (to: big, in: print, do: because, can: intervene,
// an: safe, so: compare, me: tamarind, no: full).
var unmarkedVietnamese = wordSet(`to in do can an so me no on`)

func rawTokens(s string) []string {
	s = norm.NFC.String(strings.ToValidUTF8(s, " "))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

var onsets = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""}

var codas = []string{"ng", "nh", "ch", "c", "m", "n", "p", "t", ""}

var nuclei = map[string]bool{}

func init() {
	for _, v := range strings.Fields(`a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy
		ye ya ieu yeu oai oay oao oeo uai uay uao uau uoi uou uya uye uyu`) {
		nuclei[v] = true
	}
}

// ValidSyllable reports whether a folded, lowercase token has the shape of
// a Vietnamese syllable: an optional onset, a vowel nucleus and an optional
// final consonant ("nghieng", "quoc", "xkld" is not one).
func ValidSyllable(t string) bool {
	if t == "" || len(t) > 7 {
		return false
	}
	for _, on := range onsets {
		if !strings.HasPrefix(t, on) {
			continue
		}
		rest := t[len(on):]
		for _, co := range codas {
			if !strings.HasSuffix(rest, co) {
				continue
			}
			if nuclei[rest[:len(rest)-len(co)]] {
				return true
			}
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// enOpeners begin English questions and requests.
var enOpeners = wordSet(`what where who which when why how whose whom is are was were does do did can could
	should would will may must i my please tell explain`)

// viCommon are frequent Vietnamese syllables, folded.
var viCommon = wordSet(`la lam sao di han quoc nhat ban dai loan trung can gi co khong duoc nhu the nao o dau
	bao nhieu tien toi em anh chi minh cua va cho voi nguoi lao dong viec ket hon chong vo giay to
	ho so ve thi phai muon hoi tu den nuoc ngoai xin cam on giup phi cong ty thanh pho uy nhan dan
	tinh tam dich vu hop luat nghi dinh quyet bi lua dao xuat khau khi nay gio ngay nam thang lai
	roi chua da se dang cac nhung mot hai ba bon sau bay tam chin muoi tra kiem gia dinh con cai
	thu tuc dang ky xac nhan kham suc khoe hieu luc nhap canh thi thuc mien kieu bao huong
	ve lien he goi tong dai hoc nghe tuyen dung luong thuong bao hiem that nghiep vay von
	ngan hang chinh sach phu nu hoi lien hiep trao doi giao duc dinh huong du lich cho noi
	cau doanh nghiep giay phep hoat dong tieu chuan dieu kien lay song sinh song het han
	gia han duoc khong a nhe voi nhieu it hay biet muon bang nhung the nao tai sao vi sao`)

// enCommon are frequent English words.
var enCommon = wordSet(`what how where when who why which whom whose is are was were be been being am
	the a an of to in for on with at by from about as into through after before over under
	do does did done can could should would will shall may might must need needs have has had
	i me my mine you your we our us they them their he she his her it its this that these those
	and or but if so not no yes any some all each every more most much many
	get go going work working worker workers job jobs visa marry married marriage wife husband
	please tell help want know find apply cost costs fee fees pay paid there here than then
	hello hi thanks thank`)

// stopwords are English function words (the common English stop list,
// less a few that are more often Vietnamese syllables typed without marks,
// such as "y" in "y tế" or "don" for "đơn"; ContentTerms keeps the others
// out of Vietnamese text), and the words counsellors frame a caller's
// question with ("Caller asks how…"): they carry no topic, and bigrams
// made with them ("how can", "is licensed") only add noise.
var stopwords = wordSet(`a an the of to in for on with at by from about as into is are was were be been being am
	do does did doing can could should would will shall may might must i me my myself you your yours yourself
	we our ours ourselves us they them their theirs themselves he him his himself she her hers herself it its
	itself this that these those and or but if so not nor no only own same too very just now
	what how where when who why which whom whose there here than then any some all each every both few
	more most much many other such again further once up down out off over under above below between through
	during before after until while because against anything something everything nothing anyone someone everyone
	please tell know want need get got gotten came went have has had having s t d ll m re ve
	caller ask asking wonder wondering question`)

// stopTerms are the stopwords as Terms: "asks" and "callers" become "ask"
// and "caller", "there" becomes "ther".
var stopTerms = func() map[string]bool {
	m := map[string]bool{}
	for w := range stopwords {
		m[Term(w)] = true
	}
	return m
}()

// IsStopword reports whether a Term is an English function word.
func IsStopword(term string) bool { return stopTerms[term] }

// viParticles are Vietnamese particles and function words that frame a
// question without saying what it is about ("…vậy?", "…nhỉ?", "thì",
// "của"). They count as such only when typed with their marks: without
// them "vay" is also "borrow", and folded "thì" is also the "thị" of "thị
// thực" (visa). Question words ("không", "gì", "nào", "đâu") are not
// here: dropping them made answers worse (they help find the sentence
// that answers "which" or "where").
var viParticles = wordSet(`vậy nhỉ hả ạ à ơi nhé chứ thì là của và các những với mà rằng nhưng hoặc cũng`)

// ContentTerms returns Terms(s) and, for each, whether it says what s is
// about. English function words are not content in English text, and
// never when typed with Vietnamese marks ("thẻ" is a card, not "the");
// in Vietnamese text an unmarked "can", "no" or "my" may be "cần", "nợ"
// or "Mỹ" and stays. Vietnamese particles and function words typed with
// marks (viParticles) are not content in either language.
func ContentTerms(s string) (terms []string, content []bool) {
	toks := Tokens(s)
	terms = Terms(s)
	english := DetectLang(s) == English
	content = make([]bool, len(terms))
	for i, t := range terms {
		raw := t
		if len(toks) == len(terms) {
			raw = toks[i]
		}
		switch {
		case viParticles[raw]:
		case english && !HasVietnameseMarks(raw) && IsStopword(t):
		default:
			content[i] = true
		}
	}
	return terms, content
}
