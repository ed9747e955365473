package retrieve

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Glossary maps terms between English and Vietnamese for query expansion.
// Each line of its TSV source is one concept: English variants, Vietnamese
// variants (each cell split on " | ") and a note. It also holds the
// everyday words for the documents' terms (glossary-everyday.tsv, one way)
// and WordNet synonyms of English words the documents never use.
type Glossary struct {
	concepts [][]string // variants of each concept, as written
	// parent links rows that share a variant (the same concept in two
	// files, "deposit" in glossary.tsv and glossary-everyday.tsv): a
	// union-find forest over row ids, for Concepts.
	parent []int
	// canonical: for the everyday-words concepts, the words the documents
	// use (the first English and the first Vietnamese variant). Such a
	// concept leads from everyday words to these, never the other way.
	canonical map[int][]string
	index     map[string][]int // folded term sequence → concepts
	maxLen    int              // longest variant, in terms
	known     map[string]bool  // every term of every variant
	// marked: one-syllable Vietnamese variants, matched only as typed
	// with their marks ("cưới" is to marry; "cuoi" may be to laugh).
	marked map[string][]int
	// capitals: one-term abbreviations that fold to a Vietnamese syllable
	// ("NGO" is "ngõ", an alley, and the "ghe ngo" boat race), by term,
	// matched only as typed in capitals (capitalsIn).
	capitals map[string][]int
	// synonyms: everyday English words the knowledge base does not use →
	// the words it uses (knowledge/synonyms.tsv), by Term.
	synonyms map[string][]string
	version  string // hex SHA-256 of matchRules and the files LoadGlossary read
	// shares: for each concept (by the name Concepts returns), the share
	// of the knowledge base's documents that name it, 0..1; nil for
	// ParseGlossary. Grounding reads it (DocumentShare).
	shares *conceptShares
}

// matchRules names the version of the code that decides what a text
// mentions (ConceptMentions and what it calls: notRights, the marked and
// capital-only variants). Change it whenever that code finds different
// concepts in the same text: it is part of Version, so the documents and
// answer cards stored with the old concept features are embedded again
// at the next index run instead of being searched with stale vectors.
const matchRules = "2026-12-03"

// Version identifies the glossary the concepts come from: a hex SHA-256
// of matchRules and the names and contents of the files it was loaded
// from ("" for ParseGlossary). Anything derived from the glossary and
// stored (the hashing embedder's concept features) is stale when it
// changes.
func (g *Glossary) Version() string {
	if g == nil {
		return ""
	}
	return g.version
}

// AddSynonyms reads "word<TAB>variant | variant" lines ("#" starts a
// comment): an English question using word is also searched with the
// variants. A function word (vitext.IsStopword) is an error: it has no
// synonyms to search.
func (g *Glossary) AddSynonyms(r io.Reader) error {
	if g.synonyms == nil {
		g.synonyms = map[string][]string{}
	}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		word, variants, ok := strings.Cut(text, "\t")
		terms := vitext.Terms(word)
		if !ok || len(terms) != 1 || strings.TrimSpace(variants) == "" {
			return fmt.Errorf("synonyms line %d: want one word, a tab and variants separated by \" | \"", line)
		}
		if vitext.IsStopword(terms[0]) {
			// WordNet lists "can" as the verb "to can" (fire): every "how
			// can I…" question was searched for "fire" and "send away".
			return fmt.Errorf("synonyms line %d: %q is a function word; remove the line", line, word)
		}
		for _, v := range strings.Split(variants, "|") {
			if v = strings.TrimSpace(v); v != "" {
				g.synonyms[terms[0]] = append(g.synonyms[terms[0]], v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("synonyms: %w", err)
	}
	return nil
}

// LoadGlossary reads the knowledge base's glossary.tsv, then, when
// present, glossary-everyday.tsv (everyday words for the documents'
// terms) and synonyms.tsv, from fsys, and the documents beside them
// (corpus.Load), whose concepts DocumentShare counts.
func LoadGlossary(fsys fs.FS) (*Glossary, error) {
	g := newGlossary()
	sum := sha256.New()
	fmt.Fprintf(sum, "rules\x00%s\x00", matchRules)
	for _, name := range []string{"glossary.tsv", "glossary-everyday.tsv", "synonyms.tsv"} {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) && name != "glossary.tsv" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(data))
		sum.Write(data)
		if name == "synonyms.tsv" {
			err = g.AddSynonyms(bytes.NewReader(data))
		} else {
			err = g.add(bytes.NewReader(data), name, name == "glossary-everyday.tsv")
		}
		if err != nil {
			return nil, err
		}
	}
	g.version = hex.EncodeToString(sum.Sum(nil))
	g.shares = readDocuments(fsys)
	return g, nil
}

// conceptShares counts how many of the knowledge base's documents name
// each concept. The counting reads every document through
// ConceptMentions (about 0.3 s for the knowledge base), so it runs on
// the first DocumentShare, not when the glossary is loaded: only a
// question near the hand-off threshold asks for it.
type conceptShares struct {
	once  sync.Once
	texts map[string]string // document id → its text in both languages; dropped once counted
	share map[string]float64
}

// readDocuments reads the documents of the knowledge base in fsys as the
// index reads them (corpus.Load): title and body, both languages of an id
// as one document. A file that does not parse is left out here; the
// index reports it.
func readDocuments(fsys fs.FS) *conceptShares {
	docs, _ := corpus.Load(fsys)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] += d.Title + "\n" + d.Body + "\n"
	}
	return &conceptShares{texts: texts}
}

// CountDocumentShares counts the documents' concepts now, if not done yet,
// so that the first question near the hand-off threshold does not wait
// for it (about 0.3 s). serve calls it while it prepares the index.
func (g *Glossary) CountDocumentShares() { g.DocumentShare("") }

// DocumentShare returns the share of the knowledge base's documents that
// name concept (a name Concepts returns), 0..1, and whether it is known:
// only a glossary LoadGlossary read with its documents knows it.
func (g *Glossary) DocumentShare(concept string) (float64, bool) {
	if g.shares == nil {
		return 0, false
	}
	cs := g.shares
	cs.once.Do(func() {
		count := map[string]int{}
		for _, text := range cs.texts {
			seen := map[string]bool{}
			for _, c := range g.ConceptMentions(text) {
				if !seen[c] {
					seen[c] = true
					count[c]++
				}
			}
		}
		cs.share = make(map[string]float64, len(count))
		for c, n := range count {
			cs.share[c] = float64(n) / float64(len(cs.texts))
		}
		cs.texts = nil
	})
	return cs.share[concept], true
}

func newGlossary() *Glossary {
	return &Glossary{index: map[string][]int{}, known: map[string]bool{}, marked: map[string][]int{},
		capitals: map[string][]int{}, canonical: map[int][]string{}}
}

// ParseGlossary reads the TSV glossary. The first line is a header. A line
// without exactly three tab-separated fields is an error naming the line.
func ParseGlossary(r io.Reader) (*Glossary, error) {
	g := newGlossary()
	if err := g.add(r, "glossary", false); err != nil {
		return nil, err
	}
	return g, nil
}

// add reads one glossary file into g; an everyday file's concepts lead
// only to their canonical variants.
func (g *Glossary) add(r io.Reader, name string, everyday bool) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			return fmt.Errorf("%s line %d: want 3 tab-separated fields (en, vi, note), got %d", name, line, len(fields))
		}
		var variants, canonical []string
		for _, cell := range fields[:2] {
			first := true
			for _, v := range strings.Split(cell, "|") {
				if v = vitext.Normalize(v); v != "" {
					variants = append(variants, v)
					if first {
						canonical = append(canonical, v)
					}
					first = false
				}
			}
		}
		if len(canonical) < 2 {
			return fmt.Errorf("%s line %d: need an English and a Vietnamese term", name, line)
		}
		id := len(g.concepts)
		if everyday {
			g.canonical[id] = canonical
		}
		g.concepts = append(g.concepts, variants)
		g.parent = append(g.parent, id)
		for _, v := range variants {
			terms := vitext.Terms(v)
			for _, t := range terms {
				g.known[t] = true
			}
			if toks := vitext.Tokens(v); len(toks) == 1 && len(terms) == 1 && vitext.HasVietnameseMarks(toks[0]) {
				g.union(id, g.marked[toks[0]])
				g.marked[toks[0]] = append(g.marked[toks[0]], id)
			}
			if len(terms) == 1 && capitalsRE.MatchString(v) && vitext.ValidSyllable(terms[0]) {
				g.union(id, g.capitals[terms[0]])
				g.capitals[terms[0]] = append(g.capitals[terms[0]], id)
				continue
			}
			if len(terms) == 0 || !matchable(v, terms) {
				continue
			}
			key := strings.Join(terms, " ")
			g.union(id, g.index[key])
			g.index[key] = append(g.index[key], id)
			g.maxLen = max(g.maxLen, len(terms))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	g.flatten()
	return nil
}

// capitalsRE is a word typed in capitals, with an optional plural "s":
// "NGO", "NGOs".
var capitalsRE = regexp.MustCompile(`^\p{Lu}{2,6}s?$`)

// capitalsIn returns the concepts of text's words typed in capitals that
// are abbreviations only so (Glossary.capitals), with each word's term.
func (g *Glossary) capitalsIn(text string) (ids [][]int, terms []string) {
	if len(g.capitals) == 0 {
		return nil, nil
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !capitalsRE.MatchString(w) {
			continue
		}
		if t := vitext.Terms(w); len(t) == 1 && len(g.capitals[t[0]]) > 0 {
			ids, terms = append(ids, g.capitals[t[0]]), append(terms, t[0])
		}
	}
	return ids, terms
}

// matchable says whether a variant may trigger expansion. One-term variants
// that are ordinary Vietnamese syllables ("hàn", "nhật") are too ambiguous
// once folded ("han" is also hạn, "deadline"); abbreviations written in
// capitals ("HQ", "XKLĐ") and words that cannot be Vietnamese ("visa") are
// kept.
func matchable(variant string, terms []string) bool {
	if len(terms) > 1 {
		return true
	}
	t := terms[0]
	if len([]rune(t)) < 2 {
		return false
	}
	if strings.ToUpper(variant) == variant && strings.ToLower(variant) != variant {
		return true
	}
	return len(t) >= 3 && !vitext.ValidSyllable(t)
}

// Knows reports whether term is part of any glossary variant.
func (g *Glossary) Knows(term string) bool { return g != nil && g.known[term] }

// Len is the number of concepts.
func (g *Glossary) Len() int { return len(g.concepts) }

// Expand returns the variants of every concept named in text, except the
// variants already in it, longest match first.
func (g *Glossary) Expand(text string) []string {
	if g == nil {
		return nil
	}
	terms := vitext.Terms(text)
	seen := map[int]bool{}
	present := " " + strings.Join(terms, " ") + " "
	var out []string
	add := func(ids []int, key string) {
		for _, id := range ids {
			if seen[id] {
				continue
			}
			_, everyday := g.canonical[id]
			variants := g.ways(id)
			if everyday && slices.ContainsFunc(variants, func(v string) bool { return strings.Join(vitext.Terms(v), " ") == key }) {
				continue // the question already uses the documents' word
			}
			seen[id] = true
			for _, v := range variants {
				if !strings.Contains(present, " "+strings.Join(vitext.Terms(v), " ")+" ") {
					out = append(out, v)
				}
			}
		}
	}
	for _, sp := range g.spans(terms) {
		add(sp.ids, strings.Join(terms[sp.start:sp.end], " "))
	}
	capIDs, capTerms := g.capitalsIn(text)
	for i, ids := range capIDs {
		add(ids, capTerms[i])
	}
	if len(g.synonyms) > 0 && vitext.DetectLang(text) == vitext.English {
		toks := vitext.Tokens(text)
		for i, t := range terms {
			if i < len(toks) && vitext.HasVietnameseMarks(toks[i]) {
				continue
			}
			for _, v := range g.synonyms[t] {
				if !strings.Contains(present, " "+strings.Join(vitext.Terms(v), " ")+" ") && !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// Phrase is a glossary concept named by several words of a text: the
// words Start..End-1 of vitext.Terms(text), and the ways to say it.
type Phrase struct {
	Start, End int
	Variants   []string
}

// Phrases returns the concepts that several neighbouring words of text
// name together ("bị chồng đánh"), longest match first, with the other
// ways to say them ("bạo lực gia đình"): what lets a document that says
// it another way cover those words.
func (g *Glossary) Phrases(text string) []Phrase {
	if g == nil {
		return nil
	}
	var out []Phrase
	for _, sp := range g.spans(vitext.Terms(text)) {
		if sp.end-sp.start < 2 {
			continue
		}
		p := Phrase{Start: sp.start, End: sp.end}
		for _, id := range sp.ids {
			p.Variants = append(p.Variants, g.ways(id)...)
		}
		out = append(out, p)
	}
	return out
}

// span is a run of terms terms[start:end] that names the concepts ids.
type span struct {
	start, end int
	ids        []int
}

// rightAdverb are the words after "right" that make it "at once" or "just
// here", not the rights the glossary names ("call right away", "right now").
var rightAdverb = map[string]bool{"away": true, "now": true, "here": true, "there": true,
	"after": true, "before": true, "back": true, "then": true}

// notRights reports whether terms[i] is "right" used as an adverb or a
// direction ("right away", "all right", "turn right"), not as a right.
func notRights(terms []string, i int) bool {
	if terms[i] != "right" {
		return false
	}
	return i+1 < len(terms) && rightAdverb[terms[i+1]] || i > 0 && (terms[i-1] == "all" || terms[i-1] == "turn")
}

// spans finds the concepts named in terms, longest match first, left to
// right, without overlaps.
func (g *Glossary) spans(terms []string) []span {
	var out []span
	for i := 0; i < len(terms); {
		matched := 0
		for n := min(g.maxLen, len(terms)-i); n >= 1; n-- {
			if n == 1 && notRights(terms, i) {
				break
			}
			if ids, ok := g.index[strings.Join(terms[i:i+n], " ")]; ok {
				out = append(out, span{start: i, end: i + n, ids: ids})
				matched = n
				break
			}
		}
		i += max(matched, 1)
	}
	return out
}

// ways are the ways to say a concept that a match leads to: the
// documents' words for an everyday concept, every variant otherwise.
func (g *Glossary) ways(id int) []string {
	if c, ok := g.canonical[id]; ok {
		return c
	}
	return g.concepts[id]
}

// Equivalents returns the other variants of the concepts one word of a
// question names on its own: the word as typed (with or without marks).
func (g *Glossary) Equivalents(word string) []string {
	if g == nil {
		return nil
	}
	ids := g.marked[word]
	if terms := vitext.Terms(word); len(terms) == 1 && !vitext.HasVietnameseMarks(word) {
		ids = append(ids, g.index[terms[0]]...)
	}
	var out []string
	for _, id := range ids {
		out = append(out, g.ways(id)...)
	}
	if !vitext.HasVietnameseMarks(word) {
		if terms := vitext.Terms(word); len(terms) == 1 {
			out = append(out, g.synonyms[terms[0]]...)
		}
	}
	return out
}
