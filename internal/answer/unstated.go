package answer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

var (
	// amountQRE (folded): a question that asks how much money ("hết bao
	// nhiêu tiền", "lệ phí bao nhiêu", "how much does it cost"). "bao
	// nhiêu" alone may be an age, a count or a time ("mất bao nhiêu
	// ngày"), and a rate may be named without a figure ("the non-term
	// deposit rate"): both stay out.
	amountQRE = regexp.MustCompile(`\b(bao nhieu tien|bao nhieu (won|yen|dong|do|usd|dai te|ringgit|euro|trieu)|how many (won|yen|dollars|euros)|bn tien|ton bao nhieu|phi bao nhieu|gia bao nhieu|le phi bao nhieu|chi phi bao nhieu|muc phi|vay duoc bao nhieu|ho tro (duoc )?bao nhieu|how much (does|do|is|will|money|would|can|should)|how much .{0,30}(cost|fee|fees|charge|pay|paid|loan|borrow)|what does it cost)\b`)
	// amountRE: a sentence that states an amount of money, a share of a
	// salary, a rate, or that something is free (on the text as written).
	// currencyRE (folded) finds a currency named after a figure: "10.320
	// won", "40 trieu", "1.500 dai te" (currencyOf names it).
	currencyRE = regexp.MustCompile(`\d[\d.,]*\s*(won|yen|dong|vnd|trieu|ty|usd|do|dai te|twd|ringgit|euro)\b`)
	// askedCurrencyRE (folded) finds the currency a question asks an
	// amount in: "bao nhiêu won", "how many yen".
	askedCurrencyRE = regexp.MustCompile(`\b(?:bao nhieu|may|how many) (won|yen|dong|trieu|usd|do|dai te|ringgit|euro|dollars|euros)\b`)
	amountRE        = regexp.MustCompile(`(?i)\d[\d.,]*\s*(đồng|vnd|vnđ|usd|đô|triệu|tỷ|nghìn|ngàn|won|yen|yên|đài tệ|nt\$|twd|ringgit|euro|%)|\b(usd|nt\$|us\$|\$)\s?\d|(\d+([.,]\d+)?|một|hai|ba|bốn|sáu|one|two|three|four|six)\s*(months?|tháng)('s)?\s*(of\s+)?(the\s+)?(contract\s+)?(salary|wages|lương|tiền lương)|\d+ (million|billion|thousand)|miễn phí|free of charge|\bfree\b|không mất phí|không thu (phí|tiền)`)
)

var (
	// phoneQRE (folded): a question that asks for an office's phone
	// number ("số điện thoại của Sở Nội vụ Cần Thơ là gì", "what is the
	// phone number of …").
	phoneQRE = regexp.MustCompile(`\b(so dien thoai|sdt|dien thoai (cua|so)|so hotline|phone number|telephone number|contact number|phone of)\b`)
	// phoneRE: a sentence that states a phone number or a short code.
	phoneRE = regexp.MustCompile(`\+\d{1,3}[ \d-]{6,}|\b\d{3,4}[ .-]\d{3,4}([ .-]\d{2,4})?\b|\b1\d{2,3}\b|\b(911|999|997|998)\b`)
)

// clockTimeRE (folded): "mấy giờ", a time of day, not a duration.
var clockTimeRE = regexp.MustCompile(`\b(may gio|luc nao|what time)\b`)

// unstatedNote says that the answer does not give the figure the question
// asks for (the documents may lack it, or the sentence with it was not
// quoted), when it asks how long (intent.duration), how much money
// (amountQRE) or for a phone number (phoneQRE) and no quoted sentence
// states one: "passport fee in Korea?" was answered with the
// application's papers and said nothing of the fee (sixth audit), which
// reads as an answer. "" when the figure is quoted, or the question asks
// for none.
func unstatedNote(lang, question string, want intent, chosen []sentence) string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	var missing string
	switch {
	case want.duration && !clockTimeRE.MatchString(folded) && !slices.ContainsFunc(chosen, func(s sentence) bool { return s.duration }):
		missing = "duration"
	case amountQRE.MatchString(folded) &&
		!slices.ContainsFunc(chosen, func(s sentence) bool { return amountRE.MatchString(s.text) }):
		missing = "amount"
	case phoneQRE.MatchString(folded) &&
		!slices.ContainsFunc(chosen, func(s sentence) bool { return phoneRE.MatchString(s.text) }):
		// "Xin hỏi số điện thoại của Sở Nội vụ Cần Thơ là gì?" got what
		// the department does, and no word that the number was not given
		// (ninth audit): no document lists it.
		missing = "phone"
	default:
		return ""
	}
	return unstatedNotes[missing][lang]
}

// unstatedNotes are the notes of unstatedNote, by what is missing and
// language.
var unstatedNotes = map[string]map[string]string{
	"duration": {
		vitext.Vietnamese: "(Câu trả lời dưới đây không nêu được thời hạn cụ thể bạn hỏi; hãy hỏi cơ quan có thẩm quyền để biết thời hạn chính xác.)",
		vitext.English:    "(The answer below does not give the time you ask about; ask the competent office for the exact time.)",
	},
	"phone": {
		vitext.Vietnamese: "(Câu trả lời dưới đây không nêu được số điện thoại bạn hỏi; hãy xem trang chính thức của cơ quan đó; thông tin các sở, ngành của thành phố được đăng trên cantho.gov.vn.)",
		vitext.English:    "(The answer below does not give the phone number you ask for; check the office's official website; the city's departments are listed on cantho.gov.vn.)",
	},
	"amount": {
		vitext.Vietnamese: "(Câu trả lời dưới đây không nêu được số tiền cụ thể bạn hỏi; hãy hỏi cơ quan có thẩm quyền để biết số tiền chính xác.)",
		vitext.English:    "(The answer below does not give the amount you ask about; ask the competent office for the exact amount.)",
	},
}

// currencyOf is the currency a folded currency word names: "trieu" and
// "ty" (millions, billions) are of đồng, "do" and "dollars" US dollars,
// "dai te" Taiwan dollars.
func currencyOf(word string) string {
	switch word {
	case "dong", "vnd", "trieu", "ty":
		return "dong"
	case "usd", "do", "dollars":
		return "usd"
	case "dai te", "twd":
		return "twd"
	case "euros":
		return "euro"
	}
	return word
}

// currencies are the currencies a folded text names after a figure
// (currencyRE), each once.
func currencies(folded string) []string {
	var out []string
	for _, m := range currencyRE.FindAllStringSubmatch(folded, -1) {
		if c := currencyOf(m[1]); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// askedCurrency is the currency a folded question asks an amount in
// (askedCurrencyRE), or "".
func askedCurrency(folded string) string {
	if m := askedCurrencyRE.FindStringSubmatch(folded); m != nil {
		return currencyOf(m[1])
	}
	return ""
}
