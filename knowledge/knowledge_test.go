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

	"go.yaml.in/yaml/v3"

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
		words := len(strings.Fields(d.Body))
		if words < 250 || words > 900 {
			t.Errorf("%s: %d words, want 250–900", d.Path, words)
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

type contact struct {
	Value               string   `yaml:"value"`
	Kind                string   `yaml:"kind"`
	Name                string   `yaml:"name"`
	Countries           []string `yaml:"countries"`
	Categories          []string `yaml:"categories"`
	Charged             string   `yaml:"charged"`
	ReachableFromAbroad string   `yaml:"reachable_from_abroad"`
	Hours               string   `yaml:"hours"`
	Source              string   `yaml:"source"`
	Checked             string   `yaml:"checked"`
}

var (
	contactCategories = []string{"police", "ambulance", "fire", "protection", "labour", "consular", "helpline", "information"}
	countryCodeRE     = regexp.MustCompile(`^[A-Z]{2}$`)
)

// routingProblems lists what is wrong with the fields the safety feature
// routes by: unknown categories, malformed country codes, and yes/no
// fields holding anything else.
func routingProblems(c contact) []string {
	var out []string
	for _, cat := range c.Categories {
		if !slices.Contains(contactCategories, cat) {
			out = append(out, "category "+cat)
		}
	}
	for _, cc := range c.Countries {
		if !countryCodeRE.MatchString(cc) {
			out = append(out, "country "+cc)
		}
	}
	for _, v := range []string{c.Charged, c.ReachableFromAbroad} {
		if v != "" && v != "yes" && v != "no" && v != "unknown" {
			out = append(out, "yes/no/unknown field "+v)
		}
	}
	return out
}

func loadContacts(t *testing.T) (phones, webs map[string]bool) {
	t.Helper()
	data, err := fs.ReadFile(FS, "contacts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Contacts []contact `yaml:"contacts"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil {
		t.Fatalf("contacts.yaml: %v", err)
	}
	phones, webs = map[string]bool{}, map[string]bool{}
	for i, c := range list.Contacts {
		if c.Value == "" || c.Name == "" || c.Source == "" || c.Checked == "" {
			t.Errorf("contacts.yaml entry %d (%q): value, name, source and checked are required", i+1, c.Value)
		}
		for _, p := range routingProblems(c) {
			t.Errorf("contacts.yaml entry %d (%q): bad %s", i+1, c.Value, p)
		}
		switch c.Kind {
		case "phone":
			phones[digits(c.Value)] = true
		case "web":
			webs[strings.ToLower(c.Value)] = true
		default:
			t.Errorf("contacts.yaml entry %d: kind %q, want phone or web", i+1, c.Kind)
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
	var list struct {
		Contacts []contact `yaml:"contacts"`
	}
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	police := map[string]bool{}
	hotline := false
	for _, c := range list.Contacts {
		if c.Kind != "phone" {
			continue
		}
		for _, cc := range c.Countries {
			police[cc] = police[cc] || slices.Contains(c.Categories, "police")
		}
		if c.Value == "+84 981 84 84 84" {
			hotline = len(c.Countries) == 0 && c.ReachableFromAbroad == "yes" &&
				slices.Contains(c.Categories, "consular") && slices.Contains(c.Categories, "protection")
		}
	}
	for _, cc := range []string{"VN", "KR", "JP", "TW", "CN", "MY", "SA", "AE", "DE"} {
		if !police[cc] {
			t.Errorf("no police number routed to %s", cc)
		}
	}
	if !hotline {
		t.Errorf("the citizen protection hotline must have countries [], categories consular and protection, reachable_from_abroad yes")
	}
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
	}
	for _, text := range bad {
		if len(contactViolations(text, phones, webs)) == 0 {
			t.Errorf("no violation found in %q", text)
		}
	}
	good := "Call 1088 or the citizen protection hotline +84 981 84 84 84; check dolab.gov.vn. Decision 110/2004/QĐ-TTg, 2011–2012, Law 69/2020/QH14, stays of 180 days."
	if v := contactViolations(good, phones, webs); len(v) > 0 {
		t.Errorf("false alarms in reviewed text: %q", v)
	}
}

func contactViolations(body string, phones, webs map[string]bool) []string {
	var out []string
	for _, m := range domainRE.FindAllStringSubmatch(body, -1) {
		if host := strings.TrimPrefix(strings.ToLower(m[1]), "www."); !webs[host] {
			out = append(out, "web address "+m[0])
		}
	}
	for _, m := range longNumberRE.FindAllString(body, -1) {
		m = strings.TrimSpace(m)
		if yearRangeRE.MatchString(m) || len(digits(m)) < 7 {
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
// held-out one (never tuned on) and the training sets of the sentence
// ranker. They must not share a question.
var evalSets = []struct {
	path  string
	min   int
	kinds []string
}{
	{"eval/questions.jsonl", 200, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual", "out_of_scope"}},
	{"eval/heldout.jsonl", 90, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual", "out_of_scope"}},
	{"eval/train/*.jsonl", 300, []string{"vi", "vi_nodiac", "en", "colloquial", "crosslingual"}},
	{"eval/gaps/heldout-people.jsonl", 35, []string{"vi", "vi_nodiac", "en", "colloquial"}},
	{"eval/gaps/public-people.jsonl", 25, []string{"vi", "en"}},
}

func TestEvalSets(t *testing.T) {
	bodies := map[string]string{} // id/lang → lowercased body
	for _, d := range loadDocs(t) {
		bodies[d.ID+"/"+d.Lang] = strings.ToLower(d.Body)
	}
	seen := map[string]string{} // question → file
	disk := os.DirFS(".")
	for _, set := range evalSets {
		files, err := fs.Glob(disk, set.path)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no such files (%v)", set.path, err)
		}
		kinds := map[string]int{}
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
				}
				where := fmt.Sprintf("%s line %d", file, line+1)
				if err := json.Unmarshal([]byte(text), &q); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				n++
				kinds[q.Kind]++
				if q.Lang != "vi" && q.Lang != "en" {
					t.Errorf("%s: lang %q", where, q.Lang)
				}
				if prev, dup := seen[strings.ToLower(q.Question)]; dup {
					t.Errorf("%s: question also in %s: %q", where, prev, q.Question)
				}
				seen[strings.ToLower(q.Question)] = file
				if (q.Kind == "out_of_scope") != (len(q.Expected) == 0) {
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
			if kinds[k] < 10 {
				t.Errorf("%s: kind %s has %d questions, want at least 10", set.path, k, kinds[k])
			}
		}
	}
}
