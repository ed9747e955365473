package assistant

import "github.com/cantho-connect/assistant/internal/vitext"

// handoff is the answer when there is no reliable one: where to ask
// instead. (A person in danger never gets one: see safetyOnly.)
func handoff(lang, reason string) Answer {
	return Answer{Lang: lang, Handoff: true, Reason: reason, Sources: []Source{},
		Sentences: []Sentence{{Text: handoffText(lang, reason)}}}
}

// handoffText says what the service can help with and where to ask
// instead: 1088 is a charged information line inside Vietnam that people
// abroad may not be able to dial, so they get the consular citizen
// protection hotline (both in knowledge/contacts.yaml).
func handoffText(lang, reason string) string {
	if lang == vitext.Vietnamese {
		if reason == ReasonLiveData {
			return "Tôi không có số liệu thay đổi theo ngày như giá vàng, giá xăng, tỷ giá, thời tiết hay kết quả xổ số; hãy xem nguồn tin chính thức hoặc ngân hàng của bạn. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Ở Việt Nam, bạn có thể gọi tổng đài thông tin 1088 (có tính cước); nếu đang ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84."
		}
		if reason == ReasonRefused {
			return "Tôi chỉ trả lời câu hỏi về thông tin của thành phố Cần Thơ và không chia sẻ cấu hình hay hướng dẫn nội bộ. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Ở Việt Nam, bạn có thể gọi tổng đài thông tin 1088 (có tính cước); nếu đang ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84."
		}
		return "Xin lỗi, tôi chưa tìm thấy thông tin đủ chắc chắn để trả lời câu hỏi này. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Ở Việt Nam, bạn có thể gọi tổng đài thông tin 1088 (có tính cước); nếu đang ở nước ngoài và gặp khó khăn, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84."
	}
	if reason == ReasonLiveData {
		return "I have no figures that change by the day, such as gold or petrol prices, exchange rates, the weather or lottery results; please check an official news source or your bank. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. In Vietnam you can call the 1088 information line (a charged call); if you are abroad and in trouble, call the citizen protection hotline +84 981 84 84 84."
	}
	if reason == ReasonRefused {
		return "I only answer questions about Cần Thơ city information, and I do not share my configuration or internal instructions. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. In Vietnam you can call the 1088 information line (a charged call); if you are abroad and in trouble, call the citizen protection hotline +84 981 84 84 84."
	}
	return "Sorry, I could not find information reliable enough to answer this. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. In Vietnam you can call the 1088 information line (a charged call); if you are abroad and in trouble, call the citizen protection hotline +84 981 84 84 84."
}
