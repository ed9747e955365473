package safety

import (
	"strings"
	"testing"
	"testing/fstest"
)

// lexiconOf loads a lexicon written in the knowledge base's format, with
// one country name.
func lexiconOf(t testing.TB, rows ...string) (*Lexicon, error) {
	t.Helper()
	fsys := fstest.MapFS{
		"safety-lexicon.tsv":   {Data: []byte("category\tstrength\tphrase\n" + strings.Join(rows, "\n") + "\n")},
		"safety-countries.tsv": {Data: []byte("code\tname\nKR\thàn quốc\n")},
	}
	return LoadLexicon(fsys)
}

// TestCueGrammar: classes, gaps of a chosen width, idiom masks, typos and
// cues that read the same words behave as the lexicon's header says.
func TestCueGrammar(t *testing.T) {
	lex, err := lexiconOf(t,
		"class\tseize\tgiữ | tịch thu | took",
		"class\tpapers\thộ chiếu | passport | giấy tờ",
		"held\tstrong\t@seize *4 @papers",
		"class\tabuser\tchồng | ck",
		"domestic_violence\tstrong\t@abuser *2 đánh",
		"any\tmask\tđánh máy",
		"trafficking\tstrong\tbrothel",
		"broker_fraud\tstrong\tforged",
		"forced_labour\tweak\tforced",
		"broker_fraud\tweak\tbị lừa",
		"broker_fraud\tweak\tlừa",
		"broker_fraud\tweak\tbiến mất",
	)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		question, want string // want: the category, or "" for no danger
	}{
		{"Chủ giữ luôn cái hộ chiếu của em", "held"},              // words between the pair
		{"chu giu luon cai ho chieu cua em", "held"},              // typed without marks
		{"they took my pasport", "held"},                          // one letter dropped from a long word
		{"Chủ giữ tiền lương của em mấy tháng, còn hộ chiếu", ""}, // farther than four words
		{"Hộ chiếu em giữ kỹ rồi", ""},                            // the pair in the other order
		{"ck em đánh em", "domestic_violence"},
		{"ck em đánh máy rất nhanh", ""},           // an idiom's words serve no cue
		{"my brother works in Seoul", ""},          // "brother" is a word, not a typo of "brothel"
		{"em bị lừa", ""},                          // two weak lines on the same words: one cue
		{"em bị lừa, họ biến mất", "broker_fraud"}, // two weak cues on different words
	}
	for _, c := range cases {
		a, ok := lex.Check(c.question, "")
		if got := map[bool]string{true: a.Category}[ok]; got != c.want {
			t.Errorf("%q: category %q (cues %v), want %q", c.question, got, a.Cues, c.want)
		}
	}
}

// TestCueGrammarErrors: a lexicon that uses a class before defining it,
// or a gap wider than allowed, is refused with the reason.
func TestCueGrammarErrors(t *testing.T) {
	for _, rows := range [][]string{
		{"held\tstrong\t@papers *2 giữ"},
		{"held\tstrong\tgiữ *12 hộ chiếu"},
		{"held\tstrong\tgiữ *"},
		{"class\tx\ta | b", "class\tx\tc"},
	} {
		if _, err := lexiconOf(t, rows...); err == nil {
			t.Errorf("%q: loaded, want an error", rows)
		}
	}
}

// BenchmarkCheck: recognising danger in one message of a tuning set with
// the knowledge base's lexicon (figures in docs/benchmarks.md).
func BenchmarkCheck(b *testing.B) {
	c := load(b)
	rows := readSet(b, "../../knowledge/eval/safety/tuning-2.jsonl")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c.Check(rows[i%len(rows)].Question, "")
	}
}
