package corpus

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Chunk is a passage of one document: the unit that is embedded, searched
// and cited.
type Chunk struct {
	Ord     int    // position in the document, from 0
	Heading string // heading path, "Title › Section › Subsection"
	Text    string // plain text of the passage
}

// Chunking sizes, in characters (runes).
const (
	TargetChunk = 1000
	MaxChunk    = 1200
	maxOverlap  = 240
)

// ChunkerVersion changes whenever Chunks would cut the same document
// differently, so that the indexer re-embeds every document.
const ChunkerVersion = "3"

var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*$`)

type section struct {
	path  []string
	paras []string
}

// Chunks cuts a document into passages. A passage never crosses a heading;
// within a section, paragraphs are packed up to about TargetChunk runes, a
// paragraph longer than MaxChunk is cut at sentence ends, and each passage
// after the first of a section starts with the last sentence of the one
// before it (a small overlap, at most 240 runes).
func Chunks(doc Document) []Chunk {
	var out []Chunk
	for _, s := range sections(doc) {
		heading := strings.Join(s.path, " › ")
		var cur []string
		curLen := 0
		flush := func() {
			if len(cur) == 0 {
				return
			}
			out = append(out, Chunk{Ord: len(out), Heading: heading, Text: strings.Join(cur, "\n")})
			last := lastSentence(cur[len(cur)-1])
			cur, curLen = nil, 0
			if last != "" && runeLen(last) <= maxOverlap {
				cur, curLen = []string{last}, runeLen(last)
			}
		}
		fresh := true // cur holds only overlap, or nothing
		for _, p := range splitLong(s.paras) {
			n := runeLen(p)
			if !fresh && curLen+n > MaxChunk {
				flush()
				fresh = true
			}
			cur = append(cur, p)
			curLen += n + 1
			fresh = false
			if curLen >= TargetChunk {
				flush()
				fresh = true
			}
		}
		if !fresh {
			flush()
		}
	}
	return out
}

func sections(doc Document) []section {
	var out []section
	cur := section{path: []string{doc.Title}}
	var para []string
	endPara := func() {
		if len(para) > 0 {
			cur.paras = append(cur.paras, strings.Join(para, "\n"))
			para = nil
		}
	}
	for _, line := range strings.Split(doc.Body, "\n") {
		if m := headingRE.FindStringSubmatch(line); m != nil {
			endPara()
			if len(cur.paras) > 0 {
				out = append(out, cur)
			}
			level := len(m[1]) // # is the title level; ## sits under it
			depth := max(level-1, 1)
			p := append([]string(nil), cur.path[:min(depth, len(cur.path))]...)
			cur = section{path: append(p, cleanInline(m[2]))}
			continue
		}
		if strings.TrimSpace(line) == "" {
			endPara()
			continue
		}
		para = append(para, cleanInline(strings.TrimSpace(line)))
	}
	endPara()
	if len(cur.paras) > 0 {
		out = append(out, cur)
	}
	return out
}

var (
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	emphasisRE = regexp.MustCompile(`\*\*|__|\x60`)
	bulletRE   = regexp.MustCompile(`^[-*+]\s+`)
	// An ordered list's item keeps its number: its items are steps, and
	// the composer quotes them from the first (answer.numberedItemRE).
	numberedRE = regexp.MustCompile(`^(\d+)[.)]\s+`)
)

func cleanInline(s string) string {
	s = linkRE.ReplaceAllString(s, "$1")
	s = emphasisRE.ReplaceAllString(s, "")
	s = bulletRE.ReplaceAllString(s, "- ")
	s = numberedRE.ReplaceAllString(s, "$1. ")
	return s
}

// splitLong cuts paragraphs longer than MaxChunk at sentence ends.
func splitLong(paras []string) []string {
	var out []string
	for _, p := range paras {
		if runeLen(p) <= MaxChunk {
			out = append(out, p)
			continue
		}
		var cur strings.Builder
		for _, s := range vitext.Sentences(p) {
			if cur.Len() > 0 && runeLen(cur.String())+runeLen(s)+1 > TargetChunk {
				out = append(out, cur.String())
				cur.Reset()
			}
			if cur.Len() > 0 {
				cur.WriteByte(' ')
			}
			cur.WriteString(s)
		}
		if cur.Len() > 0 {
			out = append(out, cur.String())
		}
	}
	return out
}

func lastSentence(p string) string {
	ss := vitext.Sentences(p)
	if len(ss) < 2 {
		return ""
	}
	return ss[len(ss)-1]
}

func runeLen(s string) int { return len([]rune(s)) }
