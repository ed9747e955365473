package vitext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// canonical brings the ways one text can be typed to one form: full-width
// letters, digits and punctuation (as East Asian keyboards type them) to
// ASCII, the ideographic space and no-break spaces to a space, zero-width
// characters removed, and then NFC, whatever composition the input used.
// It does not collapse spaces.
func canonical(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			return r - 0xFEE0
		case r == 0x3000 || r == 0x00A0 || r == 0x202F || r == 0x2007:
			return ' '
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF:
			return -1
		}
		return r
	}, s)
	return canonicalTones(norm.NFC.String(s))
}

// Tone marks as combining characters: huyền, sắc, hỏi, ngã, nặng.
func isTone(r rune) bool {
	return r == '\u0300' || r == '\u0301' || r == '\u0309' || r == '\u0303' || r == '\u0323'
}

// canonicalTones writes the tone of the open syllables oa, oe and uy on the
// first vowel, as most of the knowledge base does ("hòa", "khỏe", "thủy"),
// so that the newer placement ("hoà", "khoẻ", "thuỷ") is the same word.
// After "q", "uy" keeps its mark on "y" ("quý"): "qu" is a consonant there.
// s is NFC; so is the result.
func canonicalTones(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0x7F }) {
		return s
	}
	var b strings.Builder
	word := []rune{}
	flush := func() {
		b.WriteString(canonicalSyllable(word))
		word = word[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	// A stray combining mark after a moved tone composes with the letter
	// now before it ("oÀ" + U+0300 became "òA" + U+0300): composed again,
	// the result is NFC and a second pass changes nothing.
	return norm.NFC.String(b.String())
}

// canonicalSyllable moves the tone of a word ending in o+a, o+e or u+y
// (the last vowel carrying the tone, no final consonant) to the o or u.
func canonicalSyllable(w []rune) string {
	n := len(w)
	if n < 2 {
		return string(w)
	}
	last := []rune(norm.NFD.String(string(w[n-1])))
	if len(last) != 2 || !isTone(last[1]) {
		return string(w)
	}
	first, second := w[n-2], last[0]
	lower := unicode.ToLower(first)
	ok := (lower == 'o' && (unicode.ToLower(second) == 'a' || unicode.ToLower(second) == 'e')) ||
		(lower == 'u' && unicode.ToLower(second) == 'y' && (n < 3 || unicode.ToLower(w[n-3]) != 'q'))
	if !ok {
		return string(w)
	}
	moved := norm.NFC.String(string([]rune{first, last[1]})) + string(second)
	return string(w[:n-2]) + moved
}
