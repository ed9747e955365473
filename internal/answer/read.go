package answer

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// read is one sentence of a passage with everything the extractive
// composer needs from the sentence alone, worked out once: its scoring
// for a question then only adds up term weights and looks at these flags.
type read struct {
	text    string
	terms   []string // its search terms (vitext.SearchTerms), distinct, sorted
	said    []string // the same without its legal citation: what it says
	words   int      // its words, less the legal citation
	item    bool     // from a list item line ("- …", "1. …")
	step    bool     // from a numbered list item line ("1. …"): one of ordered steps
	meta    bool     // about the document rather than its subject
	example bool     // opens with "For example", "Ví dụ"…
	opener  bool     // ends with ":", a list's opening line
	anaphor bool     // opens with a word that points back ("This rule", "Điều này")
	// What it holds, for the questions that ask for it.
	percent, number, year, web, agency, legal, frequency, age, duration, papers bool
	// years are the calendar years the sentence speaks of (periodYears):
	// "Lương tối thiểu năm 2025 là 10.030 won" speaks of 2025.
	years      []int
	limit      bool     // states a maximum or a minimum (limitRE)
	amount     bool     // states an amount of money, a share of a salary or that something is free (amountRE)
	currencies []string // the currencies of the figures it states (currencies)
	charge     bool     // says whether something costs money (chargeRE)
	payments   []string // the kinds of payment it names (paymentsIn)
	crewRule   bool     // a rule for ship crews only (crewRE)
	emergency  bool     // what to do in an emergency (emergencyRE)
	advice     bool     // advises an act (adviceRE)
	fine       bool     // states a fine (fineRE)
	permits    []string // what it says one may, may not or must do (permitted)
}

// readPassage is a passage's heading terms (distinct, sorted) and its
// sentences in reading order.
type readPassage struct {
	heading   []string
	section   []string // the terms of the heading's last part, after the title ("Title › Section"); nil when none
	sentences []read
}

// readText splits a passage into its sentences, line by line (list item
// markers removed), and reads each.
func readText(heading, text string) *readPassage {
	rp := &readPassage{heading: termList(heading)}
	if i := strings.LastIndex(heading, " › "); i >= 0 {
		rp.section = termList(heading[i+len(" › "):])
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		item := listItemRE.MatchString(line)
		step := item && numberedItemRE.MatchString(line)
		line = strings.TrimSpace(listItemRE.ReplaceAllString(line, ""))
		for _, s := range vitext.Sentences(line) {
			bare := citationRE.ReplaceAllString(s, "")
			foldedBare := strings.Join(vitext.FoldedTokens(bare), " ")
			rp.sentences = append(rp.sentences, read{
				text: s, terms: termList(s), said: termList(plainAmounts(bare)), words: len(strings.Fields(bare)), item: item, step: step,
				meta: isMeta(s), percent: strings.Contains(s, "%"),
				number: plainNumberRE.MatchString(yearRE.ReplaceAllString(bare, "")), year: yearRE.MatchString(bare),
				years: periodYears(bare),
				web:   webRE.MatchString(s), agency: agencyRE.MatchString(bare), legal: legalRE.MatchString(s),
				frequency: frequencyRE.MatchString(strings.Join(vitext.FoldedTokens(s), " ")),
				example:   exampleRE.MatchString(s), opener: strings.HasSuffix(s, ":"), anaphor: opensWithAnaphor(s),
				age: ageRE.MatchString(s), duration: holdsDuration(bare),
				papers:     papersRE.MatchString(foldedBare),
				payments:   paymentsIn(foldedBare),
				crewRule:   crewRE.MatchString(s),
				emergency:  emergencyRE.MatchString(s),
				advice:     adviceRE.MatchString(s),
				fine:       fineRE.MatchString(foldedBare),
				limit:      limitRE.MatchString(foldedBare),
				amount:     amountRE.MatchString(bare),
				currencies: currencies(foldedBare),
				charge:     chargeRE.MatchString(foldedBare),
				permits:    permitted(foldedBare),
			})
		}
	}
	return rp
}

// opensWithAnaphor reports whether a sentence leans on the one before it:
// it opens with a pronoun or a determiner pointing back ("This general
// rule covers…", "They must…", "Quy định này áp dụng…", "Khoản tiền đó…",
// "Vì vậy, …") or with "however" ("Tuy vậy, …"), so quoted alone it loses
// what it refers to.
func opensWithAnaphor(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	if len(words) == 0 {
		return false
	}
	switch strings.Trim(words[0], ",") {
	case "this", "these", "that", "those", "it", "its", "they", "their", "such", "he", "she", "however", "nevertheless",
		"họ", "nó", "đây", "đó", "vì", "do", "như", "tuy":
		if len(words) > 1 && (words[0] == "vì" || words[0] == "do" || words[0] == "như") {
			return words[1] == "vậy," || words[1] == "vậy" || words[1] == "đó," || words[1] == "đó"
		}
		if words[0] == "tuy" { // "Tuy vậy, …", "Tuy nhiên, …": however
			return len(words) > 1 && strings.HasPrefix(words[1], "vậy") || len(words) > 1 && strings.HasPrefix(words[1], "nhiên")
		}
		return true
	}
	// A Vietnamese noun phrase closed by a demonstrative: "Điều này",
	// "Quy định này", "Khoản tiền đó", "Các giấy tờ trên".
	for _, w := range words[1:min(len(words), 4)] {
		switch strings.Trim(w, ",") {
		case "này", "đó", "ấy":
			return true
		}
	}
	return false
}

// millionRE is an amount written in millions ("7 million", "7 triệu",
// "1,5 triệu"), groupedRE one written in full with thousands separators
// ("7,000,000", "7.000.000").
var (
	millionRE = regexp.MustCompile(`\b(\d+)(?:[.,](\d))? ?(?:million|triệu)\b`)
	groupedRE = regexp.MustCompile(`\b\d{1,3}(?:[.,]\d{3})+\b`)
)

// plainAmounts writes the amounts of s as plain digits ("7 million" and
// "7,000,000" both "7000000"), so that the same fact written both ways in
// two documents reads as one (redundant): a Fund support of "7 million to
// 20 million VND" and of "7,000,000 VND to 20,000,000 VND" were quoted one
// after the other.
func plainAmounts(s string) string {
	s = millionRE.ReplaceAllStringFunc(s, func(m string) string {
		g := millionRE.FindStringSubmatch(m)
		return g[1] + g[2] + strings.Repeat("0", 6-len(g[2]))
	})
	return groupedRE.ReplaceAllStringFunc(s, func(m string) string {
		return strings.NewReplacer(",", "", ".", "").Replace(m)
	})
}

// termList is the distinct search terms of s, sorted: summed in this
// order, the same sentence always gets the same score.
func termList(s string) []string {
	terms := vitext.SearchTerms(s)
	slices.Sort(terms)
	return slices.Compact(terms)
}

// maxRead is how many passages a Reader keeps: the shipped knowledge base
// has about 1,300 chunks; a larger index gets its most recent passages.
const maxRead = 4096

// Reader reads passages for the extractive composer and keeps what it
// read, by heading and text, so that a passage quoted for many questions
// is split and read once per process. It keeps at most maxRead passages
// and starts afresh when full. Safe for concurrent use; the zero value is
// ready, and a nil *Reader reads every passage anew.
type Reader struct {
	mu   sync.Mutex
	done map[string]*readPassage
}

// passage returns the reading of one passage; the result is shared and
// must not be modified.
func (r *Reader) passage(heading, text string) *readPassage {
	if r == nil {
		return readText(heading, text)
	}
	key := heading + "\x00" + text
	r.mu.Lock()
	rp, ok := r.done[key]
	r.mu.Unlock()
	if ok {
		return rp
	}
	rp = readText(heading, text)
	r.mu.Lock()
	if r.done == nil || len(r.done) >= maxRead {
		r.done = make(map[string]*readPassage)
	}
	r.done[key] = rp
	r.mu.Unlock()
	return rp
}
