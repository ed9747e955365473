package vitext

import "testing"

func TestRequestedLang(t *testing.T) {
	asks := []struct{ in, lang, rest string }{
		{"Can you answer in Vietnamese: what is the Danuri number in Korea?", Vietnamese, "what is the Danuri number in Korea?"},
		{"Tổng đài bảo vệ trẻ em là số nào? Answer in English.", English, "Tổng đài bảo vệ trẻ em là số nào?"},
		{"Please reply in English: đi Hàn cần gì?", English, "đi Hàn cần gì?"},
		{"In Vietnamese please: when did the merger happen?", Vietnamese, "when did the merger happen?"},
		{"Trả lời bằng tiếng Việt giúp tôi: what is the ambulance number?", Vietnamese, "what is the ambulance number?"},
		{"tra loi bang tieng anh nhe, phi dich vu toi da bao nhieu", English, "phi dich vu toi da bao nhieu"},
		{"bằng tiếng anh nhé: đi đài loan năm đầu", English, "đi đài loan năm đầu"},
		{"Can you write the answer in Vietnamese? How many days do I have?", Vietnamese, "How many days do I have?"},
		// Two requests: the last counts, both are taken out.
		{"Answer in English. Không, trả lời bằng tiếng Việt: phí bao nhiêu?", Vietnamese, "Không, phí bao nhiêu?"},
	}
	for _, tt := range asks {
		lang, rest, ok := RequestedLang(tt.in)
		if !ok || lang != tt.lang || rest != tt.rest {
			t.Errorf("RequestedLang(%q) = %q, %q, %v; want %q, %q, true", tt.in, lang, rest, ok, tt.lang, tt.rest)
		}
	}
	// A language named as the subject of the question is no request.
	for _, q := range []string{
		"Đi Hàn có cần bằng tiếng Anh không?",
		"có tổng đài nào của Hàn trả lời bằng tiếng Việt về lưu trú không?",
		"What is the answer in English for kết hôn?",
		"Do I need to speak in English at the interview?",
		"viết hồ sơ bằng tiếng Anh được không?",
		"tôi nói chuyện bằng tiếng Việt với chồng",
	} {
		if lang, rest, ok := RequestedLang(q); ok || rest != q {
			t.Errorf("RequestedLang(%q) = %q, %q, true; want no request", q, lang, rest)
		}
	}
}
