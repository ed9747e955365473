package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cantho-connect/assistant/internal/assistant"
)

// evalSmallTalk answers each message of a small-talk set and prints how
// many got a knowledge-base answer: none should among greetings, thanks,
// acknowledgements, emoji, punctuation and requests outside the service's
// job; every single word that is a question ("xkld", "1088") should get
// one, from its expected document when the row names one.
func evalSmallTalk(ctx context.Context, svc *assistant.Service, qs []evalQuestion, w io.Writer) error {
	var chat, chatAnswered, words, wordsAnswered, wordsRight int
	var misses []string
	for _, q := range qs {
		a, err := svc.Ask(ctx, assistant.Query{Question: q.Question, Lang: q.Lang, Channel: "eval"})
		if err != nil {
			return fmt.Errorf("%q: %w", q.Question, err)
		}
		answered := !a.Handoff && len(a.Sources) > 0
		if q.Kind != "single_word" {
			chat++
			if answered {
				chatAnswered++
				misses = append(misses, "answered from the knowledge base: "+q.Question)
			}
			continue
		}
		words++
		if !answered && a.Safety == nil {
			misses = append(misses, "single word not answered: "+q.Question)
			continue
		}
		wordsAnswered++
		if len(q.Expected) == 0 || (len(a.Sources) > 0 && contains(q.Expected, a.Sources[0].ID)) {
			wordsRight++
		}
	}
	fmt.Fprintf(w, "small talk and requests outside the job: %d, answered from the knowledge base: %d\n", chat, chatAnswered)
	fmt.Fprintf(w, "single words that are questions: %d, answered: %d, from the expected document: %d\n", words, wordsAnswered, wordsRight)
	for _, m := range misses {
		fmt.Fprintf(w, "  - %s\n", m)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
