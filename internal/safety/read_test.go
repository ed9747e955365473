package safety

import (
	"reflect"
	"testing"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// readAll is Read matching every rule of the lexicon, not only those a word
// of the message can open: what Read must agree with.
func readAll(l *Lexicon, question string) Reading {
	r := Reading{lex: l, tokens: typedTokens(question), score: map[string]int{}, cues: map[string][]string{}}
	vetoed := map[string]bool{}
	for _, ru := range l.rules {
		if !ru.phrase.in(r.tokens) {
			continue
		}
		switch ru.strength {
		case veto:
			vetoed[ru.category] = true
		case strong:
			r.score[ru.category] += 2
			r.cues[ru.category] = append(r.cues[ru.category], ru.phrase.String())
		case weak:
			r.score[ru.category]++
			r.cues[ru.category] = append(r.cues[ru.category], ru.phrase.String())
		}
	}
	for cat := range vetoed {
		delete(r.score, cat)
	}
	return r
}

// Matching only the rules a message's words can open finds the same cues
// as matching every rule, for the tuning messages as typed and typed
// without marks, and every judgement (without a document, and with each
// safety document first) is the same.
func TestReadFindsEveryRuleThatOccurs(t *testing.T) {
	c := load(t)
	var msgs []string
	for _, name := range []string{"labelled.jsonl", "tuning-2.jsonl", "tuning-3.jsonl"} {
		for _, l := range readSet(t, "../../knowledge/eval/safety/"+name) {
			q := vitext.ExpandShorthand(l.Question)
			msgs = append(msgs, q, vitext.Fold(q))
		}
	}
	docs := []string{""}
	for d := range c.docs {
		docs = append(docs, d)
	}
	danger := 0
	for _, m := range msgs {
		got, want := c.Read(m), readAll(c.Lexicon, m)
		if !reflect.DeepEqual(got.score, want.score) || !reflect.DeepEqual(got.cues, want.cues) {
			t.Errorf("%q: Read scores %v %v; every rule gives %v %v", m, got.score, got.cues, want.score, want.cues)
			continue
		}
		for _, d := range docs {
			ga, gok := got.Judge(d)
			wa, wok := want.Judge(d)
			if gok != wok || !reflect.DeepEqual(ga, wa) {
				t.Errorf("%q with %q first: Judge = %+v %v; want %+v %v", m, d, ga, gok, wa, wok)
			}
			if gok {
				danger++
			}
		}
	}
	if danger == 0 {
		t.Fatal("no message judged in danger: the comparison proves nothing")
	}
}
