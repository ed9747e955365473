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
// document about safety); a "not" phrase cancels its whole category (a
// question about the rule, not a person in trouble); a "mask" phrase is an
// idiom whose words no other cue may use ("đánh máy", "bán nhà").
const (
	strong = "strong"
	weak   = "weak"
	veto   = "not"
	mask   = "mask"
)

type rule struct {
	category, strength string
	phrase             phrase
}

// Lexicon is the reviewed list of phrases people write when they or a
// relative are in danger, and of country names.
type Lexicon struct {
	rules []rule
	masks []phrase
	// ruleIndex and maskIndex find the rules and masks that may start at
	// a word, as a class's index finds its alternatives.
	ruleIndex, maskIndex *altIndex
	rulePhrases          []phrase        // the phrase of each rule, in the rules' order
	vocab                map[string]bool // every word of the rules and masks, without marks
	countries            []countryName
	countryPhrases       []phrase // the countries' phrases, in their order
	countryIndex         *altIndex
	// docs are the documents whose being retrieved first counts as a cue.
	docs map[string]string // document id → category
	// family is the lexicon's class of relatives other than a partner
	// ("em gái tôi", "my son"), when it defines one; partnerAway its class
	// of a partner who went or works away ("ck e làm thợ hàn ở Abu Dhabi",
	// "my husband works in Korea"); partnerHarm its class of a partner who
	// speaks of dying ("ck e … nói muốn chết"); partnerHurt its class of
	// a partner hurt by someone else ("my wife … her ex-boyfriend keeps
	// beating her").
	family, partnerAway, partnerHarm, partnerHurt phrase
}

// LoadLexicon reads safety-lexicon.tsv and safety-countries.tsv from fsys
// (the knowledge base). Errors name the file, line and what to fix.
func LoadLexicon(fsys fs.FS) (*Lexicon, error) {
	lex := &Lexicon{docs: map[string]string{}}
	classes := map[string]phrase{}
	err := readTSV(fsys, "safety-lexicon.tsv", 3, func(f []string) error {
		return lex.addRow(f[0], f[1], f[2], classes)
	})
	if err != nil {
		return nil, err
	}
	lex.family, lex.partnerAway, lex.partnerHarm, lex.partnerHurt = classes["family"], classes["partneraway"], classes["partnerharm"], classes["partnerhurt"]
	// Vetoes and strong cues first: a strong cue is not lost to a weak one
	// that read the same words earlier in the file.
	slices.SortStableFunc(lex.rules, func(a, b rule) int { return strengthOrder(a.strength) - strengthOrder(b.strength) })
	for _, r := range lex.rules {
		lex.rulePhrases = append(lex.rulePhrases, r.phrase)
	}
	lex.ruleIndex, lex.maskIndex = newAltIndex(lex.rulePhrases), newAltIndex(lex.masks)
	lex.vocab = map[string]bool{}
	for _, p := range append(slices.Clone(lex.rulePhrases), lex.masks...) {
		p.addWords(lex.vocab)
	}
	err = readTSV(fsys, "safety-countries.tsv", 2, func(f []string) error {
		if len(f[0]) != 2 || strings.ToUpper(f[0]) != f[0] {
			return fmt.Errorf("country code %q must be ISO 3166-1 alpha-2, upper case", f[0])
		}
		p, err := parsePhrase(f[1], nil)
		if err != nil {
			return err
		}
		lex.countries = append(lex.countries, countryName{code: f[0], phrase: p})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range lex.countries {
		lex.countryPhrases = append(lex.countryPhrases, c.phrase)
	}
	lex.countryIndex = newAltIndex(lex.countryPhrases)
	return lex, nil
}

// addRow reads one lexicon row: a class, a document cue or a rule.
func (lex *Lexicon) addRow(cat, strength, text string, classes map[string]phrase) error {
	switch cat {
	case "class":
		if _, dup := classes[strength]; dup {
			return fmt.Errorf("class %q is defined twice", strength)
		}
		c, err := parseClass(text, classes)
		if err != nil {
			return fmt.Errorf("class %s: %w", strength, err)
		}
		classes[strength] = c
		return nil
	case "doc":
		if !slices.Contains(Categories, strength) {
			return fmt.Errorf("doc row: category %q is not one of %v", strength, Categories)
		}
		lex.docs[text] = strength
		return nil
	}
	p, err := parsePhrase(text, classes)
	if err != nil {
		return err
	}
	if strength == mask && (cat == "any" || slices.Contains(Categories, cat)) {
		lex.masks = append(lex.masks, p)
		return nil
	}
	if !slices.Contains(Categories, cat) {
		return fmt.Errorf("category %q is not one of %v (or class, doc; any for a mask)", cat, Categories)
	}
	if strength != strong && strength != weak && strength != veto {
		return fmt.Errorf("strength %q must be strong, weak, not or mask", strength)
	}
	lex.rules = append(lex.rules, rule{cat, strength, p})
	return nil
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

func strengthOrder(s string) int {
	return map[string]int{veto: 0, strong: 1, weak: 2}[s]
}
