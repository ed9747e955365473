package safety

import (
	"regexp"
	"slices"
	"strings"
)

// countryName is one way of naming a country: its name, a demonym, a city.
type countryName struct {
	code   string
	phrase phrase
}

// Country is the ISO 3166-1 alpha-2 code of the place a message names
// where the person is, or "". A place abroad the message says the person
// is in ("em đang ở Đài Loan", "I'm in Japan") wins over any other named;
// otherwise a country other than Vietnam wins over Vietnam ("I am in
// Korea and want to go back to Vietnam" is KR); between two others, the
// first named. (Reading.Judge adds Vietnam's numbers when the writer also
// says they are in Vietnam: Alert.AlsoVN.)
func (l *Lexicon) Country(question string) string {
	return l.country(typedTokens(question), l.namesFamily(question))
}

// euMembers are the 27 member states of the European Union, as in the
// countries of contacts.yaml's 112 entry (a test keeps the two alike).
var euMembers = []string{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
	"LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}

// Countries are the codes of every country a text names (names,
// demonyms, cities), Vietnam included, in the lexicon's order, and "EU"
// (the European Union) after them when it names a member state: a
// sentence about Europe's 112 is about Germany too, and not about Vietnam.
// A name is read within one question or clause: "tts nhat bi bo ha? nam
// nao doi" names no Hà Nam (Henan, seventh audit). Full stops do not
// break it: "cl. 4", "TP. Cần Thơ".
func (l *Lexicon) Countries(text string) []string {
	sentences := clauseBreakRE.Split(text, -1)
	var out []string
	if len(sentences) == 1 {
		out = l.countriesIn(text) // one sentence: the composer asks of each
	} else {
		named := map[string]bool{}
		for _, s := range sentences {
			for _, code := range l.countriesIn(s) {
				named[code] = true
			}
		}
		for _, c := range l.countries {
			if named[c.code] && !slices.Contains(out, c.code) {
				out = append(out, c.code)
			}
		}
	}
	if !slices.Contains(out, "EU") && slices.ContainsFunc(out, func(c string) bool { return slices.Contains(euMembers, c) }) {
		out = append(out, "EU")
	}
	return out
}

// clauseBreakRE ends a question or a clause.
var clauseBreakRE = regexp.MustCompile(`[?!;\n]+`)

// countriesIn are the codes of the countries one sentence names, in the
// lexicon's order.
func (l *Lexicon) countriesIn(text string) []string {
	tokens := typedTokens(text)
	found := l.findCountries(tokens)
	var out []string
	for i, sp := range found {
		code := l.countries[i].code
		if sp.start < 0 || slices.Contains(out, code) {
			continue
		}
		// A name inside a longer name of another country is that
		// country's ("ả rập" in "các tiểu vương quốc ả rập" is the UAE).
		inside := false
		for j, o := range found {
			if o.start >= 0 && l.countries[j].code != code && o.start <= sp.start && sp.end <= o.end && o.end-o.start > sp.end-sp.start {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, code)
		}
	}
	return out
}

// findCountries is the first occurrence of each of the lexicon's country
// names in tokens (typed.findAll), less a name of China that is the start
// of another word (trungCompound).
func (l *Lexicon) findCountries(tokens typed) []span {
	found := tokens.findAll(l.countryPhrases, l.countryIndex)
	for i, sp := range found {
		if sp.start >= 0 && l.countries[i].code == "CN" && trungCompound(tokens, sp) {
			found[i] = span{-1, -1}
		}
	}
	return found
}

// trungCompound reports whether a name of China that ends in "Trung"
// ("bên Trung", "qua Trung", "người Trung": China in everyday speech) is
// the first syllable of another word: "bên trung gian" (the
// intermediary), "qua Trung tâm Lao động ngoài nước" (through the Centre),
// "sang Trung Đông" (the Middle East), "người trung niên" (middle-aged).
// The brokerage cap "paid to the intermediary" was read as a sentence
// about China, so a question about Korea lost it.
func trungCompound(tokens typed, sp span) bool {
	return sp.end > 0 && sp.end < len(tokens.folded) && tokens.folded[sp.end-1] == "trung" && trungSecond[tokens.folded[sp.end]]
}

// trungSecond are the folded second syllables of words that begin with
// "trung" and do not name China.
var trungSecond = map[string]bool{
	"gian": true, "tam": true, "uong": true, "dong": true, "hoc": true, "cap": true, "binh": true, "thu": true,
	"nien": true, "thuc": true, "thanh": true, "chuyen": true, "lap": true, "tinh": true, "bo": true, "phi": true,
	"my": true, "a": true, "doan": true, "tuan": true, "uy": true, "si": true, "ta": true,
}

// Presence is the code of the place abroad a message says the writer is
// in now ("đang ở Hàn", "here in Taiwan", "con o malaysia"), or "" when it
// only names places (going there, a husband from there, a husband who
// works there), names a relative, or also says the writer is in or back
// in Vietnam ("tôi ở vn", "giờ về Việt Nam", "về Cần Thơ").
func (l *Lexicon) Presence(question string) string {
	tokens := typedTokens(question)
	if l.namesFamily(question) || backHomeRE.MatchString(strings.Join(tokens.folded, " ")) || l.presentInVietnam(tokens) {
		return ""
	}
	// A partner who lives or works there ("chồng tôi làm ở Đài Loan", "vợ
	// tôi ở Hàn Quốc") is the one there: only the writer's own words of
	// presence ("đang ở") then count.
	partnerThere := partnerThereRE.MatchString(strings.Join(tokens.folded, " "))
	if code, _ := l.presentIn(tokens, partnerThere); code != "VN" {
		return code
	}
	return ""
}

// RelativeAbroad is the code of the country abroad where the relative or
// partner a message is about lives or works: a country named after a
// word of place ("anh trai em đi làm ở Đài Loan", "ba em di lam o dubai",
// "my husband worked in Qatar"). It is "" when the message names no
// relative or partner; when the country only qualifies someone ("lấy
// chồng Đài Loan", "a Chinese family") — the relative is then in Vietnam;
// when the message speaks of going there or being recruited ("con tôi
// muốn đi Nhật", "có người rủ đi làm ở Malaysia"); or when someone is back
// in Vietnam (backHomeRE, or the survivor's words saysReturned reads:
// "chị tôi bị bán qua Trung Quốc, giờ trốn về được rồi" was told to call
// the embassy in China).
func (l *Lexicon) RelativeAbroad(question string) string {
	tokens := typedTokens(question)
	folded := strings.Join(tokens.folded, " ")
	if !l.namesFamily(question) && !partnerRE.MatchString(inLawFoldedRE.ReplaceAllString(folded, "in-law")) {
		return ""
	}
	if goingRE.MatchString(folded) || recruitedRE.MatchString(folded) || backHomeRE.MatchString(folded) || saysReturned(tokens) {
		return ""
	}
	best, bestAt := "", len(tokens.words)
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		at := found[i].start
		if c.code == "VN" || at < 0 || at >= bestAt {
			continue
		}
		if locativeWords[tokens.folded[at]] || at > 0 && locativeWords[tokens.folded[at-1]] {
			best, bestAt = c.code, at
		}
	}
	return best
}

var (
	// partnerThereRE (folded): a husband or wife who lives or works
	// somewhere, as the subject of the place ("chồng tôi làm ở Đài Loan").
	partnerThereRE = regexp.MustCompile(`\b((chong|ck|vo|vk) (toi|em|minh|tui|e|anh|chi|co) ((lam viec|di lam|lam|song) (o|tai|ben)|(dang o|o|song) [a-z]+)|my (husband|wife) (works|worked|lives|lived|is|was) (in|at))\b`)
	// inLawFoldedRE (folded): the partner's parents or family ("mẹ chồng
	// tôi", "nhà chồng em"), whom a bride lives with: "Mẹ chồng tôi ở Đài
	// Loan bắt tôi làm…" is no husband abroad (fifth audit), nor is "my
	// husband's family in Korea took my ARC card and passport" (eleventh
	// audit: the wife got the steps for a relative).
	inLawFoldedRE = regexp.MustCompile(`\b(me|ba|bo|cha|nha) (chong|ck|vo|vk)\b|\bmy (husband|wife)( s|s)? (family|parents|mother|father|mum|mom|dad|sister|brother|relatives)\b`)
	// partnerRE (folded): a husband or wife the writer speaks of.
	partnerRE = regexp.MustCompile(`\b(chong (toi|em|minh|tui|chi|co)|vo (toi|anh|minh|tui|em|e)|ck (toi|em|minh|tui|e)|vk (toi|anh|minh|tui|a|em|e)|my husband|my wife|her husband|his wife)\b`)
	// recruitedRE (folded): someone is being recruited to go.
	// Also someone about to go: "định qua Đài", "sắp sang Hàn".
	recruitedRE = regexp.MustCompile(`\b(ru di|ru qua|ru sang|ru .{0,20}di lam|tuyen di|moi di|hua dua|offered|offer|recruit|recruited|recruiting|recruiter|(dinh|sap|muon|se|tinh) (qua|sang))\b`)
	// locativeWords (folded) put someone in the place named next; for a
	// relative, "đi", "sang", "qua" too ("chồng em đi Hàn", gone there),
	// the message not speaking of going (goingRE, recruitedRE).
	locativeWords = map[string]bool{"o": true, "ben": true, "tai": true, "in": true, "at": true, "di": true, "sang": true, "qua": true}
)

// presentInVietnam reports whether a presence or speaker phrase leads to
// a place in Vietnam ("tôi ở vn", "em đang ở Cần Thơ").
func (l *Lexicon) presentInVietnam(tokens typed) bool {
	ends, loose := presenceSet.ends(tokens), speakerSet.ends(tokens)
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		at := found[i].start
		if c.code == "VN" && at >= 0 && (ends[at] || ends[at+1] || loose[at] || loose[at+1]) {
			return true
		}
	}
	return false
}

// backHomeRE (on folded words): the writer is back in Vietnam.
// "Tôi đi làm ở Nhật về được 3 tháng" is back for three months (fifth
// audit: told "as you are abroad").
var backHomeRE = regexp.MustCompile(`\b(ve (viet nam|vn|can tho|nuoc) (roi|muon|thi|co|de|lam)|gio ve (viet nam|vn|can tho|nuoc)|da ve (viet nam|vn|can tho|nuoc)|back (in|to) vietnam|back home|ve (duoc|dc) (hon |gan )?(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|vai|may|nua) (ngay|tuan|thang|nam)|(came back|returned|got back|came home)( from [a-z]+( [a-z]+)?)? (\d+|a|one|two|three|four|five|six|a few|several) (days?|weeks?|months?|years?) ago)\b`)

// namesFamily reports whether a sentence of the message names a relative
// other than a partner ("em gái tôi", "my son"): a family writing about
// someone else. Sentences apart: "… giữ luôn con. Tôi có quyền gì" is no
// "con tôi".
func (l *Lexicon) namesFamily(question string) bool {
	if len(l.family.elems) == 0 {
		return false
	}
	for _, s := range sentenceRE.Split(question, -1) {
		// Idioms first: "đi bộ tới cửa khẩu" typed without marks ("di bo
		// toi") names no "bố tôi".
		if l.family.in(l.masked(inLawRE.ReplaceAllString(s, "in-law"))) {
			return true
		}
	}
	return false
}

var sentenceRE = regexp.MustCompile(`[.!?;\n]+`)

// inLawRE is a parent-in-law, who is not the relative "my mother" names:
// "My mother-in-law hit me" is the victim writing, not her family.
var inLawRE = regexp.MustCompile(`(?i)\b(mother|father|mom|dad)[- ]in[- ]law\b`)

func (l *Lexicon) country(tokens typed, family bool) string {
	if code, ok := l.presentIn(tokens, family); ok && code != "VN" {
		return code
	}
	writer := ""
	if family {
		writer = l.writerIn(tokens)
	}
	best, bestAt := "", len(tokens.words)+1
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		at := found[i].start
		if at < 0 || c.code == writer {
			continue
		}
		switch {
		case best == "", best == "VN" && c.code != "VN", c.code != "VN" && at < bestAt:
			best, bestAt = c.code, at
		}
	}
	if best == "" {
		return writer
	}
	return best
}

// writerIn is the country where a relative writing says they are
// themselves ("vợ tôi bị chồng cũ đánh ở Cần Thơ, tôi đang ở Úc",
// twelfth audit: Australia's numbers for a wife in Cần Thơ), or "": the
// danger is where the relative is, so that country counts only when the
// message names no other.
func (l *Lexicon) writerIn(tokens typed) string {
	return l.countryAfter(tokens, writerSet)
}

// partnerIn is the country named right after the writer's partner
// ("chồng bên Đài", "ck ở Hàn", "my husband in Japan"), or "".
func (l *Lexicon) partnerIn(tokens typed) string {
	return l.countryAfter(tokens, partnerAtSet)
}

// namesVN reports whether the message names Vietnam or a place in it
// ("Cần Thơ").
func (l *Lexicon) namesVN(tokens typed) bool {
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		if c.code == "VN" && found[i].start >= 0 {
			return true
		}
	}
	return false
}

// countryAfter is the first country whose name starts where one of set's
// phrases ends, or on its last word, or "".
func (l *Lexicon) countryAfter(tokens typed, set phraseSet) string {
	ends := set.ends(tokens)
	if len(ends) == 0 {
		return ""
	}
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		if at := found[i].start; at >= 0 && (ends[at] || ends[at+1]) {
			return c.code
		}
	}
	return ""
}

// presentIn is the first named place that a presence phrase leads to:
// the phrase ends where the place's name starts, or on its first word
// ("đang ở" and "ở hàn" share "ở"). A writer's own place abroad counts too
// ("con o malaysia bi chu giu passport", "em làm ở Aichi, Nhật", "I work
// in Riyadh"), unless the message names a relative (family: then the
// writer may be at home) or speaks of going (then they are not there yet).
func (l *Lexicon) presentIn(tokens typed, family bool) (string, bool) {
	ends, loose, writer := presenceSet.ends(tokens), map[int]bool{}, map[int]bool{}
	if !family && !goingRE.MatchString(strings.Join(tokens.folded, " ")) {
		loose = speakerSet.ends(tokens)
	}
	if family {
		// A relative's own place is not where the relative in danger is.
		writer = writerSet.ends(tokens)
	}
	if len(ends) == 0 && len(loose) == 0 {
		return "", false
	}
	best, bestAt := "", len(tokens.words)+1
	found := l.findCountries(tokens)
	for i, c := range l.countries {
		at := found[i].start
		abroad := c.code != "VN" && (loose[at] || loose[at+1] || at > 0 && loose[at-1])
		if at >= 0 && (writer[at] || writer[at+1]) {
			continue
		}
		if at >= 0 && (ends[at] || ends[at+1] || abroad) && at < bestAt {
			best, bestAt = c.code, at
		}
	}
	return best, best != ""
}

// phraseSet is a list of phrases with the index that finds those that
// may start at a word, so that a message is not tried against every one.
type phraseSet struct {
	ps []phrase
	x  *altIndex
}

func newPhraseSet(ps []phrase) phraseSet { return phraseSet{ps: ps, x: newAltIndex(ps)} }

// ends are the word positions where one of the set's phrases ends in the
// message.
func (set phraseSet) ends(tokens typed) map[int]bool {
	ends := map[int]bool{}
	for start := range tokens.words {
		for _, group := range set.x.candidates(tokens, start) {
			for _, i := range group {
				matchSeq(set.ps[i].elems, tokens, start, func(end int) bool {
					ends[end] = true
					return true
				})
			}
		}
	}
	return ends
}

// presenceSet, speakerSet, writerSet and partnerAtSet index presence,
// speakerAt, writerAt and partnerAt.
var presenceSet, speakerSet, writerSet, partnerAtSet = newPhraseSet(presence), newPhraseSet(speakerAt), newPhraseSet(writerAt), newPhraseSet(partnerAt)

// partnerAt are the words that place the writer's partner: "chồng bên",
// "ck em ở", "my husband in".
var partnerAt = func() []phrase {
	var out []phrase
	for _, who := range []string{"chồng", "ck", "vợ", "vk"} {
		for _, mine := range []string{"", "tôi", "em", "e", "mình", "tui"} {
			for _, at := range []string{"ở", "bên", "tại"} {
				p, _ := parsePhrase(strings.Join(strings.Fields(who+" "+mine+" "+at), " "), nil) // words only: cannot fail
				out = append(out, p)
			}
		}
	}
	for _, s := range []string{"my husband in", "my wife in", "husband in", "my husband is in", "my husband works in"} {
		p, _ := parsePhrase(s, nil)
		out = append(out, p)
	}
	return out
}()

// writerAt are the words of a relative saying where they are themselves:
// "tôi đang ở", "I'm in". Not "em" (also the younger sibling in danger:
// "em tôi đang ở Nhật") and not "we" (may include the one in danger).
var writerAt = func() []phrase {
	var out []phrase
	for _, me := range []string{"tôi", "tui"} {
		for _, mid := range []string{"", "đang", "hiện", "hiện đang", "vẫn", "sống", "đang sống", "làm việc", "đang làm việc"} {
			for _, at := range []string{"ở", "bên", "tại"} {
				p, _ := parsePhrase(strings.Join(strings.Fields(me+" "+mid+" "+at), " "), nil) // words only: cannot fail
				out = append(out, p)
			}
		}
	}
	for _, s := range []string{"i'm in", "i am in", "im in", "i live in", "i work in", "i am now in", "i'm now in", "i'm away in", "i am away in"} {
		p, _ := parsePhrase(s, nil)
		out = append(out, p)
	}
	return out
}()

// speakerAt are the words of a writer saying where they are: a first
// person, what they do there ("đang làm", "là thực tập sinh"), then a
// word of place. What they did there once ("em đã ly hôn ở Đài Loan", "tôi
// tự tìm được chủ ở Nhật") does not count.
var speakerAt = func() []phrase {
	var out []phrase
	for _, me := range []string{"em", "e", "tôi", "tui", "mình", "con", "tụi em", "chúng tôi", "chúng em"} {
		for _, mid := range []string{"", "đang", "hiện", "hiện đang", "vẫn", "còn", "làm", "đang làm", "làm việc", "đang làm việc",
			"sống", "đang sống", "đi làm", "đang đi làm", "là thực tập sinh", "là tts", "là lao động", "đang là thực tập sinh"} {
			for _, at := range []string{"ở", "bên", "tại"} {
				p, _ := parsePhrase(strings.Join(strings.Fields(me+" "+mid+" "+at), " "), nil) // words only: cannot fail
				out = append(out, p)
			}
		}
	}
	for _, s := range []string{"i work in", "i live in", "we work in", "we live in", "i'm working in", "i am working in",
		"i'm staying in", "i am staying in", "i am now in",
		// "I'm a Vietnamese worker in Malaysia", "working as driver in Dammam" (fifth audit)
		"i'm a * worker in", "i am a * worker in", "i'm a worker in", "i am a worker in", "i'm an intern in",
		"i am an intern in", "i'm a * intern in", "i am a * intern in", "working as * in", "i work as * in",
		// "I am EPS worker in Korea" (eighth audit)
		"i am * worker in", "i'm * worker in", "i am * intern in", "i'm * intern in"} {
		p, _ := parsePhrase(s, nil)
		out = append(out, p)
	}
	return out
}()

// goingRE (on folded words) says the writer speaks of going abroad, not
// of being there: "em muốn đi làm ở Nhật", "thủ tục đi Hàn", "she leaves
// next week" (eleventh audit: a niece still at home was told "as your
// relative is abroad").
var goingRE = regexp.MustCompile(`\b(muon di|sap di|chuan bi|dinh di|tinh di|du dinh|co nen|nen di|truoc khi di|can gi|thu tuc|dieu kien|ho so|want to|planning|plan to|going to|before i go|before going|should i go|leaves (tomorrow|next|on|in)|leaving (tomorrow|next|on|in)|will leave|is leaving|mai di|tuan sau di|thang sau di)\b`)
