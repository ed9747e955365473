package assistant

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Replies to messages that are not questions, and their reasons.
const (
	ReasonSmallTalk = "small_talk" // a greeting, thanks, "ok", emoji only: a friendly reply, no knowledge-base answer
	ReasonDeclined  = "declined"   // a request outside the service's job (a poem, code, a translation, role-play)
)

var (
	// Whole messages that greet, thank or acknowledge, matched on folded
	// words; a message with anything more is a question.
	greetingRE     = regexp.MustCompile(`^(xin chao|chao|chao ban|chao ad|chao admin|chao em|chao anh|chao chi|alo|alo alo|hello|hello there|hi|hi there|hey|good morning|good afternoon|good evening)( (ban|ad|admin|bot|em|anh|chi|a|nhe|nha|ca nha|moi nguoi))*$`)
	thanksRE       = regexp.MustCompile(`^((cam on|cam on nhieu|cam on ban|cam on ban nhieu|cam on nhe|cam on nha|cam on ad|thank|thanks|thank you|thank you so much|thanks a lot|many thanks|ty|thx|tks)( (nhieu|nhe|nha|ban|ad|a|lam|so much|a lot|very much))*)$`)
	thanksLeadRE   = regexp.MustCompile(`^(cam on|thank you|thanks|tks|thx)\b`)
	questionWordRE = regexp.MustCompile(`\b(gi|nao|sao|bao nhieu|bao lau|khong|chua|what|how|where|when|who|why|which|can|could|is|are|do|does|should)\b`)
	ackRE          = regexp.MustCompile(`^((ok|okay|oke|okie|okela)( (ban|nha|nhe|a|roi|thanks|thank you|cam on))?|uh|uhm|u|da|vang|vang a|da vang|da a|roger|got it|i see|noted|hieu roi|da hieu|yes|no|co|khong|bye|tam biet|bai bai|goodbye)$`)
	// Requests outside the job: writing poems, songs, stories, essays or
	// code, jokes, translating a text, playing a role, homework, chat.
	// declineRE holds what no question in scope says anywhere in it ("bài
	// thơ", "short story", "python"). Folded, "làm thơ" (write a poem) is
	// also "làm thợ" (work as a tradesman: "đi làm thợ săn cá mập"), so a
	// bare "lam tho" is a poem only when nothing or a word of request
	// follows it; chat keeps "thợ" typed with its marks apart.
	declineRE = regexp.MustCompile(`\b(lam (mot |vai )(bai )?tho|lam bai tho|lam tho($| (ve|tang|cho|gium|giup|nhe|nha|di|duoc|hay|de)\b)|bai tho|viet (giup |ho )?(minh |em |toi )?(mot )?(bai )?(tho|van|luan|hat|truyen|code)|bai hat|sang tac|cau vong co|ke chuyen|truyen cuoi|chuyen cuoi|chuyen co tich|dich (giup|ho|gium) |dich (doan|cau|bai|van ban) (nay|sau|nay sang)\b|giai (giup |gium |ho )?(em |minh )?bai toan|gia vo la|gia lam (nguoi|mot|ban|luat su|bac si)|dong vai (la|mot|nguoi|nhan vat)\b|poem|poetry|lyrics|write a song|short story|essay|joke|python|javascript|java code|sql query|write code|translate (this|the following)|pretend (you are|to be)|role ?play|favou?rite (movie|film|song|food|colou?r)|your opinion)\b`)
	// declineLeadRE holds requests that are requests only as the message's
	// verb, at its start or after a word of request ("Write me…", "dịch
	// sang tiếng Hàn: …", "act as…"): inside a question the same words ask
	// about a procedure ("Hồ sơ kết hôn có phải dịch sang tiếng Hàn
	// không?", "should I write a letter to the embassy?").
	declineLeadRE = regexp.MustCompile(`^((please|pls|can you|could you|would you|help me|hay|ban hay|lam on|giup (toi|minh|em)|bot|ad|admin|ban oi|em oi) )*(write (a|an|me|some|us)|translate|dich (sang|cho|cai)|act as)\b`)
)

// chat classifies a message that is not a question: ReasonSmallTalk,
// ReasonDeclined, or "" for a question. expanded is the question with
// shorthand spelled out; a message without letters or digits (emoji,
// "???") is small talk.
func chat(expanded string) string {
	folded := strings.Join(foldedForChat(expanded), " ")
	switch {
	case folded == "":
		return ReasonSmallTalk
	case greetingRE.MatchString(folded), thanksRE.MatchString(folded), ackRE.MatchString(folded):
		return ReasonSmallTalk
	case thanksLeadRE.MatchString(folded) && len(strings.Fields(folded)) <= 8 && !questionWordRE.MatchString(folded) && !strings.Contains(expanded, "?"):
		return ReasonSmallTalk // "cảm ơn bạn, rõ ràng lắm": thanks with a few kind words
	case declineRE.MatchString(folded), declineLeadRE.MatchString(folded):
		return ReasonDeclined
	}
	return ""
}

// foldedForChat is the folded words of s, except that "thợ" typed with its
// marks stays "thợ": folded it would read as "thơ" (a poem).
func foldedForChat(s string) []string {
	raw, folded := vitext.Tokens(s), vitext.FoldedTokens(s)
	if len(raw) != len(folded) {
		return folded
	}
	for i, t := range raw {
		if t == "thợ" {
			folded[i] = t
		}
	}
	return folded
}

// chatReply is the short answer to small talk or a declined request, in
// lang: what the service can help with, and no knowledge-base answer.
func chatReply(lang, reason, folded string) Answer {
	var text string
	vi := lang == vitext.Vietnamese
	switch {
	case reason == ReasonDeclined && vi:
		text = "Tôi chỉ trả lời câu hỏi về thông tin của thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài, nên không làm thơ, viết bài, viết mã, dịch văn bản hay đóng vai."
	case reason == ReasonDeclined:
		text = "I only answer questions about Cần Thơ city, policies for Vietnamese abroad, working abroad under contract and marrying a foreigner, so I don't write poems, stories or code, translate texts or play a role."
	case thanksRE.MatchString(folded) && vi:
		text = "Không có gì! Bạn cần hỏi thêm điều gì cứ nhắn nhé."
	case thanksRE.MatchString(folded):
		text = "You're welcome! Ask me anything else you need to know."
	case vi:
		text = "Xin chào! Bạn cứ hỏi về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng hoặc kết hôn với người nước ngoài. Ví dụ: “Làm sao kiểm tra công ty xuất khẩu lao động có giấy phép?”"
	default:
		text = "Hello! Ask me about Cần Thơ city, policies for Vietnamese abroad, working abroad under contract or marrying a foreigner. For example: “How do I check that a labour export company is licensed?”"
	}
	return Answer{Lang: lang, Reason: reason, Sentences: []Sentence{{Text: text}}, Sources: []Source{}}
}
