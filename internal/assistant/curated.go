package assistant

import (
	"context"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// CuratedFinder finds the reviewed answer to a question (see
// internal/curated): an approved verified answer first, then an approved
// card; ok is false when none matches.
type CuratedFinder interface {
	Find(ctx context.Context, question string) (m curated.Match, ok bool, err error)
	// Sources returns the title and date checked of each of the
	// documents ids, in lang where they have that version.
	Sources(ctx context.Context, ids []string, lang string) ([]store.DocumentInfo, error)
}

// ComposerCurated names answers taken from a curated answer.
const ComposerCurated = "curated"

// curatedAnswers answers question from a curated answer in each language,
// with the safety steps on top for a person in danger; ok is false when
// no curated answer matches (or the finder fails: the composed answer
// then stands in, and the failure is logged).
func (s *Service) curatedAnswers(ctx context.Context, q Query, in understood, question string, alert safety.Alert, danger bool) ([]Answer, bool) {
	if s.Curated == nil || isFollowUp(question) {
		return nil, false
	}
	m, ok, err := s.Curated.Find(ctx, question)
	if err != nil {
		s.Log.Warn("curated answers unavailable; composing", "err", err)
		return nil, false
	}
	if !ok {
		return nil, false
	}
	out := make([]Answer, len(in.langs))
	for i, lang := range in.langs {
		a, err := s.fromCurated(ctx, m, lang)
		if err != nil {
			s.Log.Warn("curated answer sources; composing", "err", err)
			return nil, false
		}
		a.Query, a.ConversationID = in.expanded, q.ConversationID
		out[i] = a
	}
	if danger {
		s.addSafety(ctx, q, in, alert, out)
	}
	return out, true
}

// fromCurated renders match m in lang: its answer in lang, or in the other
// language with a note saying so when it has none in lang.
func (s *Service) fromCurated(ctx context.Context, m curated.Match, lang string) (Answer, error) {
	c := m.Answer
	textLang := lang
	if c.Answer[lang] == "" {
		textLang = otherLang(lang)
	}
	docs, err := s.Curated.Sources(ctx, c.SourceIDs, textLang)
	if err != nil {
		return Answer{}, err
	}
	a := Answer{
		Lang: textLang, Confidence: round3(min(max(m.Score, 0), 1)), Composer: ComposerCurated, Sources: []Source{},
		Verified: &Verified{ID: c.ID, Kind: c.Kind, ApprovedAt: c.ApprovedAt.Format(time.DateOnly)},
	}
	if textLang != lang {
		a.Note = onlyInNote(lang, textLang)
	}
	cited := make([]int, 0, len(docs))
	for i, d := range docs {
		src := Source{ID: d.ID, Title: d.Title, Lang: d.Lang, AsOf: d.AsOf.Format(time.DateOnly), Instruments: d.Sources}
		if s.DocumentURL != nil {
			src.URL = s.DocumentURL(d.ID, d.Lang)
		}
		a.Sources = append(a.Sources, src)
		cited = append(cited, i+1)
	}
	for _, t := range vitext.Sentences(c.Answer[textLang]) {
		a.Sentences = append(a.Sentences, Sentence{Text: t, Sources: cited})
	}
	return a, nil
}

func otherLang(lang string) string {
	if lang == vitext.Vietnamese {
		return vitext.English
	}
	return vitext.Vietnamese
}

// onlyInNote says, in lang, that the answer exists only in other.
func onlyInNote(lang, other string) string {
	if lang == vitext.Vietnamese {
		return "(Câu trả lời này hiện chỉ có bằng " + answer.LangName(other, vitext.Vietnamese) + ".)"
	}
	return "(This answer is only available in " + answer.LangName(other, vitext.English) + ".)"
}

// withMoreNote adds, when more, the note that only the first of several
// questions was answered.
func withMoreNote(answers []Answer, more bool) []Answer {
	if more {
		for i := range answers {
			answers[i].Note = strings.TrimSpace(moreQuestionsNote(answers[i].Lang) + "\n" + answers[i].Note)
		}
	}
	return answers
}
