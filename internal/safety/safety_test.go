package safety

import (
	"bufio"
	"cmp"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

func load(t testing.TB) *Checker {
	t.Helper()
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type labelled struct {
	Question, Lang, Form, Category, Country string
	Danger                                  bool
}

func readSet(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, l)
	}
	return out
}

// TestTuningSets: on the labelled tuning sets, danger is recognised with
// recall and precision of at least 0.97, and the category and the country
// are right for at least 0.95 of what is recognised. Misses are listed.
// (The held-out set is measured by `assistant eval --safety`, never here.)
func TestTuningSets(t *testing.T) {
	c := load(t)
	var rows []labelled
	for _, name := range []string{"labelled.jsonl", "tuning-2.jsonl", "tuning-3.jsonl", "tuning-4.jsonl", "tuning-5.jsonl", "tuning-6.jsonl", "tuning-7.jsonl"} {
		rows = append(rows, readSet(t, "../../knowledge/eval/safety/"+name)...)
	}
	var tp, fp, fn, cat, country int
	for _, l := range rows {
		a, ok := c.Check(vitext.ExpandShorthand(l.Question), "")
		switch {
		case ok && !l.Danger:
			fp++
			t.Logf("look-alike taken for danger (%v): %q", a.Cues, l.Question)
		case !ok && l.Danger:
			fn++
			t.Logf("danger missed (%s): %q", l.Category, l.Question)
		case ok:
			tp++
			if a.Category == l.Category {
				cat++
			} else {
				t.Logf("category %s, want %s (%v): %q", a.Category, l.Category, a.Cues, l.Question)
			}
			if a.Country == l.Country {
				country++
			} else {
				t.Logf("country %q, want %q: %q", a.Country, l.Country, l.Question)
			}
		}
	}
	recall, precision := float64(tp)/float64(tp+fn), float64(tp)/float64(tp+fp)
	if recall < 0.97 || precision < 0.97 || float64(cat)/float64(tp) < 0.95 || float64(country)/float64(tp) < 0.95 {
		t.Errorf("over %d messages: recall %.3f, precision %.3f, category %.3f, country %.3f; want ≥ 0.97, 0.97, 0.95, 0.95",
			len(rows), recall, precision, float64(cat)/float64(tp), float64(country)/float64(tp))
	}
}

var digitsRE = regexp.MustCompile(`\d`)

// TestRepliesOnlyGiveReviewedNumbers: for every category, every country
// the lexicon knows and both languages, the steps hold no number, every
// contact is a phone entry of contacts.yaml, and the person gets at least
// one number to call.
func TestRepliesOnlyGiveReviewedNumbers(t *testing.T) {
	c := load(t)
	reviewed := map[string]bool{}
	for _, ct := range c.Directory.Contacts {
		if ct.Kind == "phone" {
			reviewed[ct.Value] = true
		}
	}
	countries := []string{""}
	for _, n := range c.countries {
		countries = append(countries, n.code)
	}
	for _, cat := range Categories {
		for _, country := range countries {
			for _, lang := range []string{"vi", "en"} {
				r := c.Reply(Alert{Category: cat, Country: country}, lang)
				for _, step := range r.Steps {
					if digitsRE.MatchString(step) {
						t.Errorf("%s/%s/%s: a step holds a number (numbers come from contacts.yaml): %q", cat, country, lang, step)
					}
				}
				for _, ct := range r.Contacts {
					if !reviewed[ct.Value] {
						t.Errorf("%s/%s: %q is not a reviewed phone number", cat, country, ct.Value)
					}
				}
				if len(r.Contacts) == 0 {
					t.Errorf("%s/%s/%s: no number to call", cat, country, lang)
				}
			}
		}
	}
}

// TestRouting: the emergency number where the person is comes first; a
// person abroad also gets the consular citizen protection hotline; a
// country without reviewed numbers is a contact gap that still gets the
// hotline; self-harm gets emergency numbers only.
func TestRouting(t *testing.T) {
	c := load(t)
	kr := c.Reply(Alert{Category: "domestic_violence", Country: "KR"}, "vi")
	if v := values(kr); len(v) < 3 || v[0] != "112" || !slices.Contains(v, "1577-1366") || !slices.Contains(v, "+84 981 84 84 84") {
		t.Errorf("Korea, domestic violence: %v; want 112 first, Danuri and the citizen protection hotline", v)
	}
	vn := c.Reply(Alert{Category: "broker_fraud", Country: "VN"}, "en")
	if v := values(vn); len(v) == 0 || v[0] != "113" || slices.Contains(v, "+84 981 84 84 84") {
		t.Errorf("Vietnam, broker fraud: %v; want the police 113 and no consular hotline", v)
	}
	// Myanmar, where scam compounds hold Vietnamese workers: the embassy's
	// citizen protection hotline with the ministry's.
	mm := c.Reply(Alert{Category: "trafficking", Country: "MM", ForFamily: true}, "vi")
	if v := values(mm); !slices.Contains(v, "+95 9 660 888 998") || !slices.Contains(v, "+84 981 84 84 84") {
		t.Errorf("Myanmar, trafficking: %v; want the embassy's hotline and the citizen protection hotline", v)
	}
	// A country the lexicon names but contacts.yaml has no police for.
	noPolice := ""
	for _, n := range c.countries {
		if len(c.Directory.find(n.code, "police")) == 0 {
			noPolice = n.code
			break
		}
	}
	if noPolice == "" {
		t.Fatal("every country has a police number: pick another gap test")
	}
	gap := c.Reply(Alert{Category: "held", Country: noPolice}, "en")
	if !gap.ContactGap || !slices.Contains(values(gap), "+84 981 84 84 84") {
		t.Errorf("a country without reviewed numbers: gap %v, %v; want a gap and the citizen protection hotline", gap.ContactGap, values(gap))
	}
	sh := c.Reply(Alert{Category: "self_harm"}, "vi")
	for _, ct := range sh.Contacts {
		if !slices.Contains(ct.Categories, "ambulance") && !slices.Contains(ct.Categories, "police") {
			t.Errorf("self-harm gets emergency numbers only, got %q (%v)", ct.Value, ct.Categories)
		}
	}
	if c.Country("Tôi đang ở Hàn Quốc, muốn về Việt Nam") != "KR" || c.Country("I live in Cần Thơ") != "VN" || c.Country("help me") != "" {
		t.Error("country detection: the place abroad wins over Vietnam; none named is \"\"")
	}
	for msg, want := range map[string]string{
		"Em đang ở Đài Loan, chủ giữ hộ chiếu":                               "TW",
		"em ở Hậu Giang, năm ngoái em đi Đài Loan làm, giờ bà chủ giữ lương": "TW",
	} {
		if got := c.Country(msg); got != want {
			t.Errorf("Country(%q) = %q, want %q: the place abroad where the person says they are wins", msg, got, want)
		}
	}
	// A writer who names a country abroad but says they are in Vietnam
	// gets the numbers of both: the country named first, as for anyone
	// naming it (a family may be writing about a relative there), then
	// Vietnam's police.
	for _, msg := range []string{
		"chong em nguoi han quoc, em bi danh, em dang o Can Tho",
		"My husband is Korean and beats me; I'm in Can Tho now",
	} {
		a, ok := c.Check(msg, "")
		r := c.Reply(a, "vi")
		if !ok || a.Country != "KR" || !a.AlsoVN || !slices.Contains(values(r), "113") || !slices.Contains(values(r), "112") {
			t.Errorf("Check(%q) = %+v, %v; numbers %v: want Korea's and Vietnam's police", msg, a, ok, values(r))
		}
		if v := values(r); len(v) == 0 || v[0] != "113" {
			t.Errorf("%q: the writer is in Vietnam, so Vietnam's police comes first: %v", msg, v)
		}
	}
	if a, _ := c.Check("Chồng tôi người Hàn, anh ấy đánh tôi, giữ luôn con. Tôi có quyền gì với con?", ""); a.ForFamily {
		t.Errorf("a wife writing about her own child is no relative writing (\"con. Tôi\" is two sentences): %+v", a)
	}
	fam, _ := c.Check("Em gái tôi lấy chồng Hàn Quốc, bị chồng đánh; tôi đang ở Cần Thơ, phải làm sao?", "")
	if v := values(c.Reply(fam, "vi")); !fam.AlsoVN || !fam.ForFamily || len(v) == 0 || v[0] != "112" || !slices.Contains(v, "113") {
		t.Errorf("a family in Vietnam writing about a sister in Korea: %+v, %v; want Korea's police first, then Vietnam's", fam, v)
	}
	if a, _ := c.Check("chồng người Hàn Quốc đánh em, em đang ở Seoul", ""); a.AlsoVN {
		t.Errorf("a writer in Korea gets no Vietnamese police: %+v", a)
	}
	for msg, want := range map[string]string{
		"muốn đi Hàn Quốc làm việc thì cần gì":                                     "",
		"lấy chồng Đài Loan cần giấy tờ gì":                                        "",
		"em đang ở Hàn, bị nợ lương":                                               "KR",
		"I'm in Japan now, my visa ends":                                           "JP",
		"How many workers from Can Tho are currently in Taiwan?":                   "",
		"me oi con o malaysia bi chu nha giu passport":                             "MY",
		"Em là thực tập sinh ở Aichi, Nhật. Quản lý đánh em":                       "JP",
		"I work in Riyadh and my employer keeps my passport":                       "SA",
		"em muốn đi làm ở Nhật thì cần gì":                                         "",
		"Con gái tôi ở Hàn bị chồng đánh":                                          "",
		"vo toi o han quoc bi cty no luong, toi o vn thi co the khieu nai giup ko": "",
		"Em đã ly hôn ở Đài Loan, về Cần Thơ muốn kết hôn lại thì sao":             "",
		"Tôi đã kết hôn ở Nhật, giờ về Việt Nam muốn ghi chú kết hôn":              "",
		"Chị tôi đang ở Hàn Quốc, chồng chị đánh chị":                              "",
		"Tôi tự tìm được chủ ở Nhật, ký hợp đồng trực tiếp":                        "",
		// A partner who works or lives there is the one there; a bride
		// saying where she lives is there herself.
		"Chồng tôi làm ở Đài Loan mất vì đột quỵ, gia đình được Quỹ hỗ trợ bao nhiêu": "",
		"vo toi o han quoc bi nha chong nhot trong nha, giu het giay to":              "",
		"Em ở Busan, chồng em mỗi lần cãi nhau là bóp cổ em":                          "KR",
		"my husband beat me up again and broke my arm, we live in Taichung":           "TW",
		// Back home for some months (fifth audit).
		"Tôi đi làm ở Nhật về được 3 tháng, muốn tìm việc ở Cần Thơ dùng tiếng Nhật thì hỏi ở đâu?": "",
		"I came back from Korea 2 months ago, can I still claim my insurance?":                      "",
		"I'm a Vietnamese worker in Malaysia, my contract ends next month":                          "MY",
		"I from Can Tho, working as driver in Dammam Saudi. Company not pay me":                     "SA",
	} {
		if got := c.Presence(msg); got != want {
			t.Errorf("Presence(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestNumberToCallFirst: every country contacts.yaml has a police number
// for can be named in a message (safety-countries.tsv), and for every
// category and every country the lexicon names, the reply carries the
// number to call first: the police there, or the citizen protection
// hotline where there is none.
func TestNumberToCallFirst(t *testing.T) {
	c := load(t)
	named := map[string]bool{"": true}
	codes := []string{""}
	for _, n := range c.countries {
		if !named[n.code] {
			named[n.code] = true
			codes = append(codes, n.code)
		}
	}
	for _, ct := range c.Directory.Contacts {
		for _, code := range ct.Countries {
			if slices.Contains(ct.Categories, "police") && !named[code] {
				t.Errorf("contacts.yaml has a police number for %s, but safety-countries.tsv has no name for it", code)
			}
		}
	}
	for _, cat := range Categories {
		for _, code := range codes {
			where := cmp.Or(code, "VN")
			want := c.Directory.protection()[0].Value
			if p := c.Directory.find(where, "police"); len(p) > 0 {
				want = p[0].Value
			}
			r := c.Reply(Alert{Category: cat, Country: code}, "en")
			if !slices.ContainsFunc(r.Contacts, func(ct Contact) bool { return ct.Value == want }) {
				t.Errorf("%s in %q: the reply does not carry %s", cat, code, want)
			}
		}
	}
}

// The service reads a message once and judges it twice, before retrieval
// and with the best document: each judgement must be what Check gives for
// that document alone, and judging must leave the reading as it was (a
// safety document's extra cue must not stay behind for the next
// judgement).
func TestReadOnceJudgeTwice(t *testing.T) {
	c := load(t)
	docs := []string{""}
	for d := range c.docs {
		docs = append(docs, d)
	}
	for _, l := range readSet(t, "../../knowledge/eval/safety/labelled.jsonl") {
		m := vitext.ExpandShorthand(l.Question)
		r := c.Read(m)
		before := maps.Clone(r.score)
		for _, d := range docs {
			got, gotOK := r.Judge(d)
			want, wantOK := c.Check(m, d)
			if gotOK != wantOK || !reflect.DeepEqual(got, want) {
				t.Errorf("%q judged with %q: %+v %v; Check gives %+v %v", m, d, got, gotOK, want, wantOK)
			}
		}
		if !maps.Equal(before, r.score) {
			t.Errorf("%q: judging changed the reading's scores %v into %v", m, before, r.score)
		}
	}
}

// TestCountriesNamedInAText: every country a text names, and a name inside
// a longer name of another country counts as that country only.
func TestCountriesNamedInAText(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string][]string{
		"Ở Các Tiểu vương quốc Ả Rập Thống nhất, số cảnh sát là 999.": {"AE"},
		"Ở Ả Rập Xê Út, gọi 911.":                                     {"SA"},
		"Đại sứ quán Việt Nam tại Hàn Quốc ở Seoul.":                  {"VN", "KR"},
		// Europe is a region: a member state names it too, Vietnam does not.
		"I live in Germany, which number is the ambulance?": {"DE", "EU"},
		"Số 112 ở châu Âu gọi được miễn phí.":               {"EU"},
		"What is the ambulance number in Can Tho?":          {"VN"},
		// A name is read within one sentence (seventh audit).
		"tts nhat bi bo ha? nam nao doi":        nil,
		"chi toi bi ban sang ha nam trung quoc": {"CN"},
		// "bên Trung" is China in everyday speech, but not as the start
		// of another word: the intermediary, the Centre, the Middle East.
		"Mức trần chỉ giới hạn số tiền doanh nghiệp trả cho bên trung gian.": nil,
		"Người lao động làm thủ tục qua Trung tâm Lao động ngoài nước.":      nil,
		"em đang làm việc bên Trung Đông bị chủ giữ hộ chiếu":                nil,
		"nguoi trung nien di xkld duoc khong":                                nil,
		"con gái tôi lấy chồng bên Trung, bị nhốt":                           {"CN"},
	} {
		got := c.Countries(text)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Countries(%q) = %v, want %v", text, got, want)
		}
	}
	// Where a person in danger is: a worker in the Middle East was given
	// China's numbers.
	for text, want := range map[string]string{
		"em đang làm việc bên Trung Đông bị chủ giữ hộ chiếu": "",
		"con gái tôi lấy chồng bên Trung, bị nhốt":            "CN",
	} {
		if got := c.Country(text); got != want {
			t.Errorf("Country(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestEUMembersAreThoseOf112: the member states that make a text name
// the European Union are the countries of contacts.yaml's 112 entry.
func TestEUMembersAreThoseOf112(t *testing.T) {
	c := load(t)
	for _, ct := range c.Directory.Contacts {
		if ct.Value == "112" && slices.Contains(ct.Countries, "EU") {
			got := slices.DeleteFunc(slices.Clone(ct.Countries), func(s string) bool { return s == "EU" })
			slices.Sort(got)
			want := slices.Sorted(slices.Values(euMembers))
			if !slices.Equal(got, want) {
				t.Errorf("112's countries %v, euMembers %v: keep them alike", got, want)
			}
			return
		}
	}
	t.Error("contacts.yaml has no 112 entry for EU")
}

// TestHarassmentAndReturnHome: a boss groping a worker is danger (the
// steps for forced labour, the police where she is); a writer sent home
// from abroad gets Vietnam's emergency numbers after the country's.
func TestHarassmentAndReturnHome(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := c.Check("My wife works in Korea under EPS. Her boss touches her and threatens her if she tells anyone.", "")
	if !ok || a.Category != "forced_labour" || a.Country != "KR" {
		t.Errorf("a boss touching a worker: %+v, %v; want forced_labour in KR", a, ok)
	}
	if a, ok := c.Check("Em trai tôi đi Hàn theo EPS, giờ bỏ trốn ra ngoài làm bất hợp pháp, gia đình có bị mất tiền ký quỹ không?", ""); ok {
		t.Errorf("a worker who ran away from the workplace is no broker's fraud: %+v", a)
	}
	// Wages owed by a bankrupt employer abroad are no broker's fraud, even
	// when the broker guide is the best document ("lấy lại" is getting back).
	if a, ok := c.Check("Tôi bị công ty ở Hàn Quốc nợ lương 2 tháng rồi công ty phá sản, tôi có lấy lại được tiền không?", "labour-broker-took-money"); ok {
		t.Errorf("a bankrupt employer's unpaid wages read as danger: %+v", a)
	}
	// Third audit: hours as a range with no day off (Malaysia), "not pay
	// me" with a price for release (Kuwait); a question whether a company
	// is fined is no worker in danger.
	for q, want := range map[string]string{
		"e o malaysia lam nha hang, chu bat lam tu 7h sang toi 11h dem, không co ngay nghi, e muon ve vn ma không co tien ve": "MY",
		"I working in Kuwait as driver. Sponsor not pay me 4 month and say I must pay him for release me":                     "KW",
	} {
		if a, ok := c.Check(q, ""); !ok || a.Category != "forced_labour" || a.Country != want {
			t.Errorf("%q: %+v, %v; want forced_labour in %s", q, a, ok, want)
		}
	}
	if a, ok := c.Check("Doanh nghiệp đưa người đi Đài Loan mà thu tiền môi giới của người lao động thì có bị phạt không, phạt bao nhiêu?", ""); ok {
		t.Errorf("a question about the fine read as danger: %+v", a)
	}
	// Vietnam's child protection line, 111, is for someone under 18: a
	// family at home writing of a child taken abroad, or a child in
	// Vietnam, gets it; an adult does not.
	for _, tc := range []struct {
		q, topDoc string
		want111   bool
	}{
		{"Con gái tôi 16 tuổi bị dụ sang Trung Quốc, ngoài báo công an thì gọi thêm số nào?", "marriage-trafficking-help-abroad", true},
		{"Em gái tôi 25 tuổi bị dụ sang Trung Quốc bán cho người ta, nhà tôi phải làm sao?", "marriage-trafficking-help-abroad", false},
		{"ba duong danh me con toi hoai, hom qua danh me chay mau dau, con moi 14 tuoi, nha o can tho", "", true},
		{"Chồng tôi say rượu về đánh tôi, tôi đang ở Cần Thơ, phải làm sao?", "", false},
	} {
		a, ok := c.Check(tc.q, tc.topDoc)
		r := c.Reply(a, "vi")
		has111 := slices.ContainsFunc(r.Contacts, func(ct Contact) bool { return ct.Value == "111" })
		if !ok || has111 != tc.want111 {
			t.Errorf("%q: %+v, %v, contacts %v; want 111 %v", tc.q, a, ok, r.Contacts, tc.want111)
		}
	}
	// A child being lured (fourth audit): a stated age under 18 with a
	// ticket, a promise, a stranger met online or a forged age is
	// trafficking, with Vietnam's numbers and 111 (the child has not left);
	// an adult with the same words is asking a question.
	for q, want := range map[string]bool{
		"Em gái tôi 15 tuổi quen một người đàn ông Trung Quốc trên mạng, người đó gửi vé xe lên Móng Cái và nói sẽ cưới. Nhà tôi phải làm gì ngay?": true,
		"My daughter is 16 and a woman offered her a job as a waitress in Kuala Lumpur with a free ticket. She says she will go next week.":         true,
		"Con trai tôi 17 tuổi, có người trong xóm hứa đưa sang Đài Loan làm nhà máy, bảo làm hộ chiếu mới ghi 19 tuổi.":                             true,
		// The child writing.
		"Em 16 tuổi, có chị quen trên mạng hứa cho em sang Hàn làm người mẫu, gửi tiền vé máy bay, dặn đừng nói với bố mẹ. Em có nên đi không?": true,
		"Tôi 25 tuổi, quen một người Hàn trên mạng, anh ấy gửi vé máy bay cho tôi sang chơi, có nên đi không?":                                  false,
		// Nor is a family's own plan for a child.
		"Con tôi 16 tuổi muốn đăng ký học tiếng Hàn qua mạng, có được không?":         false,
		"Con tôi 16 tuổi, cả nhà đi du lịch Lào Cai tuần sau, mua vé cho cháu ở đâu?": false,
		"My son is 16 and the bakery offered him a summer job, is that allowed?":      false,
	} {
		a, ok := c.Check(q, "")
		r := c.Reply(a, "vi")
		has := func(v string) bool {
			return slices.ContainsFunc(r.Contacts, func(ct Contact) bool { return ct.Value == v })
		}
		if want && (!ok || a.Category != "trafficking" || a.Country != "" || !has("111") || !has("113")) {
			t.Errorf("%q: %+v, %v, contacts %v; want trafficking in Vietnam with 113 and 111", q, a, ok, r.Contacts)
		}
		// The child has not left: the steps say not to go (fifth audit:
		// a 16-year-old at home was told how to be rescued abroad).
		if want && (len(r.Steps) == 0 || !strings.HasPrefix(r.Steps[0], "Đừng") || strings.Contains(strings.Join(r.Steps, " "), "giải cứu")) {
			t.Errorf("%q: steps %q; want the steps for a child not to go", q, r.Steps)
		}
		if !want && ok {
			t.Errorf("%q: an adult's question read as danger: %+v", q, a)
		}
	}
	// A bride made to work unpaid for her husband's family is not a
	// worker sent by a company: no forced-labour steps (sending company,
	// payslips).
	if a, ok := c.Check(vitext.ExpandShorthand("e lay ck dai loan dc 8 thang, ck bat e di lam ko luong o cho me ck, ko cho goi ve nha, e o dai trung"), ""); !ok || a.Category == "forced_labour" || a.Country != "TW" {
		t.Errorf("a bride made to work for her in-laws: %+v, %v; want danger in TW, not forced_labour", a, ok)
	}
	// Asking for a number does not cancel the danger told before it.
	if a, ok := c.Check("Tôi ở Kuwait, chủ đánh tôi gãy tay hôm qua, tôi đang trốn. Số cảnh sát Kuwait là gì?", ""); !ok || a.Country != "KW" {
		t.Errorf("'… chủ đánh tôi … Số cảnh sát Kuwait là gì?' must be danger in KW: %+v, %v", a, ok)
	}
	// A sponsor taking an iqama; a cousin ("chị họ") is family.
	if a, ok := c.Check("My kafeel take my iqama and passport, I work 16 hour every day. Who I call here now?", ""); !ok || a.Category != "held" {
		t.Errorf("a kafeel taking the iqama must be held: %+v, %v", a, ok)
	}
	if a, ok := c.Check("Chị họ tôi bị bạn trai đưa sang Campuchia, giờ nhắn là bị nhốt, bị đánh", ""); !ok || !a.ForFamily {
		t.Errorf("'chị họ tôi' is family: %+v, %v", a, ok)
	}
	// "đi bộ tới" (walked to) typed without marks holds "bo toi", which is
	// also "bố tôi" (my father): the person who escaped writes of
	// themselves, and their steps speak to them, not to a family.
	if a, ok := c.Check(vitext.ExpandShorthand("minh bi lua qua campuchia, tron ra dc roi, di bo toi cua khau Moc Bai ma ben kia ko cho qua vi ko co ho chieu"), ""); !ok || a.ForFamily || a.Category != "trafficking" {
		t.Errorf("'mình bị lừa qua Campuchia, trốn ra được rồi, đi bộ tới cửa khẩu' must be trafficking, the writer's own: %+v, %v", a, ok)
	}
	// "em tôi" is a younger sibling, a family writing ("em toi bi ban sang
	// trung quoc"): the steps spoke to the victim.
	if a, ok := c.Check("em toi bi ban sang trung quoc, nha toi can giu lai nhung gi de lam bang chung", ""); !ok || !a.ForFamily {
		t.Errorf("'em tôi bị bán' is family: %+v, %v", a, ok)
	}
	// "nhà mình … con" is a family's child, not the writer calling
	// themselves "con".
	if a, ok := c.Check("hội pn xã có giúp nhà mình khi con bị bán ra nc ngoài ko", ""); !ok || !a.ForFamily {
		t.Errorf("'nhà mình khi con bị bán' is a family writing: %+v, %v", a, ok)
	}
	// "qua han visa" typed without marks is an overstay (quá hạn), not
	// "qua Hàn" (to Korea); "Cam-bốt" is Cambodia; "thằng em" a younger
	// brother: the family got Korea's number and the steps for the victim.
	if a, ok := c.Check("thang em toi o cam bot dc cong an cuu ra trong dot kiem tra, gio bi giam o trai di tru gan 1 thang, ho doi nop tien phat qua han visa moi cho ve", ""); !ok || a.Country != "KH" || !a.ForFamily {
		t.Errorf("a brother detained in Cambodia for overstaying must be danger in KH, for the family: %+v, %v", a, ok)
	}
	// "từ từ" (take one's time) and "tự tử" (suicide) are both "tu tu"
	// without marks: "từ từ được không" is the first.
	if a, ok := c.Check(vitext.ExpandShorthand("moi bi cho nghi viec thang truoc, nop ho so that nghiep tu tu dc ko hay phai lien"), ""); ok {
		t.Errorf("'nộp hồ sơ từ từ được không' read as danger: %+v", a)
	}
	if a, ok := c.Check("toi muon tu tu", ""); !ok || a.Category != "self_harm" {
		t.Errorf("'toi muon tu tu' must be self-harm: %+v, %v", a, ok)
	}
	// Kept from coming home from a scam-compound country, and beaten: the
	// trafficking steps, not a beaten wife's (whose answer quotes marriage
	// documents only).
	for _, q := range []string{
		"em trai tôi sang Campuchia làm việc, giờ nó nói bị đánh và không cho về",
		"con toi qua myanmar lam viec, bi giu lai khong cho ve, bi danh",
	} {
		if a, ok := c.Check(q, ""); !ok || a.Category != "trafficking" || !a.ForFamily {
			t.Errorf("%q: want trafficking, for the family: %+v, %v", q, a, ok)
		}
	}
	// Made to scam by a company that took the passport, typed without
	// marks: no steps at all before; a company taking the passport to apply
	// for the visa is a question, not a danger.
	if a, ok := c.Check("toi o lao, cong ty lay ho chieu, bat lam lua dao qua mang, toi muon ve", ""); !ok || a.Category != "trafficking" || a.Country != "LA" {
		t.Errorf("made to scam in Laos: want trafficking in LA: %+v, %v", a, ok)
	}
	if a, ok := c.Check("cty lấy hộ chiếu để làm visa có đúng không", ""); ok {
		t.Errorf("a company taking the passport for the visa read as danger: %+v", a)
	}
	// Where the relative a family writes about is.
	for q, want := range map[string]string{
		"anh trai em di lam o dai loan, nghe noi bi tai nan chet roi": "TW",
		"My son died in a factory accident in Japan":                  "JP",
		"Con tôi muốn đi Nhật làm việc thì cần gì":                    "",
		"em đang ở Hàn, chủ nợ lương 3 tháng":                         "",
		"ba em di lam o dubai 1 nam nay, 3 thang ko gui tien ve":      "AE",
		"My husband worked in Qatar. He died in a car accident":       "QA",
		"Chị gái tôi làm giúp việc ở Ả Rập Xê Út, bị chủ đánh":        "SA",
		// The country qualifies someone; the relative is in Vietnam.
		"con gai toi 17 tuoi muon lay chong dai loan, nha dong y thi co dc ko":                         "",
		"My niece is 17. A Chinese family will pay 80 million to marry her, we only need to bring her": "",
		"Em trai tôi 16 tuổi, có người rủ đi làm ở Malaysia lương cao":                                 "",
		"ck e di han lam 3 nam, mat lien lac 2 thang nay, cty noi anh ay bo tron":                      "KR",
		"Em gái tôi định qua Đài Loan làm, có cần học tiếng không":                                     "",
		// The husband's mother is no husband abroad (fifth audit).
		"Mẹ chồng tôi ở Đài Loan bắt tôi làm ở xưởng của nhà không trả lương": "",
		"Chồng tôi ở Đài Loan không gửi tiền về 3 tháng nay":                  "TW",
		"vo e lam giup viec o dubai, bi chu lay dien thoai":                   "AE",
		// Back in Vietnam: a survivor's family is no family abroad.
		"chị tôi bị bán qua Trung Quốc, giờ trốn về được rồi, nhà nước có hỗ trợ gì không": "",
	} {
		if got := c.RelativeAbroad(q); got != want {
			t.Errorf("RelativeAbroad(%q) = %q, want %q", q, got, want)
		}
	}
	// A maid whose employer took her phone: control, as with a passport.
	if a, ok := c.Check("em lam giup viec o qatar, ba chu lay dien thoai cua em, em chi muon ve nha", ""); !ok || a.Category != "held" || a.Country != "QA" {
		t.Errorf("an employer taking a maid's phone: %+v, %v; want held in QA", a, ok)
	}
	a, ok = c.Check("I want to kill myself. I owe 200 million for going to Japan and they sent me home after 2 months.", "")
	r := c.Reply(a, "en")
	if v := values(r); !ok || a.Category != "self_harm" || !slices.Contains(v, "115") || !slices.Contains(v, "119") || len(v) == 0 || (v[0] != "115" && v[0] != "113") {
		t.Errorf("sent home from Japan: %+v, %v, %v; want self-harm with Vietnam's numbers first, then Japan's 119", a, ok, v)
	}
}

// TestFifthAuditCues: the fifth audit's misses and false alarms.
func TestFifthAuditCues(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q, country string
		family     bool
	}{
		// Wages owed and the employer gone, the workers left without food.
		{"Bố tôi làm xây dựng ở Kuwait, công ty nợ lương 6 tháng rồi đóng cửa, bố và hơn 20 người Việt bị bỏ lại trong trại không có ăn. Gia đình ở Cần Thơ phải làm gì?", "KW", true},
		// Reported as a runaway.
		{"I from Can Tho, working as driver in Dammam Saudi. Company not pay me 4 month and my visa expire, now they say I am absconder. I am scared police catch me. What I do?", "SA", false},
		// Made to pay to go home; an aunt is family.
		{"I'm worried about my aunt. She went to Oman as a housemaid 8 months ago through a company in Can Tho. Her employer says she must pay 2000 USD if she wants to go home early. She cries every call.", "OM", true},
		// Told not to report a work accident, or be sent home.
		{"Em đang là thực tập sinh ở Aichi, Nhật. Em bị gãy chân khi làm việc, công ty bảo không được khai là tai nạn lao động, nếu khai sẽ cho về nước. Em phải làm sao?", "JP", false},
		// "han" without marks is Korea, not "hắn" (he), and "chủ nhật" is
		// Sunday, not Japan.
		{vitext.ExpandShorthand("e o han theo eps, chu bat lam 16 tieng 1 ngay, ko cho nghi chu nhat, e muon bao cao thi goi so nao"), "KR", false},
	} {
		a, ok := c.Check(tc.q, "")
		if !ok || a.Category != "forced_labour" || a.Country != tc.country || a.ForFamily != tc.family {
			t.Errorf("%q: %+v, %v; want forced_labour in %s, family %v", tc.q, a, ok, tc.country, tc.family)
		}
	}
	checkSafe(t, c,
		"I am Viet Kieu in Canada, I gave up Vietnamese citizenship in 2005. Can I get it back and keep my Canadian passport?",
		"Tôi bị công ty ở Hàn Quốc nợ lương 2 tháng rồi công ty phá sản, tôi có lấy lại được tiền không?",
		"Nếu em nghỉ việc thì công ty sẽ cho về nước phải không?",
	)
	if a, ok := c.Check("The owner of the karaoke bar in Kuala Lumpur forces my sister to sleep with customers", ""); !ok || a.Category != "trafficking" {
		t.Errorf("forced to sleep with customers must be trafficking: %+v, %v", a, ok)
	}
	if a, ok := c.Check("My boss forces me to serve customers in the restaurant from 6am, is that normal?", ""); ok && a.Category == "trafficking" {
		t.Errorf("serving restaurant customers read as trafficking: %+v", a)
	}
	if a, ok := c.Check("My employer in Canada keeps my passport and I cannot leave", ""); !ok || a.Category != "held" {
		t.Errorf("a passport kept by an employer must still be held: %+v, %v", a, ok)
	}
}

// checkSafe fails t for each of questions c reads as danger.
func checkSafe(t *testing.T, c *Checker, questions ...string) {
	t.Helper()
	for _, q := range questions {
		if a, ok := c.Check(q, ""); ok {
			t.Errorf("%q read as danger: %+v", q, a)
		}
	}
}

// alertCase is a message in danger and how it must be read.
type alertCase struct {
	q, category, country string
	family               bool // the steps speak to a family writing
}

// checkAlerts fails t for each case c does not read as its category and
// country, for the person it names.
func checkAlerts(t *testing.T, c *Checker, cases []alertCase) {
	t.Helper()
	for _, tc := range cases {
		a, ok := c.Check(tc.q, "")
		if !ok || a.Category != tc.category || a.Country != tc.country || a.ForFamily != tc.family {
			t.Errorf("%q: %+v, %v; want %s in %s, family %v", tc.q, a, ok, tc.category, tc.country, tc.family)
		}
	}
}

// TestSeventhAuditCues: the seventh audit's people in danger who got no
// steps, and what must stay a question.
func TestSeventhAuditCues(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	checkAlerts(t, c, []alertCase{
		// "Agent take passport", without "my".
		{"help me please I work in electronics factory in Penang. Agent take passport, cut my salary for levy and hostel, I get only 300 ringgit. I want go back Vietnam, will I must pay compensation?", "held", "MY", false},
		// Made to work to pay a debt; a wife's cousin is family.
		{"My wife's cousin went to Taiwan with a broker who promised factory job, now they make her work in a karaoke and say she owes 200 million dong. Family is in Can Tho. What should we do and who in Taiwan can help her?", "forced_labour", "TW", true},
		// Made to sign a worse contract under a threat.
		{"I am father of a worker. My son in Malaysia say the company make him sign new contract with lower salary or they cancel his work permit. He is scared. What to do, who to call in Kuala Lumpur?", "forced_labour", "MY", true},
		// A wife writing about her husband who works abroad is family; a
		// wife whose husband beats her is the one in danger.
		{"ck e lam tho han o abu dhabi, công ty giu ho chieu 4 thang không tra luong, ck muon ve. e o thot not, e phai lam gi", "held", "AE", true},
		{"chồng em đi nhậu về đánh em, em đang ở Đài Loan, em phải làm sao", "domestic_violence", "TW", false},
		// A worker beaten by the boss is abused at work, not at home.
		{"Tôi làm ở Hàn theo EPS, bị chủ chửi và đánh. Tôi muốn chuyển xưởng thì có được không, phải làm ở đâu?", "forced_labour", "KR", false},
		// Made to work without sleep, and groped, in a long story.
		{"Mẹ tôi 55 tuổi đi giúp việc ở Đài Loan, bị chủ bắt chăm 2 người già, không cho ngủ đủ, còn sàm sỡ. Mẹ tôi muốn đổi chủ thì gọi số nào?", "forced_labour", "TW", true},
	})
	checkSafe(t, c,
		"Can the company make me pay back the service fee if I come home early?",
		"Công ty bắt ký hợp đồng mới khi gia hạn thì có đúng luật không?",
		"My boss did not pay me for overtime last month, how do I calculate it?",
	)
}

// TestEighthAuditCues: the eighth audit's people in danger who got no
// steps or steps for the wrong person, in wordings other than the
// seventh's, and what must stay a question.
func TestEighthAuditCues(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	checkAlerts(t, c, []alertCase{
		// The boss "took" the husband's passport and returns it only at the end.
		{"ck e di han theo eps, chu lay passport cua ck roi noi khi nao het hop dong moi tra, ck e co bi sao ko, e o vinh thanh thi lam gi dc", "held", "KR", true},
		// A new contract with less pay, or be sent home.
		{"I'm in Taichung factory. Broker say if I not sign the new contract with less salary he will send me back to Vietnam. Can he do that? Who I call in Taiwan?", "forced_labour", "TW", false},
		// "touch her body" in broken English.
		{"My wife went to Japan as intern, now she call me crying, the supervisor touch her body and the union say if she complain she go home. What can she do? I am in Can Tho", "forced_labour", "JP", true},
		// A maid beaten by the family she works for, in one breath of voice text.
		{"chị ơi cho em hỏi em đang ở bên ả rập làm giúp việc chủ nhà không cho em ăn đủ bữa còn đánh em nữa em muốn về nước thì gọi số nào ạ", "forced_labour", "SA", false},
		// "my 17 year old sister" is a family writing, told to keep the child home.
		{"A man on Facebook offers my 17 year old sister a job in a casino in Cambodia, 1500 USD a month, free ticket, and he says don't tell our parents. Is this safe and what should we do?", "trafficking", "", true},
		// A wife in Vietnam writing about her husband stranded abroad is family…
		{"my husband stuck in Kuwait, company closed, no salary no food, his visa finish. I'm in Can Tho with kids. who can bring him home?", "forced_labour", "KW", true},
		// …a wife abused by her husband and his mother abroad is the one in danger.
		{"me chong voi ck e o han chui e suot, ko cho e cam tien, ko cho di lam, vay e co phai bi bao luc ko, e goi so nao", "domestic_violence", "KR", false},
	})
	// Near the border may still be in Vietnam: both countries' police.
	a, ok := c.Check("Cháu tôi 15 tuổi bỏ nhà đi theo một người đàn ông quen qua mạng, nhắn tin nói đang ở gần biên giới Trung Quốc. Gia đình ở Phong Điền phải báo ở đâu ngay?", "")
	if !ok || a.Country != "CN" || !a.AlsoVN {
		t.Errorf("a girl near the Chinese border: %+v, %v; want China with Vietnam's numbers too", a, ok)
	}
	checkSafe(t, c,
		"Công ty lấy hộ chiếu của em đi làm visa rồi, bao lâu thì có?",
		"Will they send me home if I fail the health check?",
		"My new contract has a lower salary than the first one, is that normal for the second year?",
		"Can my employer take my passport to renew my visa?",
		// Unmarked "gia" after a contract is a family, not "giả" (fake).
		"chong toi mat o Dai Loan khi dang di lam theo hop dong, gia dinh duoc quy ho tro bao nhieu?",
		"visa gia han duoc bao lau",
		// Words of their own: a list, "mandatory", the papers to keep or bring.
		"Đi Đài Loan phải qua công ty licensed, danh sách đó do cơ quan nào đăng?",
		"Công ty xuất khẩu lao động có bắt buộc ký hợp đồng giấy với tôi không hay chỉ thỏa thuận miệng?",
		"ve nuoc muon nhan lai tien ky quy thi can giu nhung giay to gi",
		"di dai su quan dang ky khai sinh cho con thi phai mang giay to tuy than gi",
	)
}

// TestNinthAuditCues: the ninth audit's people in danger who got the
// wrong steps or none.
func TestNinthAuditCues(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	checkAlerts(t, c, []alertCase{
		// Money paid to a broker to go, still at home: fraud, not forced
		// labour in Japan ("không bắt máy" is not "bắt", forced).
		{"con chị đóng cho một người cò 120 triệu để đi nhật mà giờ gần một năm rồi không đi được người đó cũng không trả tiền gọi thì không bắt máy", "broker_fraud", "", false},
		{"e bi 1 chi tren fb lua 35tr noi di lam o dai loan, chuyen khoan xong chi ay block e luon", "broker_fraud", "", false},
		// Stranded in Dubai, the agent gone.
		{"i came dubai with tourist visa, agent say will change to work visa later, now agent gone, i have no money", "forced_labour", "AE", false},
		// A volunteer teacher reporting a 16-year-old sent a bus ticket.
		{"I'm a volunteer teaching English. One of my students (she's 16) told me a man online sent her a bus ticket to go work at a karaoke in Cambodia", "trafficking", "", true},
		// The husband, not the wife writing, speaks of dying.
		{"ck e di qatar lam xay dung, bi cty giu ho chieu, toi qua ck e goi ve noi muon chet cho xong. e phai lam gi", "self_harm", "QA", true},
		{"My husband works in Saudi Arabia, last night he said he wants to die", "self_harm", "SA", true},
		// "bị bán." then "Nhà tôi": no "bán nhà" (selling a house) across
		// the sentence's end.
		{"chau gai toi 17 tuoi bi dua qua trung quoc noi lay chong giau, gio no goi ve khoc noi bi ban. nha toi bao cong an o dau", "trafficking", "CN", true},
		// The wife herself: her own steps.
		{"chồng em đi làm xa, em ở Đài Loan một mình, em chán quá muốn chết", "self_harm", "TW", false},
	})
	a, _ := c.Check("ck e di qatar lam xay dung, toi qua ck e goi ve noi muon chet cho xong", "")
	if r := c.Reply(a, "vi"); !slices.Contains(values(r), "+974 77088920") || !strings.Contains(strings.Join(r.Steps, " "), "người thân") {
		t.Errorf("a husband in Qatar speaking of dying: the family's steps and the embassy in Qatar, got %q %v", r.Steps, values(r))
	}
	// A family writing about a relative abroad gets the police there
	// first, then Vietnam's 113 for their own report at home.
	if a, ok := c.Check("Em gái tôi sang Campuchia làm việc nhẹ lương cao, bị nhốt, bị đánh, bọn nó đòi nhà tôi chuộc 5000 đô", ""); !ok || !a.ForFamily {
		t.Errorf("a sister held in Cambodia: %+v, %v; want a family writing", a, ok)
	} else if vs := values(c.Reply(a, "vi")); slices.Index(vs, "117") < 0 || slices.Index(vs, "113") < slices.Index(vs, "117") {
		t.Errorf("a family writing about a sister held in Cambodia: numbers %v, want Cambodia's 117 then Vietnam's 113", vs)
	}
	// Asking whether she will be sent home is no saying she is home.
	if a, ok := c.Check("chong han danh em hoai, ho giu ho chieu cua em. neu ly hon thi em co bi duoi ve ko, co o lai han dc ko", ""); !ok || a.Country != "KR" || a.AlsoVN {
		t.Errorf("a bride in Korea asking whether she will be sent home: %+v, %v; want Korea without Vietnam's numbers", a, ok)
	}
	if a, _ := c.Check("One of my students (she's 16) told me a man online sent her a bus ticket", ""); !a.Lured || !a.Minor {
		t.Errorf("a 16-year-old sent a ticket: %+v; want a child being lured", a)
	}
	checkSafe(t, c,
		"Where can I volunteer to help trafficking survivors in Can Tho?",
		"gọi tổng đài mà không ai bắt máy thì làm sao",
		// A rule for anyone, not a relative missing.
		"Gia đình ai được đứng ra xin hỗ trợ khi người lao động mất tích?",
		// "bam so" is pressing a number, not "bầm", a bruise.
		"em lam o kuwait, ban cung phong bi dau nang can goi xe cap cuu thi bam so may",
	)
}

// TestTenthAuditCues: the tenth audit's people in danger who got no
// steps or a wife's: a comma does not join two words into an idiom ("bị
// đánh, gia đình" is not "đánh giá", an assessment), and a relative beaten
// where they work abroad is a worker abused, not a beaten wife.
func TestTenthAuditCues(t *testing.T) {
	c := load(t)
	checkAlerts(t, c, []alertCase{
		{"chú tôi đi làm ở Ả Rập bị đánh, gia đình phải làm gì", "forced_labour", "SA", true},
		{"my uncle working in Saudi Arabia was beaten, what can we do", "forced_labour", "SA", true},
		// A husband who beats is domestic violence, whoever works.
		{"chồng em đi làm về là em bị đánh", "domestic_violence", "", false},
		{"em đi làm ở Hàn, về nhà bị chồng say rượu đánh", "domestic_violence", "KR", false},
		// A husband beaten and unpaid at work is a worker abused.
		{"ck bi danh o cong truong, chu khong tra luong", "forced_labour", "", false},
	})
	checkSafe(t, c,
		// The idiom itself still masks its words.
		"công ty xkld này được đánh giá tốt không",
		"đi làm ở Nhật thì được đánh giá tay nghề thế nào",
		// A child's school trip names no work.
		"con tôi 16 tuổi đi du lịch Campuchia với trường có cần hộ chiếu không",
		// Stuck, or short of money for the trip home, alone is no danger.
		"bị kẹt ở sân bay vì hoãn chuyến thì làm sao",
		"tôi không có tiền về nước ăn tết",
	)
	// Stranded abroad with no money to come home: the worker's steps and
	// the country's numbers (it got no steps).
	checkAlerts(t, c, []alertCase{
		{"không có tiền về nước, đang kẹt ở Dubai, visa du lịch hết hạn", "forced_labour", "AE", false},
		{"I am stuck in Dubai, no money to go home", "forced_labour", "AE", false},
		// A bride made to work off the wedding's cost by her husband's
		// family (no steps, and Taiwan's customs quoted).
		{"em qua Đài Loan lấy chồng, nhà chồng bắt đi làm trả nợ tiền cưới", "domestic_violence", "TW", false},
	})
	// A survivor home in Cần Thơ gets the steps for one back in Vietnam,
	// not China's police and a rescue.
	if a, ok := c.Check("I was trafficked to China, escaped, now back in Can Tho, what help can I get?", ""); !ok || !a.Returned {
		t.Errorf("a survivor back in Can Tho: %+v, %v; want the steps for one returned", a, ok)
	}
	// A child offered work in a scam-compound country is being lured (it
	// was handed off with no steps): the steps keep her at home.
	for _, q := range []string{
		"co nguoi rủ con gai toi 16 tuoi qua campuchia lam nha hang luong 20 trieu, co nen cho di khong",
		"my daughter is 16, a man offers her a job in Cambodia with high salary",
	} {
		if a, ok := c.Check(q, ""); !ok || a.Category != "trafficking" || !a.Lured || !a.Minor {
			t.Errorf("%q: %+v, %v; want a child being lured (trafficking)", q, a, ok)
		}
	}
}

// TestMarriedAwayAndLostContact: a sister who went abroad to marry and
// lost contact is a relative missing, whatever the wait; a question about
// the marriage registration that names no contact lost is no danger
// (fourth fresh gap set: the family asking where to report got no steps).
func TestMarriedAwayAndLostContact(t *testing.T) {
	c := load(t)
	checkAlerts(t, c, []alertCase{
		{"em gai toi sang Trung Quoc lay chong roi mat lien lac, gia dinh di trinh bao o dau", "missing", "CN", true},
		{"My cousin married a Korean man last year and we lost contact with her", "missing", "KR", true},
	})
	checkSafe(t, c,
		"đăng ký kết hôn với người nước ngoài nộp hồ sơ xong thì bao lâu có kết quả",
		"my wife is Vietnamese, how do we register our marriage in Can Tho",
	)
}

// TestTraffickingSurvivorBackHome: a person trafficked who escaped back
// to Vietnam is told where to report and what support the law gives, with
// Vietnam's numbers, not to ask for a rescue in the country she left
// (fourth fresh gap set: "trốn về" got China's 110 and the rescue steps).
func TestTraffickingSurvivorBackHome(t *testing.T) {
	c := load(t)
	for _, tt := range []struct {
		q, lang, step string
		family        bool
	}{
		{"người bị bán qua TQ trốn về được thì nhà nước hỗ trợ những gì", "vi", "trợ cấp khó khăn ban đầu", false},
		{"My sister was trafficked to China but she escaped back to Vietnam last month. What help can she get?", "en", "commune or ward police", true},
	} {
		a, ok := c.Check(tt.q, "")
		if !ok || a.Category != "trafficking" || !a.Returned || a.ForFamily != tt.family {
			t.Errorf("%q: %+v, %v; want trafficking, returned, family %v", tt.q, a, ok, tt.family)
			continue
		}
		r := c.Reply(a, tt.lang)
		if steps := strings.Join(r.Steps, " "); !strings.Contains(steps, tt.step) || strings.Contains(steps, "giải cứu") || strings.Contains(steps, "rescue") {
			t.Errorf("%q: steps %q; want a survivor's steps at home with %q", tt.q, r.Steps, tt.step)
		}
		if vs := values(r); len(vs) == 0 || vs[0] != "113" || slices.Contains(vs, "110") {
			t.Errorf("%q: numbers %v; want Vietnam's 113 first and not China's 110", tt.q, vs)
		}
	}
	// Still there: the rescue steps.
	if a, ok := c.Check("em bị bán qua Trung Quốc, bị nhốt trong nhà, cứu em", ""); !ok || a.Returned {
		t.Errorf("a woman still held in China: %+v, %v; want an alert, not returned", a, ok)
	}
}

// TestStepsForAFamilyWriting: a relative writing about someone in danger
// gets steps addressed to the family, with the same numbers; the person
// in danger writing gets their own.
func TestStepsForAFamilyWriting(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for msg, family := range map[string]bool{
		"Con trai tôi làm ở nhà máy bên Malaysia, chủ giữ hộ chiếu, 4 tháng chưa trả lương": true,
		"My sister is a housemaid in Riyadh and her employer locked her in the house":       true,
		"chủ giữ hộ chiếu của em ở Malaysia, em phải làm sao":                               false,
	} {
		a, ok := c.Check(msg, "")
		if !ok || a.ForFamily != family {
			t.Errorf("%q: %+v, %v; want a family writing: %v", msg, a, ok, family)
			continue
		}
		steps := strings.Join(c.Reply(a, "vi").Steps, " ") + strings.Join(c.Reply(a, "en").Steps, " ")
		if family != (strings.Contains(steps, "người thân") && strings.Contains(steps, "relative")) {
			t.Errorf("%q: steps %q; addressed to the family: want %v", msg, steps, family)
		}
	}
}

// TestTraffickingStepsForTheVictim: a woman who writes that she was
// bought is told to call the police where she is, and that she is a
// victim; her mother-in-law is no relative writing for her. A family
// writing gets the steps for the family.
func TestTraffickingStepsForTheVictim(t *testing.T) {
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for msg, family := range map[string]bool{
		"I'm Vietnamese woman in Taichung. My mother-in-law hit me and said I was bought. I want to leave but my ARC is with them.": false,
		"Con gái tôi bị dụ sang Trung Quốc rồi bị bán cho một gia đình ở đó":                                                        true,
	} {
		a, ok := c.Check(msg, "")
		if !ok || a.Category != "trafficking" || a.ForFamily != family {
			t.Errorf("%q: %+v, %v; want trafficking, a family writing: %v", msg, a, ok, family)
			continue
		}
		steps := strings.Join(c.Reply(a, "en").Steps, " ")
		if family != strings.Contains(steps, "where the person is now") || !family && !strings.Contains(steps, "where you are now") {
			t.Errorf("%q: steps %q; addressed to the family: want %v", msg, steps, family)
		}
	}
}

// values are the numbers of a reply, in order.
func values(r Reply) []string {
	var out []string
	for _, ct := range r.Contacts {
		out = append(out, ct.Value)
	}
	return out
}

// TestStepsFileErrors: a steps file with a mistyped placeholder, family
// steps for no category or in one language only, or no default mission is
// refused with what to fix; the knowledge base's own file loads.
func TestStepsFileErrors(t *testing.T) {
	base := fstest.MapFS{}
	for _, name := range []string{"safety-lexicon.tsv", "safety-countries.tsv", "contacts.yaml", "safety-steps.yaml"} {
		data, err := fs.ReadFile(knowledge.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: data}
	}
	if _, err := Load(base); err != nil {
		t.Fatalf("the knowledge base's steps: %v", err)
	}
	steps := string(base["safety-steps.yaml"].Data)
	for _, tc := range []struct{ name, old, new, want string }{
		{"typo", "hoặc {mission} để được hỗ trợ", "hoặc {misson} để được hỗ trợ", "unknown placeholder {misson}"},
		{"no category", "family_steps:\n  trafficking:", "family_steps:\n  kidnap:", `family_steps "kidnap"`},
		{"no default", "  default:\n    vi: đại sứ quán Việt Nam", "  default:\n    vi: \"\"", "no default vi name"},
		{"no lured steps", "lured_steps:\n  self:", "lured_steps:\n  child:", "lured_steps: want self steps in vi and en"},
		{"adult steps in one language", "  adult_self:\n    vi:", "  adult_self:\n    vx:", "want adult_self steps in both vi and en"},
		{"no survivor steps", "returned_steps:\n  self:", "returned_steps:\n  survivor:", "returned_steps: want self steps in vi and en"},
		{"no search words", "search:\n  trafficking:", "search:\n  kidnap:", "no vi search words for trafficking"},
	} {
		if !strings.Contains(steps, tc.old) {
			t.Fatalf("%s: the steps file no longer holds %q", tc.name, tc.old)
		}
		bad := maps.Clone(base)
		bad["safety-steps.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(steps, tc.old, tc.new, 1))}
		if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestEleventhAuditCues: the eleventh audit's people in danger who got no
// steps or the steps for someone else, and what must stay a question.
func TestEleventhAuditCues(t *testing.T) {
	c := load(t)
	checkAlerts(t, c, []alertCase{
		// "sếp" (the boss) typed without marks: an intern harassed got no
		// steps.
		{"toi la tts o nhat, bi sep quay roi tinh duc, em so khong dam noi", "forced_labour", "JP", false},
		// Her husband's family is not a husband abroad: the wife got the
		// steps for a relative.
		{"my husband's family in Korea took my ARC card and passport, I want divorce", "held", "KR", false},
		{"my husband works in Korea, his boss keeps his passport", "held", "KR", true},
		// A bride thrown out of the house got no steps.
		{"chị tôi lấy chồng Hàn, giờ bị đuổi ra khỏi nhà, visa F6 sắp hết hạn, chị phải làm sao", "domestic_violence", "KR", true},
		{"ck em người Đài đuổi em ra khỏi nhà, em không có tiền", "domestic_violence", "TW", false},
	})
	// A child whose papers are to be forged to an adult's age is being
	// lured (no steps): not to go, and the child protection line.
	a, ok := c.Check("em 17 tuoi co nguoi hua cho di han lam, lam giay to gia thanh 19 tuoi", "")
	if !ok || a.Category != "trafficking" || !a.Minor || !a.Lured {
		t.Errorf("a child's papers forged to go abroad: %+v, %v; want a child lured", a, ok)
	}
	// The second batch: a counsellor writing of the caller's daughter; a
	// threat to post intimate photos; a bride starved by her in-laws.
	checkAlerts(t, c, []alertCase{
		{"Caller says her daughter married a Chinese man through a broker and now the husband's family sells her to another man. What should the counsellor tell her?", "trafficking", "CN", true},
		{"tôi bị người yêu cũ người Hàn dọa tung ảnh nóng, tôi sợ quá", "domestic_violence", "KR", false},
		{"my ex boyfriend threatens to post my photos online", "domestic_violence", "", false},
		{"mẹ chồng bên Đài Loan bắt em làm việc nhà từ sáng tới khuya, không cho ăn đủ", "domestic_violence", "TW", false},
	})
	// A caller in Cần Thơ whose Korean husband went home: Vietnam's
	// numbers too (Korea's alone before).
	if a, ok := c.Check("A woman called: she is in Cần Thơ, her Korean husband beat her during his visit and went back to Korea. What can she do?", ""); !ok || a.Category != "domestic_violence" || !a.AlsoVN {
		t.Errorf("a caller in Cần Thơ: %+v, %v; want Vietnam's numbers too", a, ok)
	}
	// The fifth batch: groped at the company, the company named after
	// (no steps).
	checkAlerts(t, c, []alertCase{
		{"tôi bị ép uống rượu và bị sàm sỡ ở công ty bên Hàn, quản lý là người Việt", "forced_labour", "KR", false},
	})
	// The sixth batch: a wife forced to end a pregnancy (handed off).
	checkAlerts(t, c, []alertCase{
		{"em đang mang thai mà chồng Hàn bắt phá thai, em không muốn", "domestic_violence", "KR", false},
		{"my husband forces me to have an abortion", "domestic_violence", "", false},
	})
	// The seventh batch, a 1088 counsellor's words: a relative held for
	// money, a husband who has not called, a niece of 16 promised a job
	// (no steps for any).
	checkAlerts(t, c, []alertCase{
		{"Caller's brother is held by a company in Myanmar, they ask 8000 USD to release him. What do we tell the family?", "trafficking", "MM", true},
		{"The caller says her husband in Japan has not called for two months and the company does not answer.", "missing", "JP", true},
	})
	if a, ok := c.Check("Caller's niece, 16, was promised a job in Malaysia by a woman from the market; she leaves next week.", ""); !ok || a.Category != "trafficking" || !a.Minor || !a.Lured || !a.ForFamily {
		t.Errorf("a niece of 16 promised a job abroad: %+v, %v; want a child lured, steps for the family", a, ok)
	}
	// A relative leaving next week is not there yet.
	if got := c.RelativeAbroad("Caller's niece, 16, was promised a job in Malaysia by a woman from the market; she leaves next week."); got != "" {
		t.Errorf("a niece leaving next week is abroad in %q, want at home", got)
	}
	// A caller who is the victim is not her family.
	if a, ok := c.Check("Caller says her husband in Korea beats her every night", ""); !ok || a.ForFamily {
		t.Errorf("a caller beaten by her husband: %+v, %v; want her own steps", a, ok)
	}
	if a, ok := c.Check("the agency in Malaysia asks 500 ringgit to release my passport", ""); ok && a.Category == "trafficking" {
		t.Errorf("a fee to release a passport: %+v; want no trafficking", a)
	}
	checkSafe(t, c,
		"bị công ty tài chính quấy rối đòi nợ qua điện thoại thì làm sao",
		"my son 16 got a job at the bakery near our house",
		"phá thai ở Cần Thơ ở đâu an toàn",
		"tôi cầm điện thoại đăng ảnh hộ chiếu lên cổng dịch vụ công được không",
		"chồng em muốn bỏ thai vì nghèo, em nên làm sao",
		"đăng ảnh hộ chiếu lên cổng dịch vụ công thì có sao không",
		"chủ nhà trọ đuổi ra khỏi nhà vì chưa đóng tiền, tôi làm sao",
		"sếp giao việc nhiều quá, tôi muốn đổi chỗ làm ở Nhật",
		"con tôi 16 tuổi làm lại giấy khai sinh ở đâu",
		"bị đuổi ra khỏi nhà trọ ở Đài Loan thì tìm chỗ ở đâu",
	)
}

// The twelfth audit: what the eleventh left, and a new batch of messages.
func TestTwelfthAuditCues(t *testing.T) {
	c := load(t)
	checkAlerts(t, c, []alertCase{
		// A husband asking for his wife, beaten by someone else: the steps
		// told him to get to a safe place.
		{"I'm Australian. My wife lives in Can Tho and her ex-boyfriend keeps beating her when I'm away. What can she do?", "domestic_violence", "VN", true},
		{"vợ tôi bị chồng cũ đánh ở Cần Thơ, tôi đang ở Úc, phải làm sao", "domestic_violence", "VN", true},
		// The wife herself, and a wife who beats her husband, stay the
		// writer's own.
		{"my husband beats me and his mother hits me too", "domestic_violence", "", false},
		// A relative's own country is not where the danger is, unless no
		// other is named.
		{"em gái tôi bị chủ giữ hộ chiếu ở Malaysia, tôi đang ở Hàn Quốc, giúp tôi với", "held", "MY", true},
		{"my sister's boss took her passport, I'm in Korea and cannot reach her", "held", "KR", true},
	})
	// The new batches, with shorthand spelled out as the service does
	// ("ko", "ck"): each got no steps, or the wrong ones.
	checkAlerts(t, c, expanded([]alertCase{
		{"Tôi nghĩ mình là gánh nặng. Qua Đài 2 năm chưa gửi về được đồng nào, nhiều đêm tôi đứng ở ban công ký túc xá lâu lắm", "self_harm", "TW", false},
		// Cần Thơ's bridge, a husband in Taiwan: Vietnam's numbers.
		{"mấy đêm nay mình chỉ nghĩ tới chuyện nhảy cầu Cần Thơ cho xong, chồng bên Đài bỏ rồi, con không được nuôi", "self_harm", "VN", false},
		{"ck TQ đánh e, ko cho ra ngoài", "domestic_violence", "CN", false},
		{"em dang o Saudi lam housemaid madam ko cho an du va khoa cua phong tu 10pm, em muon ve nha nhung agency noi phai tra 3000 USD", "forced_labour", "SA", false},
		{"They took my phone and I can only text at night. I'm in a building near Myawaddy with many Vietnamese, we have to scam people online, they beat those who don't reach targets.", "trafficking", "MM", false},
		// "em trai ổng" is her husband's brother, not her family.
		{"Tôi là cô dâu Việt ở Trung Quốc, chồng mất rồi, nhà chồng giữ giấy tờ của tôi và bắt tôi lấy em trai ổng", "held", "CN", false},
		{"Chị tôi lấy chồng Nhật qua mai mối, sang đó mới biết ổng đã có vợ, giờ ổng bắt chị làm ở quán bar không lương", "trafficking", "JP", true},
		{"Bạn thân mình đi Rumani làm xây dựng qua cty ở SG, tới nơi ko có việc, chủ bỏ trốn, 20 người ở ký túc ko tiền ăn, visa sắp hết", "forced_labour", "RO", true},
		{"Tui là mẹ, con tui đi Đài qua 2 năm, tháng rồi gọi về khóc nói ông chủ sờ mó, nó muốn đổi chủ mà môi giới không cho", "forced_labour", "TW", true},
		{"Chồng tôi đi tàu cá Đài Loan, thuyền trưởng đánh thuyền viên, 8 tháng chưa về bờ, mới nhắn được qua wifi lúc tàu tiếp tế", "forced_labour", "TW", true},
		{"Con trai tôi đi Nhật thực tập rồi bỏ trốn, 3 năm nay không gọi về lần nào, tôi già rồi chỉ muốn biết nó còn sống không", "missing", "JP", true},
		{"Tôi là anh ruột. Em gái tôi lấy chồng Hàn được 1 năm, nay nó nhắn 'anh ơi đừng gọi, ổng coi điện thoại em' rồi xóa tin nhắn luôn.", "domestic_violence", "KR", true},
		{"Em trai tôi đi Nga làm may, 2 tháng nay không liên lạc được, số điện thoại bị khóa", "missing", "RU", true},
		// A missing person does not write: the family does.
		{"mất liên lạc vk bên Malay 1 tuần", "missing", "MY", true},
		{"my gf from can tho went to laos for a casino job as 'receptionist', now she says she cant leave until she pays a 'training fee' 5000usd, she sounds scared", "forced_labour", "LA", true},
		{"chi gai e 22t qua TQ du lich voi 1 ba co quen o cho, 10 ngay chua ve, dt tat may", "missing", "CN", true},
		{"i'm in malaysia, got fired after i hurt my back, boss says i pay my own flight home, i keep thinking about jumping from the hostel roof", "self_harm", "MY", false},
		{"My brother took a job in Saudi through a licensed company. He says passports are kept by the employer, which is 'normal there'. He's not complaining otherwise. Should we worry?", "held", "SA", true},
		{"Counsellor note: caller's husband in Saudi Arabia (construction) hasn't been paid for 4 months, company housing cut water, 30 Vietnamese workers in the same situation, they want to go home.", "forced_labour", "SA", true},
		{"Caller's nephew, an intern in Japan, was injured at work; company told him not to see a doctor and not to report it, threatening to send him home.", "forced_labour", "JP", true},
		{"Tư vấn viên ghi: người gọi là bạn học, kể cô bạn ở Đức du học nghề nhắn 'mình mệt quá, chắc không ai nhớ nếu mình biến mất', sau đó không trả lời 2 ngày", "self_harm", "DE", true},
		{"Caller (friend) says a woman from Cần Thơ texted from a karaoke in Nanning: 'they took my passport, please don't call, only text'.", "held", "CN", true},
	}))
	// Children being lured, not yet gone: "17t", "rủ qua", a matchmaker.
	for _, q := range []string{
		"e 17t, co ng hua dua qua TQ lay chong giau, nha e no nhieu, me e dong y roi",
		"em 16t dc ng ta rủ qua TQ làm nhà máy lương 15tr bao ăn ở, có nên đi ko",
		"Con gái tôi mới 15 tuổi, có bà mối dẫn nhà trai bên Trung Quốc xuống đòi cưới gấp, hứa đưa 50 triệu. Tôi có nên đồng ý không?",
		"I'm Korean. My wife's cousin (17) in Can Tho says a Korean matchmaking agency will take her to Korea if she lies about her age. Is that legal?",
	} {
		if a, ok := c.Check(vitext.ExpandShorthand(q), ""); !ok || a.Category != "trafficking" || !a.Lured || a.Country != "" {
			t.Errorf("%q: %+v, %v; want a child being lured, Vietnam's numbers", q, a, ok)
		}
	}
	checkSafe(t, c,
		"Có phim nào nói về cô dâu Việt lấy chồng Hàn bị bạo hành không, tôi cần để làm bài thuyết trình",
		"coi phim han ve co dau viet bi chong danh, ngoai doi co nhieu vay ko",
		"Con tôi hỏi 'buôn người' tiếng Anh là gì, khác 'đưa người qua biên giới trái phép' thế nào?",
		vitext.ExpandShorthand("giữ hộ chiếu hộ bạn có sao ko"),
		// Not a wait: this year's Tết.
		"năm nay con chưa về ăn Tết được, con không gọi về nhiều",
	)
	// Adults being lured, not yet gone: the adult's steps (the licensed
	// list, not parents and teachers), Vietnam's numbers. Someone already
	// held is a rescue.
	for q, family := range map[string]bool{
		"ban e dc 1 chi tren fb ru qua campuchia lam sale online luong 1500 do bao an o, co ve may bay luon, mai no di roi":                                        true,
		"My sister was promised a waitress job in Dubai, the agent paid her ticket and says she'll sign the contract when she arrives. She flies next week.":       true,
		"A man I met online in Korea wants me to fly to Seoul to 'visit' then marry, he'll send the ticket but says don't tell my family.":                         false,
		"Bạn tôi nhận lời mời làm kỹ sư IT ở Thái Lan lương 2000 USD, bên tuyển dụng nói bay tới Bangkok rồi đi xe lên Mae Sot làm, không cần phỏng vấn kỹ thuật.": true,
		"Em là sinh viên năm 2 ở Cần Thơ, có chị quen giới thiệu đi Nhật làm 'người mẫu ảnh' 3 tháng, bên đó lo hết, chỉ cần gửi ảnh mặc bikini trước để duyệt":    false,
	} {
		a, ok := c.Check(vitext.ExpandShorthand(q), "")
		if !ok || !a.Lured || a.Minor || a.Country != "" || a.ForFamily != family {
			t.Errorf("%q: %+v, %v; want an adult being lured, family %v", q, a, ok, family)
			continue
		}
		lang := "vi"
		if vitext.DetectLang(q) == "en" {
			lang = "en"
		}
		if r := c.Reply(a, lang); len(r.Steps) == 0 || !strings.Contains(r.Steps[1], "dolab.gov.vn") || !slices.Contains(values(r), "113") {
			t.Errorf("%q: steps %q, numbers %v; want the licensed list and Vietnam's police", q, r.Steps, values(r))
		}
	}
	if a, _ := c.Check("Chị tôi sang Campuchia làm nhà hàng, bao ăn ở, có vé máy bay, giờ bị giữ hộ chiếu không cho về", ""); a.Lured {
		t.Errorf("a sister already held in Cambodia is no lure: %+v", a)
	}
	// A locked door alone stays held; a husband's blow makes it violence.
	if a, ok := c.Check("help me please they lock me in room in Dubai", ""); !ok || a.Category != "held" {
		t.Errorf("locked in by others: %+v, %v; want held", a, ok)
	}
}

// expanded is cases with their messages' shorthand spelled out, as the
// service reads them (vitext.ExpandShorthand).
func expanded(cases []alertCase) []alertCase {
	out := slices.Clone(cases)
	for i := range out {
		out[i].q = vitext.ExpandShorthand(out[i].q)
	}
	return out
}

// Going on working is not a paper taken: "keep working without papers"
// asks whether to overstay and got the held-passport steps (2026-12-02,
// a training question); a boss who keeps the passport is still held.
func TestKeepWorkingIsNoPassportHeld(t *testing.T) {
	c := load(t)
	checkSafe(t, c,
		"My contract in Japan ends soon. Can I just stay there and keep working without papers?",
		"can I keep on working without papers after my visa ends?",
	)
	checkAlerts(t, c, []alertCase{
		{"my boss keeps my passport and makes me keep working without pay in Dubai", "held", "AE", false},
	})
}
