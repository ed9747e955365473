package telegram

// Fixed texts of the bot, in both languages. Everything here is ours; the
// answers themselves come from the knowledge base.
var texts = map[string]map[string]string{
	"start": {
		"vi": "Xin chào! Tôi là Cần Thơ Connect, trợ lý thông tin của thành phố Cần Thơ.\n\nTôi trả lời câu hỏi về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài, kèm nguồn chính thức. Câu trả lời là thông tin hướng dẫn, không phải tư vấn pháp lý; với trường hợp cụ thể, hãy hỏi cơ quan có thẩm quyền; nếu đang ở nước ngoài và gặp nguy hiểm, hãy gọi đường dây nóng bảo hộ công dân +84 981 84 84 84.\n\nHello! I am Cần Thơ Connect, the information assistant of Cần Thơ city. Ask me in Vietnamese or English.\n\nChọn ngôn ngữ / Choose a language:",
		"en": "Hello! I am Cần Thơ Connect, the information assistant of Cần Thơ city.\n\nI answer questions about Cần Thơ, policies for Vietnamese abroad, working abroad under contract and marrying a foreigner, with official sources. Answers are guidance, not legal advice; for your own case, ask the competent office; abroad and in danger, call the citizen protection hotline +84 981 84 84 84.\n\nXin chào! Bạn có thể hỏi bằng tiếng Việt hoặc tiếng Anh.\n\nChọn ngôn ngữ / Choose a language:",
	},
	"help": {
		"vi": "Hãy gõ câu hỏi của bạn, ví dụ: “Làm sao kiểm tra công ty xuất khẩu lao động có giấy phép?”\n\n/topics – các chủ đề và câu hỏi mẫu\n/lang vi|en – chọn ngôn ngữ trả lời\n/forget – xóa cuộc trò chuyện đã lưu\n/about – về trợ lý này\n\nKhông gửi số hộ chiếu, số căn cước hay số điện thoại trong câu hỏi.",
		"en": "Type your question, for example: “How do I check that a labour export company is licensed?”\n\n/topics – topics and example questions\n/lang vi|en – choose the answer language\n/forget – delete the stored conversation\n/about – about this assistant\n\nPlease do not send passport, ID card or phone numbers in your questions.",
	},
	"about": {
		"vi": "Cần Thơ Connect trả lời từ bộ tài liệu chính thức do thành phố Cần Thơ biên soạn, mỗi câu trả lời có nguồn và ngày kiểm tra thông tin. Đây là thông tin hướng dẫn, không phải tư vấn pháp lý. Câu hỏi có thể được lưu (đã che số cá nhân) để cải thiện câu trả lời; gõ /forget để xóa cuộc trò chuyện. Ở Việt Nam có thể gọi tổng đài thông tin 1088 (có tính cước); ở nước ngoài, gọi đường dây nóng bảo hộ công dân +84 981 84 84 84.",
		"en": "Cần Thơ Connect answers from official material compiled for Cần Thơ city; every answer shows its sources and the date the facts were checked. Answers are guidance, not legal advice. Questions may be stored (with personal numbers masked) to improve answers; send /forget to delete your conversation. In Vietnam you can call the 1088 information line (a charged call); abroad, call the citizen protection hotline +84 981 84 84 84.",
	},
	"lang_set":   {"vi": "Đã chọn tiếng Việt. Hãy gõ câu hỏi của bạn.", "en": "English it is. Type your question."},
	"lang_usage": {"vi": "Dùng: /lang vi hoặc /lang en", "en": "Use: /lang vi or /lang en"},
	"forgotten":  {"vi": "Đã xóa cuộc trò chuyện và cài đặt của bạn.", "en": "Your conversation and settings are deleted."},
	"topics":     {"vi": "Chọn một chủ đề:", "en": "Choose a topic:"},
	"too_long": {
		"vi": "Câu hỏi dài quá (tối đa 2.000 ký tự). Bạn hãy hỏi ngắn gọn hơn nhé.",
		"en": "That question is too long (2,000 characters at most). Please ask it more briefly.",
	},
	"rate_limited": {
		"vi": "Bạn hỏi hơi nhanh. Xin chờ một chút rồi hỏi tiếp nhé.",
		"en": "You are asking a little fast. Please wait a moment and ask again.",
	},
	"not_text": {
		"vi": "Tôi chỉ đọc được chữ: câu hỏi bạn gõ, hoặc chú thích kèm ảnh hay tệp. Bạn hãy gõ câu hỏi nhé.",
		"en": "I can only read text: a typed question, or the caption of a photo or file. Please type your question.",
	},
	"unavailable": {
		"vi": "Xin lỗi, hệ thống đang gặp sự cố. Bạn hãy thử lại sau ít phút. Nếu cần gấp: ở Việt Nam gọi tổng đài thông tin 1088 (có tính cước); ở nước ngoài gọi đường dây nóng bảo hộ công dân +84 981 84 84 84.",
		"en": "Sorry, something is wrong on our side. Please try again in a few minutes. If it is urgent: in Vietnam, call the 1088 information line (a charged call); abroad, call the citizen protection hotline +84 981 84 84 84.",
	},
	"bad_text": {
		"vi": "Xin lỗi, tin nhắn của bạn có ký tự không đọc được. Bạn hãy gõ lại câu hỏi bằng chữ thường nhé.",
		"en": "Sorry, your message contains characters I cannot read. Please type your question again as plain text.",
	},
	"thanks": {"vi": "Cảm ơn bạn đã góp ý!", "en": "Thank you for your feedback!"},
	"call1088": {
		"vi": "Ở Việt Nam: tổng đài thông tin 1088 (có tính cước). Ở nước ngoài: đường dây nóng bảo hộ công dân +84 981 84 84 84. Nguy hiểm ở Việt Nam: công an 113.",
		"en": "In Vietnam: the 1088 information line (a charged call). Abroad: the citizen protection hotline +84 981 84 84 84. In danger in Vietnam: police 113.",
	},
	"unknown_button":  {"vi": "Nút này không còn dùng được.", "en": "This button no longer works."},
	"unknown_command": {"vi": "Tôi không biết lệnh này. Gõ /help để xem hướng dẫn.", "en": "I don't know that command. Send /help for help."},
}

// topics are the /topics menu: a label per language and example questions
// (tapping one asks it).
var topics = []struct {
	key      string
	label    map[string]string
	examples map[string][]string
}{
	{"cantho", map[string]string{"vi": "🏙 Cần Thơ hôm nay", "en": "🏙 Cần Thơ today"}, map[string][]string{
		"vi": {"Cần Thơ sáp nhập với Hậu Giang và Sóc Trăng từ khi nào?", "Đờn ca tài tử được UNESCO công nhận năm nào?"},
		"en": {"When did Cần Thơ merge with Hậu Giang and Sóc Trăng?", "What is the Cái Răng floating market?"},
	}},
	{"diaspora", map[string]string{"vi": "🌏 Hướng về Tổ quốc", "en": "🌏 Vietnamese abroad"}, map[string][]string{
		"vi": {"Giấy miễn thị thực cho người Việt Nam ở nước ngoài có giá trị bao lâu?", "Việt kiều có được mua nhà ở Việt Nam không?"},
		"en": {"How long can I stay with a visa exemption certificate?", "Can overseas Vietnamese own a home in Vietnam?"},
	}},
	{"labour", map[string]string{"vi": "💼 Đi làm việc ở nước ngoài", "en": "💼 Working abroad"}, map[string][]string{
		"vi": {"Làm sao kiểm tra công ty xuất khẩu lao động có giấy phép?", "Tiền dịch vụ đi làm việc ở nước ngoài tối đa bao nhiêu?"},
		"en": {"How do I check that a labour export company is licensed?", "What are the warning signs of an illegal broker?"},
	}},
	{"marriage", map[string]string{"vi": "💍 Kết hôn với người nước ngoài", "en": "💍 Marrying a foreigner"}, map[string][]string{
		"vi": {"Đăng ký kết hôn với người nước ngoài cần giấy tờ gì?", "Dấu hiệu mua bán người núp bóng hôn nhân là gì?"},
		"en": {"What documents do I need to marry a foreigner?", "What should I prepare for my safety before moving abroad to marry?"},
	}},
}
