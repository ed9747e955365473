// Package vitext holds the text handling shared by indexing and search for
// Vietnamese and English: Unicode NFC normalisation, diacritic folding,
// syllable tokens, language detection and sentence splitting.
//
// Every function is pure, safe for concurrent use and never panics on any
// input, valid UTF-8 or not.
package vitext

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in one canonical form (see canonical: NFC from any
// composition, full-width forms folded, zero-width characters removed, one
// placement of tone marks) with invalid bytes replaced, runs of white
// space collapsed to one space and the ends trimmed.
func Normalize(s string) string {
	return strings.Join(strings.Fields(canonical(s)), " ")
}

// Fold lowercases s and removes every diacritic: tone marks, the hats and
// horns of â ê ô ơ ư ă, and the bar of đ (đ→d). Fold is idempotent.
// ASCII, the Latin letters Vietnamese uses and common punctuation go
// through a table; any other rune takes the general path (NFD, marks
// dropped).
func Fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	table := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		default:
			f, ok := table[r]
			if !ok {
				// Per code point the general path gives the same result:
				// decomposition maps each rune on its own, and the marks
				// whose order it fixes are dropped anyway.
				f = foldSlow(string(r))
			}
			b.WriteString(f)
		}
	}
	return b.String()
}

// foldTable maps the Latin letters with diacritics (and lone combining
// marks) to their folded form, computed once by the general path.
var foldTable = sync.OnceValue(func() map[rune]string {
	m := map[rune]string{}
	for _, span := range [][2]rune{{0x0080, 0x0250}, {0x0300, 0x0370}, {0x1E00, 0x1F00}, {0x2000, 0x2070}} {
		for r := span[0]; r < span[1]; r++ {
			m[r] = foldSlow(string(r))
		}
	}
	return m
})

// foldSlow is Fold for any text: NFD, combining marks dropped, đ→d,
// lower case, repeated until stable.
func foldSlow(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// Lowercasing can itself produce decomposable runes (rare, e.g. 'İ');
	// a second pass keeps Fold idempotent.
	out := b.String()
	if !isFolded(out) {
		return foldSlow(out)
	}
	return out
}

func isFolded(s string) bool {
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' || unicode.ToLower(r) != r {
			return false
		}
	}
	return true
}

// Tokens splits s into lowercase word tokens (Vietnamese syllables, English
// words, numbers), keeping diacritics. Letters and digits make tokens;
// everything else separates them. "LĐ-TB&XH" gives "lđ", "tb", "xh".
func Tokens(s string) []string {
	s = canonical(strings.ToValidUTF8(s, " "))
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// FoldedTokens is Tokens of the folded text.
func FoldedTokens(s string) []string { return Tokens(Fold(s)) }

// HasVietnameseMarks reports whether s contains a letter only Vietnamese
// spelling uses here: a tone mark, ă â ê ô ơ ư or đ.
func HasVietnameseMarks(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if r == 'đ' || r == 'Đ' {
			return true
		}
		if unicode.IsLetter(r) && Fold(string(r)) != strings.ToLower(string(r)) {
			return true
		}
	}
	return false
}

// NormalizeLines is Normalize for multi-line text: the canonical form,
// invalid bytes replaced, spaces collapsed within each line, line breaks
// kept.
func NormalizeLines(s string) string {
	s = canonical(s)
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lead := len(l) - len(strings.TrimLeft(l, " \t"))
		indent := ""
		if lead > 0 {
			indent = "  "
		}
		if f := strings.Fields(l); len(f) > 0 {
			lines[i] = indent + strings.Join(f, " ")
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// Version changes whenever Term, Terms or SearchTerms would analyse the
// same text differently; the indexer re-indexes every document then.
const Version = "3"

// Term maps a folded token to the form that is indexed and searched. It is
// a light English stemmer: plurals, -ed, -ing and a final silent e go
// ("workers"→"worker", "companies"→"company", "licensed", "licenses" and
// "license"→"licens"). Vietnamese syllables never end in s, d or -ing, and
// a final e is only dropped from words that cannot be Vietnamese syllables,
// so Vietnamese passes through unchanged.
func Term(t string) string {
	n := len(t)
	if n < 4 || !isASCIIWord(t) {
		return t
	}
	switch {
	case strings.HasSuffix(t, "ies") || strings.HasSuffix(t, "ied"):
		if n > 4 {
			return t[:n-3] + "y"
		}
		return t
	case strings.HasSuffix(t, "sses"):
		t = t[:n-2]
	case strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") && !strings.HasSuffix(t, "us") && !strings.HasSuffix(t, "is"):
		t = t[:n-1]
	case strings.HasSuffix(t, "ing") && n > 6:
		t = t[:n-3]
	case strings.HasSuffix(t, "ed") && n > 5:
		t = t[:n-2]
	}
	if len(t) > 4 && strings.HasSuffix(t, "e") && !ValidSyllable(t) {
		t = t[:len(t)-1]
	}
	return t
}

func isASCIIWord(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// Terms returns Term of each folded token of s.
func Terms(s string) []string {
	toks := FoldedTokens(s)
	for i, t := range toks {
		toks[i] = Term(t)
	}
	return toks
}

// SearchTerms returns the full-text search terms of s: every Term, and
// every pair of neighbouring Terms joined without a space ("lao động" gives
// "lao", "dong", "laodong"), so that two-syllable Vietnamese words and
// English phrases match as units.
func SearchTerms(s string) []string {
	terms := Terms(s)
	out := make([]string, 0, 2*len(terms))
	out = append(out, terms...)
	for i := 1; i < len(terms); i++ {
		out = append(out, terms[i-1]+terms[i])
	}
	return out
}

var (
	// Phone numbers and ID card numbers: 8 or more digits, possibly with a
	// leading +, an area code in brackets, and spaces, dots or hyphens
	// (with spaces around them) between groups.
	longDigitsRE = regexp.MustCompile(`\+?\(?\d(?:\)?\s?[ .\-]?\s?\(?\d){7,}\)?`)
	moneyAfterRE = regexp.MustCompile(`(?i)^\s?(đồng|đ(?:[^\p{L}]|$)|vnd|vnđ|usd|triệu|nghìn|ngàn|dollars?|yen|won|nt\$|euro)`)
	emailRE      = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}`)
	cjkRE        = regexp.MustCompile(`[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]+`)
	// A name after a cue: one to four capitalised words.
	nameCueRE = regexp.MustCompile(`(?i)(tên (?:là|tôi là|em là|mình là|của tôi là|của em là|cháu là|con là)|my name is|her name is|his name is)\s+(?-i:\p{Lu}[\p{L}]*)(?:\s+(?-i:\p{Lu}[\p{L}]*)){0,3}`)
	// Passport numbers: a letter and 7 or 8 digits (Vietnamese passports
	// are one letter and 7 digits).
	passportRE = regexp.MustCompile(`\b[A-Za-z] ?\d{7,8}\b`)
)

// MaskPersonal replaces personal details in s with "[…]", so that
// questions can be stored, logged and searched without them: phone numbers
// however they are grouped ("0912 345 678", "+84 (912) 345 678", "0912 - 345
// - 678"), ID card and passport numbers ("079123456789", "C1234567", "C
// 1234567"), e-mail addresses, names written in Han, Hangul or Kana, and
// the name after "tên là", "tên tôi là", "my name is". Legal references
// ("69/2020/QH14"), years, short numbers and amounts of money ("150000000
// đồng") are left alone.
func MaskPersonal(s string) string {
	s = emailRE.ReplaceAllString(s, "[…]")
	s = cjkRE.ReplaceAllString(s, "[…]")
	s = nameCueRE.ReplaceAllString(s, "$1 […]")
	s = replaceUnlessMoney(longDigitsRE, s)
	return passportRE.ReplaceAllString(s, "[…]")
}

// replaceUnlessMoney masks re's matches in s except those followed by a
// currency: an amount is not a phone number.
func replaceUnlessMoney(re *regexp.Regexp, s string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		if moneyAfterRE.MatchString(s[m[1]:]) {
			b.WriteString(s[m[0]:m[1]])
		} else {
			b.WriteString("[…]")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
