package callcenter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// SuggestRequest is the body of POST /v1/callcenter/suggest.
type SuggestRequest struct {
	CallID      string        `json:"call_id"`
	TurnID      string        `json:"turn_id"`
	Question    string        `json:"question"`
	CallerLang  string        `json:"caller_lang,omitempty"`
	AnswerLangs []string      `json:"answer_langs,omitempty"`
	CounselorID string        `json:"counselor_id,omitempty"`
	History     []HistoryTurn `json:"history,omitempty"`
}

// HistoryTurn is an earlier turn of the call.
type HistoryTurn struct {
	Question string `json:"question"`
	Answer   string `json:"answer,omitempty"`
}

// LangAnswer is a suggestion in one language: the text a counsellor reads
// out (rendered plain, with markers and sources), and the same answer as
// data.
type LangAnswer struct {
	Text      string               `json:"text"`
	Citations []assistant.Source   `json:"citations"`
	Sentences []assistant.Sentence `json:"sentences"`
	NextStep  string               `json:"next_step,omitempty"`
	Safety    *assistant.Safety    `json:"safety,omitempty"`
	Verified  *assistant.Verified  `json:"verified,omitempty"`
}

// SuggestResponse is the body of a suggestion.
type SuggestResponse struct {
	SuggestionID string                `json:"suggestion_id"`
	CallID       string                `json:"call_id"`
	TurnID       string                `json:"turn_id"`
	Answers      map[string]LangAnswer `json:"answers"`
	Confidence   float64               `json:"confidence"`
	Handoff      bool                  `json:"handoff"`
	Reason       string                `json:"reason,omitempty"`
	// Urgent: the caller, or someone they speak for, is in danger; the
	// console shows the safety steps of each answer first.
	Urgent         bool   `json:"urgent"`
	UrgentCategory string `json:"urgent_category,omitempty"`
	TookMS         int64  `json:"took_ms"`
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,128}$`)

// decode is httpapi.DecodeJSON: the same invalid_json vocabulary on every
// JSON route.
func decode(body []byte, dst any) error {
	var e *httpapi.Error
	if err := httpapi.DecodeJSONBytes(body, dst); errors.As(err, &e) {
		return fail(e.Status, e.Code, e.Message)
	}
	return nil
}

func (r *SuggestRequest) validate() error {
	bad := func(field, msg string) error { return fail(http.StatusBadRequest, "invalid_"+field, field+" "+msg) }
	switch {
	case !idRE.MatchString(r.CallID):
		return bad("call_id", "is required: 1–128 of A-Z a-z 0-9 _ . : -")
	case !idRE.MatchString(r.TurnID):
		return bad("turn_id", "is required: 1–128 of A-Z a-z 0-9 _ . : -, unique within the call")
	case strings.TrimSpace(r.Question) == "":
		return bad("question", "is required")
	case utf8.RuneCountInString(r.Question) > MaxQuestion:
		return bad("question", fmt.Sprintf("is over %d characters", MaxQuestion))
	case r.CallerLang != "" && r.CallerLang != "vi" && r.CallerLang != "en":
		return bad("caller_lang", `must be "vi" or "en"`)
	case len(r.CounselorID) > 128:
		return bad("counselor_id", "is over 128 characters")
	case len(r.History) > maxHistory:
		return bad("history", fmt.Sprintf("has over %d turns", maxHistory))
	}
	if len(r.AnswerLangs) == 0 {
		r.AnswerLangs = []string{"en", "vi"}
	}
	seen := map[string]bool{}
	for _, l := range r.AnswerLangs {
		if (l != "vi" && l != "en") || seen[l] {
			return bad("answer_langs", `must list "en" and/or "vi", each once`)
		}
		seen[l] = true
	}
	for _, t := range r.History {
		if utf8.RuneCountInString(t.Question) > MaxQuestion || utf8.RuneCountInString(t.Answer) > 4*MaxQuestion {
			return bad("history", "has a turn that is too long")
		}
	}
	return r.gate()
}

// gate passes every text of the request through vitext.Gate: invalid
// UTF-8 or NUL is a 400 naming the field, other control characters go.
func (r *SuggestRequest) gate() error {
	bad := func(field string, err error) error {
		return fail(http.StatusBadRequest, "invalid_"+field, field+" "+err.Error())
	}
	var err error
	if r.Question, err = vitext.Gate(r.Question); err != nil {
		return bad("question", err)
	}
	if r.CounselorID, err = vitext.Gate(r.CounselorID); err != nil {
		return bad("counselor_id", err)
	}
	for i, t := range r.History {
		if r.History[i].Question, err = vitext.Gate(t.Question); err != nil {
			return bad("history", err)
		}
		if r.History[i].Answer, err = vitext.Gate(t.Answer); err != nil {
			return bad("history", err)
		}
	}
	return nil
}

func (h *Handler) suggest(ctx context.Context, body []byte, _ string) (any, error) {
	var req SuggestRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	claim := store.Suggestion{ID: newID(), CallID: req.CallID, TurnID: req.TurnID, RequestHash: requestHash(req)}
	existing, claimed, err := h.store.ClaimSuggestion(ctx, claim, req.CounselorID, vitext.MaskPersonal(req.Question))
	if err != nil {
		return nil, err
	}
	if !claimed {
		return h.replay(ctx, existing, claim.RequestHash)
	}
	start := time.Now()
	resp, topic, err := h.compose(ctx, req, claim.ID)
	if err != nil {
		if rerr := h.store.ReleaseSuggestion(context.WithoutCancel(ctx), claim.ID); rerr != nil {
			h.log.Warn("callcenter: release suggestion", "err", rerr)
		}
		return nil, err
	}
	resp.TookMS = time.Since(start).Milliseconds()
	data, _ := json.Marshal(resp)
	if err := h.store.CompleteSuggestion(ctx, claim.ID, topic, data, time.Since(start)); err != nil {
		_ = h.store.ReleaseSuggestion(context.WithoutCancel(ctx), claim.ID)
		return nil, err
	}
	attrs := append(h.ids.Attrs(ctx, h.log, "call", req.CallID), h.ids.Attrs(ctx, h.log, "counselor", req.CounselorID)...)
	h.log.Info("callcenter: suggestion", append(attrs, "turn_id", req.TurnID, "handoff", resp.Handoff, "ms", resp.TookMS)...)
	return json.RawMessage(data), nil
}

// replay returns the stored suggestion of a turn asked before: the same
// body gets the same suggestion (waiting while another request is still
// computing it), a different body is a conflict.
func (h *Handler) replay(ctx context.Context, s store.Suggestion, hash string) (any, error) {
	if s.RequestHash != hash {
		return nil, fail(http.StatusConflict, "conflict", "this call_id and turn_id were already used with a different request; use a new turn_id")
	}
	deadline := time.Now().Add(h.pending)
	for s.Status != "done" {
		if !s.CreatedAt.IsZero() && time.Since(s.CreatedAt) > abandonedAfter {
			// The request that claimed this turn died without finishing or
			// releasing it (the database went away in between): free the
			// turn so that this retry's successor computes it.
			if err := h.store.ReleaseSuggestion(ctx, s.ID); err != nil {
				return nil, err
			}
			e := fail(http.StatusServiceUnavailable, "pending", "an earlier request for this turn did not finish; retry")
			e.retry = time.Second
			return nil, e
		}
		if time.Now().After(deadline) {
			e := fail(http.StatusServiceUnavailable, "pending", "the suggestion for this turn is still being prepared; retry")
			e.retry = time.Second
			return nil, e
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		var err error
		if s, err = h.store.SuggestionByTurn(ctx, s.CallID, s.TurnID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				e := fail(http.StatusServiceUnavailable, "pending", "the first request for this turn failed; retry")
				e.retry = time.Second
				return nil, e
			}
			return nil, err
		}
	}
	return json.RawMessage(s.Response), nil
}

// compose asks for the suggestion in every requested language.
func (h *Handler) compose(ctx context.Context, req SuggestRequest, id string) (SuggestResponse, string, error) {
	resp := SuggestResponse{SuggestionID: id, CallID: req.CallID, TurnID: req.TurnID, Answers: map[string]LangAnswer{}}
	previous := ""
	if n := len(req.History); n > 0 {
		previous = req.History[n-1].Question
	}
	topic := ""
	answers, err := h.asker.AskInLanguages(ctx, assistant.Query{Question: req.Question, Channel: "callcenter", Previous: previous}, req.AnswerLangs)
	if err != nil {
		return resp, "", err
	}
	for i, a := range answers {
		resp.Answers[req.AnswerLangs[i]] = LangAnswer{
			Text: a.PlainText(), Citations: a.Sources, Sentences: a.Sentences,
			NextStep: a.NextStep, Safety: a.Safety, Verified: a.Verified,
		}
	}
	first := answers[0]
	resp.Confidence, resp.Handoff, resp.Reason = first.Confidence, first.Handoff, first.Reason
	if first.Safety != nil {
		resp.Urgent, resp.UrgentCategory = true, first.Safety.Category
	}
	if len(first.Sources) > 0 {
		topic = topicOf(first.Sources[0].ID)
	}
	return resp, topic, nil
}

// topicOf reads a document's topic from its id's prefix (ids are
// "<topic>-…" by the knowledge base's convention).
func topicOf(docID string) string {
	topic, _, _ := strings.Cut(docID, "-")
	return topic
}

// requestHash is the idempotency hash of a suggestion request: of its
// content, not its bytes, so that a retry re-serialising the same JSON in
// another key order or spacing is the same request.
func requestHash(req SuggestRequest) string {
	canonical, _ := json.Marshal(req) // plain strings and slices: never fails
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}
