package vitext

import (
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Làm sao đi Hàn Quốc", "lam sao di han quoc"},
		{"XKLĐ", "xkld"},
		{"Đờn ca tài tử", "don ca tai tu"},
		{"Sở Lao động - Thương binh và Xã hội", "so lao dong - thuong binh va xa hoi"},
		{"ngữ ưỡn ỡm ậ", "ngu uon om a"},
		{"Cần Thơ", "can tho"},
		// The same word typed with combining marks (NFD) folds the same.
		{"Ca\u0300n Tho\u031b", "can tho"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize("  Ca\u0302\u0300n   Thơ\n\t"); got != "Cần Thơ" {
		t.Errorf("Normalize = %q, want %q", got, "Cần Thơ")
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("Luật 69/2020/QH14: LĐ-TB&XH, ghi chú kết hôn?")
	want := []string{"luật", "69", "2020", "qh14", "lđ", "tb", "xh", "ghi", "chú", "kết", "hôn"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"lam sao di han quoc", Vietnamese},
		{"di xkld nhat can gi", Vietnamese},
		{"ket hon voi nguoi nuoc ngoai can giay to gi", Vietnamese},
		{"Làm sao để đi làm việc ở Hàn Quốc?", Vietnamese},
		{"XKLĐ", Vietnamese},
		{"phí dịch vụ tối đa bao nhiêu", Vietnamese},
		// "can", "so", "it" are also cần, số, ít typed without marks.
		{"can cuoc het han can cap lai sau sap nhap thi hoi o dau", Vietnamese},
		{"can bo tu phap co di xac minh them ho so ket hon ko", Vietnamese},
		{"can dong bao hiem that nghiep it nhat bao nhieu thang", Vietnamese},
		{"Can I marry my cousin?", English},
		{"Where can I hear đờn ca tài tử in Cần Thơ?", English},
		{"How can I work in Korea?", English},
		{"what documents do I need to marry a Korean", English},
		{"visa exemption", English},
		{"Is this company licensed?", English},
		{"EPS-TOPIK registration dates", English},
		{"hello", English},
		{"", English},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.in); got != tt.want {
			t.Errorf("DetectLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidSyllable(t *testing.T) {
	for _, s := range []string{"nghieng", "quoc", "khuyen", "nguoi", "a", "thuong", "oanh", "chuyen"} {
		if !ValidSyllable(s) {
			t.Errorf("ValidSyllable(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"work", "visa", "xkld", "korea", "strong", "is"} {
		if ValidSyllable(s) {
			t.Errorf("ValidSyllable(%q) = true, want false", s)
		}
	}
}

func TestSentences(t *testing.T) {
	text := "Luật số 69/2020/QH14 có hiệu lực từ 1.1.2022. Phí tối đa là 3 tháng lương! Xem dolab.gov.vn để kiểm tra.\nDòng mới"
	want := []string{
		"Luật số 69/2020/QH14 có hiệu lực từ 1.1.2022.",
		"Phí tối đa là 3 tháng lương!",
		"Xem dolab.gov.vn để kiểm tra.",
		"Dòng mới",
	}
	if got := Sentences(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences =\n%q\nwant\n%q", got, want)
	}
	if got := Sentences("e.g. this stays. And this is two."); len(got) != 2 {
		t.Errorf("Sentences split a lower-case continuation: %q", got)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Làm sao đi Hàn Quốc", "XKLĐ", "\xff\xfe", "İstanbul", "ǅ", "ﬃ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if slow := foldSlow(s); once != slow {
			t.Fatalf("Fold(%q) = %q but the general path gives %q", s, once, slow)
		}
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) is not valid UTF-8", s)
		}
		_ = DetectLang(s)
		_ = ExpandShorthand(s)
		_ = MaskPersonal(s)
		_ = Sentences(s)
		_ = Tokens(s)
		if n := Normalize(s); Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q", s)
		}
	})
}

func TestTerm(t *testing.T) {
	tests := map[string]string{
		"workers": "worker", "companies": "company", "licensed": "licens", "license": "licens",
		"licenses": "licens", "fees": "fee", "working": "work", "married": "marry", "marry": "marry",
		"status": "status", "visa": "visa", "nghe": "nghe", "khoe": "khoe", "nguoi": "nguoi", "passes": "pass",
	}
	for in, want := range tests {
		if got := Term(in); got != want {
			t.Errorf("Term(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectLangNamesInEnglish(t *testing.T) {
	for _, q := range []string{"When did Cần Thơ merge with Hậu Giang and Sóc Trăng?", "Where is Cái Răng floating market?"} {
		if got := DetectLang(q); got != English {
			t.Errorf("DetectLang(%q) = %s, want en", q, got)
		}
	}
	if got := DetectLang("Cần Thơ ở đâu?"); got != Vietnamese {
		t.Errorf("DetectLang(Cần Thơ ở đâu?) = %s, want vi", got)
	}
}

func TestDetectLangEnglishFrameAroundVietnameseTerms(t *testing.T) {
	for _, q := range []string{
		"What does kết hôn giả tạo mean under Vietnamese law?",
		"Who issues the giấy xác nhận tình trạng hôn nhân for marrying a foreigner?",
		"Where do I report a fake môi giới xuất khẩu lao động who took my money?",
		// Not opened by a question word: the English function words
		// around the quoted terms tell (englishFrame).
		"From what date does the new luật việc làm apply to trợ cấp thất nghiệp?",
		"To làm ghi chú ly hôn in Vietnam, what giấy tờ do I need to bring?",
		"The country I will go to work maybe has dịch bệnh now. Before ký hợp đồng, who can tell me if it is a khu vực bị cấm?",
		"Cảng hàng không quốc tế Cần Thơ is the main airport for which region?",
		// An English opener and no Vietnamese function word.
		"Are đờn ca tài tử performers professional musicians?",
	} {
		if got := DetectLang(q); got != English {
			t.Errorf("DetectLang(%q) = %s, want en", q, got)
		}
	}
	for _, q := range []string{"có job fair online ở Cần Thơ không?", "EPS-TOPIK thi ở đâu", "tôi muốn đi Nhật",
		"e tired lắm rồi, I just want to die, ko ai care e hết", "Em muốn đi work and travel ở Úc thì cần gì?",
		// Vietnamese function and question words around English terms,
		// and no English function word (frameWords).
		"Ở Hàn, wage guarantee insurance do ai mua?", "eps topik ai to chuc", "visa F-6 cần topik level mấy vậy"} {
		if got := DetectLang(q); got != Vietnamese {
			t.Errorf("DetectLang(%q) = %s, want vi", q, got)
		}
	}
}

func TestMaskPersonal(t *testing.T) {
	tests := map[string]string{
		"gọi tôi 0912 345 678 nhé":              "gọi tôi […] nhé",
		"số CCCD 079123456789":                  "số CCCD […]",
		"passport B1234567 expired":             "passport […] expired",
		"+84 981 84 84 84":                      "[…]",
		"gọi +84 (912) 345 678 giúp em":         "gọi […] giúp em",
		"sđt 0912 - 345 - 678":                  "sđt […]",
		"hộ chiếu C 1234567 bị giữ":             "hộ chiếu […] bị giữ",
		"mail em là lan.nguyen+1@gmail.com nhé": "mail em là […] nhé",
		"chồng em tên 王小明 ở Quảng Tây":          "chồng em tên […] ở Quảng Tây",
		"nhà chồng 김민수 không cho về":            "nhà chồng […] không cho về",
		"em tên là Nguyễn Thị Lan, 25 tuổi":     "em tên là […], 25 tuổi",
		"Hi, my name is John Smith and I work":  "Hi, my name is […] and I work",
		"nộp 150000000 đồng cho môi giới":       "nộp 150000000 đồng cho môi giới",
		"phí 150.000.000đ":                      "phí 150.000.000đ",
		"Luật 69/2020/QH14 từ năm 2022, 1088":   "Luật 69/2020/QH14 từ năm 2022, 1088",
	}
	for in, want := range tests {
		if got := MaskPersonal(in); got != want {
			t.Errorf("MaskPersonal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExpandShorthand(t *testing.T) {
	tests := map[string]string{
		"đi xkld dc ko, phí bn?":                        "đi xuất khẩu lao động được không, phí bao nhiêu?",
		"vay nhcsxh di xkld dc bn":                      "vay nhcsxh di xuat khau lao dong duoc bao nhieu",
		"Cty nay co giay phep k":                        "cong ty nay co giay phep khong",
		"vk mua nhà ở vn dc ko":                         "vk mua nhà ở Việt Nam được không",
		"Làm sao đi Hàn Quốc?":                          "Làm sao đi Hàn Quốc?",
		"EPS-TOPIK thi ở đâu, sđt là j":                 "EPS-TOPIK thi ở đâu, số điện thoại là gì",
		"o ct muon hoi luat 69 thi hoi o dau":           "o can tho muon hoi luat 69 thi hoi o dau",
		"ubnd tp ct lam nhung viec j":                   "ubnd thanh pho can tho lam nhung viec gi",
		"ck hq cần thu nhập bn, con số năm nay là nhiu": "chồng Hàn Quốc cần thu nhập bao nhiêu, con số năm nay là nhiêu",
		"xin lại qt vn ở tq":                            "xin lại quốc tịch Việt Nam ở Trung Quốc",
		"kí quỹ đi Hàn bn, Quĩ hỗ trợ có trả ko":        "ký quỹ đi Hàn bao nhiêu, Quỹ hỗ trợ có trả không",
		"Cục Quản lí lao động, kì thi, kĩ năng":         "Cục Quản lý lao động, kỳ thi, kỹ năng",
		"da li hon o nuoc ngoai, muon dang ki ket hon":  "da ly hon o nuoc ngoai, muon dang ky ket hon",
		"Can Ms Li register her marriage?":              "Can Ms Li register her marriage?",
		"ct có thu phí ko":                              "ct có thu phí không",
		"thành phố ct có mấy quận":                      "thành phố Cần Thơ có mấy quận",
		"lên ct hỏi":                                    "lên ct hỏi",
		// Typed without marks, written out without marks.
		"nld phai gop quy ho tro vl ngoai nuoc bn": "nld phai gop quy ho tro viec lam ngoai nuoc bao nhieu",
	}
	for in, want := range tests {
		if got := ExpandShorthand(in); got != want {
			t.Errorf("ExpandShorthand(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	s := "Người lao động đi làm việc ở nước ngoài theo hợp đồng phải học bồi dưỡng kiến thức cần thiết trước khi xuất cảnh. Workers must complete pre-departure orientation."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = Fold(s)
	}
}

func TestContentTerms(t *testing.T) {
	content := func(s string) []string {
		terms, ok := ContentTerms(s)
		var out []string
		for i, t := range terms {
			if ok[i] {
				out = append(out, t)
			}
		}
		return out
	}
	for _, c := range []struct {
		text       string
		want, drop []string
	}{
		// English function words go, also when stemming changed them
		// ("there" is the Term "ther").
		{"Is there a limit on what they can charge me?", []string{"limit", "charg"}, []string{"ther", "is", "can", "me", "what"}},
		// Typed with marks, "thẻ", "nợ", "Mỹ" and "cần" are Vietnamese words.
		{"Tôi cần thẻ gì khi bị nợ lương ở Mỹ vậy?", []string{"can", "the", "no", "my", "luong"}, []string{"vay"}},
		// In Vietnamese typed without marks they may be the same words.
		{"toi can the arc o dau", []string{"can", "the", "arc"}, nil},
		// An English question quoting a Vietnamese term keeps the term.
		{"What does thẻ tạm trú mean?", []string{"the", "tam", "tru", "mean"}, []string{"what", "doe"}},
		// "thì" typed with its marks is "then", not the "thị" of "thị thực".
		{"bị chồng đánh thì gọi ai", []string{"chong", "danh", "goi"}, []string{"thi"}},
		// Without its marks "vay" is also "borrow".
		{"vay nhcsxh di xkld duoc khong", []string{"vay", "nhcsxh"}, nil},
	} {
		got := content(c.text)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("ContentTerms(%q) = %q, want %q among them", c.text, got, w)
			}
		}
		for _, w := range c.drop {
			if slices.Contains(got, w) {
				t.Errorf("ContentTerms(%q) = %q, want no %q", c.text, got, w)
			}
		}
	}
}

// TestSentencesAbbreviations: a dot that ends an abbreviation or an
// initial before a number or a name does not end the sentence; a dot that
// ends a sentence still does.
func TestSentencesAbbreviations(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		// English legal and postal writing
		{"Law No. 69/2020/QH14 was passed in 2020.", 1},
		{"When was Law No. 69/2020/QH14 passed? It was passed on 13 November 2020.", 2},
		{"See Art. 7 of the law. It lists what is prohibited.", 2},
		{"Under Arts. 29 and 30 the deposit is held in a bank.", 1},
		{"Art 7 cl. 8 prohibits it. Workers may complain.", 2},
		{"Dr. Nguyen will answer. She works at the centre.", 2},
		{"Mr. Tran and Mrs. Le signed. They left.", 2},
		{"Ms. Hoa called.", 1},
		{"Prof. Smith wrote it.", 1},
		{"The office is at 12 St. Mary Street. It opens at 8.", 2},
		{"Go to 5 Hoa Binh Ave. 3rd floor.", 1},
		{"Vol. 2 has the tables.", 1},
		{"ABC Co. Ltd. 12 workers went.", 1},
		{"J. Smith and A. Nguyen signed the contract. Both agreed.", 2},
		{"It opens at 7 a.m. Monday to Friday.", 1},
		{"Call the police, e.g. 113 in Vietnam.", 1},
		{"The fee is capped. 3 months is the maximum.", 2},
		{"It was passed in 2020. In 2022 it took effect.", 2},
		{"He has no. 5 in line.", 1},
		{"It ended. No one came.", 2},
		// Vietnamese
		{"TP. Cần Thơ có 5 quận. Dân số khoảng 1,2 triệu.", 2},
		{"Trụ sở ở số 2 đường Hòa Bình, Q. Ninh Kiều, TP. Cần Thơ.", 1},
		{"Trụ sở ở P. Tân An, Q. Ninh Kiều. Mở cửa giờ hành chính.", 2},
		{"Theo Luật số 69/2020/QH14, phí dịch vụ có mức trần. Người lao động cần biết.", 2},
		{"Phí là 150.000 đ. Người lao động trả một lần.", 2},
		{"Hãy gọi đúng số. Nếu máy bận, gọi lại.", 2},
		{"ThS. Nguyễn Văn A trình bày. Sau đó là hỏi đáp.", 2},
		{"TS. Lê Thị B và PGS. Trần C chủ trì.", 1},
		{"BS. Hoa khám bệnh. Chị ấy làm ở bệnh viện.", 2},
		{"Ông Nguyễn V. An ký hợp đồng. Hợp đồng có hiệu lực.", 2},
		{"Gọi 113. Nếu ở nước ngoài, gọi cảnh sát sở tại.", 2},
		{"Phí là 3 tháng lương. Đó là mức tối đa.", 2},
		{"Thành phố có 5 quận. 4 huyện còn lại ở phía tây.", 2},
		{"Theo Điều 7 khoản 8. Người lao động không phải trả.", 2},
	} {
		if got := Sentences(c.in); len(got) != c.want {
			t.Errorf("Sentences(%q) = %d sentences %q, want %d", c.in, len(got), got, c.want)
		}
	}
}

func BenchmarkExpandShorthand(b *testing.B) {
	q := "tui ko qua cty nào hết, tự tìm chủ bên Úc, lỡ bên đó có chuyện gì thì ai bảo vệ tui, kí quỹ bn"
	for b.Loop() {
		ExpandShorthand(q)
	}
}
