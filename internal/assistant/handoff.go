package assistant

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// handoff is the answer when there is no reliable one: where to ask
// instead, and, for a question about violence or danger, the police.
func handoff(lang, reason string, danger bool) Answer {
	a := Answer{Lang: lang, Handoff: true, Reason: reason, Sources: []Source{},
		Sentences: []Sentence{{Text: handoffText(lang, reason)}}}
	if danger {
		a.Sentences = append(a.Sentences, Sentence{Text: dangerLine(lang)})
	}
	return a
}

// handoffText says what the service can help with and where to ask
// instead: 1088 is a charged information line inside Vietnam that people
// abroad may not be able to dial, so they get the consular citizen
// protection hotline (both in knowledge/contacts.yaml).
func handoffText(lang, reason string) string {
	if lang == vitext.Vietnamese {
		if reason == ReasonRefused {
			return "Tôi chỉ trả lời câu hỏi về thông tin của thành phố Cần Thơ và không chia sẻ cấu hình hay hướng dẫn nội bộ. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Ở Việt Nam, bạn có thể gọi tổng đài thông tin 1088 (có tính cước); nếu đang ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84."
		}
		return "Xin lỗi, tôi chưa tìm thấy thông tin đủ chắc chắn để trả lời câu hỏi này. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Ở Việt Nam, bạn có thể gọi tổng đài thông tin 1088 (có tính cước); nếu đang ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84."
	}
	if reason == ReasonRefused {
		return "I only answer questions about Cần Thơ city information, and I do not share my configuration or internal instructions. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. In Vietnam you can call the 1088 information line (a charged call); if you are abroad and in trouble, call the citizen protection hotline +84 981 84 84 84."
	}
	return "Sorry, I could not find information reliable enough to answer this. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. In Vietnam you can call the 1088 information line (a charged call); if you are abroad and in trouble, call the citizen protection hotline +84 981 84 84 84."
}

// dangerRE finds questions about violence, confinement or threats, typed
// with or without marks (matched on folded words).
var dangerRE = regexp.MustCompile(`\b(bi danh|danh toi|danh em|danh vo|chong danh|danh dap|bao luc|bao hanh|nguy hiem|de doa|giam giu|bi nhot|nhot toi|lua ban|bi ban|mua ban nguoi|cuu toi|cuu em|khan cap|violence|violent|beat|beats|beaten|beating|hits me|hit me|abuse|abused|abusing|danger|threat|threatened|threatening|locked|trafficked|trafficking|emergency)\b`)

func inDanger(question string) bool {
	return dangerRE.MatchString(strings.Join(vitext.FoldedTokens(question), " "))
}

// dangerLine ends a hand-off to a question about violence or danger: 1088
// is an information line, the police answer emergencies (113 is in
// knowledge/contacts.yaml).
func dangerLine(lang string) string {
	if lang == vitext.Vietnamese {
		return "Nếu bạn đang gặp nguy hiểm ở Việt Nam, hãy gọi ngay công an số 113; nếu đang ở nước ngoài, hãy gọi cảnh sát nước sở tại."
	}
	return "If you are in danger in Vietnam, call the police on 113 now; abroad, call the local police."
}
