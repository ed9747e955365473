package knowledge

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The legal-figure detector. It finds, in lower-cased document text:
//
//   - amounts of money: a number, optionally "triệu/tỷ/nghìn" or
//     "million/billion", then a currency (đồng, VND, USD, KRW, won, yen);
//     a range "7 triệu đến 20 triệu đồng" / "7 million to 20 million VND"
//     is one figure. Always a figure.
//   - months of salary: "N tháng (tiền) lương" / "N month(s) of (the)
//     (worker's) (contract) salary", N a number or một/hai/ba, one/two/three.
//     Always a figure; "/12 months" is added to the value when "mỗi 12
//     tháng" / "each 12 months" follows within a few words.
//   - percentages ("60%", "50 phần trăm", "50 percent"), ages ("20 tuổi",
//     "20 years old"), day limits ("15 ngày", "3 days", "5 ngày làm việc")
//     and validity periods ("24 tháng kể từ", "24 months from"): only in a
//     sentence that names a legal duty or right (legalCueRE: a cited
//     instrument or article, or words like phải, không được, must, may not,
//     within, at the latest; "phải" but not "không phải", which means
//     "is not").
//
// It does not look at years, article numbers, phone numbers or dates:
// none of them is followed by a currency, "tháng lương", "%", "tuổi" or
// "ngày"/"days" (a date is written "ngày 1/7/2025" or "1 July 2025", with
// the number after "ngày" or before a month name).
var (
	moneyRE    = regexp.MustCompile(`(\d[\d.,]*)(?:\s*(triệu|tỷ|nghìn|million|billion))?(?:\s*(?:đến|to|-|–)\s*(\d[\d.,]*)(?:\s*(triệu|tỷ|nghìn|million|billion))?)?\s*(đồng|vnd|usd|krw|won|yen)\b`)
	salaryRE   = regexp.MustCompile(`(\d+(?:[.,]\d+)?|một|hai|ba|one|two|three)\s+(?:tháng\s+(?:tiền\s+)?lương|months?\s+of\s+(?:the\s+)?(?:worker's\s+)?(?:contract\s+)?salary)`)
	per12RE    = regexp.MustCompile(`^[^.;:]{0,40}?(?:mỗi|each|per)\s+12\s+(?:tháng|months)`)
	percentRE  = regexp.MustCompile(`(\d+(?:[.,]\d+)?)\s*(?:%|phần trăm|percent)`)
	ageRE      = regexp.MustCompile(`(\d+)\s+(?:tuổi|years\s+old|years\s+of\s+age)`)
	dayRE      = regexp.MustCompile(`(\d+)\s+(ngày\s+làm\s+việc|working\s+days?|ngày|days?)\b`)
	validityRE = regexp.MustCompile(`(\d+)\s+(?:tháng\s+kể\s+từ|months\s+from)`)
	legalCueRE = regexp.MustCompile(`(?:luật|law|nghị định|decree|thông tư|circular|quyết định|decision|bộ luật|penal code)\s+(?:số\s+|no\.\s+)?\d|\b(?:điều|art|arts)\s+\d|(?:^|[^g]\s)phải|không được|có quyền|trong thời hạn|chậm nhất|không quá|\bmust\b|\bmay not\b|\bwithin\b|at the latest|the right to|\bup to\b|theo luật (?:năm|số)|under the \d{4} law`)
)

// toConfirmRE marks a sentence whose figure is not yet checked.
var toConfirmRE = regexp.MustCompile(`cần xác nhận|to be confirmed|must be confirmed|article to be confirmed`)

var wordNumbers = map[string]string{"một": "1", "hai": "2", "ba": "3", "one": "1", "two": "2", "three": "3"}

var multipliers = map[string]float64{"": 1, "nghìn": 1e3, "triệu": 1e6, "million": 1e6, "tỷ": 1e9, "billion": 1e9}

// claimFigure is one legal figure found in a document: Text exactly as
// written (lower-cased) and Value normalised so that the vi and en versions
// compare equal, e.g. "100000 VND", "1 month_salary/12 months", "15 days".
type claimFigure struct {
	Text, Value string
}

// number parses a figure written in lang's style: "1,5" and "100.000" in
// Vietnamese, "1.5" and "100,000" in English.
func number(s, lang string) float64 {
	if w, ok := wordNumbers[s]; ok {
		s = w
	}
	if lang == "vi" {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.ReplaceAll(s, ",", ".")
	} else {
		s = strings.ReplaceAll(s, ",", "")
	}
	f, _ := strconv.ParseFloat(strings.TrimRight(s, "."), 64)
	return f
}

func format(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// sentences splits a body at line ends and at ". " before a capital
// letter, so "Art 7 cl. 8" and "No. 52/2014" stay whole.
func sentences(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		start := 0
		r := []rune(line)
		for i := 0; i+2 < len(r); i++ {
			if strings.ContainsRune(".!?", r[i]) && r[i+1] == ' ' && unicode.IsUpper(r[i+2]) {
				out = append(out, string(r[start:i+1]))
				start = i + 2
			}
		}
		if s := strings.TrimSpace(string(r[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// findFigures returns the legal figures of one sentence of a document in
// language lang.
func findFigures(sentence, lang string) []claimFigure {
	s := strings.ToLower(sentence)
	var out []claimFigure
	for _, m := range moneyRE.FindAllStringSubmatch(s, -1) {
		cur := strings.ToUpper(m[5])
		if cur == "ĐỒNG" {
			cur = "VND"
		}
		lo := number(m[1], lang) * multipliers[m[2]]
		v := format(lo)
		if m[3] != "" {
			hiMul := m[4]
			if hiMul == "" {
				hiMul = m[2]
			}
			v += "-" + format(number(m[3], lang)*multipliers[hiMul])
		}
		out = append(out, claimFigure{m[0], v + " " + cur})
	}
	for _, i := range salaryRE.FindAllStringSubmatchIndex(s, -1) {
		v := format(number(s[i[2]:i[3]], lang)) + " month_salary"
		if per12RE.MatchString(s[i[1]:]) {
			v += "/12 months"
		}
		out = append(out, claimFigure{s[i[0]:i[1]], v})
	}
	if !legalCueRE.MatchString(s) {
		return out
	}
	for _, m := range percentRE.FindAllStringSubmatch(s, -1) {
		out = append(out, claimFigure{m[0], format(number(m[1], lang)) + " %"})
	}
	for _, m := range ageRE.FindAllStringSubmatch(s, -1) {
		out = append(out, claimFigure{m[0], format(number(m[1], lang)) + " years"})
	}
	for _, m := range dayRE.FindAllStringSubmatch(s, -1) {
		unit := "days"
		if strings.Contains(m[2], "làm việc") || strings.Contains(m[2], "working") {
			unit = "working_days"
		}
		out = append(out, claimFigure{m[0], format(number(m[1], lang)) + " " + unit})
	}
	for _, m := range validityRE.FindAllStringSubmatch(s, -1) {
		out = append(out, claimFigure{m[0], format(number(m[1], lang)) + " months"})
	}
	return out
}

// claimRow is one line of claims.tsv.
type claimRow struct {
	DocID, Lang, Figure, Value, Instrument, Article, Status, CheckedAgainst, Date string
}

const claimsHeader = "doc_id\tlang\tfigure\tvalue\tinstrument\tarticle\tstatus\tchecked_against\tdate"

// loadClaims reads claims.tsv; the key of the map is doc_id|lang|figure
// (figure lower-cased).
func loadClaims(t *testing.T) map[string]claimRow {
	t.Helper()
	data, err := os.ReadFile("claims.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if lines[0] != claimsHeader {
		t.Fatalf("claims.tsv header %q, want %q", lines[0], claimsHeader)
	}
	rows := map[string]claimRow{}
	for i, line := range lines[1:] {
		c := strings.Split(line, "\t")
		if len(c) != 9 {
			t.Errorf("claims.tsv line %d: %d cells, want 9", i+2, len(c))
			continue
		}
		r := claimRow{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]}
		if r.Instrument == "" || r.Article == "" || r.CheckedAgainst == "" || r.Date == "" {
			t.Errorf("claims.tsv line %d: instrument, article, checked_against and date are required", i+2)
		}
		if !slices.Contains([]string{"checked", "to-confirm"}, r.Status) {
			t.Errorf("claims.tsv line %d: status %q, want checked or to-confirm", i+2, r.Status)
		}
		rows[r.DocID+"|"+r.Lang+"|"+strings.ToLower(r.Figure)] = r
	}
	return rows
}

// Every legal figure the detector finds has a row in claims.tsv with the
// same normalised value, every row is still in its document, and the two
// language versions of a document state the same values.
func TestClaimsRegister(t *testing.T) {
	rows := loadClaims(t)
	used := map[string]bool{}
	values := map[string]map[string][]string{} // id → lang → values
	texts := map[string]string{}               // id|lang → lower-cased body
	for _, d := range loadDocs(t) {
		texts[d.ID+"|"+d.Lang] = strings.ToLower(d.Body)
		if values[d.ID] == nil {
			values[d.ID] = map[string][]string{}
		}
		for _, s := range sentences(d.Title + "\n" + d.Body) {
			for _, f := range findFigures(s, d.Lang) {
				key := d.ID + "|" + d.Lang + "|" + f.Text
				values[d.ID][d.Lang] = append(values[d.ID][d.Lang], f.Value)
				r, ok := rows[key]
				switch {
				case !ok:
					t.Errorf("%s: figure %q (%s) has no row in claims.tsv:\n%s\t%s\t%s\t%s", d.Path, f.Text, f.Value, d.ID, d.Lang, f.Text, f.Value)
				case r.Value != f.Value:
					t.Errorf("%s: figure %q is %s, claims.tsv says %s", d.Path, f.Text, f.Value, r.Value)
				case r.Status == "to-confirm" && !toConfirmRE.MatchString(strings.ToLower(s)):
					t.Errorf("%s: figure %q is to-confirm in claims.tsv but its sentence does not say so: %q", d.Path, f.Text, s)
				}
				used[key] = true
			}
		}
	}
	for key, r := range rows {
		// A row the detector does not produce (a figure outside its
		// categories, such as a number of class periods) must still be
		// written in its document.
		if !used[key] && !strings.Contains(texts[r.DocID+"|"+r.Lang], strings.ToLower(r.Figure)) {
			t.Errorf("claims.tsv row %q: the figure is no longer in its document", key)
		}
	}
	for id, byLang := range values {
		if d := valueDiff(byLang["vi"], byLang["en"]); d != "" {
			t.Errorf("%s: the vi and en versions disagree on figures: %s", id, d)
		}
	}
}

// valueDiff names the values found in one language and not the other; ""
// when both state the same set of values.
func valueDiff(vi, en []string) string {
	var out []string
	for _, v := range vi {
		if !slices.Contains(en, v) {
			out = append(out, "vi only "+v)
		}
	}
	for _, v := range en {
		if !slices.Contains(vi, v) {
			out = append(out, "en only "+v)
		}
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), "; ")
}

// The detector must find the figures a user acts on and leave years,
// article numbers, phone numbers and dates alone.
func TestFigureDetector(t *testing.T) {
	found := []struct{ lang, text, value string }{
		{"vi", "Người lao động đóng góp vào Quỹ 100.000 đồng cho mỗi hợp đồng (Quyết định 40/2021/QĐ-TTg, Điều 8).", "100000 VND"},
		{"en", "A worker contributes 100,000 VND to the Fund.", "100000 VND"},
		{"vi", "Quỹ hỗ trợ từ 7 triệu đến 20 triệu đồng.", "7000000-20000000 VND"},
		{"en", "The Fund pays 7 million to 20 million VND.", "7000000-20000000 VND"},
		{"vi", "Tiền dịch vụ không được quá một tháng tiền lương theo hợp đồng cho mỗi 12 tháng làm việc.", "1 month_salary/12 months"},
		{"en", "The fee may not exceed one month of the contract salary for each 12 months of work.", "1 month_salary/12 months"},
		{"vi", "Thuyền viên không quá 1,5 tháng tiền lương cho mỗi 12 tháng làm việc.", "1.5 month_salary/12 months"},
		{"en", "The fee may not exceed three months of the contract salary (Law 69/2020/QH14, Art 23).", "3 month_salary"},
		{"vi", "Người lao động phải thông báo trong thời hạn 15 ngày kể từ ngày nhập cảnh.", "15 days"},
		{"en", "Notify the authority within 15 days of entering Vietnam.", "15 days"},
		{"vi", "Nam phải từ đủ 20 tuổi trở lên.", "20 years"},
		{"vi", "Con từ đủ 07 tuổi trở lên được Tòa án xem xét nguyện vọng (Luật 52/2014/QH13, Điều 81 khoản 2).", "7 years"},
		{"en", "Under the 2013 law, the monthly benefit is 60% of the average salary.", "60 %"},
		{"en", "The certificate is valid for 24 months from the date of issue (Circular 21/2021/TT-BLĐTBXH, Art 12).", "24 months"},
	}
	for _, c := range found {
		var got []string
		for _, s := range sentences(c.text) {
			for _, f := range findFigures(s, c.lang) {
				got = append(got, f.Value)
			}
		}
		if !slices.Contains(got, c.value) {
			t.Errorf("%q: found %q, want %s", c.text, got, c.value)
		}
	}
	quiet := []string{
		"Luật số 69/2020/QH14 có hiệu lực từ ngày 01/01/2022 (Điều 7 khoản 8).",
		"Since 1 July 2025 Cần Thơ has merged with Sóc Trăng and Hậu Giang (Resolution 202/2025/QH15, Art 1).",
		"Call the citizen protection hotline +84 981 84 84 84 within minutes.",
		"A labour contract in Taiwan usually lasts 3 years and the worker is 25 years old.",
		"The recruiter promises a \"100% sure\" departure.",
		"Decree 112/2021/NĐ-CP, Arts 29 to 32, took effect on 1 January 2022.",
	}
	for _, text := range quiet {
		for _, s := range sentences(text) {
			if f := findFigures(s, "en"); len(f) > 0 {
				t.Errorf("false alarm %v in %q", f, text)
			}
		}
	}
	if d := valueDiff([]string{"15 days", "100000 VND"}, []string{"100000 VND", "14 days"}); !strings.Contains(d, "vi only 15 days") || !strings.Contains(d, "en only 14 days") {
		t.Errorf("valueDiff missed a disagreement: %q", d)
	}
}
