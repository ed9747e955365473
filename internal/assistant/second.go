package assistant

import (
	"context"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// nextQuestion is the question that follows first in message (first is a
// prefix of message, as firstQuestion cut it): the rest of the message up
// to and including its next question mark, trimmed, and whether more
// questions follow it. "" when the rest asks nothing.
func nextQuestion(message, first string) (next string, more bool) {
	rest := strings.TrimPrefix(message, first)
	if rest == message {
		return "", false
	}
	next, more = firstQuestion(strings.TrimSpace(rest))
	if !letterOnlyRE.MatchString(next) {
		return "", false
	}
	return strings.TrimSpace(next), more
}

// answerSecond adds to answers (one per language, composed for first) the
// answer to second, the message's next question, when the documents the
// first answer cites answer it too: "Phải ký quỹ bao nhiêu tiền? Nộp tiền
// ký quỹ ở ngân hàng nào?" asks two things of one document. It reports
// whether it added one.
//
// A second answer that stands on its own was tried and not kept: a short
// question ("lệ phí bao nhiêu?") finds something reliable-looking almost
// anywhere, and about two second answers in three quoted unrelated
// sentences (docs/benchmarks.md, "2026-11-30"). So the second question
// is answered only from the documents already cited: it is searched alone,
// and only when that finds nothing reliable (too short: "Mất bao lâu?")
// with the first question's words; when the search ranks another document
// first, only the cited documents' passages it found are read. Its best
// sentence must state the figure it asks for (no unstated-figure note),
// and is not repeated when the first answer says it already (unless the
// cited documents were not ranked first: then nothing is shown to answer
// it). Otherwise the note to send it separately stays.
func (s *Service) answerSecond(ctx context.Context, in understood, first, second string, answers []Answer) bool {
	if len(answers) == 0 || len(answers[0].Sources) == 0 {
		return false
	}
	cited := map[string]bool{}
	for _, src := range answers[0].Sources {
		cited[src.ID] = true
	}
	for _, search := range []string{second, MergeFollowUp(first, second)} {
		res, err := s.Retriever.Retrieve(ctx, s.queryPlan(search, second), retrieve.Options{Lang: in.langs[0], Limit: 5})
		if err != nil {
			s.Log.Warn("retrieval of a message's second question failed", "err", err)
			return false
		}
		if s.Observe != nil {
			s.Observe(res.Took)
		}
		if !res.Reliable(s.MinConfidence) {
			continue // too short to search alone ("Mất bao lâu?"): with the first's words
		}
		// The documents the first answer cites, as this search ranks them:
		// the first may be another ("đại học Cần Thơ thành lập năm nào"
		// after the Cần Thơ bridge ranks the city overview first, the
		// landmarks it also names the university in second).
		restricted := !cited[res.Passages[0].DocumentID]
		if restricted {
			res.Passages = slices.DeleteFunc(slices.Clone(res.Passages), func(p retrieve.Passage) bool { return !cited[p.DocumentID] })
			if len(res.Passages) == 0 {
				return false // another subject
			}
		}
		parts := make([]Answer, len(answers))
		for i, lang := range in.langs {
			a, none, err := s.answerIn(ctx, res, search, lang, nil, secondSentences, nil)
			if err != nil || none || a.unstated {
				return false
			}
			var ok bool
			if parts[i], ok = newPart(answers[i], a, cited); !ok {
				return false
			}
		}
		if restricted && len(parts[0].Sentences) == 0 {
			// Its best sentence, from a document ranked under another,
			// is one the first answer says: that it answers the second
			// question is not shown ("… tối đa mấy năm? … tiền dịch vụ
			// tối đa bao nhiêu?" found the 5 years again, on "tối đa").
			return false
		}
		for i := range answers {
			if len(parts[i].Sentences) > 0 {
				appendPart(&answers[i], parts[i])
			}
		}
		return true
	}
	return false
}

// secondSentences bounds the answer to a second question: its best
// sentence only (two quoted chaff after a sentence already said,
// docs/benchmarks.md, "2026-12-01, morning").
const secondSentences = 1

// newPart is the second answer a, less the sentences the first answer
// says already; ok is false when a sentence rests on a document the first
// answer does not cite, or on none: the second question is then not
// answered from the first answer's documents.
func newPart(firstAnswer, a Answer, cited map[string]bool) (part Answer, ok bool) {
	said := map[string]bool{}
	for _, st := range firstAnswer.Sentences {
		said[st.Text] = true
	}
	part = a
	part.Sentences = nil
	for _, st := range a.Sentences {
		if len(st.Sources) == 0 || slices.ContainsFunc(st.Sources, func(n int) bool { return !cited[a.Sources[n-1].ID] }) {
			return Answer{}, false
		}
		if !said[st.Text] {
			part.Sentences = append(part.Sentences, st)
		}
	}
	return part, true
}

// appendPart adds part after a's sentences, under a lead sentence, its
// sources numbered on from a's (a source a cites already keeps its
// number).
func appendPart(a *Answer, part Answer) {
	number := make([]int, len(part.Sources))
	for i, src := range part.Sources {
		j := slices.IndexFunc(a.Sources, func(o Source) bool { return o.ID == src.ID && o.Heading == src.Heading })
		if j < 0 {
			a.Sources = append(a.Sources, src)
			j = len(a.Sources) - 1
		}
		number[i] = j + 1
	}
	a.Sentences = append(a.Sentences, Sentence{Text: secondLead(a.Lang), Sources: []int{}})
	for _, st := range part.Sentences {
		renumbered := make([]int, len(st.Sources))
		for k, n := range st.Sources {
			renumbered[k] = number[n-1]
		}
		a.Sentences = append(a.Sentences, Sentence{Text: st.Text, Sources: renumbered})
	}
}

// secondLead opens the answer to the second question.
func secondLead(lang string) string {
	if lang == vitext.Vietnamese {
		return "Về câu hỏi tiếp theo của bạn:"
	}
	return "On your next question:"
}
