// Package curated finds the reviewed short answer to a question: answer
// cards written with the knowledge base (knowledge/<topic>/*.cards.yaml)
// and answers verified by counsellors, both kept in the store's curated
// answers and searched before any answer is composed.
package curated

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cantho-connect/assistant/internal/store"
)

// Card is one answer card as written in a .cards.yaml file. Question,
// Paraphrases and Answer are keyed by language ("vi", "en").
type Card struct {
	ID          string              `yaml:"id"`
	Question    map[string]string   `yaml:"question"`
	Paraphrases map[string][]string `yaml:"paraphrases"`
	Answer      map[string]string   `yaml:"answer"`
	Sources     []string            `yaml:"sources"`
	// Path is the file the card was read from, relative to the FS root.
	Path string `yaml:"-"`
}

type cardFile struct {
	Cards []Card `yaml:"cards"`
}

// CardGlob is where cards are, relative to the knowledge FS root.
const CardGlob = "*/*.cards.yaml"

// LoadCards reads every card of fsys's CardGlob files, sorted by id. A
// file that does not parse, a card without an id, a question, an answer
// or a source, an id not starting with its file's document id, a
// language other than vi and en, or an id used twice, is an error naming
// the file and the card.
func LoadCards(fsys fs.FS) ([]Card, error) {
	paths, err := fs.Glob(fsys, CardGlob)
	if err != nil {
		return nil, fmt.Errorf("load cards: %w", err)
	}
	var out []Card
	seen := map[string]string{}
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("load cards: %w", err)
		}
		var f cardFile
		if err := yaml.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("cards %s: %w", p, err)
		}
		for _, c := range f.Cards {
			c.Path = p
			if err := c.check(); err != nil {
				return nil, fmt.Errorf("cards %s: card %q: %w", p, c.ID, err)
			}
			if other, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("cards %s: card %q is already in %s", p, c.ID, other)
			}
			seen[c.ID] = p
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Card) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// check validates one card against its file's name.
func (c Card) check() error {
	doc := c.DocumentID()
	switch {
	case c.ID == "":
		return fmt.Errorf("no id")
	case !strings.HasPrefix(c.ID, doc+"."):
		return fmt.Errorf("id must start with %q", doc+".")
	case strings.TrimSpace(c.Question["vi"]+c.Question["en"]) == "":
		return fmt.Errorf("no question")
	case strings.TrimSpace(c.Answer["vi"]+c.Answer["en"]) == "":
		return fmt.Errorf("no answer")
	case len(c.Sources) == 0:
		return fmt.Errorf("no sources")
	}
	for _, m := range []map[string]string{c.Question, c.Answer} {
		for l := range m {
			if l != "vi" && l != "en" {
				return fmt.Errorf("language %q: must be vi or en", l)
			}
		}
	}
	for l := range c.Paraphrases {
		if l != "vi" && l != "en" {
			return fmt.Errorf("language %q: must be vi or en", l)
		}
	}
	return nil
}

// DocumentID is the id of the document the card was written from: its
// file's name without ".cards.yaml".
func (c Card) DocumentID() string {
	return strings.TrimSuffix(path.Base(c.Path), ".cards.yaml")
}

// Hash identifies the card's content: a changed card is stored again.
func (c Card) Hash() string {
	data, _ := yaml.Marshal(c) // a map and strings always marshal
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Questions lists the card's questions and paraphrases, canonical ones
// first, in vi then en, without vectors.
func (c Card) Questions() []store.CuratedQuestion {
	var out []store.CuratedQuestion
	for _, l := range []string{"vi", "en"} {
		if q := strings.TrimSpace(c.Question[l]); q != "" {
			out = append(out, store.CuratedQuestion{Lang: l, Text: q, Canonical: true, SearchText: SearchText(q)})
		}
		for _, p := range c.Paraphrases[l] {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, store.CuratedQuestion{Lang: l, Text: p, SearchText: SearchText(p)})
			}
		}
	}
	return out
}

// Stored is the card as a curated answer, approved by the knowledge base.
func (c Card) Stored() store.CuratedAnswer {
	return store.CuratedAnswer{
		ID: c.ID, Kind: store.KindCard, Question: c.Question, Paraphrases: c.Paraphrases,
		Answer: c.Answer, SourceIDs: c.Sources, Author: "knowledge base",
	}
}
