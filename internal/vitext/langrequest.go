package vitext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// langRequestREs match a request, inside a question, for the language of
// the answer: "Please reply in English", "Can you answer in Vietnamese:",
// "in Vietnamese please", "trả lời bằng tiếng Anh", "bằng tiếng Việt
// nhé:". They run on folded, lowercase text, so "tra loi bang tieng anh"
// typed without marks is read too. The language's name is the last group.
//
// A verb of answering counts only at the start of a clause, where it
// speaks to the service: "có tổng đài nào trả lời bằng tiếng Việt không?"
// and "what is the answer in English for kết hôn?" ask no language.
// "bằng tiếng Anh" alone is not a request either: "bằng" is also a
// diploma ("có cần bằng tiếng Anh không?"), so it counts only before a
// particle that asks ("nhé", "giùm", "please"), and not before "được
// không" ("viết hồ sơ bằng tiếng Anh được không?" asks about the papers).
var langRequestREs = []*regexp.Regexp{
	regexp.MustCompile(`(?:^|[.?!:,;]\s*|\b(?:please|pls|and|but)\s+)(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:reply|answer|respond|write|explain|say|tell me)(?:\s+(?:to me|me|it|this|that|the answer|back))?\s+in\s+(english|vietnamese)\b` + requestEnd),
	regexp.MustCompile(`\bin\s+(english|vietnamese)\s*,?\s*(?:please|pls|plz)\b` + requestEnd),
	regexp.MustCompile(`(?:^|[.?!:,;]\s*)(?:(?:ban|bot|ad)\s+)?(?:(?:hay|vui long|lam on|xin)\s+)?(?:tra loi|rep|viet|noi|dich|giai thich)(?:\s+(?:giup|gium|dum|cho|lai))?(?:\s+(?:toi|minh|em|tui|chau|con))?\s+(?:bang|sang|qua)\s+tieng\s+(anh|viet)\b` + requestEnd),
	regexp.MustCompile(`\b(?:bang|in)\s+tieng\s+(anh|viet)\s*,?\s*(?:nhe|nha|giup|gium|dum|please|pls)\b` + requestEnd),
}

// requestEnd is what may close a request: a polite word and its
// punctuation ("…in Vietnamese please?", "…bằng tiếng Việt giúp tôi:").
const requestEnd = `(?:\s*,?\s*(?:please|pls|plz|nhe|nha|giup|gium|dum)\b)?(?:\s+(?:toi|minh|em|tui|voi))?\s*[?:.!,]*`

// RequestedLang reads a request for the answer's language in s (see
// langRequestREs) and returns Vietnamese or English, with s less the
// request, so that its words are not searched ("Can you answer in
// Vietnamese: what is …?" is searched as "what is …?"); ok is false, and rest is s, when s asks for none.
// When s asks for both, the last request counts.
func RequestedLang(s string) (lang, rest string, ok bool) {
	runes := []rune(norm.NFC.String(s))
	folded := foldRunes(runes)
	type span struct{ start, end int } // in runes
	var spans []span
	last := -1
	for _, re := range langRequestREs {
		for _, m := range re.FindAllStringSubmatchIndex(folded, -1) {
			start := m[0] + strings.IndexFunc(folded[m[0]:m[1]], unicode.IsLetter) // not the sentence before's "?"
			spans = append(spans, span{utf8.RuneCountInString(folded[:start]), utf8.RuneCountInString(folded[:m[1]])})
			if start < last {
				continue
			}
			last = start
			switch folded[m[len(m)-2]:m[len(m)-1]] {
			case "english", "anh":
				lang = English
			default:
				lang = Vietnamese
			}
		}
	}
	if len(spans) == 0 {
		return "", s, false
	}
	drop := make([]bool, len(runes))
	for _, sp := range spans {
		for i := sp.start; i < sp.end; i++ {
			drop[i] = true
		}
	}
	var b strings.Builder
	for i, r := range runes {
		if drop[i] {
			if i == 0 || !drop[i-1] {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteRune(r)
	}
	rest = strings.Join(strings.Fields(b.String()), " ")
	return lang, strings.TrimLeft(rest, ":,.-; "), true
}

// foldRunes folds runes one for one (a rune whose fold is not one rune
// stays as it is), so that a byte position in the result maps back to a
// rune position in runes.
func foldRunes(runes []rune) string {
	var b strings.Builder
	for _, r := range runes {
		f := Fold(string(r))
		if utf8.RuneCountInString(f) != 1 {
			f = string(r)
		}
		b.WriteString(f)
	}
	return b.String()
}
