package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/testkb"
)

// The public evaluation set is the quality bar: hybrid recall@5 must stay
// at or above 0.90 overall and for every kind of question.
func TestPublicEvalRecall(t *testing.T) {
	ctx := context.Background()
	_, ret := testkb.Open(t, "eval", nil)
	qs, err := loadEvalSet("")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := evaluate(ctx, ret, qs, 0.35)
	if err != nil {
		t.Fatal(err)
	}
	m := rep.all[retrieve.Hybrid]
	if r5 := m.r5 / float64(m.n); r5 < 0.90 {
		t.Errorf("hybrid recall@5 = %.3f over %d questions, want ≥ 0.90", r5, m.n)
	}
	for kind, km := range rep.byKind[retrieve.Hybrid] {
		if km.n == 0 {
			continue
		}
		if r5 := km.r5 / float64(km.n); r5 < 0.90 {
			t.Errorf("hybrid recall@5 for %s = %.3f, want ≥ 0.90", kind, r5)
		}
	}
	oos := rep.byKind[retrieve.Hybrid]["out_of_scope"]
	if total := len(oos.latencies); total > 0 && float64(oos.handoffs)/float64(total) < 0.75 {
		t.Errorf("only %d of %d out-of-scope questions fall below the confidence threshold", oos.handoffs, total)
	}
}

func TestEvalParamNamesValuesAndDiff(t *testing.T) {
	tu := tuning{retrieve: retrieve.DefaultParams(), answer: answer.DefaultParams()}
	if got := tu.changed(); got != "defaults" {
		t.Errorf("changed() at defaults = %q", got)
	}
	if err := tu.apply([]string{"retrieve.vector_weight=0.6", "answer.max_words= 200", "retrieve.rerank_docs=4"}); err != nil {
		t.Fatal(err)
	}
	if tu.retrieve.VectorWeight != 0.6 || tu.answer.MaxWords != 200 || tu.retrieve.RerankDocs != 4 {
		t.Errorf("not applied: %+v %+v", tu.retrieve, tu.answer)
	}
	want := "retrieve.vector_weight=0.6 (default 0.7), retrieve.rerank_docs=4 (default 8), answer.max_words=200 (default 120)"
	if got := tu.changed(); got != want {
		t.Errorf("changed() = %q, want %q", got, want)
	}
	for _, bad := range []string{"retrieve.vector_wieght=0.6", "vector_weight=0.6", "answer.max_words=1.5", "retrieve.vector_weight=-1", "retrieve.vector_weight=NaN", "retrieve.vector_weight"} {
		err := tu.set(bad)
		if err == nil || !strings.Contains(err.Error(), "retrieve.vector_weight, ") || !strings.Contains(err.Error(), "answer.max_words") {
			t.Errorf("set(%q) = %v, want an error listing the known names", bad, err)
		}
	}
	// Every field of the three structs has a name, so none is out of reach.
	if n, want := len(paramNames()), reflect.TypeFor[retrieve.Params]().NumField()+reflect.TypeFor[answer.Params]().NumField()+reflect.TypeFor[curatedParams]().NumField(); n != want {
		t.Errorf("%d named parameters, want %d (a field lacks its param tag)", n, want)
	}
}

// --param reaches retrieval (the hand-off threshold) and the extractive
// composer, and the report says which parameters were changed.
func TestEvalParamChangesTheRun(t *testing.T) {
	env := envFor(testdb.New(t, "evalparam"))
	for _, cmd := range []string{"migrate", "index"} {
		if code, _, errOut := runCmd(t, env, cmd); code != 0 {
			t.Fatalf("%s: %d %s", cmd, code, errOut)
		}
	}
	set := filepath.Join(t.TempDir(), "one.jsonl")
	line := `{"question": "Which ministry issues the licence for sending workers abroad now?", "lang": "en", "kind": "en", "expected": ["labour-abroad-licensed-companies"], "fact": "Ministry of Home Affairs"}`
	if err := os.WriteFile(set, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	factRE := regexp.MustCompile(`(?m)^\s+ALL\s+1\s+(\S+)\s+\S+\s+(\d+)$`)
	for _, tt := range []struct {
		params              []string
		header, fact, hands string
	}{
		{nil, "params: defaults", "1.000", "0"},
		// Grounding answers a little under the threshold (up to
		// retrieve.grounded_margin): off, a threshold of 1 hands off all.
		{[]string{"retrieve.min_confidence=1", "retrieve.grounded_concepts=0"}, "params: retrieve.min_confidence=1 (default 0.35), retrieve.grounded_concepts=0 (default 2)", "0.000", "1"},
		{[]string{"answer.max_passages=0"}, "params: answer.max_passages=0 (default 10)", "0.000", "1"},
	} {
		// Composer-only: a curated card would answer before retrieval and
		// the composer these parameters tune.
		args := []string{"eval", "--no-cards", "--set", set}
		for _, p := range tt.params {
			args = append(args, "--param", p)
		}
		code, out, errOut := runCmd(t, env, args...)
		m := factRE.FindStringSubmatch(out)
		if code != 0 || !strings.HasPrefix(out, tt.header+"\n") || m == nil || m[1] != tt.fact || m[2] != tt.hands {
			t.Errorf("eval %v: exit %d, want %q, fact %s, %s handed off:\n%s%s", tt.params, code, tt.header, tt.fact, tt.hands, out, errOut)
		}
	}
	if code, _, errOut := runCmd(t, env, "eval", "--param", "retrieve.nope=1"); code != 2 || !strings.Contains(errOut, "retrieve.vector_weight") {
		t.Errorf("unknown parameter: exit %d, %s", code, errOut)
	}

	// On the same index: --fit-rerank over two files named with a comma
	// prints the recall among the candidates and one weight per feature,
	// as the Go literal; a missing file in the list is named.
	second := filepath.Join(t.TempDir(), "two.jsonl")
	line = `{"question": "How much can a Taiwan broker charge per month in my first year?", "lang": "en", "kind": "en", "expected": ["labour-taiwan-fees-direct-hiring"]}`
	if err := os.WriteFile(second, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, env, "eval", "--fit-rerank", "--set", set+","+second)
	weights := regexp.MustCompile(`(?m)^var rerankWeights = \[\]float64\{(.*)\}$`).FindStringSubmatch(out)
	if code != 0 || !strings.Contains(out, "questions: 2\n") || !strings.Contains(out, "recall@1 among the candidates: fusion ") ||
		weights == nil || len(strings.Split(weights[1], ", ")) != len(retrieve.RerankFeatures) {
		t.Errorf("eval --fit-rerank: exit %d, want 2 questions and %d weights:\n%s%s", code, len(retrieve.RerankFeatures), out, errOut)
	}
	if code, _, errOut := runCmd(t, env, "eval", "--fit-rerank", "--set", set+",nope.jsonl"); code == 0 || !strings.Contains(errOut, `"nope.jsonl": no such file`) {
		t.Errorf("a missing file in --set: exit %d, %s", code, errOut)
	}
}

// An answer to someone in danger is its safety steps and numbers: the
// expected fact found there counts, one found only in a source title or
// the next step does not.
func TestEvalFactIsLookedForInWhatTheAnswerSays(t *testing.T) {
	q := evalQuestion{Question: "My employer in Japan took my passport. What should I do?", Lang: "en", Kind: "en",
		Expected: []string{"labour-help-abroad"}, Fact: "citizen protection hotline"}
	safe := assistant.Answer{Lang: "en", Safety: &assistant.Safety{Category: "held_documents", Country: "JP",
		Steps:    []string{"Nobody may keep your passport; call the embassy."},
		Contacts: []assistant.Contact{{Name: "Citizen protection hotline", Value: "+84 981 84 84 84"}}}}
	elsewhere := assistant.Answer{Lang: "en", NextStep: "If you are abroad, call the citizen protection hotline.",
		Sentences: []assistant.Sentence{{Text: "Employers may not keep a worker's passport.", Sources: []int{1}}}}

	rep := newAnswerReport()
	rep.add(q, safe)
	rep.add(q, elsewhere)
	if got := rep.facts["en"]; got != 1 {
		t.Errorf("facts found = %d, want 1: in the safety numbers, not in the next step", got)
	}
	if len(rep.misses) != 1 || rep.misses[0].body != elsewhere.Body() {
		t.Errorf("misses = %+v, want the answer whose body lacks the fact", rep.misses)
	}
}

// An amount written with its scale in words says the same fact as the
// figure: "40 triệu đồng" is "40.000.000 đồng", "40 million VND" is
// "40,000,000 VND"; another amount is not.
func TestEvalFactReadsAmountsWrittenInWords(t *testing.T) {
	for _, tt := range []struct {
		body, fact string
		want       bool
	}{
		{"Thân nhân được Quỹ hỗ trợ 40 triệu đồng (Quyết định 40/2021/QĐ-TTg, Điều 14).", "40.000.000 đồng", true},
		{"Thân nhân được Quỹ hỗ trợ 40.000.000 đồng.", "40 triệu đồng", true},
		{"Mức hỗ trợ từ 10.000.000 đến 30.000.000 đồng.", "10 triệu đến 30 triệu", true},
		{"The Fund pays the family 40,000,000 VND.", "40 million VND", true},
		{"Vay tối đa 1,5 tỷ đồng.", "1.500.000.000 đồng", true},
		{"Thân nhân được Quỹ hỗ trợ 30 triệu đồng.", "40.000.000 đồng", false},
		{"The Fund pays the family 4 million VND.", "40,000,000 VND", false},
	} {
		if got := saysFact(tt.body, tt.fact); got != tt.want {
			t.Errorf("saysFact(%q, %q) = %v, want %v", tt.body, tt.fact, got, tt.want)
		}
	}
}

// A curated answer that cites none of the question's expected documents
// lowers card precision and is listed with --misses, so the wrong card
// can be found; a right one is not listed.
func TestEvalListsCuratedAnswersCitingNoExpectedDocument(t *testing.T) {
	q := evalQuestion{Question: "How much is the deposit for Korea?", Lang: "en", Kind: "en",
		Expected: []string{"labour-abroad-deposit"}, Fact: "100,000,000"}
	card := func(id string) assistant.Answer {
		return assistant.Answer{Lang: "en", Verified: &assistant.Verified{ID: id + ".card", Kind: "card"},
			Sentences: []assistant.Sentence{{Text: "The deposit is 100,000,000 VND.", Sources: []int{1}}},
			Sources:   []assistant.Source{{ID: id}}}
	}
	rep := newAnswerReport()
	rep.add(q, card("labour-abroad-deposit"))
	rep.add(q, card("labour-japan-routes"))
	var out strings.Builder
	rep.printMisses(&out)
	if rep.cardHits != 2 || rep.cardRight != 1 {
		t.Errorf("card hits %d, right %d; want 2 and 1", rep.cardHits, rep.cardRight)
	}
	if !strings.Contains(out.String(), "curated answers citing no expected document (1)") ||
		!strings.Contains(out.String(), "want labour-abroad-deposit; got labour-japan-routes") {
		t.Errorf("misses listing lacks the wrong card:\n%s", out.String())
	}
}
