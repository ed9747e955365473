package knowledge

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/retrieve"
)

func loadDocs(t *testing.T) []corpus.Document {
	t.Helper()
	docs, errs := corpus.Load(FS)
	for _, err := range errs {
		t.Error(err)
	}
	return docs
}

func TestEveryDocumentInBothLanguages(t *testing.T) {
	docs := loadDocs(t)
	langs := map[string][]string{}
	for _, d := range docs {
		langs[d.ID] = append(langs[d.ID], d.Lang)
	}
	if len(langs) < 30 {
		t.Errorf("%d documents per language, want at least 30", len(langs))
	}
	for id, ls := range langs {
		slices.Sort(ls)
		if !slices.Equal(ls, []string{"en", "vi"}) {
			t.Errorf("%s: languages %v, want en and vi", id, ls)
		}
	}
}

var headingRE = regexp.MustCompile(`(?m)^#{2,6} .*$`)

func TestDocumentShape(t *testing.T) {
	docs := loadDocs(t)
	sections := map[string]map[string]int{}
	for _, d := range docs {
		// Vietnamese is written a syllable per word: the same text runs
		// about 1.3 times the English count (median over the corpus, 2026-12-02),
		// so the ceiling is 900 English words or 1,150 Vietnamese ones.
		words, most := len(strings.Fields(d.Body)), 900
		if d.Lang == "vi" {
			most = 1150
		}
		if words < 250 || words > most {
			t.Errorf("%s: %d words, want 250–%d", d.Path, words, most)
		}
		heads := headingRE.FindAllStringIndex(d.Body, -1)
		if len(heads) < 2 {
			t.Errorf("%s: %d headed sections, want at least 2", d.Path, len(heads))
		}
		for i, h := range heads {
			end := len(d.Body)
			if i+1 < len(heads) {
				end = heads[i+1][0]
			}
			if strings.TrimSpace(d.Body[h[1]:end]) == "" {
				t.Errorf("%s: empty section %q", d.Path, d.Body[h[0]:h[1]])
			}
		}
		if sections[d.ID] == nil {
			sections[d.ID] = map[string]int{}
		}
		sections[d.ID][d.Lang] = len(heads)
	}
	for id, n := range sections {
		if n["vi"] != n["en"] {
			t.Errorf("%s: %d sections in vi, %d in en; the two versions must carry the same content", id, n["vi"], n["en"])
		}
	}
}

// contact is one entry of contacts.yaml. Pointer fields tell a missing
// field from an empty one; contactProblems checks every field.
type contact struct {
	Value               string    `yaml:"value"`
	Kind                string    `yaml:"kind"`
	Name                string    `yaml:"name"`
	NameVI              *string   `yaml:"name_vi"` // optional; the safety reply shows it in Vietnamese
	Countries           *[]string `yaml:"countries"`
	Categories          *[]string `yaml:"categories"`
	Charged             string    `yaml:"charged"`
	ReachableFromAbroad string    `yaml:"reachable_from_abroad"`
	Hours               *string   `yaml:"hours"`
	Source              string    `yaml:"source"`
	Checked             string    `yaml:"checked"`
}

func loadContacts(t *testing.T) (phones, webs map[string]bool) {
	t.Helper()
	data, err := fs.ReadFile(FS, "contacts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	list, err := decodeContacts(data)
	if err != nil {
		t.Fatalf("contacts.yaml: %v", err)
	}
	phones, webs = map[string]bool{}, map[string]bool{}
	where := map[string]int{} // value|country → entry number
	for i, c := range list {
		for _, p := range contactProblems(c) {
			t.Errorf("contacts.yaml entry %d (%q): %s", i+1, c.Value, p)
		}
		for _, cc := range routedCountries(c) {
			if prev, dup := where[c.Value+"|"+cc]; dup {
				t.Errorf("contacts.yaml entries %d and %d: both %q for %s; merge them", prev, i+1, c.Value, cc)
			}
			where[c.Value+"|"+cc] = i + 1
		}
		switch c.Kind {
		case "phone":
			phones[digits(c.Value)] = true
		case "web":
			webs[strings.ToLower(c.Value)] = true
		}
	}
	return phones, webs
}

// The safety feature routes a person in danger by country and category:
// every destination country the knowledge base names must have a police
// number, and the consular hotline must serve everywhere, from abroad.
func TestSafetyRouting(t *testing.T) {
	data, err := fs.ReadFile(FS, "contacts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	list, err := decodeContacts(data)
	if err != nil {
		t.Fatalf("contacts.yaml: %v", err)
	}
	police := map[string]bool{}
	hotline := false
	for _, c := range list {
		if c.Kind != "phone" || c.Countries == nil || c.Categories == nil {
			continue // contactProblems reports the missing field
		}
		for _, cc := range *c.Countries {
			police[cc] = police[cc] || slices.Contains(*c.Categories, "police")
		}
		if c.Value == "+84 981 84 84 84" {
			hotline = len(*c.Countries) == 0 && c.ReachableFromAbroad == "yes" &&
				slices.Contains(*c.Categories, "consular") && slices.Contains(*c.Categories, "protection")
		}
	}
	for _, cc := range []string{"VN", "KR", "JP", "TW", "CN", "MY", "SA", "AE", "KH", "DE"} {
		if !police[cc] {
			t.Errorf("no police number routed to %s", cc)
		}
	}
	if !hotline {
		t.Errorf("the citizen protection hotline must have countries [], categories consular and protection, reachable_from_abroad yes")
	}
}

// routedCountries returns the countries an entry serves, "*" for an entry
// that serves anywhere (countries: []).
func routedCountries(c contact) []string {
	if c.Countries == nil || len(*c.Countries) == 0 {
		return []string{"*"}
	}
	return *c.Countries
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

var (
	domainRE = regexp.MustCompile(`(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+(?:vn|com|org|net|gov|go|kr|jp|tw|cn|int|info|edu|io)(?:\.[a-z]{2})?)\b`)
	// Digit groups with separators, 7 digits or more: phone-shaped.
	longNumberRE = regexp.MustCompile(`\+?\d[\d .\-–]{5,}\d`)
	yearRangeRE  = regexp.MustCompile(`^(19|20)\d\d\s*[-–]\s*(19|20)\d\d$`)
	// An amount of money: the digits are followed by a currency word, as in
	// "100.000.000 đồng", "2.000.000 VND" or "2.156.880 won". Such digit
	// groups are not phones. "đồng thời" (meanwhile) is not a currency.
	currencyAfterRE = regexp.MustCompile(`^\s*(?:đồng(\s+thời)?|VND\b|USD\b|KRW\b|won\b|yen\b|Đài tệ)`)
	// A short number right after a word that introduces a phone number.
	shortNumberRE = regexp.MustCompile(`(?i)(hotline|gọi|call|dial|điện thoại|tổng đài|đường dây nóng|đường dây|phone|line|số)\s+(?:số\s+)?(\d{3,5})\b([^/\d.\-]|$)`)
)

func TestOnlyReviewedContacts(t *testing.T) {
	phones, webs := loadContacts(t)
	for _, d := range loadDocs(t) {
		for _, v := range contactViolations(d.Body, phones, webs) {
			t.Errorf("%s: %s is not in contacts.yaml", d.Path, v)
		}
	}
}

// The detector itself must catch invented numbers and addresses, or the
// test above proves nothing.
func TestContactDetector(t *testing.T) {
	phones, webs := loadContacts(t)
	bad := []string{
		"Call the hotline 0292 3 123 456 for help.",
		"Gọi số 1900 1234 để được tư vấn.",
		"Liên hệ đường dây nóng 1800 để hỏi.",
		"See www.example-agency.gov.vn for the list.",
		"Zalo +84 912 345 678 any time.",
		"Nhắn Zalo 0912 345 678 đồng thời gọi điện.",
		"Call 1 588 1234 wonderful people.",
	}
	for _, text := range bad {
		if len(contactViolations(text, phones, webs)) == 0 {
			t.Errorf("no violation found in %q", text)
		}
	}
	good := "Call 1088 or the citizen protection hotline +84 981 84 84 84; check dolab.gov.vn. Decision 110/2004/QĐ-TTg, 2011–2012, Law 69/2020/QH14, stays of 180 days. Ký quỹ 100.000.000 đồng; hỗ trợ từ 7.000.000 đồng đến 20.000.000 đồng; 40,000,000 VND; 2.156.880 won."
	if v := contactViolations(good, phones, webs); len(v) > 0 {
		t.Errorf("false alarms in reviewed text: %q", v)
	}
}

// isAmount reports whether the text right after a digit group names a
// currency, so the digits are an amount of money.
func isAmount(after string) bool {
	m := currencyAfterRE.FindStringSubmatch(after)
	return m != nil && m[1] == ""
}

func contactViolations(body string, phones, webs map[string]bool) []string {
	var out []string
	for _, m := range domainRE.FindAllStringSubmatch(body, -1) {
		if host := strings.TrimPrefix(strings.ToLower(m[1]), "www."); !webs[host] {
			out = append(out, "web address "+m[0])
		}
	}
	for _, loc := range longNumberRE.FindAllStringIndex(body, -1) {
		m := strings.TrimSpace(body[loc[0]:loc[1]])
		if yearRangeRE.MatchString(m) || len(digits(m)) < 7 || isAmount(body[loc[1]:]) {
			continue
		}
		if !phones[digits(m)] {
			out = append(out, "phone-like number "+m)
		}
	}
	for _, m := range shortNumberRE.FindAllStringSubmatch(body, -1) {
		if !phones[m[2]] {
			out = append(out, "number "+m[2]+" after "+m[1])
		}
	}
	return out
}

// Every everyday-words line leads to words the documents really use: an
// English variant found in the English documents and a Vietnamese one in
// the Vietnamese documents.
func TestEverydayGlossaryPointsAtDocumentWords(t *testing.T) {
	text := map[string]string{}
	for _, d := range loadDocs(t) {
		text[d.Lang] += " " + strings.ToLower(d.Body)
	}
	data, err := fs.ReadFile(FS, "glossary-everyday.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		cells := strings.Split(line, "\t")
		for c, lang := range []string{"en", "vi"} {
			found := false
			for _, v := range strings.Split(cells[c], "|") {
				found = found || strings.Contains(text[lang], strings.ToLower(strings.TrimSpace(v)))
			}
			if !found {
				t.Errorf("glossary-everyday.tsv line %d: no %s variant occurs in the %s documents: %q", i+2, lang, lang, cells[c])
			}
		}
	}
}

func TestGlossary(t *testing.T) {
	// The glossary and the WordNet synonyms both load.
	g, err := retrieve.LoadGlossary(FS)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(g.Equivalents("rubbish"), "garbage") && !slices.Contains(g.Equivalents("cousin"), "relative") {
		t.Errorf("synonyms.tsv gives no equivalents for everyday words")
	}
	if g.Len() < 150 {
		t.Errorf("glossary has %d term pairs, want at least 150", g.Len())
	}
	data, _ := fs.ReadFile(FS, "glossary.tsv")
	for _, abbr := range []string{"XKLĐ", "LĐ-TB&XH", "UBND", "EPS", "TITP", "SSW", "QĐ-TTg", "NQ/TW"} {
		if !strings.Contains(string(data), abbr) {
			t.Errorf("glossary lacks %s", abbr)
		}
	}
	if exp := g.Expand("di xkld nhat can gi"); !slices.ContainsFunc(exp, func(s string) bool {
		return strings.Contains(strings.ToLower(s), "abroad") || strings.Contains(s, "xuất khẩu")
	}) {
		t.Errorf("Expand(xkld) = %q, want the full term", exp)
	}
}

// evalSets are the evaluation sets: the public one (embedded), the
// held-out ones (never tuned on) and the training sets of the sentence
// ranker. They must not share a question.
//
// robustness.jsonl asks each of its clean questions again in other forms
// (NFD, tone placement, no marks, Telex, VNI, mixed languages, symbols, a
// story first, "i" written for "y" as in "kí quỹ", "quản lí"): every row names its clean question, which must be one of
// the file's rows of kind clean; it has fewer questions per kind.
//
// smalltalk.jsonl holds messages that are not questions about the
// documents (greetings, thanks, emoji, creative or off-job requests) and
// single words that are; only a row that names a document needs a fact.
var evalSets = []struct {
	path    string
	min     int
	kinds   []string
	perKind int  // questions each listed kind needs at least
	docFree bool // any question may expect no document, not only out_of_scope ones
}{
	{"eval/questions.jsonl", 200, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual", "out_of_scope"}, 10, false},
	{"eval/heldout.jsonl", 90, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual", "out_of_scope"}, 10, false},
	{"eval/heldout-2.jsonl", 100, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual", "out_of_scope"}, 10, false},
	{"eval/train/*.jsonl", 300, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual"}, 10, false},
	{"eval/robustness.jsonl", 80, []string{"clean", "nfd", "tone_new", "nodiac", "telex", "vni", "codeswitch", "symbols", "preamble", "iy_spelling"}, 8, false},
	// Questions outside the knowledge base, some near its topics (a
	// student visa, the airport's hours), written on 2026-11-29 to probe
	// the hand-off beyond the public set's 24: a tuning set.
	{"eval/out-of-scope-probe.jsonl", 40, []string{"out_of_scope"}, 40, false},
	{"eval/smalltalk.jsonl", 40, []string{"greeting", "thanks", "ack", "emoji", "punctuation", "creative", "offjob", "single_word"}, 4, true},
	// Questions on the labour gaps of the 2026-11 review: the held-out set was
	// written before its documents and is never tuned on.
	{"eval/gaps/heldout-labour.jsonl", 40, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual"}, 5, false},
	{"eval/gaps/public-labour.jsonl", 30, []string{"vi", "en"}, 5, false},
	// Questions on the marriage, safety-help and contact gaps of the review:
	// the held-out set was written before its documents and is never tuned on.
	{"eval/gaps/heldout-people.jsonl", 35, []string{"vi", "vi_nodiac", "en", "colloquial"}, 5, false},
	{"eval/gaps/public-people.jsonl", 25, []string{"vi", "en"}, 5, false},
	// Questions on getting a passport abroad, written by a helper from the
	// law's facts before the document existed (2026-11-30): never tuned on.
	{"eval/heldout-passport.jsonl", 12, []string{"vi", "vi_nodiac", "en"}, 4, false},
	// Questions on the hotlines of Vietnam's missions abroad, written by a
	// helper from the numbers alone before they were written into
	// diaspora-vietnam-missions (2026-11-30): never tuned on.
	{"eval/gaps/heldout-missions.jsonl", 16, []string{"vi", "vi_nodiac", "en", "colloquial"}, 4, false},
	// Questions on the fines of Decree 283/2026/NĐ-CP a worker meets and on
	// where a direct contract is registered, written before the content
	// (2026-12-02): never tuned on.
	{"eval/gaps/heldout-fines.jsonl", 24, []string{"vi", "vi_nodiac", "en", "colloquial"}, 3, false},
	// Questions on pay and insurance in Korea, sending money home and scam
	// calls to workers' families, written before their documents
	// (2026-12-02, evening): never tuned on.
	{"eval/gaps/heldout-money.jsonl", 26, []string{"vi", "vi_nodiac", "en", "colloquial"}, 4, false},
}

func TestEvalSets(t *testing.T) {
	bodies := map[string]string{} // id/lang → lowercased body
	for _, d := range loadDocs(t) {
		bodies[d.ID+"/"+d.Lang] = strings.ToLower(d.Body)
	}
	seen := map[string]string{} // question → file
	// A message that asks two things (train/two-questions.jsonl) has a row
	// per question, each with its own fact: the same question may come
	// again in its own file with another fact, never elsewhere.
	facts := map[string]bool{} // question + fact
	disk := os.DirFS(".")
	for _, set := range evalSets {
		files, err := fs.Glob(disk, set.path)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no such files (%v)", set.path, err)
		}
		kinds := map[string]int{}
		cleans, namedClean := map[string]bool{}, map[string]string{} // clean questions; clean question named → where
		n := 0
		for _, file := range files {
			data, err := fs.ReadFile(disk, file)
			if err != nil {
				t.Fatal(err)
			}
			for line, text := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var q struct {
					Question string   `json:"question"`
					Lang     string   `json:"lang"`
					Kind     string   `json:"kind"`
					Expected []string `json:"expected"`
					Fact     string   `json:"fact"`
					Clean    string   `json:"clean"`
				}
				where := fmt.Sprintf("%s line %d", file, line+1)
				if err := json.Unmarshal([]byte(text), &q); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				n++
				kinds[q.Kind]++
				if q.Kind == "clean" {
					cleans[q.Question] = true
				}
				if q.Clean != "" {
					namedClean[q.Clean] = where
				}
				if q.Lang != "vi" && q.Lang != "en" {
					t.Errorf("%s: lang %q", where, q.Lang)
				}
				key := strings.ToLower(q.Question)
				if prev, dup := seen[key]; dup && (prev != file || facts[key+"\x00"+q.Fact]) {
					t.Errorf("%s: question also in %s: %q", where, prev, q.Question)
				}
				seen[key], facts[key+"\x00"+q.Fact] = file, true
				if !set.docFree && (q.Kind == "out_of_scope") != (len(q.Expected) == 0) {
					t.Errorf("%s: out-of-scope questions, and only they, expect no document", where)
				}
				if len(q.Expected) > 0 && q.Fact == "" {
					t.Errorf("%s: an in-scope question needs its expected fact", where)
				}
				found := false
				for _, id := range q.Expected {
					body, ok := bodies[id+"/"+q.Lang]
					if !ok {
						t.Errorf("%s: expected document %q does not exist in %s", where, id, q.Lang)
					}
					found = found || strings.Contains(body, strings.ToLower(q.Fact))
				}
				if len(q.Expected) > 0 && !found {
					// The extractive composer quotes the knowledge base:
					// a fact it cannot quote would measure nothing.
					t.Errorf("%s: fact %q is not in the %s text of %v", where, q.Fact, q.Lang, q.Expected)
				}
			}
		}
		if n < set.min {
			t.Errorf("%s: %d questions, want at least %d", set.path, n, set.min)
		}
		for _, k := range set.kinds {
			if kinds[k] < set.perKind {
				t.Errorf("%s: kind %s has %d questions, want at least %d", set.path, k, kinds[k], set.perKind)
			}
		}
		for c, where := range namedClean {
			if !cleans[c] {
				t.Errorf("%s: clean question %q is not a row of kind clean", where, c)
			}
		}
	}
}
