package answer

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/vitext"
	"github.com/cantho-connect/assistant/knowledge"
)

// aboutTheDocument is how the knowledge base's sentences about the
// document itself begin or read; written apart from metaRE so that the
// composer's own pattern is checked, not trusted.
var aboutTheDocument = regexp.MustCompile(`(?i)^(tài liệu|this document|the document|this guide|it is written for|it is based on|(thông tin|nội dung) (dành cho|dựa trên|gồm|bao gồm)|the content (covers|includes))\b|tài liệu này|this document|` +
	// another document named as where to read on
	`tài liệu ("|riêng)|(covered|set out) in "|separate document|in the document on`)

// evalRow is one question of any file under knowledge/eval.
type evalRow struct {
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	Expected []string `json:"expected"`
}

// TestEvalAnswersNeverHangAListOrTalkAboutTheDocument composes an answer
// for every question of every eval set (public, held-out, training, gaps,
// safety, small talk …) from the knowledge base's own passages — the
// expected documents' first, then the passages sharing most of the
// question's words — and fails on a quoted sentence about the document
// ("Tài liệu này giới thiệu…", "It is written for…") and on a list's lead
// ("…gồm các bước sau:") not followed by one of its items.
func TestEvalAnswersNeverHangAListOrTalkAboutTheDocument(t *testing.T) {
	passages := corpusPassages(t)
	rows := evalRows(t)
	if len(rows) < 1000 {
		t.Fatalf("read %d eval questions; want the whole knowledge/eval tree", len(rows))
	}
	var rd Reader // each passage read once, as the service does
	for _, r := range rows {
		req := Request{Question: r.Question, Lang: r.Lang, Weights: weights(r.Question)}
		req.Passages = passagesFor(passages, r, req.Weights)
		c := composeExtractive(req, DefaultParams(), &rd)
		for i, s := range c.Sentences {
			if aboutTheDocument.MatchString(s.Text) {
				t.Errorf("%q: quotes a sentence about the document: %q", r.Question, s.Text)
			}
			if strings.HasSuffix(s.Text, ":") && !itemFollows(req, c, i) {
				t.Errorf("%q: a list's lead without its items: %q", r.Question, body(c))
			}
		}
	}
}

// itemFollows reports whether the sentence after c.Sentences[i] is on a
// list item line after that lead in the lead's passage or the next one.
func itemFollows(req Request, c Composition, i int) bool {
	if i+1 >= len(c.Sentences) {
		return false
	}
	lead, next := c.Sentences[i].Text, c.Sentences[i+1].Text
	for pi, p := range req.Passages {
		at := strings.Index(p.Text, lead)
		if at < 0 {
			continue
		}
		after := p.Text[at+len(lead):]
		if pi+1 < len(req.Passages) && req.Passages[pi+1].DocID == p.DocID {
			after += "\n" + req.Passages[pi+1].Text
		}
		for _, line := range strings.Split(after, "\n") {
			if strings.Contains(line, next) {
				return listItemRE.MatchString(strings.TrimSpace(line))
			}
		}
	}
	return false
}

// corpusPassages are the chunks of every knowledge document, as the
// indexer cuts them.
func corpusPassages(t *testing.T) []indexed {
	t.Helper()
	docs, errs := corpus.Load(knowledge.FS)
	if len(errs) > 0 {
		t.Fatalf("knowledge base: %v", errs[0])
	}
	var out []indexed
	for _, d := range docs {
		for _, ch := range corpus.Chunks(d) {
			out = append(out, indexed{Passage{DocID: d.ID, Title: d.Title, Lang: d.Lang, Topic: d.Topic,
				Heading: ch.Heading, Text: ch.Text, Sources: d.Sources, AsOf: d.AsOf}, searchTerms(ch.Text)})
		}
	}
	return out
}

// indexed is a passage with its search terms, for passagesFor.
type indexed struct {
	Passage
	terms map[string]bool
}

// passagesFor is a small stand-in for retrieval: the expected documents'
// passages in the question's language, in order, then the ten other
// passages of that language that share most of the question's words.
func passagesFor(all []indexed, r evalRow, w map[string]float64) []Passage {
	var first []Passage
	type scored struct {
		p     Passage
		score float64
	}
	var rest []scored
	for _, p := range all {
		switch {
		case p.Lang != r.Lang:
		case len(r.Expected) > 0 && p.DocID == r.Expected[0]:
			first = append(first, p.Passage)
		default:
			sc := 0.0
			for t, wt := range w {
				if p.terms[t] {
					sc += wt
				}
			}
			rest = append(rest, scored{p.Passage, sc})
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].score > rest[j].score })
	for _, s := range rest[:min(10, len(rest))] {
		first = append(first, s.p)
	}
	return first
}

// evalRows reads every question of every JSONL file under knowledge/eval.
func evalRows(t *testing.T) []evalRow {
	t.Helper()
	var rows []evalRow
	tree := os.DirFS("../../knowledge") // the eval sets are not all embedded
	err := fs.WalkDir(tree, "eval", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".jsonl") {
			return err
		}
		f, err := tree.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var r evalRow
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if r.Lang == "" {
				r.Lang = vitext.DetectLang(r.Question)
			}
			rows = append(rows, r)
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// searchTerms is the set of a text's search terms.
func searchTerms(text string) map[string]bool {
	m := map[string]bool{}
	for _, t := range vitext.SearchTerms(text) {
		m[t] = true
	}
	return m
}
