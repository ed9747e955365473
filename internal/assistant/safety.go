package assistant

import (
	"context"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// ReasonContactGap marks a question from a person in danger in a country
// for which the reviewed contacts have no emergency number: the content
// team must add one (assistant report gaps).
const ReasonContactGap = "contact_gap"

// readDanger reads a message's cues of danger; with no safety check, the
// zero Reading, which judges every message safe.
func (s *Service) readDanger(question string) safety.Reading {
	if s.Safety == nil {
		return safety.Reading{}
	}
	return s.Safety.Read(question)
}

// addSafety opens each answer with the steps for the person's danger, in
// its language, and records a country without reviewed contacts. When
// the person in danger (or the relative a family writes about) is abroad,
// the answer's next step is the one for that place, whatever its
// documents' topic: a wife beaten in Korea had been sent to the commune
// office and 113, a bride held by her in-laws in Taiwan told "as your
// relative is abroad" (fifth audit). The steps and the next step speak to
// the same person: the one in danger, or the family writing about them
// (a.ForFamily, one reading in internal/safety).
func (s *Service) addSafety(ctx context.Context, q Query, in understood, a safety.Alert, answers []Answer) {
	gap := false
	for i := range answers {
		lang := answers[i].Lang
		r := s.Safety.Reply(a, lang)
		answers[i].Safety = safetyBlock(r, lang)
		gap = gap || r.ContactGap
		switch {
		case answers[i].NextStep != "" && a.Country != "" && a.Country != "VN" && !a.AlsoVN:
			work := a.Category != "domestic_violence" && answer.MentionsWork(in.question)
			answers[i].NextStep = answer.PlaceStep(lang, s.Safety.Mission(a.Country, lang), a.ForFamily, work)
		case answers[i].NextStep != "" && a.Category == "broker_fraud":
			answers[i].NextStep = answer.FraudStep(lang)
		}
	}
	if gap {
		s.recordGap(ctx, in.question, in.langs[0], q.Channel, ReasonContactGap)
	}
	// Debug only: the category and country, never the question.
	s.Log.Debug("safety answer", "category", a.Category, "country", a.Country)
}

// safetyOnly is the answer to a person in danger when nothing reliable
// was retrieved: the steps and numbers alone, never a refusal.
func (s *Service) safetyOnly(ctx context.Context, q Query, in understood, a safety.Alert, confidence float64) []Answer {
	out := make([]Answer, len(in.langs))
	for i, l := range in.langs {
		out[i] = Answer{Lang: l, Confidence: confidence, Query: in.expanded, ConversationID: q.ConversationID, Sources: []Source{}}
	}
	s.addSafety(ctx, q, in, a, out)
	return out
}

// stepsOnlyNote says, under the steps, that the knowledge base found no
// answer to what the message also asks ("… muốn chuyển xưởng thì có được
// không, phải làm ở đâu?" got the steps and nothing more, seventh audit),
// so the silence is not read as "no".
func stepsOnlyNote(lang string) string {
	if lang == vitext.Vietnamese {
		return "(Tài liệu của chúng tôi chưa trả lời được câu hỏi của bạn; hãy gọi các số ở trên để được hướng dẫn.)"
	}
	return "(Our documents do not answer your question itself; call the numbers above for guidance.)"
}

// SafetyOnly answers a message from a person in danger with the steps
// alone — no retrieval, no LLM, no database — for channels that must
// still answer past a rate limit. ok is false when the message is not
// recognised as danger (or there is no safety check).
func (s *Service) SafetyOnly(q Query) (a Answer, ok bool) {
	question, err := CleanQuestion(q.Question)
	if err != nil || s.Safety == nil {
		return Answer{}, false
	}
	in := understood{question: question, expanded: vitext.ExpandShorthand(question)}
	alert, danger := s.Safety.Read(in.expanded).Judge("")
	if !danger {
		return Answer{}, false
	}
	lang := q.Lang
	if requested, _, asked := vitext.RequestedLang(in.expanded); asked {
		lang = requested
	} else if lang == "" {
		lang = vitext.DetectLang(in.expanded)
	}
	r := s.Safety.Reply(alert, lang)
	return Answer{Lang: lang, Query: in.expanded, Sources: []Source{}, Safety: safetyBlock(r, lang)}, true
}

// safetyBlock turns the steps of a safety reply into the answer's Safety.
func safetyBlock(r safety.Reply, lang string) *Safety {
	b := &Safety{Category: r.Category, Country: r.Country, Steps: r.Steps, Contacts: []Contact{}}
	for _, c := range r.Contacts {
		b.Contacts = append(b.Contacts, Contact{Name: c.DisplayName(lang), Value: c.Value})
	}
	return b
}
