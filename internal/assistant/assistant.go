// Package assistant is the one path every question takes, whatever the
// channel: validate the Query, retrieve passages, compose an Answer with
// citations. Channels translate their wire format to a Query and an Answer
// back; nothing about retrieval or answering lives in a channel.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxQuestionRunes is the longest question accepted.
const MaxQuestionRunes = 1000

// Query is a question from any channel.
type Query struct {
	Question       string
	Lang           string // "vi", "en" or "" (detect)
	ConversationID string
	Channel        string // "http", "cli", "telegram", "callcenter"
	// Previous, when set, is the question before this one, given by the
	// caller (the call-centre console sends the call's history) instead of
	// a stored conversation.
	Previous string
}

// Citation points at a passage an answer used.
type Citation struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Lang    string   `json:"lang"`
	Heading string   `json:"heading"`
	URL     string   `json:"url"`
	Snippet string   `json:"snippet"`
	Score   float64  `json:"score"`
	Sources []string `json:"sources"`
	AsOf    string   `json:"as_of"`
}

// Answer is what every channel returns.
type Answer struct {
	Text       string     `json:"answer"`
	Lang       string     `json:"lang"`
	Confidence float64    `json:"confidence"`
	Handoff    bool       `json:"handoff"`
	Reason     string     `json:"reason,omitempty"`
	Citations  []Citation `json:"citations"`
}

// InputError is a question the service cannot take; Message says what to
// fix and is safe to show the user.
type InputError struct {
	Field, Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// ErrUnavailable means the index cannot be reached right now; retry later.
var ErrUnavailable = errors.New("the knowledge index is unavailable")

// Retriever finds passages for a question.
type Retriever interface {
	Retrieve(ctx context.Context, question string, opt retrieve.Options) (retrieve.Result, error)
	// InLang chooses a result's passages again for another language.
	InLang(ctx context.Context, res retrieve.Result, lang string) (retrieve.Result, error)
	// Document returns every passage of one document version, in order.
	Document(ctx context.Context, docID, lang string) ([]retrieve.Passage, error)
}

// Composer writes an answer from passages.
type Composer interface {
	Compose(ctx context.Context, req answer.Request) (answer.Composition, error)
}

// StreamComposer is a Composer that can pass its text on as it is written.
type StreamComposer interface {
	Stream(ctx context.Context, req answer.Request, onDelta func(string)) (answer.Composition, error)
}

// Rewriter turns a follow-up question into a standalone one.
type Rewriter interface {
	Rewrite(ctx context.Context, previous, question string) (string, error)
}

// Memory keeps conversations for follow-up questions.
type Memory interface {
	LastTurn(ctx context.Context, conversationID string, since time.Time) (store.Turn, bool, error)
	AddTurn(ctx context.Context, conversationID, channel string, t store.Turn, keep int) error
	DeleteConversation(ctx context.Context, conversationID string) (bool, error)
}

// GapRecorder stores questions the service could not answer.
type GapRecorder interface {
	RecordUnanswered(ctx context.Context, u store.Unanswered) error
}

// Hand-off reasons.
const (
	ReasonLowConfidence = "low_confidence" // nothing relevant enough, which includes out-of-scope questions
	ReasonNotInSources  = "not_in_sources" // the LLM found no answer in the passages
	ReasonRefused       = "refused"        // an attempt to get at prompts, configuration or secrets
)

// Service answers questions. Retriever is required; the rest are optional.
type Service struct {
	Retriever     Retriever
	Log           *slog.Logger
	MinConfidence float64
	// LLM, when set, composes answers; on any failure the extractive
	// composer answers instead.
	LLM Composer
	// Memory, when set, makes follow-up questions work.
	Memory Memory
	// ConversationTTL is how long a conversation stays open; default 24 h.
	ConversationTTL time.Duration
	// Gaps, when set, records hand-offs.
	Gaps GapRecorder
	// DocumentURL, when set, makes a citation URL from a document id and
	// language.
	DocumentURL func(id, lang string) string
	// Observe, when set, is called with the duration of each retrieval.
	Observe func(time.Duration)
	// OnFallback, when set, is called each time the LLM fails and the
	// extractive answer is used.
	OnFallback func()
	// Ready, when set, says whether the index can answer; while it says
	// no (being prepared at start, or built with another embedder), Ask
	// returns ErrUnavailable.
	Ready func() bool
}

// MaxTurns is how many turns of a conversation are kept.
const MaxTurns = 10

var conversationIDRE = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,64}$`)

// Ask answers one question. Errors are *InputError for a question to fix,
// ErrUnavailable (wrapped) when the database is down, or an internal error.
func (s *Service) Ask(ctx context.Context, q Query) (Answer, error) {
	return s.ask(ctx, q, nil)
}

// AskStream is Ask for channels that show the answer as it is written:
// onDelta receives pieces of the text as an LLM produces them, or the whole
// text at once from the extractive composer. The returned Answer is final:
// prefer its Text over the pieces.
func (s *Service) AskStream(ctx context.Context, q Query, onDelta func(string)) (Answer, error) {
	return s.ask(ctx, q, onDelta)
}

func (s *Service) ask(ctx context.Context, q Query, onDelta func(string)) (Answer, error) {
	answers, err := s.askIn(ctx, q, []string{q.Lang}, onDelta)
	if err != nil {
		return Answer{}, err
	}
	return answers[0], nil
}

// AskInLanguages answers one question in each of langs ("vi", "en"), from
// one retrieval: what the call-centre console needs. Confidence, hand-off
// and reason are the same in every answer.
func (s *Service) AskInLanguages(ctx context.Context, q Query, langs []string) ([]Answer, error) {
	if len(langs) == 0 {
		return nil, &InputError{Field: "lang", Message: "name at least one language"}
	}
	for _, l := range langs {
		if l == "" {
			return nil, &InputError{Field: "lang", Message: `must be "vi" or "en"`}
		}
	}
	return s.askIn(ctx, q, langs, nil)
}

// askIn answers q in each of langs; a "" language is the question's own.
func (s *Service) askIn(ctx context.Context, q Query, langs []string, onDelta func(string)) ([]Answer, error) {
	question, err := CleanQuestion(q.Question)
	if err != nil {
		return nil, err
	}
	if s.Ready != nil && !s.Ready() {
		return nil, fmt.Errorf("%w: the index is being prepared", ErrUnavailable)
	}
	for _, l := range langs {
		if l != "" && l != vitext.Vietnamese && l != vitext.English {
			return nil, &InputError{Field: "lang", Message: `must be "vi", "en" or left out`}
		}
	}
	if q.ConversationID != "" && !conversationIDRE.MatchString(q.ConversationID) {
		return nil, &InputError{Field: "conversation_id", Message: "use 1–64 letters, digits, '_', '-', '.' or ':'"}
	}
	// Chat shorthand ("dc ko", "bn") is spelled out for language detection,
	// search and composition; what is stored is what the user typed.
	expanded := vitext.ExpandShorthand(question)
	langs = append([]string(nil), langs...)
	for i, l := range langs {
		if l == "" {
			langs[i] = vitext.DetectLang(expanded)
		}
	}
	handoffs := func(reason string, confidence float64) []Answer {
		s.recordGap(ctx, question, langs[0], q.Channel, reason)
		out := make([]Answer, len(langs))
		for i, l := range langs {
			out[i] = s.handoff(l, reason)
			if reason != ReasonRefused && inDanger(expanded) {
				out[i].Text += dangerLine(l)
			}
			out[i].Confidence = confidence
		}
		return out
	}
	if probe(question) {
		return handoffs(ReasonRefused, 0), nil
	}

	search := expanded
	if isFollowUp(expanded) {
		previous := q.Previous
		if previous == "" && q.ConversationID != "" && s.Memory != nil {
			previous = s.previousQuestion(ctx, q.ConversationID)
		}
		if previous != "" {
			search = s.standalone(ctx, vitext.ExpandShorthand(previous), expanded)
		}
	}
	res, err := s.Retriever.Retrieve(ctx, search, retrieve.Options{Lang: langs[0], Limit: 5})
	if err != nil {
		if errors.Is(err, retrieve.ErrEmptyQuestion) {
			return nil, &InputError{Field: "question", Message: "must contain words, not only symbols or emoji"}
		}
		return nil, s.internal(err)
	}
	if s.Observe != nil {
		s.Observe(res.Took)
	}
	if len(res.Passages) == 0 || res.Confidence < s.MinConfidence {
		return handoffs(ReasonLowConfidence, res.Confidence), nil
	}

	answers := make([]Answer, len(langs))
	for i, lang := range langs {
		inLang, err := s.Retriever.InLang(ctx, res, lang)
		if err != nil {
			return nil, s.internal(err)
		}
		var delta func(string)
		if i == 0 {
			delta = onDelta
		}
		a, noAnswer, err := s.answerFrom(ctx, inLang, search, lang, delta)
		if err != nil {
			return nil, err
		}
		if noAnswer {
			return handoffs(ReasonNotInSources, res.Confidence), nil
		}
		answers[i] = a
	}
	if q.ConversationID != "" && s.Memory != nil {
		var docs []string
		for _, c := range answers[0].Citations {
			docs = append(docs, c.ID)
		}
		t := store.Turn{Question: vitext.MaskPersonal(question), Lang: langs[0], DocumentIDs: docs}
		if err := s.Memory.AddTurn(ctx, q.ConversationID, q.Channel, t, MaxTurns); err != nil {
			// The answer stands; only the follow-up context is lost.
			s.Log.Warn("save conversation turn", "err", err)
		}
	}
	return answers, nil
}

// internal wraps a retrieval or store error for the caller: ErrUnavailable
// when the database is down.
func (s *Service) internal(err error) error {
	if errors.Is(err, store.ErrUnavailable) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return fmt.Errorf("ask: %w", err)
}

// answerFrom composes the answer in lang from retrieved passages; noAnswer
// when the composer found none in them.
func (s *Service) answerFrom(ctx context.Context, res retrieve.Result, search, lang string, onDelta func(string)) (a Answer, noAnswer bool, err error) {
	passages, err := s.widen(ctx, res.Passages)
	if err != nil {
		return Answer{}, false, s.internal(err)
	}
	req := answer.Request{Question: search, Lang: lang, Weights: res.Weights}
	for _, p := range passages {
		req.Passages = append(req.Passages, answer.Passage{
			DocID: p.DocumentID, Title: p.Title, Lang: p.Lang, Topic: p.Topic, Heading: p.Heading,
			Text: p.Text, Sources: p.Sources, AsOf: p.AsOf,
		})
	}
	comp := s.compose(ctx, req, onDelta)
	if comp.NoAnswer {
		return Answer{}, true, nil
	}
	a = Answer{Text: comp.Text, Lang: lang, Confidence: res.Confidence, Citations: []Citation{}}
	for _, i := range comp.Cited {
		p := passages[i]
		c := Citation{
			ID: p.DocumentID, Title: p.Title, Lang: p.Lang, Heading: p.Heading,
			Snippet: snippet(p.Text, 300), Score: round3(p.Score), Sources: p.Sources,
			AsOf: p.AsOf.Format(time.DateOnly),
		}
		if s.DocumentURL != nil {
			c.URL = s.DocumentURL(p.DocumentID, p.Lang)
		}
		a.Citations = append(a.Citations, c)
	}
	return a, false, nil
}

// Forget deletes a conversation at the user's request; deleted is false
// when there was none. Errors are ErrUnavailable (wrapped) or internal.
func (s *Service) Forget(ctx context.Context, conversationID string) (deleted bool, err error) {
	if s.Memory == nil {
		return false, nil
	}
	deleted, err = s.Memory.DeleteConversation(ctx, conversationID)
	if errors.Is(err, store.ErrUnavailable) {
		return false, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return deleted, err
}

// widen gives the composer the whole best document, in order, followed by
// the passages of the other documents: the sentence that answers is often
// in a section next to the one that matched the question best.
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
// when there is none or it fails.
func (s *Service) compose(ctx context.Context, req answer.Request, onDelta func(string)) answer.Composition {
	if s.LLM != nil {
		var comp answer.Composition
		var err error
		if sc, ok := s.LLM.(StreamComposer); ok && onDelta != nil {
			comp, err = sc.Stream(ctx, req, onDelta)
		} else {
			comp, err = s.LLM.Compose(ctx, req)
		}
		if err == nil {
			return comp
		}
		s.Log.Warn("llm failed; answering extractively", "err", err)
		if s.OnFallback != nil {
			s.OnFallback()
		}
	}
	comp := answer.ComposeExtractive(req)
	if onDelta != nil && !comp.NoAnswer {
		onDelta(comp.Text)
	}
	return comp
}

// previousQuestion is the last question of a live conversation, or "".
func (s *Service) previousQuestion(ctx context.Context, conversationID string) string {
	ttl := s.ConversationTTL
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	prev, ok, err := s.Memory.LastTurn(ctx, conversationID, time.Now().Add(-ttl))
	if err != nil {
		s.Log.Warn("read conversation", "err", err)
		return ""
	}
	if !ok {
		return ""
	}
	return prev.Question
}

// standalone makes a follow-up searchable on its own: with an LLM it is
// rewritten; without one (or if that fails) the previous question's words
// are added, less the places it names when the follow-up names another.
func (s *Service) standalone(ctx context.Context, previous, question string) string {
	if rw, ok := s.LLM.(Rewriter); ok {
		q, err := rw.Rewrite(ctx, previous, question)
		if err == nil {
			return q
		}
		s.Log.Warn("llm rewrite failed; merging terms", "err", err)
	}
	return MergeFollowUp(previous, question)
}

func (s *Service) recordGap(ctx context.Context, question, lang, channel, reason string) {
	if s.Gaps == nil {
		return
	}
	u := store.Unanswered{Question: vitext.MaskPersonal(question), Lang: lang, Channel: channel, Reason: reason}
	if err := s.Gaps.RecordUnanswered(ctx, u); err != nil {
		s.Log.Warn("record unanswered question", "err", err)
	}
}

func (s *Service) handoff(lang, reason string) Answer {
	return Answer{Lang: lang, Handoff: true, Reason: reason, Text: handoffText(lang, reason), Citations: []Citation{}}
}

var (
	tagRE    = regexp.MustCompile(`<[^>]{0,200}>`)
	letterRE = regexp.MustCompile(`[\p{L}\p{N}]`)
)

// CleanQuestion normalises a question (NFC, HTML tags and entities removed,
// spaces collapsed) and checks it: not empty, at most MaxQuestionRunes, and
// with at least one letter or digit.
func CleanQuestion(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", &InputError{Field: "question", Message: "must be UTF-8 text"}
	}
	if n := utf8.RuneCountInString(raw); n > MaxQuestionRunes {
		return "", &InputError{Field: "question", Message: fmt.Sprintf("is %d characters long; keep it under %d", n, MaxQuestionRunes)}
	}
	q := vitext.Normalize(html.UnescapeString(tagRE.ReplaceAllString(raw, " ")))
	if q == "" {
		return "", &InputError{Field: "question", Message: "is empty; write your question in Vietnamese or English"}
	}
	if !letterRE.MatchString(q) {
		return "", &InputError{Field: "question", Message: "must contain words, not only symbols, emoji or HTML"}
	}
	return q, nil
}

func handoffText(lang, reason string) string {
	if lang == vitext.Vietnamese {
		if reason == ReasonRefused {
			return "Tôi chỉ trả lời câu hỏi về thông tin của thành phố Cần Thơ và không chia sẻ cấu hình hay hướng dẫn nội bộ. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Để được tư vấn trực tiếp, hãy gọi tổng đài 1088."
		}
		return "Xin lỗi, tôi chưa tìm thấy thông tin đủ chắc chắn để trả lời câu hỏi này. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Để được tư vấn trực tiếp, hãy gọi tổng đài 1088."
	}
	if reason == ReasonRefused {
		return "I only answer questions about Cần Thơ city information, and I do not share my configuration or internal instructions. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. To talk to a counsellor, call the 1088 line."
	}
	return "Sorry, I could not find information reliable enough to answer this. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. To talk to a counsellor, call the 1088 line."
}

// dangerRE finds questions about violence, confinement or threats, typed
// with or without marks (matched on folded words).
var dangerRE = regexp.MustCompile(`\b(bi danh|danh toi|danh em|danh vo|chong danh|danh dap|bao luc|bao hanh|nguy hiem|de doa|giam giu|bi nhot|nhot toi|lua ban|bi ban|mua ban nguoi|cuu toi|cuu em|khan cap|violence|violent|beat|beats|beaten|beating|hits me|hit me|abuse|abused|abusing|danger|threat|threatened|threatening|locked|trafficked|trafficking|emergency)\b`)

func inDanger(question string) bool {
	return dangerRE.MatchString(strings.Join(vitext.FoldedTokens(question), " "))
}

// dangerLine ends a hand-off to a question about violence or danger: 1088
// is a labour line, the police answer emergencies (113 is in
// knowledge/contacts.yaml).
func dangerLine(lang string) string {
	if lang == vitext.Vietnamese {
		return " Nếu bạn đang gặp nguy hiểm ở Việt Nam, hãy gọi ngay công an số 113; nếu đang ở nước ngoài, hãy gọi cảnh sát nước sở tại."
	}
	return " If you are in danger in Vietnam, call the police on 113 now; abroad, call the local police."
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
