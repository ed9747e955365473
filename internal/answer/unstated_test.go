package answer

import (
	"strings"
	"testing"
)

// An answer that does not give the time or the amount asked for says so;
// one that gives it, or a question that asks for neither, has no note.
func TestUnstatedNote(t *testing.T) {
	said := func(texts ...string) []sentence {
		var out []sentence
		for _, tx := range texts {
			out = append(out, sentence{read: readText("", tx).sentences[0]})
		}
		return out
	}
	papers := said("Người đề nghị nộp tờ khai theo mẫu và 02 ảnh chân dung (Luật 49/2019/QH14, Điều 16 khoản 1).")
	for _, tc := range []struct {
		q, lang string
		chosen  []sentence
		want    string // a word of the note, or "" for none
	}{
		{"e dang o han, bi mat ho chieu vn, muon lam lai het bao nhieu tien", "vi", papers, "số tiền"},
		{"How much does a new passport cost at the embassy in Seoul?", "en", said("Bring the form and two photos."), "amount"},
		{"Làm lại hộ chiếu ở Hàn mất bao nhiêu ngày?", "vi", papers, "thời hạn"},
		// The figure is quoted: no note.
		{"Làm lại hộ chiếu ở Hàn mất bao nhiêu ngày?", "vi", said("Cơ quan đại diện trả kết quả trong thời hạn 03 ngày làm việc (Luật 49/2019/QH14, Điều 16 khoản 4)."), ""},
		{"How much does a worker pay into the Fund for one contract?", "en", said("The worker pays 100,000 VND per contract (Decision 40/2021/QĐ-TTg, Art 7)."), ""},
		{"Phí dịch vụ tối đa bao nhiêu tiền?", "vi", said("Tiền dịch vụ không quá 01 tháng tiền lương cho mỗi 12 tháng làm việc."), ""},
		{"How much is the service fee for working abroad?", "en", said("The service fee may not exceed one month of the contract salary for each 12 months of work."), ""},
		{"Phí dịch vụ bao nhiêu tiền?", "vi", said("Tiền dịch vụ không được quá một tháng tiền lương theo hợp đồng cho mỗi 12 tháng làm việc."), ""},
		// A time of day, and "how many days" read as money: no note.
		{"Đi chợ nổi Cái Răng lúc mấy giờ là đẹp nhất?", "vi", said("Chợ họp từ sáng sớm."), ""},
		{"Ghi chú ly hôn mất bao nhiêu ngày?", "vi", said("Việc ghi vào Sổ hộ tịch được thực hiện trong thời hạn 12 ngày kể từ ngày nhận đủ hồ sơ."), ""},
		{"Ai cấp hộ chiếu ở nước ngoài?", "vi", papers, ""},
		// A phone number asked and not given (ninth audit); given, no note.
		{"Xin hỏi số điện thoại của Sở Nội vụ Cần Thơ là gì, địa chỉ ở đâu ạ?", "vi", said("Sở Nội vụ thành phố giải quyết các việc về lao động, việc làm."), "số điện thoại"},
		{"What is the phone number of the citizen protection hotline?", "en", said("Call the citizen protection hotline +84 981 84 84 84."), ""},
	} {
		got := unstatedNote(tc.lang, tc.q, intentOf(tc.q), tc.chosen)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%q: note %q, want one with %q", tc.q, got, tc.want)
		}
	}
}
