package assistant

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// customsRE is the heading of a section on a country's family customs
// ("Phong tục gia đình Hàn Quốc", "Korean family customs"): read in the
// answer to a person in danger, "Korean families expect the
// daughter-in-law to respect her in-laws" blames her (seventh audit).
var customsRE = regexp.MustCompile(`(?i)phong tục|customs|etiquette`)

// passportIssueRE is the title of the document on getting a passport
// abroad, and passportAskRE (folded) a question that asks for one (a
// new, lost, expired or renewed passport). Read in the answer to a person
// whose passport an employer keeps, "A person applying for a first
// passport applies at the mission…" says nothing to them (eighth audit).
// The section on coming home after losing a passport (lostHomeRE, its
// heading) is for a question that speaks of a lost passport or of going
// home (homeAskRE, folded): for a passport an employer keeps, "a citizen
// who has lost the passport… is issued one under a shortened procedure"
// was read as the answer (eighth audit).
var (
	passportIssueRE = regexp.MustCompile(`(?i)passport while abroad|hộ chiếu phổ thông Việt Nam khi đang ở nước ngoài`)
	passportAskRE   = regexp.MustCompile(`\b(lam (lai )?ho chieu|cap (lai|moi) ho chieu|ho chieu moi|gia han|het han|mat ho chieu|bi mat|lost|new passport|renew|renewal|expired|expires|expire)\b`)
	lostHomeRE      = regexp.MustCompile(`(?i)after losing the passport|khi mất hộ chiếu`)
	homeAskRE       = regexp.MustCompile(`\b(ve nuoc|ve viet nam|ve vn|ve que|muon ve|ve gap|khong co ho chieu|ko co ho chieu|without (a |my |the )?passport|no passport|go home|come home|return home|go back|get home|back to vietnam|bring (him|her|them) home|dua .{0,30} ve)\b`)
)

// answerIn composes the answer in lang from a retrieval's passages chosen
// again for that language, those of topics only when topics is not nil;
// noAnswer when the composer found none in them.
func (s *Service) answerIn(ctx context.Context, res retrieve.Result, search, lang string, topics []string, maxSentences int, onDelta func(string)) (a Answer, noAnswer bool, err error) {
	inLang, err := s.Retriever.InLang(ctx, res, lang)
	if err != nil {
		return Answer{}, false, s.internal(err)
	}
	passages, err := s.widen(ctx, inLang.Passages)
	if err != nil {
		return Answer{}, false, s.internal(err)
	}
	if topics != nil {
		folded := strings.Join(vitext.FoldedTokens(search), " ")
		asksPassport := passportAskRE.MatchString(folded)
		asksHome := asksPassport || homeAskRE.MatchString(folded)
		passages = slices.DeleteFunc(slices.Clone(passages), func(p retrieve.Passage) bool {
			return !slices.Contains(topics, p.Topic) || customsRE.MatchString(p.Heading) ||
				!asksPassport && passportIssueRE.MatchString(p.Title) || !asksHome && lostHomeRE.MatchString(p.Heading)
		})
		if len(passages) == 0 {
			return Answer{}, true, nil
		}
	}
	req := answer.Request{Question: search, Lang: lang, Weights: inLang.Weights, MaxSentences: maxSentences}
	if s.Safety != nil {
		if where := s.Safety.Presence(search); where != "" && where != "VN" {
			req.Abroad = s.Safety.Mission(where, lang)
		} else if where := s.Safety.RelativeAbroad(search); where != "" {
			req.RelativeAbroad = s.Safety.Mission(where, lang)
		}
		req.Countries, req.CountriesOf = s.Safety.Countries(search), s.Safety.Countries
		if req.RelativeAbroad != "" && familyHomeRE.MatchString(strings.Join(vitext.FoldedTokens(search), " ")) {
			// Vietnam is named as where the family is, not as a place
			// the question asks about: the relative's country decides.
			req.Countries = slices.DeleteFunc(req.Countries, func(c string) bool { return c == "VN" })
		}
	}
	for _, p := range passages {
		req.Passages = append(req.Passages, answer.Passage{
			DocID: p.DocumentID, Title: p.Title, Lang: p.Lang, Topic: p.Topic, Heading: p.Heading,
			Text: p.Text, Sources: p.Sources, AsOf: p.AsOf, Lead: p.Lead,
		})
	}
	comp, streamed := s.compose(ctx, req, onDelta)
	if comp.NoAnswer {
		return Answer{}, true, nil
	}
	a = Answer{Lang: lang, Confidence: res.Confidence, Note: comp.Note, ListNote: comp.ListNote, NextStep: comp.NextStep,
		Composer: comp.Composer, Sources: []Source{}, unstated: comp.Unstated}
	for _, cs := range comp.Sentences {
		a.Sentences = append(a.Sentences, Sentence{Text: cs.Text, Sources: cs.Sources})
	}
	for _, i := range comp.Cited {
		a.Sources = append(a.Sources, s.source(passages[i]))
	}
	if onDelta != nil && !streamed {
		onDelta(a.PlainText())
	}
	return a, false, nil
}

// familyHomeRE (folded): the writer says where the family is at home
// ("Gia đình ở Cần Thơ phải báo ai", "our family in Vietnam").
var familyHomeRE = regexp.MustCompile(`\b(gia dinh|nha) (toi |em |minh |tui )?(o|dang o) (can tho|viet nam|vn|que)|\b(family|we) (is |are )?(in|at home in) (can tho|vietnam)\b`)

// source describes a cited passage's document.
func (s *Service) source(p retrieve.Passage) Source {
	src := Source{
		ID: p.DocumentID, Title: p.Title, Lang: p.Lang, Heading: p.Heading,
		Snippet: snippet(p.Text, 300), Score: round3(p.Score), Instruments: p.Sources,
		AsOf: p.AsOf.Format(time.DateOnly),
	}
	if s.DocumentURL != nil {
		src.URL = s.DocumentURL(p.DocumentID, p.Lang)
	}
	return src
}

// widen gives the composer the whole best document, in order, followed by
// the passages of the other documents: the sentence that answers is often
// in a section next to the one that matched the question best. The best
// document's sections come without the leads of cards near the question
// (retrieve.Passage.Lead): within the right document a near card is often
// about the next fact over, and giving them their leads measured worse
// (docs/benchmarks.md, "2026-12-01, night").
func (s *Service) widen(ctx context.Context, ps []retrieve.Passage) ([]retrieve.Passage, error) {
	top := ps[0]
	doc, err := s.Retriever.Document(ctx, top.DocumentID, top.Lang)
	if err != nil {
		return nil, err
	}
	if len(doc) == 0 {
		return ps, nil
	}
	for i := range doc {
		doc[i].Score = top.Score
	}
	for _, p := range ps {
		if p.DocumentID != top.DocumentID {
			doc = append(doc, p)
		}
	}
	return doc, nil
}

// compose uses the LLM when there is one, and the extractive composer
// when there is none or it fails; streamed says whether onDelta was given
// the text as it was written.
func (s *Service) compose(ctx context.Context, req answer.Request, onDelta func(string)) (comp answer.Composition, streamed bool) {
	if s.LLM != nil {
		var err error
		if sc, ok := s.LLM.(StreamComposer); ok && onDelta != nil {
			comp, err = sc.Stream(ctx, req, onDelta)
			streamed = true
		} else {
			comp, err = s.LLM.Compose(ctx, req)
		}
		if err == nil {
			return comp, streamed
		}
		s.Log.Warn("llm failed; answering extractively", "err", err)
		if s.OnFallback != nil {
			s.OnFallback()
		}
	}
	comp, _ = answer.Extractive{Reader: &s.reader}.Compose(ctx, req) // never fails
	return comp, false
}

// snippet cuts text to at most n runes at a word boundary.
func snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
