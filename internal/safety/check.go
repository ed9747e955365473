package safety

import (
	"maps"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Alert is a recognised danger.
type Alert struct {
	Category string // one of Categories
	Country  string // ISO 3166-1 alpha-2 where the person is; "" unknown
	// AlsoVN: the message also says the writer is in Vietnam ("em đang ở
	// Cần Thơ"), so Vietnam's numbers are given after the country's.
	AlsoVN bool
	// ForFamily: the message names a relative other than a partner ("em
	// gái tôi", "my son"): a family writing about someone else, whose
	// steps speak to the family.
	ForFamily bool
	// Minor: the message speaks of someone under 18 ("con gái tôi 16
	// tuổi", "trẻ em"), so Vietnam's child protection line is given to
	// anyone who can call it from Vietnam.
	Minor bool
	// Lured: a child, or an adult offered a deceptive job or trip, is
	// being lured abroad and has not left (every trafficking cue is a
	// lure: a ticket, a promise, a stranger met online, a contract "on
	// arrival"), so the steps say not to go, not how to be rescued; an
	// adult's (Minor false) point to the licensed list, not to parents.
	Lured bool
	// Returned: a person trafficked is back in Vietnam ("người bị bán
	// qua TQ trốn về được", "she escaped back to Vietnam"), so the steps
	// are a survivor's at home (report, support, safety), not a rescue.
	Returned bool
	// Cues are the lexicon phrases that matched, for tests and debug logs
	// (never info logs: they quote the question).
	Cues []string
}

// Check recognises danger in a question (normalised text, shorthand
// spelled out). topDoc is the id of the document retrieval ranked first,
// or "" when there was no retrieval. ok is false when the message is not
// about danger. Check is Read(question).Judge(topDoc).
func (l *Lexicon) Check(question, topDoc string) (a Alert, ok bool) {
	return l.Read(question).Judge(topDoc)
}

// Reading is a message's cues of danger, scored by category, before the
// document retrieved first is counted: the service reads a message once
// and judges it before retrieval and again with its best document. The
// zero Reading judges every message safe.
type Reading struct {
	lex      *Lexicon
	question string
	tokens   typed
	score    map[string]int      // category → score, vetoed categories left out
	cues     map[string][]string // category → the phrases that counted
	family   bool                // the message names a relative other than a partner, or a partner hurt by someone else
	// partnerAway: the message names the writer's partner as the one who
	// went or works away ("chồng em làm ở Abu Dhabi"): a family writing,
	// unless the partner is the abuser (domestic violence).
	partnerAway bool
	minor       bool // the message speaks of someone under 18
}

// Read scores the lexicon's phrases in a question (normalised text,
// shorthand spelled out). Idioms (mask phrases) are covered first. A
// strong phrase scores 2, a weak one 1, and a phrase counts only where it
// covers words no counted phrase of its category covered: two lines that
// read the same words are one cue, not two. A "not" phrase cancels its
// category.
func (l *Lexicon) Read(question string) Reading {
	tokens := l.masked(question)
	score, cues := l.score(tokens)
	minor := vitext.NamesMinor(strings.Join(vitext.FoldedTokens(question), " "))
	partnerAway := len(l.partnerAway.elems) > 0 && l.partnerAway.in(tokens)
	// Someone else hurts the writer's partner, and the writer asks for
	// her ("my wife … her ex-boyfriend keeps beating her", eleventh
	// audit): a family writing.
	family := l.namesFamily(question) || len(l.partnerHurt.elems) > 0 && l.partnerHurt.in(tokens)
	return Reading{lex: l, question: question, tokens: tokens, score: score, cues: cues, family: family, partnerAway: partnerAway, minor: minor}
}

// masked is text's tokens with the lexicon's idioms (mask phrases)
// covered, so that their words serve no other phrase.
func (l *Lexicon) masked(text string) typed {
	tokens := typedTokens(text)
	tokens.known = make([]bool, len(tokens.words))
	for i, f := range tokens.folded {
		tokens.known[i] = l.vocab[f]
	}
	tokens.maskAll(l.masks, l.maskIndex)
	return tokens
}

// Judge decides whether the message read is about danger. topDoc is the
// id of the document retrieval ranked first, or "": a document about
// safety counts as a cue for its own category, when the message has a cue
// of that category already.
//
// The message is about danger when a category reaches 2, or when weak
// cues of any categories add up to 2. Self-harm wins whenever it reaches
// 2; otherwise the best-scored category, ties going to the more urgent
// (Categories order). For a broker's fraud, the country is where the
// person is only when the message says they are there ("đang ở", "arrived
// in"): a destination they paid for is not where they are.
func (r Reading) Judge(topDoc string) (a Alert, ok bool) {
	if r.lex == nil {
		return Alert{}, false
	}
	score := maps.Clone(r.score)
	if cat, ok := r.lex.docs[topDoc]; ok && score[cat] > 0 {
		score[cat]++
	}
	total, best := 0, ""
	for _, cat := range Categories {
		total += score[cat]
		if score[cat] > score[best] {
			best = cat
		}
	}
	if score["self_harm"] >= 2 {
		best = "self_harm" // the most urgent, whatever else the message says
	}
	if best == "held" && score["domestic_violence"] == score["held"] && slices.ContainsFunc(r.cues["domestic_violence"], spouseCue) {
		// A husband who beats his wife and keeps her in ("ck TQ đánh e,
		// ko cho ra ngoài", twelfth audit): violence at home, whose steps
		// fit, not papers held by an employer.
		best = "domestic_violence"
	}
	if best == "" || (score[best] < 2 && total < 2) {
		return Alert{}, false
	}
	var matched []string
	for _, cat := range Categories {
		if score[cat] > 0 {
			matched = append(matched, r.cues[cat]...)
		}
	}
	slices.Sort(matched)
	country := r.lex.country(r.tokens, r.family)
	// "chồng em người Hàn Quốc, em bị đánh, em đang ở Cần Thơ", "they
	// sent me home from Japan": the country is the one named, as for
	// anyone naming it, but the writer says they are in Vietnam, so
	// Vietnam's numbers follow.
	here, _ := r.lex.presentIn(r.tokens, r.family)
	if r.family && here == "" {
		// A relative writing from Cần Thơ about a sister in Korea.
		here = r.lex.writerIn(r.tokens)
	}
	home := here == "VN" || saysReturned(r.tokens)
	// "đang ở gần biên giới Trung Quốc": near the border may still be in
	// Vietnam, so Vietnam's numbers come with the other country's (eighth
	// audit: a girl of 15 near the Chinese border got China's 110 only).
	nearBorder := slices.ContainsFunc(borderNear, func(p phrase) bool { return p.in(r.tokens) })
	if best == "self_harm" && country != "" && country != "VN" && country == r.lex.partnerIn(r.tokens) && r.lex.namesVN(r.tokens) {
		// Thoughts of dying in Cần Thơ about a husband in Taiwan ("nhảy
		// cầu Cần Thơ cho xong, chồng bên Đài bỏ rồi", twelfth audit: she
		// got Taiwan's 110 and 119): the writer is where Vietnam is named.
		country = "VN"
	}
	alsoVN := (home || nearBorder) && country != "" && country != "VN"
	if best == "broker_fraud" && !slices.ContainsFunc(presence, func(p phrase) bool { return p.in(r.tokens) }) {
		country = ""
	}
	lured := best == "trafficking" && onlyLured(r.cues[best])
	if lured {
		// A child being lured has not left yet: the country named is
		// where the recruiter would take them, so Vietnam's numbers.
		country = ""
	}
	// The partner is away when the lexicon's class says so ("ck e làm thợ
	// hàn ở Abu Dhabi") or when the partner is placed abroad and the
	// writer is not ("my husband stuck in Kuwait… I'm in Can Tho"): the
	// steps and the answer's next step then both speak to the family
	// (eighth audit: the steps spoke to the husband, the next step to the
	// family). Read here, for a message in danger only.
	partnerAway := r.partnerAway || !r.family && r.lex.RelativeAbroad(r.question) != "" && r.lex.Presence(r.question) == ""
	// A missing person does not write: whoever writes is the family (twelfth
	// audit: "mất liên lạc vk bên Malay 1 tuần" was told "as you are abroad").
	forFamily := r.family || best == "missing" || (partnerAway && best != "domestic_violence" && best != "self_harm")
	if best == "self_harm" && len(r.lex.partnerHarm.elems) > 0 && r.lex.partnerHarm.in(r.tokens) {
		// The partner speaks of dying, not the writer (ninth audit: a
		// wife was told "đừng ở một mình lúc này").
		forFamily = true
	}
	returned := best == "trafficking" && !lured && saysReturned(r.tokens)
	return Alert{Category: best, Country: country, AlsoVN: alsoVN, ForFamily: forFamily, Minor: r.minor, Lured: lured, Returned: returned,
		Cues: slices.Compact(matched)}, true
}

// spouseCue reports whether a cue of violence names the husband or the
// lexicon's class of abusers at home (husband, in-laws, partner,
// stepfather: "ck * đánh", "@abuser *3 bắt *4 làm").
func spouseCue(cue string) bool {
	for _, w := range strings.Fields(cue) {
		switch w {
		case "chồng", "ck", "husband", "@abuser", "@spouse":
			return true
		}
	}
	return false
}

// onlyLured reports whether every trafficking cue is a child being lured
// (the lexicon's rows with a class whose name starts with "lure": @lure,
// a ticket, a promise, a stranger met online; @lurejob, work offered in a
// scam-compound country; each with an age under 18), not a child already
// taken.
func onlyLured(cues []string) bool {
	return len(cues) > 0 && !slices.ContainsFunc(cues, func(c string) bool { return !strings.Contains(c, "@lure") })
}

// score is each category's score in the message (masks applied) and the
// phrases that counted: strong 2, weak 1, each on words no counted cue of
// its category read; a vetoed category has none.
func (l *Lexicon) score(tokens typed) (score map[string]int, cues map[string][]string) {
	found := tokens.findAll(l.rulePhrases, l.ruleIndex)
	score, cues = map[string]int{}, map[string][]string{}
	vetoed := map[string]bool{}
	used := map[string][]bool{} // category → words its counted cues cover
	for i, r := range l.rules {
		start, end := found[i].start, found[i].end
		if start < 0 {
			continue
		}
		if r.strength == veto {
			vetoed[r.category] = true
			continue
		}
		if used[r.category] == nil {
			used[r.category] = make([]bool, len(tokens.words))
		}
		if claim(used[r.category], start, end) {
			score[r.category] += r.points()
			cues[r.category] = append(cues[r.category], r.phrase.String())
		}
	}
	for cat := range vetoed {
		delete(score, cat)
	}
	return score, cues
}

// returned are the words that say the writer has come back to Vietnam.
var returned = func() []phrase {
	var out []phrase
	for _, s := range []string{"bị đuổi về", "đã về nước", "vừa về nước", "mới về nước", "đã về việt nam", "bị cho về nước",
		"sent me home", "sent me back", "came back to vietnam", "came home", "back in vietnam", "back home now", "i'm back home",
		"returned to vietnam", "i returned home", "trốn về được", "trốn về nước", "thoát về nước", "chạy về nước",
		"escaped back to vietnam", "got back to vietnam",
		// Home named by the city (tenth audit: "I was trafficked to China,
		// escaped, now back in Can Tho" got the steps for someone still there).
		"back in can tho", "back home in can tho", "now back in vietnam", "đã về cần thơ", "đã về lại cần thơ", "về lại cần thơ rồi"} {
		p, _ := parsePhrase(s, nil) // words only: cannot fail
		out = append(out, p)
	}
	return out
}()

// saysReturned reports whether the message says the writer is back in
// Vietnam (returned), not asks whether they will be: "nếu ly hôn thì em có
// bị đuổi về ko" is a bride still in Korea (ninth audit: she was given
// Vietnam's 113 first).
func saysReturned(t typed) bool {
	for _, p := range returned {
		start, end := p.find(t)
		if start < 0 {
			continue
		}
		asked := start > 0 && t.folded[start-1] == "co" || end < len(t.folded) && askedAfter[t.folded[end]]
		if !asked {
			return true
		}
	}
	return false
}

// askedAfter are the words that make what comes before them a question
// ("bị đuổi về không", "sent me back?" has none).
var askedAfter = map[string]bool{"khong": true, "ko": true, "k": true, "kg": true, "hok": true, "hong": true, "hem": true, "chua": true, "ha": true}

// borderNear are the words of someone near a border, not yet across it.
var borderNear = func() []phrase {
	var out []phrase
	for _, s := range []string{"gần biên giới", "sát biên giới", "giáp biên giới", "ở biên giới", "near the border", "close to the border", "at the border"} {
		p, _ := parsePhrase(s, nil) // words only: cannot fail
		out = append(out, p)
	}
	return out
}()

// presence are the words that say a person is in the place named, not
// only going there. "em ở Hậu Giang" is left out: people open with their
// home town and go on to tell of the country they work in.
var presence = func() []phrase {
	var out []phrase
	for _, s := range []string{"đang ở", "ở bên", "sang tới", "qua tới", "sang đến", "qua đến", "kẹt ở", "tới nơi",
		"ở đây", "bên này", "kẹt lại", "arrived in", "i'm in", "i am in", "we are in", "stuck in", "stuck at",
		"here in", "now in", "got to", "hiện ở", "vẫn ở", "vẫn còn ở", "im in",
		// A 1088 counsellor writing of the caller: "A woman called: she is
		// in Cần Thơ, her Korean husband beat her during his visit and
		// went back to Korea" got Korea's numbers alone (eleventh audit).
		"she is in", "she's in", "he is in", "he's in", "she lives in", "he lives in", "caller is in", "caller lives in"} {
		p, _ := parsePhrase(s, nil) // words only: cannot fail
		out = append(out, p)
	}
	return out
}()

// claim marks words [start, end) as used and reports whether none of them
// was used before.
func claim(used []bool, start, end int) bool {
	if slices.Contains(used[start:end], true) {
		return false
	}
	for i := start; i < end; i++ {
		used[i] = true
	}
	return true
}

// points is what a cue adds to its category's score.
func (r rule) points() int {
	if r.strength == strong {
		return 2
	}
	return 1
}
