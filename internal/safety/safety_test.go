package safety

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/cantho-connect/assistant/knowledge"
)

func load(t testing.TB) *Checker {
	t.Helper()
	c, err := Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type labelled struct {
	Question, Lang, Form, Category, Country string
	Danger                                  bool
}

func readSet(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, l)
	}
	return out
}

// TestTuningSet: on the labelled tuning set every danger message is
// recognised with its category and country, and no look-alike is.
func TestTuningSet(t *testing.T) {
	c := load(t)
	for _, l := range readSet(t, "../../knowledge/eval/safety/labelled.jsonl") {
		a, ok := c.Check(l.Question, "")
		switch {
		case ok != l.Danger:
			t.Errorf("%q: danger %v, want %v (cues %v)", l.Question, ok, l.Danger, a.Cues)
		case ok && a.Category != l.Category:
			t.Errorf("%q: category %s, want %s (cues %v)", l.Question, a.Category, l.Category, a.Cues)
		case ok && a.Country != l.Country:
			t.Errorf("%q: country %q, want %q", l.Question, a.Country, l.Country)
		}
	}
}
