// Package safety recognises messages from people in danger — trafficking,
// being held, domestic violence, forced labour, a broker who took money, a
// relative missing abroad, self-harm — in Vietnamese (with or without
// marks) and English, finds the country the person is in, and gives the
// steps and numbers for that category and country. Its words come from a
// reviewed lexicon (knowledge/safety-lexicon.tsv) and its numbers only from
// knowledge/contacts.yaml.
package safety

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// defaultGap is how many words a bare "*" in a phrase may stand for; "*N"
// stands for up to N words (N from 1 to maxGap).
const (
	defaultGap = 3
	maxGap     = 9
)

// minTypoLen is the shortest word (without marks, in bytes) that also
// matches a message word one edit away ("pasport", "trafficed"): shorter
// words are too alike in Vietnamese ("chong", "chung"). The edit must
// leave the first two letters and the last one alone: people drop or
// double a letter inside a word, while "brother" and "brothel" are two
// words. A message word the lexicon itself uses is never read as a typo
// of another ("forced" is not "forged").
const minTypoLen = 6

// element is one step of a phrase: a word, a gap of up to gap words, or a
// class (one of several alternative phrases).
type element struct {
	word, folded string   // a word: lowercase NFC with its marks, and without them
	exact        bool     // "=word": only as written, never typed without marks
	gap          int      // > 0: a gap of up to gap words
	alts         []phrase // a class: any one of these
	index        *altIndex
}

// altIndex finds the alternatives of a class that may start at a word
// without trying them all: by the word without marks, by the first two
// letters of a long word (a typo keeps them), and those starting with a
// class, always tried.
type altIndex struct {
	byWord, byPrefix map[string][]int
	other            []int
}

func newAltIndex(alts []phrase) *altIndex {
	x := &altIndex{byWord: map[string][]int{}, byPrefix: map[string][]int{}}
	for i, a := range alts {
		first := a.elems[0]
		switch {
		case first.alts != nil:
			x.other = append(x.other, i)
		case len(first.folded) >= minTypoLen:
			x.byPrefix[first.folded[:2]] = append(x.byPrefix[first.folded[:2]], i)
		default:
			x.byWord[first.folded] = append(x.byWord[first.folded], i)
		}
	}
	return x
}

// candidates are the alternatives that may match at word ti, in three
// groups (some may be empty).
func (x *altIndex) candidates(t typed, ti int) [3][]int {
	if ti >= len(t.words) {
		return [3][]int{}
	}
	f := t.folded[ti]
	out := [3][]int{x.byWord[f], x.other}
	if len(f) >= 2 {
		out[2] = x.byPrefix[f[:2]]
	}
	return out
}

// phrase is a lexicon pattern: words ("=word" only as written, with its
// marks), gaps ("*", "*N") and classes ("@name", defined by the lexicon's
// class rows).
type phrase struct {
	elems []element
	text  string // as written in the lexicon
	// fixed: words only, no gap or class: a set phrase, which never spans
	// a comma (typed.spansComma).
	fixed bool
}

// parsePhrase reads a pattern; classes are the classes defined so far.
// A pattern must start and end with a word or a class.
func parsePhrase(s string, classes map[string]phrase) (phrase, error) {
	p := phrase{text: strings.TrimSpace(s)}
	for _, f := range strings.Fields(s) {
		switch {
		case strings.HasPrefix(f, "*"):
			n := defaultGap
			if len(f) > 1 {
				var err error
				if n, err = strconv.Atoi(f[1:]); err != nil || n < 1 || n > maxGap {
					return p, fmt.Errorf("gap %q: want * or *1 … *%d", f, maxGap)
				}
			}
			p.elems = append(p.elems, element{gap: n})
		case strings.HasPrefix(f, "@"):
			c, ok := classes[f[1:]]
			if !ok {
				return p, fmt.Errorf("class %s is not defined above", f)
			}
			p.elems = append(p.elems, c.elems...)
		default:
			exact := strings.HasPrefix(f, "=")
			for _, w := range vitext.Tokens(f) {
				p.elems = append(p.elems, element{word: w, folded: vitext.Fold(w), exact: exact})
			}
		}
	}
	if len(p.elems) == 0 || p.elems[0].gap > 0 || p.elems[len(p.elems)-1].gap > 0 {
		return p, fmt.Errorf("phrase %q must have words, and gaps only between them", s)
	}
	p.fixed = !strings.ContainsAny(s, "*@")
	return p, nil
}

// parseClass reads a class row's alternatives, separated by "|".
func parseClass(s string, classes map[string]phrase) (phrase, error) {
	c := element{}
	for _, alt := range strings.Split(s, "|") {
		p, err := parsePhrase(alt, classes)
		if err != nil {
			return phrase{}, err
		}
		c.alts = append(c.alts, p)
	}
	c.index = newAltIndex(c.alts)
	return phrase{elems: []element{c}, text: s}, nil
}

// typed is a message's tokens as matching needs them: each word, whether
// it carries Vietnamese marks, and whether an idiom covers it (a masked
// word matches no cue word, but a gap may skip it).
type typed struct {
	words, folded  []string
	marked, masked []bool
	known          []bool // the lexicon uses the word: it is no typo (nil: none known)
	// afterComma: a comma and a space come before the word. A set phrase
	// (phrase.fixed) never spans one: "bị đánh, gia đình phải làm gì" is
	// not "đánh giá" (tenth audit: the family of a man beaten at work in
	// Saudi Arabia got no steps, his beating read as an idiom and vetoed).
	afterComma []bool
}

// spansComma reports whether a comma comes between words start and
// end-1.
func (t typed) spansComma(start, end int) bool {
	return start+1 < end && slices.Contains(t.afterComma[start+1:end], true)
}

func typedTokens(s string) typed {
	// A sentence's end is a word of its own, which no phrase word matches:
	// an idiom never spans two sentences ("… nói bị bán. Nhà tôi …" is not
	// "bán nhà", selling a house: ninth audit), though a gap may skip it.
	var words []string
	var afterComma []bool
	for i, part := range sentences(s) {
		if i > 0 {
			words = append(words, sentenceEnd)
			afterComma = append(afterComma, false)
		}
		for j, clause := range strings.Split(part, ", ") { // not "3,5 triệu"
			for k, w := range vitext.Tokens(clause) {
				words = append(words, w)
				afterComma = append(afterComma, j > 0 && k == 0)
			}
		}
	}
	t := typed{words: words, afterComma: afterComma}
	t.folded = make([]string, len(t.words))
	t.marked = make([]bool, len(t.words))
	t.masked = make([]bool, len(t.words))
	for i, w := range t.words {
		t.folded[i] = vitext.Fold(w)
		t.marked[i] = vitext.HasVietnameseMarks(w)
	}
	return t
}

// sentenceEnd stands for the end of a sentence among a message's words.
const sentenceEnd = "."

// sentences splits s where a sentence ends: after a full stop, a question
// or exclamation mark or a semicolon followed by a space, or at a new
// line. A sentence's own final mark ends nothing ("3.5 triệu" splits
// nowhere). Not vitext.Sentences, which wants a capital or a digit after
// the stop, as the documents have: messages are typed in lower case ("…
// noi bi ban. nha toi …"). It is read for every sentence a composer weighs
// (Countries), so it is written out rather than a regular expression.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		end := c == '\n' || (c == '.' || c == '!' || c == '?' || c == ';') && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '\n')
		if end {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// maskAll covers every occurrence of the masks (indexed by x) in the
// message.
func (t typed) maskAll(masks []phrase, x *altIndex) {
	for start := range t.words {
		for _, group := range x.candidates(t, start) {
			for _, i := range group {
				matchSeq(masks[i].elems, t, start, func(end int) bool {
					if masks[i].fixed && t.spansComma(start, end) {
						return false
					}
					for j := start; j < end; j++ {
						t.masked[j] = true
					}
					return true
				})
			}
		}
	}
}

// span is where a phrase first occurs in a message: words [start, end).
type span struct{ start, end int }

// findAll is the first occurrence of each of ps (indexed by x) in the
// message; start is -1 for a phrase that does not occur.
func (t typed) findAll(ps []phrase, x *altIndex) []span {
	out := make([]span, len(ps))
	for i := range out {
		out[i] = span{-1, -1}
	}
	end := 0
	for start := range t.words {
		for _, group := range x.candidates(t, start) {
			for _, i := range group {
				record := func(e int) bool {
					end = e
					return !ps[i].fixed || !t.spansComma(start, e)
				}
				if out[i].start < 0 && matchSeq(ps[i].elems, t, start, record) {
					out[i] = span{start, end}
				}
			}
		}
	}
	return out
}

func (p phrase) String() string { return p.text }

// addWords adds the words of p, its classes' words included, without
// their marks, to vocab.
func (p phrase) addWords(vocab map[string]bool) {
	for _, e := range p.elems {
		if e.folded != "" {
			vocab[e.folded] = true
		}
		for _, alt := range e.alts {
			alt.addWords(vocab)
		}
	}
}

// matches: a lexicon word typed with marks matches the same word, or the
// word typed without any marks ("đánh" matches "danh" but not "dành"); a
// word typed without marks also matches one edit away when it is long
// ("pasport" for "passport"). An exact word ("=bán": "ban" is also "bạn")
// matches only as written. A masked word matches nothing.
func (e element) matches(t typed, ti int) bool {
	w := t.words[ti]
	switch {
	case t.masked[ti]:
		return false
	case e.word == w:
		return true
	case t.marked[ti], e.exact:
		return false
	case e.folded == w:
		return true
	}
	if t.known != nil && t.known[ti] {
		return false
	}
	return len(e.folded) >= minTypoLen && len(w) >= minTypoLen-1 && e.folded[:2] == w[:2] &&
		e.folded[len(e.folded)-1] == w[len(w)-1] && oneEdit(e.folded, w)
}

// in reports whether p occurs in the message.
func (p phrase) in(t typed) bool {
	return p.index(t) >= 0
}

// index is where p first occurs in the message, or -1.
func (p phrase) index(t typed) int {
	start, _ := p.find(t)
	return start
}

// find is the first occurrence of p in the message: words [start, end),
// or -1, -1.
func (p phrase) find(t typed) (start, end int) {
	for start := range t.words {
		if matchSeq(p.elems, t, start, func(e int) bool { end = e; return true }) {
			return start, end
		}
	}
	return -1, -1
}

// matchSeq reports whether es matches the message from word ti on and
// the rest (k, given where the match ends) matches too.
func matchSeq(es []element, t typed, ti int, k func(end int) bool) bool {
	if len(es) == 0 {
		return k(ti)
	}
	e, rest := es[0], es[1:]
	switch {
	case e.gap > 0:
		for skip := 0; skip <= e.gap && ti+skip <= len(t.words); skip++ {
			if matchSeq(rest, t, ti+skip, k) {
				return true
			}
		}
		return false
	case e.alts != nil:
		var next func(int) bool // built once, only when an alternative may match
		for _, group := range e.index.candidates(t, ti) {
			for _, i := range group {
				if next == nil {
					next = func(tj int) bool { return matchSeq(rest, t, tj, k) }
				}
				if matchSeq(e.alts[i].elems, t, ti, next) {
					return true
				}
			}
		}
		return false
	}
	if ti >= len(t.words) || !e.matches(t, ti) {
		return false
	}
	return matchSeq(rest, t, ti+1, k)
}

// oneEdit reports whether a and b differ by exactly one inserted, deleted
// or replaced byte, or two swapped neighbours.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) > len(b) {
		return a[i+1:] == b[i:]
	}
	if a[i+1:] == b[i+1:] {
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}
