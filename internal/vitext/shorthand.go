package vitext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// shorthand maps the abbreviations people type in Vietnamese chat to the
// words they stand for. Only unambiguous ones: "vk" (vợ or Việt kiều), "dl"
// (Đài Loan or du lịch), "kh" (kế hoạch or không) and
// "ct" (Cần Thơ or công ty) are left alone, except that "ct" after a word
// of place is the city (placeBefore).
var shorthand = map[string]string{
	"ko": "không", "k": "không", "hổng": "không", "hông": "không", "dzợ": "vợ", "dzo": "vợ", "khg": "không", "hok": "không", "hong": "không", "kg": "không",
	"dc": "được", "đc": "được", "dk": "được", "đk": "được",
	"bn": "bao nhiêu", "bnh": "bao nhiêu",
	"j": "gì", "ntn": "như thế nào", "sao z": "sao vậy",
	"ng": "người", "ngta": "người ta",
	"cty": "công ty", "tts": "thực tập sinh",
	"sdt": "số điện thoại", "sđt": "số điện thoại", "dt": "điện thoại", "đt": "điện thoại",
	"tp": "thành phố", "mn": "mọi người", "mik": "mình", "mk": "mình",
	"r": "rồi", "v": "vậy", "z": "vậy", "bik": "biết", "bít": "biết", "ns": "nói", "lm": "làm",
	"vn": "Việt Nam", "nc": "nước", "nn": "nước ngoài",
	"xkld": "xuất khẩu lao động", "xklđ": "xuất khẩu lao động",
	"bhtn": "bảo hiểm thất nghiệp", "bhxh": "bảo hiểm xã hội", "bhyt": "bảo hiểm y tế",
	"qt": "quốc tịch", "ck": "chồng", "cq": "cơ quan", "vl": "việc làm", "pn": "phụ nữ",
	"tq": "Trung Quốc", "hq": "Hàn Quốc", "nhiu": "nhiêu",
}

// Amounts of money as people write them, read as amounts: "150tr" and
// "150 tr" (triệu), "3k" (nghìn), "150.000.000đ" or "150,000,000 VND",
// "$1,500" or "1.500 USD". A number's digit groups are joined so that
// "150.000.000" is one number, not three.
var (
	trieuRE  = regexp.MustCompile(`(?i)\b(\d+(?:[.,]\d+)?)\s?(?:tr|triệu|trieu|củ|cu)([^\p{L}\p{N}]|$)`)
	nghinRE  = regexp.MustCompile(`(?i)\b(\d+)\s?(?:k|nghìn|ngàn|nghin|ngan)([^\p{L}\p{N}]|$)`)
	dongRE   = regexp.MustCompile(`(?i)\b(\d{1,3}(?:[.,]\d{3})+|\d+)\s?(?:đ|đồng|dong|vnd|vnđ)([^\p{L}\p{N}]|$)`)
	dollarRE = regexp.MustCompile(`\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\b(\d{1,3}(?:[.,]\d{3})+|\d+)\s?(?i:usd|đô|do la|dollars?)\b`)
)

// expandAmounts writes the amounts of money in s the one way.
func expandAmounts(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	digits := func(n string) string { return strings.NewReplacer(".", "", ",", "").Replace(n) }
	s = trieuRE.ReplaceAllString(s, "$1 triệu$2")
	s = nghinRE.ReplaceAllString(s, "$1 nghìn$2")
	s = dongRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := dongRE.FindStringSubmatch(m)
		return digits(sub[1]) + " đồng" + sub[2]
	})
	return dollarRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := dollarRE.FindStringSubmatch(m)
		n := sub[1]
		if n == "" {
			n = sub[2]
		}
		return digits(n) + " USD"
	})
}

// ySpellings are syllables written with "i" where the knowledge base
// writes "y": both spellings are in use ("kí quỹ" and "ký quỹ", "quản lí"
// and "quản lý", "kĩ năng" and "kỹ năng"), and search, which drops marks
// but not letters, found "ki quy" nowhere. Lower case, NFC.
var ySpellings = map[string]string{
	"kí": "ký", "kì": "kỳ", "kỉ": "kỷ", "kĩ": "kỹ", "lí": "lý", "mĩ": "mỹ", "tỉ": "tỷ",
	"qui": "quy", "quí": "quý", "quì": "quỳ", "quỉ": "quỷ", "quĩ": "quỹ",
}

// yUnmarked are the same without marks ("dang ki", "li hon"), read only in
// text that is Vietnamese: "Li" is also a name.
var yUnmarked = map[string]string{"ki": "ky", "li": "ly"}

// ySpelled returns w written with "y" as the knowledge base writes it, its
// first letter's case kept, and whether it was respelled.
func ySpelled(w string, vietnamese bool) (string, bool) {
	lower := norm.NFC.String(strings.ToLower(w))
	y, ok := ySpellings[lower]
	if !ok && vietnamese {
		y, ok = yUnmarked[lower]
	}
	if !ok {
		return w, false
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
		first, size := utf8.DecodeRuneInString(y)
		y = string(unicode.ToUpper(first)) + y[size:]
	}
	return y, true
}

// placeBefore are the words after which "ct" names a place, Cần Thơ: "ở
// ct", "o ct", "tại ct", "tp ct", "thành phố ct", "quê ct". Lower case,
// with and without marks; "thành phố" is how "tp" is written out.
var placeBefore = map[string]bool{
	"ở": true, "o": true, "tại": true, "tai": true, "tp": true, "thành phố": true, "thanh pho": true,
	"phố": true, "quê": true, "que": true,
}

// ExpandShorthand replaces chat abbreviations ("đi xkld dc ko, phí bn?")
// with the words they stand for ("đi xuất khẩu lao động được không, phí
// bao nhiêu?"), writes "y" where the knowledge base does ("kí quỹ" is "ký
// quỹ") and writes amounts of money one way ("150tr" is "150
// triệu", "$1,500" is "1500 USD"), so that search and confidence see real
// words. Other text is unchanged.
func ExpandShorthand(s string) string {
	s = expandAmounts(s)
	vietnamese := DetectLang(s) == Vietnamese
	// Text typed without marks gets its words written out without marks
	// too ("nld gop quy ho tro vl ngoai nuoc" is "… viec lam ngoai nuoc"),
	// so that a term the glossary knows is read whole, not half marked.
	unmarked := !HasVietnameseMarks(s)
	var b strings.Builder
	previous := "" // the word before, as written out, lower case
	word := func(w string) {
		full, ok := shorthand[strings.ToLower(w)]
		if !ok && strings.EqualFold(w, "ct") && placeBefore[previous] {
			full, ok = "Cần Thơ", true
		}
		if !ok {
			full, ok = ySpelled(w, vietnamese)
		}
		if !ok {
			full = w
		} else if unmarked {
			full = Fold(full)
		}
		b.WriteString(full)
		previous = strings.ToLower(full)
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
