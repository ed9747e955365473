package vitext

import (
	"strings"
	"unicode"
)

// shorthand maps the abbreviations people type in Vietnamese chat to the
// words they stand for. Only unambiguous ones: "vk" (vợ or Việt kiều) and
// "ct" (Cần Thơ or công ty) are left alone.
var shorthand = map[string]string{
	"ko": "không", "k": "không", "khg": "không", "hok": "không", "hong": "không", "kg": "không",
	"dc": "được", "đc": "được", "dk": "được", "đk": "được",
	"bn": "bao nhiêu", "bnh": "bao nhiêu",
	"j": "gì", "ntn": "như thế nào", "sao z": "sao vậy",
	"ng": "người", "ngta": "người ta",
	"cty": "công ty", "tts": "thực tập sinh",
	"sdt": "số điện thoại", "sđt": "số điện thoại", "dt": "điện thoại", "đt": "điện thoại",
	"tp": "thành phố", "mn": "mọi người", "mik": "mình", "mk": "mình",
	"r": "rồi", "v": "vậy", "z": "vậy", "bik": "biết", "bít": "biết", "ns": "nói", "lm": "làm",
	"vn": "Việt Nam", "nc": "nước", "nn": "nước ngoài",
}

// ExpandShorthand replaces chat abbreviations ("đi xkld dc ko, phí bn?")
// with the words they stand for ("đi xkld được không, phí bao nhiêu?"), so
// that search and confidence see real words. Other text is unchanged.
func ExpandShorthand(s string) string {
	var b strings.Builder
	word := func(w string) {
		if full, ok := shorthand[strings.ToLower(w)]; ok {
			b.WriteString(full)
		} else {
			b.WriteString(w)
		}
	}
	start := -1
	for i, r := range s {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case isWord && start < 0:
			start = i
		case !isWord && start >= 0:
			word(s[start:i])
			start = -1
		}
		if !isWord {
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		word(s[start:])
	}
	return b.String()
}
