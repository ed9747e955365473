// Package assistant is the one path every question takes, whatever the
// channel: validate the Query, retrieve passages, compose an Answer with
// citations. Channels translate their wire format to a Query and an Answer
// back; nothing about retrieval or answering lives in a channel.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

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
	IssueConversation(ctx context.Context, conversationID, channel string) error
	// StartConversation is IssueConversation with the first turn, in one
	// write.
	StartConversation(ctx context.Context, conversationID, channel string, first store.Turn) error
	TouchConversation(ctx context.Context, conversationID, channel string, since time.Time) (bool, error)
	LastTurn(ctx context.Context, conversationID string, since time.Time) (store.Turn, bool, error)
	AddTurn(ctx context.Context, conversationID, channel string, t store.Turn, keep int) error
	DeleteConversation(ctx context.Context, conversationID, channel string) (bool, error)
}

// GapRecorder stores questions the service could not answer.
type GapRecorder interface {
	RecordUnanswered(ctx context.Context, u store.Unanswered) error
}

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
	// Safety, when set, recognises people in danger: their answer opens
	// with the steps and numbers for their case and is never a refusal.
	Safety SafetyChecker
	// Curated, when set, is asked before any answer is composed: a
	// matching reviewed answer (verified, then card) is the answer.
	Curated CuratedFinder

	// reader keeps the passages the extractive composer has read.
	reader answer.Reader
}

// SafetyChecker recognises danger and gives the steps for it (see
// internal/safety).
type SafetyChecker interface {
	// Read finds a message's cues once; its Judge decides, before
	// retrieval and again with the best document.
	Read(question string) safety.Reading
	Reply(a safety.Alert, lang string) safety.Reply
	// Presence is the country code of where a message says the person
	// is now, or "".
	Presence(question string) string
	// RelativeAbroad is the country code of where a message says the
	// relative it is about is now, when abroad, or "".
	RelativeAbroad(question string) string
	// Mission names Vietnam's mission in a country, in lang.
	Mission(country, lang string) string
	// Countries are the codes of the countries a text names.
	Countries(text string) []string
	// Search is what to add to the searched text of a message about a
	// danger category that found nothing reliable alone, in lang.
	Search(category, lang string) string
}

// MaxTurns is how many turns of a conversation are kept.
const MaxTurns = 10

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
// Its steps: check the query, recognise danger, refuse probes, plan the
// search (follow-ups), retrieve, hand off when nothing is reliable,
// compose in each language, remember the turn. A person in danger is
// never handed off: the safety steps stand even when retrieval finds
// nothing or the database is down.
func (s *Service) askIn(ctx context.Context, q Query, langs []string, onDelta func(string)) ([]Answer, error) {
	in, err := s.understand(q, langs)
	if err != nil {
		return nil, err
	}
	q, fresh, err := s.conversation(ctx, q)
	if err != nil {
		return nil, err
	}
	answers, remember, err := s.respond(ctx, q, fresh, in, onDelta)
	if err != nil {
		return nil, err
	}
	s.keep(ctx, q, in, fresh, remember, answers)
	return answers, nil
}

// respond answers a checked question in q's conversation (fresh: issued
// for this question, not yet stored); remember says the answer is a turn
// to keep for follow-ups.
func (s *Service) respond(ctx context.Context, q Query, fresh bool, in understood, onDelta func(string)) (answers []Answer, remember bool, err error) {
	reading := s.readDanger(in.expanded)
	alert, danger := reading.Judge("")
	if reason := chat(in.expanded); !danger && reason != "" {
		return s.chatReplies(q, in, reason), false, nil
	}
	if !danger && probe(in.question) {
		return s.handoffs(ctx, q, in, ReasonRefused, 0), false, nil
	}
	if !danger && liveData(in.expanded) {
		return s.handoffs(ctx, q, in, ReasonLiveData, 0), false, nil
	}
	first, more := firstQuestion(in.expanded)
	split := more // two questions, each ending in "?"
	search := s.searchText(ctx, q, fresh, first)
	if answers, ok := s.curatedAnswers(ctx, q, in, first, alert, danger); ok {
		return withMoreNote(answers, more), true, nil
	}
	plan := s.queryPlan(search, in.expanded)
	folded := strings.Join(vitext.FoldedTokens(search), " ")
	if danger && (alert.Category == "forced_labour" || alert.Category == "held") && changeEmployerJapan.told.MatchString(folded) {
		// Abused or harassed at work and asking to change company ("quan
		// ly hay sam so e… e muon doi cong ty dc ko", in Japan): the right
		// to end the contract for abuse answers now, not Japan's scheme
		// that allows a change from April 2027 (eighth audit: read as a
		// yes).
		plan = search + "\n" + s.Safety.Search(alert.Category, in.langs[0])
	}
	if danger && alert.Category == "trafficking" && alert.Minor && !alert.Lured {
		// A child taken or sold ("chau gai toi 17 tuoi … noi lay chong
		// giau, gio … noi bi ban"): not the marriage age's words, which
		// the age and "lấy chồng" add (ninth audit: the family asking
		// where to report got the conditions to marry). A child still at
		// home, being lured ("Cháu tôi 16 tuổi, có người đến nhà rủ đi
		// làm ở Malaysia"), is told the age rule.
		plan = search
	}
	if danger && (alert.Category == "missing" || alert.Category == "broker_fraud" || alert.ForFamily && alert.Category == "forced_labour") && asksWhatToDoRE.MatchString(folded) {
		// "Cậu tôi … 2 tuần nay không liên lạc được, công ty môi giới ở
		// Cần Thơ nói không biết. Gia đình phải báo ai, ở đâu?" got the
		// licensing of companies, from the broker the story names: what
		// the family does is in the documents for a relative missing. So
		// for a family whose relative is forced or abused at work: "My
		// son in Malaysia … make him sign new contract … who to call in
		// Kuala Lumpur?" got brokerage caps (seventh audit). So for a
		// broker who took the money: "thằng cò lấy tiền của tui xong giờ
		// còn cho người tới nhà hăm dọa, tui sợ quá phải gọi ai" got the
		// trafficking law and a foreigner's temporary residence. (For the
		// other dangers their own documents answered better.)
		plan += "\n" + s.Safety.Search(alert.Category, in.langs[0])
	}
	if danger && alert.ForFamily && alert.Category == "held" && !papersRE.MatchString(folded) && answer.MentionsWork(search) && asksWhatToDoRE.MatchString(folded) {
		// A relative held at work, no passport named: "my sister working
		// as housemaid in Saudi Arabia, the madam hit her and lock her
		// inside the house … what we do" got two sentences on passports
		// (ninth audit); a worker abused or confined may end the contract
		// and the embassy's labour section helps.
		plan += "\n" + s.Safety.Search("forced_labour", in.langs[0])
	}
	res, err := s.Retriever.Retrieve(ctx, plan, retrieve.Options{Lang: in.langs[0], Limit: 5})
	if err != nil {
		if errors.Is(err, retrieve.ErrEmptyQuestion) {
			return nil, false, &InputError{Field: "question", Message: "must contain words, not only symbols or emoji"}
		}
		if danger {
			s.Log.Warn("retrieval failed; answering a person in danger with the steps alone", "err", err)
			return s.safetyOnly(ctx, q, in, alert, 0), false, nil
		}
		return nil, false, s.internal(err)
	}
	if s.Observe != nil {
		s.Observe(res.Took)
	}
	if !danger && len(res.Passages) > 0 {
		alert, danger = reading.Judge(res.Passages[0].DocumentID)
	}
	if danger && (len(res.Passages) == 0 || res.Confidence < s.MinConfidence) {
		// A grounded retrieval (retrieve.Result.Reliable) is searched
		// again too: the safety words find the steps a person in danger
		// needs, and the better of the two is kept.
		res = s.retrieveForDanger(ctx, search, alert, in.langs[0], res)
	}
	if !danger && (len(res.Passages) == 0 || res.Confidence < s.MinConfidence) {
		// Two questions in one message are tried apart before a grounded
		// whole (retrieve.Result.Reliable) is answered: the whole is
		// grounded in one question's document at best.
		if part, ok := firstAsk(first); ok {
			if r, partSearch, ok := s.retrievePart(ctx, q, fresh, part, in.langs[0]); ok {
				res, search, more = r, partSearch, true
			}
		}
	}
	if !res.Reliable(s.MinConfidence) {
		return s.nothingReliable(ctx, q, in, ReasonLowConfidence, res.Confidence, alert, danger), false, nil
	}
	var topics []string // the topics an answer may quote: all, unless in danger
	if danger {
		if topics = safeTopics(alert.Category); len(topics) == 0 {
			return s.nothingReliable(ctx, q, in, ReasonNotInSources, res.Confidence, alert, danger), false, nil
		}
		// A person in danger sees the steps first: a streamed preview
		// would show the quoted sentences before them (a Telegram
		// preview sent before the steps were added, seen in CI).
		onDelta = nil
	}
	answers, noAnswer, err := s.composeAll(ctx, q, in, res, search, topics, more, onDelta)
	if err != nil {
		return nil, false, err
	}
	if noAnswer {
		return s.nothingReliable(ctx, q, in, ReasonNotInSources, res.Confidence, alert, danger), false, nil
	}
	if danger {
		s.addSafety(ctx, q, in, alert, answers)
	} else if split {
		if second, further := nextQuestion(in.expanded, first); second != "" && s.answerSecond(ctx, in, first, second, answers) {
			for i := range answers {
				note := strings.TrimSpace(strings.TrimPrefix(answers[i].Note, moreQuestionsNote(answers[i].Lang)))
				if further {
					note = strings.TrimSpace(firstTwoNote(answers[i].Lang) + "\n" + note)
				}
				answers[i].Note = note
			}
		}
	}
	return answers, true, nil
}

// retrievePart searches for part, the first of two questions one
// sentence asks (firstAsk), when the whole message found nothing reliable:
// "Can I buy an apartment in Can Tho, and how long can I stay without a
// visa?" mixes two documents and was handed off, though each question
// alone is answered. It returns the result and the search text, and ok
// only when the part finds something reliable; a failed search is logged
// and the message is handed off as before.
func (s *Service) retrievePart(ctx context.Context, q Query, fresh bool, part, lang string) (retrieve.Result, string, bool) {
	search := s.searchText(ctx, q, fresh, part)
	res, err := s.Retriever.Retrieve(ctx, s.queryPlan(search, part), retrieve.Options{Lang: lang, Limit: 5})
	if err != nil {
		s.Log.Warn("retrieval of a message's first question failed", "err", err)
		return retrieve.Result{}, "", false
	}
	if s.Observe != nil {
		s.Observe(res.Took)
	}
	return res, search, res.Reliable(s.MinConfidence)
}

// retrieveForDanger searches again for a message about danger that found
// nothing reliable alone (a long story: "My friend … is locked in an
// apartment in Dubai … What do we do now?"), with the words of the
// documents that help in the alert's danger added (safety-steps.yaml,
// search), so the steps come with what to do and a next step. It returns
// the better of the two results; res when the second search fails (the
// first one answered) or there are no words for the category. The
// documents are those the safety words find (the message's words with
// them found the city's 2012 plan for a maid held in Dubai), but the
// message's own words, merged into the weights, still choose the
// sentences quoted: "có biện pháp nào cấm ổng lại gần e ko" gets the
// no-contact measure, not only the evidence to keep.
func (s *Service) retrieveForDanger(ctx context.Context, search string, alert safety.Alert, lang string, res retrieve.Result) retrieve.Result {
	words := s.Safety.Search(alert.Category, lang)
	if words == "" {
		return res
	}
	again, err := s.Retriever.Retrieve(ctx, words, retrieve.Options{Lang: lang, Limit: 5})
	if err != nil {
		s.Log.Warn("second search for a person in danger failed; keeping the first", "err", err)
		return res
	}
	if s.Observe != nil {
		s.Observe(again.Took)
	}
	if len(again.Passages) == 0 || again.Confidence <= res.Confidence {
		return res
	}
	weights := maps.Clone(again.Weights)
	for t, w := range res.Weights {
		weights[t] = max(weights[t], w)
	}
	again.Weights = weights
	return again
}

// papersRE (folded): a passport or papers named.
var papersRE = regexp.MustCompile(`\b(ho chieu|passport|giay to|the cu tru|arc|papers|id card|visa)\b`)

// asksWhatToDoRE (folded): a message that asks whom to tell or call, or
// what to do, which the documents for its danger answer.
var asksWhatToDoRE = regexp.MustCompile(`\b(bao ai|goi ai|goi cho ai|lien he ai|hoi ai|nho ai|bao o dau|bao cho ai|goi so nao|goi so may|phai lam gi|can lam gi|nen lam gi|lam sao bay gio|who (can|should|do) (i|we|she|he|they) (call|contact|tell|report)|who to (call|contact|tell)|what (do|should|can) (i|we) do|what (i|we) (can |should )?do|what to do|where (do|can|should) (i|we) report)\b`)

// safeTopics are the topics of the documents an answer may quote after
// the safety steps for category: none after the self-harm steps; only
// marriage documents after those for domestic violence (a wife beaten by
// her Korean husband was otherwise told about the EPS Korean test, from
// the words "Hàn Quốc" and "quay lại"); after any other, documents about
// work, marriage or life abroad, never the city guide or the service's
// own page ("do not send your passport number in a question" for a
// family asked to pay a ransom).
func safeTopics(category string) []string {
	switch category {
	case "self_harm":
		return nil
	case "domestic_violence":
		return []string{"marriage"}
	}
	return []string{"labour", "marriage", "diaspora"}
}

// nothingReliable answers when nothing reliable was found: the safety
// steps alone for a person in danger, with the note that the documents do
// not answer the question itself (the question still recorded as a gap
// for the content team), else a hand-off for reason.
func (s *Service) nothingReliable(ctx context.Context, q Query, in understood, reason string, confidence float64, alert safety.Alert, danger bool) []Answer {
	if !danger {
		return s.handoffs(ctx, q, in, reason, confidence)
	}
	s.recordGap(ctx, in.question, in.langs[0], q.Channel, reason)
	answers := s.safetyOnly(ctx, q, in, alert, confidence)
	for i := range answers {
		answers[i].Note = stepsOnlyNote(answers[i].Lang)
	}
	return answers
}

// composeAll composes the answer in each language from one retrieval,
// streaming the first; noAnswer when a composer found none in the
// passages. more adds the note that only the first of several questions
// was answered.
func (s *Service) composeAll(ctx context.Context, q Query, in understood, res retrieve.Result, search string, topics []string, more bool, onDelta func(string)) (answers []Answer, noAnswer bool, err error) {
	answers = make([]Answer, len(in.langs))
	for i, lang := range in.langs {
		var delta func(string)
		if i == 0 {
			delta = onDelta
		}
		a, none, err := s.answerIn(ctx, res, search, lang, topics, 0, delta)
		if err != nil || none {
			return nil, none, err
		}
		a.Query, a.ConversationID = in.expanded, q.ConversationID
		if more {
			a.Note = strings.TrimSpace(moreQuestionsNote(lang) + "\n" + a.Note)
		}
		answers[i] = a
	}
	return answers, false, nil
}

// understood is a checked query: the question cleaned, its shorthand
// spelled out, and the languages to answer in, each decided.
type understood struct {
	question string // as typed, cleaned: what is stored
	expanded string // chat shorthand ("dc ko", "bn") spelled out: what is searched
	langs    []string
}

// understand checks a query and decides its languages.
func (s *Service) understand(q Query, langs []string) (understood, error) {
	question, err := cleanText(q.Question)
	if err != nil {
		return understood{}, err
	}
	if s.Ready != nil && !s.Ready() {
		return understood{}, fmt.Errorf("%w: the index is being prepared", ErrUnavailable)
	}
	for _, l := range langs {
		if l != "" && l != vitext.Vietnamese && l != vitext.English {
			return understood{}, &InputError{Field: "lang", Message: `must be "vi", "en" or left out`}
		}
	}
	if err := checkConversationShape(q); err != nil {
		return understood{}, err
	}
	// Vietnamese typed with the keyboard's Vietnamese mode off ("dduwowcj
	// khoong") is read as Vietnamese; what is stored is what was typed.
	read := question
	if fixed, ok := vitext.FixIME(question); ok {
		read = fixed
	}
	// Personal details (phone, passport and ID numbers, e-mail addresses,
	// names) are masked before anything is searched, stored or logged:
	// they are not question words.
	expanded := vitext.ExpandShorthand(read)
	// "Please reply in English", "trả lời bằng tiếng Việt giúp tôi": the
	// person's own words choose the language of a one-language answer,
	// over the channel's setting, and are not searched.
	requested, rest, asked := vitext.RequestedLang(expanded)
	if asked && letterOnlyRE.MatchString(rest) {
		expanded = rest
	}
	in := understood{question: question, expanded: vitext.MaskPersonal(expanded), langs: slices.Clone(langs)}
	for i, l := range in.langs {
		switch {
		case asked && len(in.langs) == 1:
			in.langs[i] = requested
		case l != "":
		case q.LangHint != "" && !vitext.HasVietnameseMarks(in.expanded) && len(vitext.Tokens(in.expanded)) <= 2 && !letterOnlyRE.MatchString(in.expanded):
			// Emoji, a number, "ok": too little text to tell the
			// language, so the channel's hint decides.
			in.langs[i] = q.LangHint
		default:
			in.langs[i] = detectLang(read, in.expanded)
		}
	}
	return in, nil
}

// detectLang is the language of a question as typed (read) and with its
// shorthand spelled out (expanded). Spelling out "xkld" as "xuất khẩu lao
// động" adds marks the writer did not type, and marks make English
// function words that are also unmarked Vietnamese words count as English
// (vitext.DetectLang): "anh tui di xkld han quoc … muon ve …" was answered
// in English (sixth audit). A question typed without marks is read
// without them.
func detectLang(read, expanded string) string {
	if !vitext.HasVietnameseMarks(read) {
		return vitext.DetectLang(vitext.Fold(expanded))
	}
	return vitext.DetectLang(expanded)
}

// searchText is the text to search for: the question itself, or, for a
// follow-up ("còn Nhật thì sao?"), the question made standalone with the
// previous one. A conversation issued for this question (fresh) has none.
func (s *Service) searchText(ctx context.Context, q Query, fresh bool, expanded string) string {
	if !isFollowUp(expanded) {
		return expanded
	}
	previous := q.Previous
	if previous == "" && q.ConversationID != "" && !fresh && s.Memory != nil {
		previous = s.previousQuestion(ctx, q.ConversationID)
	}
	if previous == "" {
		return expanded
	}
	return s.standalone(ctx, vitext.ExpandShorthand(previous), expanded)
}

// handoffs records the question as unanswered and returns a hand-off in
// each language.
func (s *Service) handoffs(ctx context.Context, q Query, in understood, reason string, confidence float64) []Answer {
	s.recordGap(ctx, in.question, in.langs[0], q.Channel, reason)
	out := make([]Answer, len(in.langs))
	for i, l := range in.langs {
		out[i] = handoff(l, reason)
		out[i].Confidence, out[i].Query, out[i].ConversationID = confidence, in.expanded, q.ConversationID
	}
	return out
}

// chatReplies answers small talk or a declined request in each language,
// with no retrieval.
func (s *Service) chatReplies(q Query, in understood, reason string) []Answer {
	folded := strings.Join(vitext.FoldedTokens(in.expanded), " ")
	out := make([]Answer, len(in.langs))
	for i, l := range in.langs {
		out[i] = chatReply(l, reason, folded)
		out[i].Query, out[i].ConversationID = in.expanded, q.ConversationID
	}
	return out
}

// internal wraps a retrieval or store error for the caller: ErrUnavailable
// when the database is down.
func (s *Service) internal(err error) error {
	if errors.Is(err, store.ErrUnavailable) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return fmt.Errorf("ask: %w", err)
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
