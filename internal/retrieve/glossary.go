package retrieve

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Glossary maps terms between English and Vietnamese for query expansion.
// Each line of its TSV source is one concept: English variants, Vietnamese
// variants (each cell split on " | ") and a note.
type Glossary struct {
	concepts [][]string       // variants of each concept, as written
	index    map[string][]int // folded term sequence → concepts
	maxLen   int              // longest variant, in terms
	known    map[string]bool  // every term of every variant
}

// ParseGlossary reads the TSV glossary. The first line is a header. A line
// without exactly three tab-separated fields is an error naming the line.
func ParseGlossary(r io.Reader) (*Glossary, error) {
	g := &Glossary{index: map[string][]int{}, known: map[string]bool{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			return nil, fmt.Errorf("glossary line %d: want 3 tab-separated fields (en, vi, note), got %d", line, len(fields))
		}
		var variants []string
		for _, cell := range fields[:2] {
			for _, v := range strings.Split(cell, "|") {
				if v = vitext.Normalize(v); v != "" {
					variants = append(variants, v)
				}
			}
		}
		if len(variants) < 2 {
			return nil, fmt.Errorf("glossary line %d: need an English and a Vietnamese term", line)
		}
		id := len(g.concepts)
		g.concepts = append(g.concepts, variants)
		for _, v := range variants {
			terms := vitext.Terms(v)
			for _, t := range terms {
				g.known[t] = true
			}
			if len(terms) == 0 || !matchable(v, terms) {
				continue
			}
			key := strings.Join(terms, " ")
			g.index[key] = append(g.index[key], id)
			g.maxLen = max(g.maxLen, len(terms))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("glossary: %w", err)
	}
	return g, nil
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
	for i := 0; i < len(terms); {
		matched := 0
		for n := min(g.maxLen, len(terms)-i); n >= 1; n-- {
			ids, ok := g.index[strings.Join(terms[i:i+n], " ")]
			if !ok {
				continue
			}
			matched = n
			for _, id := range ids {
				if seen[id] {
					continue
				}
				seen[id] = true
				for _, v := range g.concepts[id] {
					if !strings.Contains(present, " "+strings.Join(vitext.Terms(v), " ")+" ") {
						out = append(out, v)
					}
				}
			}
			break
		}
		i += max(matched, 1)
	}
	return out
}
