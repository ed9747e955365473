package vitext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTypedAnyWay: every way people type the same words reaches search as
// one form. Each row is an input as typed and what the question becomes
// (normalised, keyboard mode fixed, shorthand and amounts spelled out).
func TestTypedAnyWay(t *testing.T) {
	read := func(s string) string {
		s = Normalize(s)
		if fixed, ok := FixIME(s); ok {
			s = fixed
		}
		return ExpandShorthand(s)
	}
	for _, c := range []struct{ kind, in, want string }{
		// Composition: NFD, mixed, NFC.
		{"nfd", "ho\u0300a bi\u0300nh", "hòa bình"},
		{"nfd", "ke\u0302\u0301t ho\u0302n", "kết hôn"},
		{"nfd", "Vie\u0323\u0302t Nam", "Việt Nam"},
		{"mixed", "đi làm vie\u0302\u0323c ở Nhật", "đi làm việc ở Nhật"},
		{"nfc", "thỏa thuận", "thỏa thuận"},
		// Old and new tone placement.
		{"tone", "thoả thuận", "thỏa thuận"},
		{"tone", "hoà giải", "hòa giải"},
		{"tone", "Chị Thuý muốn đi Nhật", "Chị Thúy muốn đi Nhật"},
		{"tone", "sức khoẻ", "sức khỏe"},
		{"tone", "tuỳ trường hợp", "tùy trường hợp"},
		{"tone", "văn hoá", "văn hóa"},
		{"tone", "Khoá học", "Khóa học"},
		{"tone", "quý khách", "quý khách"},
		{"tone", "hoàng hôn", "hoàng hôn"},
		{"tone", "TOÀN bộ", "TOÀN bộ"},
		{"tone", "THUÝ", "THÚY"},
		// Full width, zero width, no-break spaces.
		{"width", "ｖｉｓａ　Ｆ－６", "visa F-6"},
		{"width", "Luật ６９／２０２０", "Luật 69/2020"},
		{"width", "phí\u00a0dịch\u202fvụ", "phí dịch vụ"},
		{"width", "xu\u200bất khẩu", "xuất khẩu"},
		{"width", "\ufeffvisa", "visa"},
		// Telex with the Vietnamese mode off.
		{"telex", "dduwowcj khoong", "được không"},
		{"telex", "xuaast khaaur lao ddoongj", "xuất khẩu lao động"},
		{"telex", "phis dichj vuj bao nhieeu", "phí dịch vụ bao nhiêu"},
		{"telex", "nguwowif lao ddoongj ddi nuwowcs ngoaif", "người lao động đi nước ngoài"},
		{"telex", "Chij Thuys muoons ddi Nhaatj", "Chị Thúy muốn đi Nhật"},
		{"telex", "keets hoon vowis nguwowif Hanf Quoocs", "kết hôn với người Hàn Quốc"},
		{"telex", "tieenf kys quyx laf gif", "tiền ký quỹ là gì"},
		{"telex", "hoaf giair", "hòa giải"},
		// VNI.
		{"vni", "d9u7o7c5 kho6ng", "được không"},
		{"vni", "vie65c la2m o73 nha65t", "việc làm ở nhật"},
		{"vni", "tie62n ky1 quy4", "tiền ký quỹ"},
		{"vni", "ke61t ho6n", "kết hôn"},
		// Not keyboard-mode text: left alone.
		{"english", "I am forced to work without pay in Malaysia", "I am forced to work without pay in Malaysia"},
		{"english", "see you soon", "see you soon"},
		{"english", "Thanks a lot", "Thanks a lot"},
		{"english", "How much is the service fee?", "How much is the service fee?"},
		{"english", "visa F-6 apply như thế nào?", "visa F-6 apply như thế nào?"},
		{"nodiac", "lam sao di han quoc", "lam sao di han quoc"},
		{"nodiac", "can cuoc het han can cap lai", "can cuoc het han can cap lai"},
		{"nodiac", "thu tuc ket hon", "thu tuc ket hon"},
		{"numbers", "Luật 69/2020/QH14 từ năm 2022, 1088", "Luật 69/2020/QH14 từ năm 2022, 1088"},
		{"numbers", "E-9 và F-6", "E-9 và F-6"},
		// Shorthand and amounts.
		{"shorthand", "đi xkld dc ko", "đi xuất khẩu lao động được không"},
		{"shorthand", "phí bn vậy", "phí bao nhiêu vậy"},
		{"shorthand", "cty có giấy phép k", "công ty có giấy phép không"},
		{"amount", "mất 150tr cho môi giới", "mất 150 triệu cho môi giới"},
		{"amount", "3tr một tháng", "3 triệu một tháng"},
		{"amount", "nộp 150.000.000đ", "nộp 150000000 đồng"},
		{"amount", "150,000,000 VND", "150000000 đồng"},
		{"amount", "lương $1,500", "lương 1500 USD"},
		{"amount", "lương 1.500 USD", "lương 1500 USD"},
		{"amount", "50 củ", "50 triệu"},
		{"amount", "2k", "2 nghìn"},
		{"amount", "3 triệu", "3 triệu"},
		// Symbols survive.
		{"symbols", "phí ≥ 3 tháng và < 5%", "phí ≥ 3 tháng và < 5%"},
		{"symbols", "x<y >36 tháng", "x<y >36 tháng"},
		{"symbols", "tỷ lệ 0,5%", "tỷ lệ 0,5%"},
		{"symbols", "Art. 7 cl. 8 of Law No. 69/2020/QH14", "Art. 7 cl. 8 of Law No. 69/2020/QH14"},
		// More of each kind, in both languages.
		{"tone", "hoá đơn", "hóa đơn"},
		{"tone", "xoè ra", "xòe ra"},
		{"tone", "loạ", "lọa"},
		{"tone", "Thuỵ Điển", "Thụy Điển"},
		{"tone", "huỷ hợp đồng", "hủy hợp đồng"},
		{"tone", "quỹ hỗ trợ", "quỹ hỗ trợ"},
		{"nfd", "Cường", "Cường"},
		{"nfd", "English stays English", "English stays English"},
		{"width", "ＥＰＳ－ＴＯＰＩＫ", "EPS-TOPIK"},
		{"width", "１０８８", "1088"},
		{"telex", "hooj chieeus bij giuwx", "hộ chiếu bị giữ"},
		{"telex", "tieengs Anh", "tiếng Anh"},
		{"telex", "cuwois vowj nguwowif nuwowcs ngoaif", "cưới vợ người nước ngoài"},
		{"vni", "ho65 chie61u bi5 giu74", "hộ chiếu bị giữ"},
		{"vni", "tie61ng Anh", "tiếng Anh"},
		{"english", "Can I work in Korea with an E-9 visa?", "Can I work in Korea with an E-9 visa?"},
		{"english", "EPS TOPIK", "EPS TOPIK"},
		{"english", "who do I call?", "who do I call?"},
		{"english", "good book", "good book"},
		{"english", "was sold", "was sold"},
		{"codeswitch", "deposit cho EPS là bn?", "deposit cho EPS là bao nhiêu?"},
		{"amount", "fee was $2,000", "fee was 2000 USD"},
		{"amount", "paid 5000 USD", "paid 5000 USD"},
		{"amount", "mất 80 triệu đồng", "mất 80 triệu đồng"},
	} {
		if got := read(c.in); got != c.want {
			t.Errorf("%s: %q read as %q, want %q", c.kind, c.in, got, c.want)
		}
	}
}

// FuzzNormalize: the normaliser is total: no panic, valid UTF-8 out, and
// normalising twice changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"hoà bình", "ho\u0300a", "ｖｉｓａ", "\xff\xfe", "a\u200bb", "THUÝ", "oà", "uỳ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) || Normalize(n) != n {
			t.Errorf("Normalize(%q) = %q: not valid or not idempotent (%q)", s, n, Normalize(n))
		}
	})
}

// FuzzFixIME: reading keyboard-mode text is total and idempotent, and keeps
// everything but the words it rewrites.
func FuzzFixIME(f *testing.F) {
	for _, s := range []string{"dduwowcj khoong", "d9u7o7c5", "see you", "aaaa wwww", "ddddd", "9999", "qu1", "gi2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := FixIME(s)
		if !utf8.ValidString(s) {
			return
		}
		if !utf8.ValidString(out) {
			t.Fatalf("FixIME(%q) = %q: invalid UTF-8", s, out)
		}
		if again, changed := FixIME(out); ok && (changed || again != out) {
			t.Errorf("FixIME(%q) = %q, then %q: not idempotent", s, out, again)
		}
		if !ok && out != s {
			t.Errorf("FixIME(%q) changed the text without saying so: %q", s, out)
		}
		if ok && strings.Count(out, " ") != strings.Count(s, " ") {
			t.Errorf("FixIME(%q) = %q: spacing changed", s, out)
		}
	})
}
