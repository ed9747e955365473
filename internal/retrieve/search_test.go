package retrieve

import "testing"

func TestWithoutYesNoParticles(t *testing.T) {
	for in, want := range map[string]string{
		"co quy nao ho tro tien không":   "co quy nao ho tro tien",
		"có được không? còn phí thì sao": "có được? còn phí thì sao",
		"đi Nhật được ko, cần gì":        "đi Nhật được, cần gì",
		"chủ không trả lương 3 tháng":    "chủ không trả lương 3 tháng",
		"đã nộp hồ sơ chưa":              "đã nộp hồ sơ",
		"Is a K-visa needed":             "Is a K-visa needed",
	} {
		if got := withoutYesNoParticles(in); got != want {
			t.Errorf("withoutYesNoParticles(%q) = %q, want %q", in, got, want)
		}
	}
}
