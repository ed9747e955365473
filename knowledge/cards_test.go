package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// answerCard is one entry of a <topic>/<document id>.cards.yaml file (the
// format is in the card schema). Every map is keyed by language, vi or en.
type answerCard struct {
	ID          string              `yaml:"id"`
	Question    map[string]string   `yaml:"question"`
	Paraphrases map[string][]string `yaml:"paraphrases"`
	Answer      map[string]string   `yaml:"answer"`
	Sources     []string            `yaml:"sources"`
}

// cardFile is one cards file: its path in FS, the document id its name
// gives, and its cards in file order.
type cardFile struct {
	path, docID string
	cards       []answerCard
}

const cardSuffix = ".cards.yaml"

// minCards is the number of reviewed cards the knowledge base must carry.
const minCards = 200

// maxEvalOverlap is the Jaccard overlap of folded tokens at which a card
// question counts as a copy of an evaluation question.
const maxEvalOverlap = 0.7

func loadCardFiles(t *testing.T) []cardFile {
	t.Helper()
	var files []cardFile
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, cardSuffix) {
			return err
		}
		data, err := fs.ReadFile(FS, p)
		if err != nil {
			return err
		}
		var doc struct {
			Cards []answerCard `yaml:"cards"`
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		files = append(files, cardFile{path: p, docID: strings.TrimSuffix(path.Base(p), cardSuffix), cards: doc.Cards})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Every cards file on disk is in the binary, and there are enough cards.
func TestCardsEmbedded(t *testing.T) {
	var onDisk []string
	err := fs.WalkDir(os.DirFS("."), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, cardSuffix) {
			onDisk = append(onDisk, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range onDisk {
		if _, err := fs.Stat(FS, p); err != nil {
			t.Errorf("%s is not embedded: %v", p, err)
		}
	}
	n := 0
	for _, f := range loadCardFiles(t) {
		n += len(f.cards)
	}
	if n < minCards {
		t.Errorf("%d cards in %d files, want at least %d", n, len(onDisk), minCards)
	}
}

// cardDocs indexes the documents cards may cite: topic per id, and the
// body of each id/lang.
type cardDocs struct {
	topic  map[string]string
	bodies map[string]string // id/lang → body
}

func loadCardDocs(t *testing.T) cardDocs {
	t.Helper()
	d := cardDocs{topic: map[string]string{}, bodies: map[string]string{}}
	for _, doc := range loadDocs(t) {
		d.topic[doc.ID] = doc.Topic
		d.bodies[doc.ID+"/"+doc.Lang] = doc.Body
	}
	return d
}

func TestCardSchema(t *testing.T) {
	docs := loadCardDocs(t)
	seen := map[string]string{} // card id → file
	for _, f := range loadCardFiles(t) {
		topic, ok := docs.topic[f.docID]
		switch {
		case !ok:
			t.Errorf("%s: no document %q", f.path, f.docID)
		case path.Dir(f.path) != topic:
			t.Errorf("%s: document %q is in topic %s", f.path, f.docID, topic)
		}
		if len(f.cards) == 0 {
			t.Errorf("%s: no cards", f.path)
		}
		for _, c := range f.cards {
			if prev, dup := seen[c.ID]; dup {
				t.Errorf("%s: card id %q already used in %s", f.path, c.ID, prev)
			}
			seen[c.ID] = f.path
			for _, p := range cardProblems(c, f.docID, docs) {
				t.Errorf("%s: card %q: %s", f.path, c.ID, p)
			}
		}
	}
}

var (
	cardNameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// A number as documents write it: 69/2020/QH14 gives 69/2020, 100.000 stays whole.
	figureRE = regexp.MustCompile(`\d+(?:[.,/]\d+)*`)
	// A legal citation in brackets, one level of brackets inside:
	// "(Luật 69/2020/QH14, Điều 23 khoản 4)", "(Law 69/2020/QH14, Art 23 cl. 4(a))".
	citationRE = regexp.MustCompile(`\((?:[^()]|\([^()]*\))*(?:Điều|Art|Arts)\s+\d(?:[^()]|\([^()]*\))*\)`)
	// A sentence about the document rather than its subject.
	metaRE = regexp.MustCompile(`(?i)(this document|tài liệu này|the document on|tài liệu về)`)
	// A bare yes or no opening the answer ("Không: …", "Yes: …"). A card
	// answers its paraphrases too, and one may ask the opposite way: "Làm
	// việc bằng visa du lịch thì có sao không?" got "Không: lời hứa … là
	// dấu hiệu …", read as "no, nothing happens". The rule itself answers.
	yesNoLeadRE = regexp.MustCompile(`^\s*(Không|Có|Đúng|Sai|No|Yes)\s*[:,.;!—–-]`)
)

// cardProblems lists what is wrong with card c of the file of document
// docID; none when the card is sound.
func cardProblems(c answerCard, docID string, docs cardDocs) []string {
	var out []string
	if name, ok := strings.CutPrefix(c.ID, docID+"."); !ok || !cardNameRE.MatchString(name) {
		out = append(out, fmt.Sprintf("id must be %s.<short-name> in lower case", docID))
	}
	for _, field := range []map[string]string{c.Question, c.Answer} {
		for lang := range field {
			if lang != "vi" && lang != "en" {
				out = append(out, fmt.Sprintf("language %q, want vi or en", lang))
			}
		}
	}
	answered := 0
	for _, lang := range []string{"vi", "en"} {
		if strings.TrimSpace(c.Answer[lang]) == "" {
			continue
		}
		answered++
		out = append(out, answerProblems(c, lang, docs)...)
	}
	if answered == 0 {
		out = append(out, "no answer in any language")
	}
	if !slices.Contains(c.Sources, docID) {
		out = append(out, fmt.Sprintf("sources %v do not name the card's document %s", c.Sources, docID))
	}
	for _, s := range c.Sources {
		if _, ok := docs.topic[s]; !ok {
			out = append(out, fmt.Sprintf("source %q is not a document", s))
		}
	}
	return out
}

// answerProblems checks the card in one language it answers: its question,
// 3–8 paraphrases, an answer of 1–3 sentences in that language, and every
// figure and legal citation of the answer found in a source document of
// that language.
func answerProblems(c answerCard, lang string, docs cardDocs) []string {
	var out []string
	answer := c.Answer[lang]
	if strings.TrimSpace(c.Question[lang]) == "" {
		out = append(out, lang+": an answer without its question")
	}
	if n := len(c.Paraphrases[lang]); n < 3 || n > 8 {
		out = append(out, fmt.Sprintf("%s: %d paraphrases, want 3–8", lang, n))
	}
	if n := len(vitext.Sentences(answer)); n < 1 || n > 3 {
		out = append(out, fmt.Sprintf("%s: answer of %d sentences, want 1–3", lang, n))
	}
	if got := vitext.DetectLang(answer); got != lang {
		out = append(out, fmt.Sprintf("%s: the answer reads as %s", lang, got))
	}
	if m := metaRE.FindString(answer); m != "" {
		out = append(out, fmt.Sprintf("%s: the answer speaks of the document (%q)", lang, m))
	}
	if m := yesNoLeadRE.FindString(answer); m != "" {
		out = append(out, fmt.Sprintf("%s: the answer opens with a bare yes or no (%q); state the rule instead", lang, strings.TrimSpace(m)))
	}
	var text strings.Builder
	for _, s := range c.Sources {
		text.WriteString(docs.bodies[s+"/"+lang] + "\n")
	}
	for _, fig := range figureRE.FindAllString(answer, -1) {
		if !strings.Contains(text.String(), fig) {
			out = append(out, fmt.Sprintf("%s: figure %q is in no source document", lang, fig))
		}
	}
	for _, cit := range citationRE.FindAllString(answer, -1) {
		if !strings.Contains(text.String(), cit) {
			out = append(out, fmt.Sprintf("%s: citation %q is not written so in a source document", lang, cit))
		}
	}
	return out
}

// Phone numbers and web addresses in answers come from contacts.yaml.
func TestCardContacts(t *testing.T) {
	phones, webs := loadContacts(t)
	for _, f := range loadCardFiles(t) {
		for _, c := range f.cards {
			for lang, a := range c.Answer {
				for _, v := range contactViolations(a, phones, webs) {
					t.Errorf("%s: card %q (%s): %s is not in contacts.yaml", f.path, c.ID, lang, v)
				}
			}
		}
	}
}

// cardTexts returns every question and paraphrase of c, in both languages.
func cardTexts(c answerCard) []string {
	var out []string
	for _, lang := range []string{"vi", "en"} {
		if q := c.Question[lang]; q != "" {
			out = append(out, q)
		}
		out = append(out, c.Paraphrases[lang]...)
	}
	return out
}

// tokenSet returns the distinct folded tokens of s, sorted.
func tokenSet(s string) []string {
	toks := vitext.FoldedTokens(s)
	slices.Sort(toks)
	return slices.Compact(toks)
}

// jaccard is |a∩b| / |a∪b| for two sorted sets; 0 for two empty sets.
func jaccard(a, b []string) float64 {
	common, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - common
	if union == 0 {
		return 0
	}
	return float64(common) / float64(union)
}

// evalQuestion is where an evaluation question is, and its token set.
type evalQuestion struct {
	where  string
	tokens []string
}

// loadEvalQuestions reads every question of every eval/**/*.jsonl file;
// a line without a question fails the test.
func loadEvalQuestions(t *testing.T) []evalQuestion {
	t.Helper()
	disk := os.DirFS(".")
	var out []evalQuestion
	err := fs.WalkDir(disk, "eval", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".jsonl") {
			return err
		}
		data, err := fs.ReadFile(disk, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var row struct {
				Question string `json:"question"`
			}
			if err := json.Unmarshal([]byte(line), &row); err != nil || row.Question == "" {
				t.Errorf("%s line %d: no question (%v)", p, i+1, err)
				continue
			}
			out = append(out, evalQuestion{where: fmt.Sprintf("%s line %d", p, i+1), tokens: tokenSet(row.Question)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// No card question or paraphrase copies an evaluation question: cards
// must not answer the sets that measure them by rote. The message names
// the evaluation row, not its text, so that held-out questions stay unread.
func TestCardsDoNotCopyEval(t *testing.T) {
	evals := loadEvalQuestions(t)
	if len(evals) < 500 {
		t.Fatalf("%d evaluation questions found, want the whole eval tree", len(evals))
	}
	for _, f := range loadCardFiles(t) {
		for _, c := range f.cards {
			for _, text := range cardTexts(c) {
				toks := tokenSet(text)
				for _, e := range evals {
					if s := jaccard(toks, e.tokens); s >= maxEvalOverlap {
						t.Errorf("%s: card %q: %q overlaps the question at %s (%.2f ≥ %.1f); reword it", f.path, c.ID, text, e.where, s, maxEvalOverlap)
					}
				}
			}
		}
	}
}

// Two cards never share a question or paraphrase, and a card never
// repeats one: a shared text would make the matcher pick either card.
func TestCardTextsDistinct(t *testing.T) {
	owner := map[string]string{} // folded tokens → card id
	for _, f := range loadCardFiles(t) {
		for _, c := range f.cards {
			for _, text := range cardTexts(c) {
				key := strings.Join(vitext.FoldedTokens(text), " ")
				if prev, ok := owner[key]; ok {
					t.Errorf("%s: card %q: %q is also a text of card %q", f.path, c.ID, text, prev)
				}
				owner[key] = c.ID
			}
		}
	}
}

// The checks must reject a careless card, or the tests above prove nothing.
func TestCardChecksCatchMistakes(t *testing.T) {
	docs := loadCardDocs(t)
	bad := answerCard{
		ID:          "labour-abroad-fees.Fee cap",
		Question:    map[string]string{"vi": "Tiền dịch vụ tối đa bao nhiêu?"},
		Paraphrases: map[string][]string{"vi": {"phi dich vu toi da"}},
		Answer: map[string]string{
			"vi": "Tài liệu này cho biết tiền dịch vụ tối đa là 4 tháng lương (Luật 69/2020/QH14, Điều 99).",
			"en": "No: the service fee is at most one month of salary (Law 69/2020/QH14, Art 23 cl. 9(z)).",
		},
		Sources: []string{"labour-no-such-doc"},
	}
	got := strings.Join(cardProblems(bad, "labour-abroad-fees", docs), "\n")
	for _, want := range []string{
		"id must be labour-abroad-fees.<short-name>",
		"vi: 1 paraphrases, want 3–8",
		`vi: figure "4" is in no source document`,
		`vi: citation "(Luật 69/2020/QH14, Điều 99)"`,
		"vi: the answer speaks of the document",
		"en: an answer without its question",
		`en: citation "(Law 69/2020/QH14, Art 23 cl. 9(z))"`,
		`en: the answer opens with a bare yes or no ("No:")`,
		"do not name the card's document",
		`source "labour-no-such-doc" is not a document`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems of a bad card lack %q; got:\n%s", want, got)
		}
	}
	same := jaccard(tokenSet("Tiền dịch vụ tối đa là bao nhiêu?"), tokenSet("tien dich vu toi da la bao nhieu"))
	if same != 1 {
		t.Errorf("Jaccard of a question and its unmarked spelling = %.2f, want 1", same)
	}
}
