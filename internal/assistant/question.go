package assistant

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxQuestionRunes is the longest question accepted, in Unicode code
// points: the same on every channel (docs/api.md).
const MaxQuestionRunes = 2000

var (
	// tagRE matches real HTML tags and comments only: "x<y … >36 tháng"
	// keeps its words and symbols.
	tagRE    = regexp.MustCompile(`(?i)<!--(?s:.){0,1000}?-->|</?(?:a|abbr|b|big|blockquote|body|br|button|code|del|div|em|embed|font|form|h[1-6]|head|hr|html|i|iframe|img|input|ins|label|li|link|mark|meta|nav|object|ol|option|p|pre|q|s|script|section|select|small|span|strike|strong|style|sub|sup|svg|table|td|textarea|th|title|tr|u|ul)\b[^<>]{0,200}>`)
	letterRE = regexp.MustCompile(`[\p{L}\p{N}]`)
	// letterOnlyRE: three letters in a row, enough text for DetectLang.
	letterOnlyRE = regexp.MustCompile(`\p{L}{3}`)
)

// CleanQuestion passes a question through vitext.Gate (invalid UTF-8 and
// NUL refused, other control characters removed), normalises it (one
// canonical form, HTML tags and entities removed, spaces collapsed) and
// checks it: not empty, at most MaxQuestionRunes, and with at least one
// letter or digit.
func CleanQuestion(raw string) (string, error) {
	q, err := cleanText(raw)
	if err != nil {
		return "", err
	}
	if !letterRE.MatchString(q) {
		return "", &InputError{Field: "question", Message: "must contain words, not only symbols, emoji or HTML"}
	}
	return q, nil
}

// cleanText is CleanQuestion without the letter check: a message of emoji
// or "???" is small talk, not an error.
func cleanText(raw string) (string, error) {
	raw, err := vitext.Gate(raw)
	if err != nil {
		return "", &InputError{Field: "question", Message: err.Error()}
	}
	if n := utf8.RuneCountInString(raw); n > MaxQuestionRunes {
		return "", &InputError{Field: "question", Message: fmt.Sprintf("is %d characters long; keep it under %d", n, MaxQuestionRunes)}
	}
	// Entities can spell control characters (&#27;): the gate runs again on
	// the unescaped text, where it can only remove them.
	unescaped, _ := vitext.Gate(html.UnescapeString(tagRE.ReplaceAllString(raw, " ")))
	q := vitext.Normalize(unescaped)
	if q == "" {
		return "", &InputError{Field: "question", Message: "is empty; write your question in Vietnamese or English"}
	}
	return q, nil
}

// firstQuestion is the message up to its first question mark when it asks
// two or more questions ("Phí bao nhiêu? Bao lâu thì đi?"), and true: each
// is answered better on its own.
func firstQuestion(s string) (string, bool) {
	i := strings.Index(s, "?")
	if i < 0 {
		return s, false
	}
	rest := s[i+1:]
	j := strings.Index(rest, "?")
	if j < 0 || !letterOnlyRE.MatchString(rest[:j]) {
		return s, false // one question, or "???"
	}
	if legalBasisRE.MatchString(strings.Join(vitext.FoldedTokens(rest), " ")) {
		// "Phí tối đa mấy tháng lương? Luật nào quy định?": the articles
		// every legal figure carries answer the rest.
		return s, false
	}
	return s[:i+1], true
}

// legalBasisRE (folded) is a question that asks only which law or
// article says so.
var legalBasisRE = regexp.MustCompile(`^(theo |o |la )?(luat nao|van ban nao|dieu nao|dieu may|dieu khoan nao|khoan nao|nghi dinh nao|quy dinh nao|quy dinh o dau|quy dinh (o|tai) dieu nao|(o|tai) dieu nao|can cu nao|thong tu nao|which law|what law|which decree|what decree|which circular|under which law|under what law|which article|what article|where is that written|what is the legal basis)( quy dinh| noi| says?| nhe| vay| a| the| so| is it)*$`)

// moreQuestionsNote tells the person that only the first of their
// questions was answered.
func moreQuestionsNote(lang string) string {
	if lang == vitext.Vietnamese {
		return "(Bạn hỏi nhiều câu trong một tin nhắn; đây là câu trả lời cho câu đầu tiên. Hãy gửi từng câu còn lại riêng để được trả lời đầy đủ.)"
	}
	return "(You asked several questions in one message; this answers the first. Send the others one at a time for a full answer.)"
}

// firstTwoNote tells the person that only the first two of their
// questions were answered.
func firstTwoNote(lang string) string {
	if lang == vitext.Vietnamese {
		return "(Bạn hỏi nhiều câu trong một tin nhắn; đây là câu trả lời cho hai câu đầu tiên. Hãy gửi từng câu còn lại riêng để được trả lời đầy đủ.)"
	}
	return "(You asked several questions in one message; this answers the first two. Send the others one at a time for a full answer.)"
}

var (
	// askBoundaryRE finds where a second question may start inside one
	// sentence: a comma or semicolon, or "and"/"và"/"với lại" ("Can I buy
	// an apartment in Can Tho, and how long can I stay without a visa?").
	askBoundaryRE = regexp.MustCompile(`(?i)\s*[,;]\s*(?:(?:and|và|va|với lại|voi lai)\s+)?|\s+(?:and|và|với lại)\s+`)
	// askStartRE (folded) is an English clause that opens as a question.
	askStartRE = regexp.MustCompile(`^(how|what|whats|when|where|which|who|whom|why|can|could|do|does|did|is|are|will|would|should|must|may|am)\b`)
	// askWordRE (folded) is a Vietnamese clause that asks something: a
	// question phrase anywhere, or a question word that ends it (before a
	// particle: "ạ", "vậy"); "không cho tôi đồng nào để tiêu" asks nothing.
	askWordRE = regexp.MustCompile(`\b(bao nhieu|bao lau|o dau|khi nao|bao gio|the nao|lam sao|nhu the nao)\b|` +
		`\b(gi|nao|khong|ko|chua|may (ngay|thang|nam|tuan|gio|tuoi|lan|trieu|tien|nguoi))( (a|vay|v|nhi|ha|z|the|roi|chu|nhe|ban|anh|chi|em|mn))?$`)
)

// maxAskBoundaries is how many commas or "and"s firstAsk tries.
const maxAskBoundaries = 12

// firstAsk is the message up to the end of its first question when one
// sentence asks two ("Can I buy an apartment in Can Tho, and how long can
// I stay without a visa?", "có được đứng tên không, cần giấy tờ gì?"),
// with the sentences before it, and true. A second clause that asks only
// for the legal basis is not a question of its own (legalBasisRE), and a
// clause is a question when it opens with an English question word or
// has a Vietnamese one.
func firstAsk(s string) (string, bool) {
	// Each boundary folds the rest of the message: the first few are
	// read (a 2,000-character list of 85 commas took 13 ms).
	for _, m := range askBoundaryRE.FindAllStringIndex(s, maxAskBoundaries) {
		before, rest := s[:m[0]], s[m[1]:]
		last := before[strings.LastIndexAny(before, ".!?\n")+1:]
		restFolded := strings.Join(vitext.FoldedTokens(rest), " ")
		if isAsk(last) && isAsk(rest) && !legalBasisRE.MatchString(restFolded) {
			return strings.TrimSpace(before) + "?", true
		}
	}
	return s, false
}

// isAsk says whether clause, of at least two words, reads as a question.
func isAsk(clause string) bool {
	words := vitext.FoldedTokens(clause)
	if len(words) < 2 {
		return false
	}
	folded := strings.Join(words, " ")
	return askStartRE.MatchString(folded) || askWordRE.MatchString(folded)
}
