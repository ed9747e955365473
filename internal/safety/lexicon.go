package safety

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Categories of danger, in the order that decides between two equally
// strong matches: the most urgent first.
var Categories = []string{"self_harm", "trafficking", "held", "forced_labour", "domestic_violence", "missing", "broker_fraud"}

// Strengths of a lexicon phrase: a strong phrase alone recognises danger;
// a weak one needs a second cue (another phrase, or a top retrieved
// document about safety); a "not" phrase cancels the weak phrases of its
// category ("giữ hộ chiếu cẩn thận" is advice, not a held passport).
const (
	strong = "strong"
	weak   = "weak"
	veto   = "not"
)

type rule struct {
	category, strength string
	phrase             phrase
}

// Lexicon is the reviewed list of phrases people write when they or a
// relative are in danger, and of country names.
type Lexicon struct {
	rules []rule
	// starts are the rules by the word they open with, as typed with
	// marks (starts[0]) and without (starts[1]): a message is matched
	// only against the rules one of its words can open.
	starts    [2]map[string][]int
	countries []countryName
	// docs are the documents whose being retrieved first counts as a cue.
	docs map[string]string // document id → category
}

// LoadLexicon reads safety-lexicon.tsv and safety-countries.tsv from fsys
// (the knowledge base). Errors name the file, line and what to fix.
func LoadLexicon(fsys fs.FS) (*Lexicon, error) {
	lex := &Lexicon{docs: map[string]string{}}
	err := readTSV(fsys, "safety-lexicon.tsv", 3, func(f []string) error {
		cat, strength, text := f[0], f[1], f[2]
		if cat == "doc" {
			if !slices.Contains(Categories, strength) {
				return fmt.Errorf("doc row: category %q is not one of %v", strength, Categories)
			}
			lex.docs[text] = strength
			return nil
		}
		if !slices.Contains(Categories, cat) {
			return fmt.Errorf("category %q is not one of %v (or doc)", cat, Categories)
		}
		if strength != strong && strength != weak && strength != veto {
			return fmt.Errorf("strength %q must be strong, weak or not", strength)
		}
		p := parsePhrase(text)
		if len(p.words) == 0 || p.words[0] == "gapgap" || p.words[len(p.words)-1] == "gapgap" {
			return fmt.Errorf("phrase %q must have words, and * only between them", text)
		}
		lex.rules = append(lex.rules, rule{cat, strength, p})
		return nil
	})
	if err != nil {
		return nil, err
	}
	lex.starts = [2]map[string][]int{{}, {}}
	for i, r := range lex.rules {
		lex.starts[0][r.phrase.words[0]] = append(lex.starts[0][r.phrase.words[0]], i)
		lex.starts[1][r.phrase.folded[0]] = append(lex.starts[1][r.phrase.folded[0]], i)
	}
	err = readTSV(fsys, "safety-countries.tsv", 2, func(f []string) error {
		if len(f[0]) != 2 || strings.ToUpper(f[0]) != f[0] {
			return fmt.Errorf("country code %q must be ISO 3166-1 alpha-2, upper case", f[0])
		}
		lex.countries = append(lex.countries, countryName{code: f[0], phrase: parsePhrase(f[1])})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lex, nil
}

// readTSV calls row with the tab-separated fields of each line of name
// that is not blank, a comment (#) or the header (its first line).
func readTSV(fsys fs.FS, name string, fields int, row func([]string) error) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("safety: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 || line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < fields {
			return fmt.Errorf("safety: %s:%d: want %d tab-separated fields, got %d", name, n, fields, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if err := row(f); err != nil {
			return fmt.Errorf("safety: %s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}
