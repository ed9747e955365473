package vitext

import (
	"strings"
	"unicode"
)

// Sentences splits text into sentences at '.', '!', '?' or '…' followed by
// white space and an upper-case letter, digit or opening quote, and at line
// breaks. Numbers such as "69/2020/QH14", "1.500" and abbreviations followed
// by a lower-case word stay whole, and so does a dot that ends a known
// abbreviation or an initial followed by a number or a name ("Law No.
// 69/2020/QH14", "Art. 7", "TP. Cần Thơ", "J. Smith"; see abbreviations).
// Each sentence is trimmed; empty ones are dropped.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = appendSentences(out, line)
	}
	return out
}

func appendSentences(out []string, line string) []string {
	rs := []rune(line)
	start := 0
	for i := 0; i < len(rs); i++ {
		if !isTerminal(rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && (isTerminal(rs[j]) || rs[j] == '"' || rs[j] == '”' || rs[j] == ')' || rs[j] == '’') {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue // "3.5", "e.g.x", "canthostnews.vn"
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && !startsSentence(rs[k]) {
			continue
		}
		if rs[i] == '.' && j == i+1 && k < len(rs) && endsAbbreviation(rs[start:i]) {
			continue // "No. 69", "TP. Cần Thơ", "J. Smith"
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '(' || r == '*' || r == '-'
}

// abbreviations end in a dot and are followed by a number or a name, in
// English and Vietnamese legal and postal writing. Matched case-sensitively
// on the word before the dot. "etc." is not here: it usually ends a sentence.
var abbreviations = map[string]bool{
	// English
	"No": true, "Nos": true, "no": true, "Art": true, "Arts": true, "art": true, "cl": true, "Cl": true,
	"para": true, "Para": true, "p": true, "pp": true, "Vol": true, "vol": true, "Ch": true, "Sec": true,
	"Dr": true, "Mr": true, "Mrs": true, "Ms": true, "Prof": true, "St": true, "Ave": true, "Rd": true,
	"Mt": true, "Jr": true, "Sr": true, "Co": true, "Ltd": true, "Inc": true, "Corp": true, "Dept": true,
	"Gov": true, "approx": true, "vs": true, "Fig": true, "Tel": true, "tel": true, "Ext": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true,
	// Vietnamese: thành phố, quận, phường, thị trấn, huyện, xã, điện
	// thoại, địa chỉ, and titles (thạc sĩ, tiến sĩ, giáo sư, bác sĩ…).
	// Not "đ" (đồng) or "số": they end sentences ("… 150.000 đ.").
	"TP": true, "Tp": true, "tp": true, "Q": true, "P": true, "TT": true, "H": true, "X": true,
	"ĐT": true, "Đ/c": true, "ThS": true, "TS": true, "GS": true, "PGS": true, "BS": true, "KS": true, "NXB": true,
}

// endsAbbreviation reports whether text (a sentence so far, up to but not
// including a dot) ends with a known abbreviation or a single-letter
// initial ("J" in "J. Smith"), standing as a word of its own.
func endsAbbreviation(text []rune) bool {
	i := len(text)
	for i > 0 && !unicode.IsSpace(text[i-1]) && text[i-1] != '(' && text[i-1] != '"' && text[i-1] != '“' {
		i--
	}
	word := string(text[i:])
	if abbreviations[word] {
		return true
	}
	w := []rune(word)
	return len(w) == 1 && unicode.IsUpper(w[0])
}
