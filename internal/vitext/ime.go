package vitext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese typed with the keyboard's Vietnamese mode off comes out in
// the keys of an input method: Telex ("dduwowcj khoong" for "được không":
// doubled letters and w for the hats and horns, s f r x j for the tones)
// or VNI ("d9u7o7c5" for "được": digits for both). FixIME turns such text
// back into Vietnamese.

// Tone marks as combining characters, by Telex key and VNI digit.
var (
	telexTones = map[byte]rune{'s': '\u0301', 'f': '\u0300', 'r': '\u0309', 'x': '\u0303', 'j': '\u0323'}
	vniTones   = map[byte]rune{'1': '\u0301', '2': '\u0300', '3': '\u0309', '4': '\u0303', '5': '\u0323'}
)

const vowels = "aăâeêioôơuưy"

// FixIME returns s with the words typed in Telex or VNI written in
// Vietnamese, and true, when that reading is more likely than s as it
// stands: s has no Vietnamese marks, at least a third of its words change
// into valid syllables (common English words never count), and nearly all
// its words are then Vietnamese. Otherwise it returns s and false. The
// first letter's case is kept; everything else is lower case.
func FixIME(s string) (string, bool) {
	if HasVietnameseMarks(s) {
		return s, false
	}
	r := readIME(s)
	// One changed word alone is too little evidence, unless the message is
	// one or two words and it carries a hat, horn or bar (dd, aa, ow, uw…).
	single := r.changed == 1 && r.total <= 2 && hasShape(r.lastFixed)
	if r.changed == 0 || (r.changed < 2 && !single) || 3*r.changed < r.total || 10*(r.changed+r.viable) < 8*r.total {
		return s, false
	}
	var b strings.Builder
	last := 0
	for _, w := range r.words {
		if w.fixed != "" {
			b.WriteString(s[last:w.start])
			b.WriteString(w.fixed)
			last = w.end
		}
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// imeReading is s read word by word as keyboard-mode typing: the words
// that convert, and counts of converted, plausibly Vietnamese and all
// words with letters.
type imeReading struct {
	words                  []imeWordAt
	changed, viable, total int
	lastFixed              string
}

type imeWordAt struct {
	start, end int    // byte offsets in s
	fixed      string // the word in Vietnamese, "" when unchanged
}

func readIME(s string) imeReading {
	var r imeReading
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isASCIIAlnum(s[j]) {
			j++
		}
		if j == i {
			i++
			continue
		}
		raw, low := s[i:j], strings.ToLower(s[i:j])
		w := imeWordAt{start: i, end: j}
		i = j
		if !hasLetter(low) {
			continue
		}
		r.total++
		if raw == strings.ToUpper(raw) && len(raw) > 1 {
			continue // an acronym (EPS, TOPIK, SSW), not keyboard-mode typing
		}
		if fixed, ok := imeWord(low); ok {
			r.changed++
			r.lastFixed = fixed
			w.fixed = fixed
			if unicode.IsUpper(rune(raw[0])) {
				rs := []rune(fixed)
				rs[0] = unicode.ToUpper(rs[0])
				w.fixed = string(rs)
			}
			r.words = append(r.words, w)
		} else if ValidSyllable(low) || viCommon[low] {
			r.viable++
		}
	}
	return r
}

// imeWord converts one lowercase word typed in Telex (letters only) or VNI
// (letters and digits); ok when it changed and is a Vietnamese syllable
// that is not also a common English word.
func imeWord(w string) (string, bool) {
	if enCommon[w] || stopwords[w] {
		return "", false
	}
	var out string
	var ok bool
	if strings.ContainsAny(w, "123456789") {
		out, ok = vniWord(w)
	} else {
		out, ok = telexWord(w)
	}
	if !ok || out == w || !ValidSyllable(Fold(out)) {
		return "", false
	}
	return out, true
}

// telexWord applies Telex's keys: aa â, aw ă, ee ê, oo ô, ow ơ, uw ư,
// uow ươ, a lone w ư, dd đ (at the start), s f r x j the tones, z none.
func telexWord(w string) (string, bool) {
	var out []rune
	var tone rune
	for i := 0; i < len(w); i++ {
		c := w[i]
		n := len(out)
		switch {
		case c == 'd' && n == 1 && out[0] == 'd':
			out[0] = 'đ'
		case n > 0 && ((c == 'a' && out[n-1] == 'a') || (c == 'e' && out[n-1] == 'e') || (c == 'o' && out[n-1] == 'o')):
			out[n-1] = map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}[out[n-1]]
		case c == 'w':
			switch {
			case n > 1 && out[n-1] == 'o' && out[n-2] == 'u':
				out[n-2], out[n-1] = 'ư', 'ơ'
			case n > 0 && out[n-1] == 'a':
				out[n-1] = 'ă'
			case n > 0 && out[n-1] == 'o':
				out[n-1] = 'ơ'
			case n > 0 && out[n-1] == 'u':
				out[n-1] = 'ư'
			default:
				out = append(out, 'ư')
			}
		case telexTones[c] != 0 && hasVowel(out):
			tone = telexTones[c]
		case c == 'z' && hasVowel(out):
			tone = 0
		default:
			out = append(out, rune(c))
		}
	}
	return withTone(out, tone), true
}

// vniWord applies VNI's digits: 6 â ê ô, 7 ơ ư (uo7 ươ), 8 ă, 9 đ, 1–5 the
// tones, each to the nearest letter before it that takes it.
func vniWord(w string) (string, bool) {
	var out []rune
	var tone rune
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			out = append(out, rune(c))
		case vniTones[c] != 0 && hasVowel(out):
			tone = vniTones[c]
		case c == '6' || c == '7' || c == '8' || c == '9':
			if !applyVNIShape(out, c) {
				return "", false
			}
		default:
			return "", false // a digit VNI does not use here, or a number
		}
	}
	return withTone(out, tone), true
}

// applyVNIShape puts VNI's hat (6), horn (7), breve (8) or bar (9) on the
// nearest letter before it that takes it; false when none does.
func applyVNIShape(out []rune, c byte) bool {
	for k := len(out) - 1; k >= 0; k-- {
		r := out[k]
		switch {
		case c == '6' && (r == 'a' || r == 'e' || r == 'o'):
			out[k] = map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}[r]
			return true
		case c == '7' && (r == 'o' || r == 'u'):
			out[k] = map[rune]rune{'o': 'ơ', 'u': 'ư'}[r]
			if r == 'o' && k > 0 && out[k-1] == 'u' {
				out[k-1] = 'ư'
			}
			return true
		case c == '8' && r == 'a':
			out[k] = 'ă'
			return true
		case c == '9' && r == 'd':
			out[k] = 'đ'
			return true
		}
	}
	return false
}

func hasVowel(rs []rune) bool {
	for _, r := range rs {
		if strings.ContainsRune(vowels, r) {
			return true
		}
	}
	return false
}

// withTone writes a syllable with its tone on the vowel Vietnamese spelling
// puts it on: a vowel with a hat or horn (ơ of ươ); else the last vowel
// when a consonant ends the syllable; else the middle of three vowels or
// the first of two ("hòa", "mùa"). The u of "qu" and the i of "gi" before
// another vowel belong to the consonant.
func withTone(rs []rune, tone rune) string {
	// "ưo" is not Vietnamese: typed "uwo" (or VNI "u7o") means "ươ".
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == 'ư' && rs[i+1] == 'o' {
			rs[i+1] = 'ơ'
		}
	}
	if tone == 0 {
		return string(rs)
	}
	s := string(rs)
	start := 0
	if strings.HasPrefix(s, "qu") || (strings.HasPrefix(s, "gi") && len(rs) > 2 && strings.ContainsRune(vowels, rs[2])) {
		start = 2
	}
	var vs []int
	for i := start; i < len(rs); i++ {
		if strings.ContainsRune(vowels, rs[i]) {
			vs = append(vs, i)
		} else if len(vs) > 0 {
			break
		}
	}
	if len(vs) == 0 {
		return s
	}
	pos := -1
	for _, i := range vs {
		if strings.ContainsRune("ăâêôơư", rs[i]) {
			pos = i
		}
	}
	switch {
	case pos >= 0:
	case vs[len(vs)-1] < len(rs)-1:
		pos = vs[len(vs)-1]
	case len(vs) == 3:
		pos = vs[1]
	default:
		pos = vs[0]
	}
	return string(rs[:pos]) + norm.NFC.String(string([]rune{rs[pos], tone})) + string(rs[pos+1:])
}

func isASCIIAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func hasLetter(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// hasShape reports whether s has a letter with a hat, horn, breve or bar
// (â ê ô ơ ư ă đ), whatever its tone.
func hasShape(s string) bool {
	return strings.ContainsAny(norm.NFD.String(s), "\u0302\u031b\u0306đĐ")
}
