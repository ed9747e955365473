// Package callcenter is the 1088 console's channel: signed HTTP requests
// for suggested answers (in English and Vietnamese, with sources) and the
// counsellors' feedback on them, idempotent per call turn and audited.
package callcenter

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Limits of a request.
const (
	MaxBody        = 64 << 10
	MaxQuestion    = 2000
	MaxSkew        = 5 * time.Minute
	maxHistory     = 20
	pendingTimeout = 10 * time.Second
	abandonedAfter = time.Minute
)

// Asker answers a question in several languages.
type Asker interface {
	AskInLanguages(ctx context.Context, q assistant.Query, langs []string) ([]assistant.Answer, error)
}

// Store keeps suggestions, feedback and rate counters.
type Store interface {
	ClaimSuggestion(ctx context.Context, s store.Suggestion, counselorID, question string) (store.Suggestion, bool, error)
	SuggestionByTurn(ctx context.Context, callID, turnID string) (store.Suggestion, error)
	CompleteSuggestion(ctx context.Context, id, topic string, response []byte, took time.Duration) error
	ReleaseSuggestion(ctx context.Context, id string) error
	SaveCallcenterFeedback(ctx context.Context, f store.CallcenterFeedback) error
	CountHit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)
}

// Handler serves the two console routes.
type Handler struct {
	asker     Asker
	store     Store
	secrets   [][]byte
	log       *slog.Logger
	rateLimit int // requests a minute per key
	now       func() time.Time
}

// New returns the handler; secrets are the console's HMAC keys (several
// during a rotation); rateLimit is requests a minute per key.
func New(asker Asker, st Store, secrets []string, rateLimit int, log *slog.Logger) *Handler {
	h := &Handler{asker: asker, store: st, log: log, rateLimit: rateLimit, now: time.Now}
	for _, s := range secrets {
		h.secrets = append(h.secrets, []byte(s))
	}
	return h
}

// Suggest handles POST /v1/callcenter/suggest.
func (h *Handler) Suggest() http.HandlerFunc { return h.signed(h.suggest) }

// Feedback handles POST /v1/callcenter/feedback.
func (h *Handler) Feedback() http.HandlerFunc { return h.signed(h.feedback) }

// Routes are the console's routes for httpapi's route table: signed JSON
// bodies of at most MaxBody bytes (httpapi enforces the limit).
func (h *Handler) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: http.MethodPost, Path: "/v1/callcenter/suggest", MaxBody: MaxBody, Auth: httpapi.AuthCallcenterHMAC, JSON: true, Handler: h.Suggest()},
		{Method: http.MethodPost, Path: "/v1/callcenter/feedback", MaxBody: MaxBody, Auth: httpapi.AuthCallcenterHMAC, JSON: true, Handler: h.Feedback()},
	}
}

type apiError struct {
	status  int
	code    string
	message string
	retry   time.Duration
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func fail(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

// signed checks content type, size, timestamp, signature and the key's
// rate limit before the route sees the body. Nothing is stored for a
// request that fails here.
func (h *Handler) signed(route func(ctx context.Context, body []byte) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := h.authenticate(w, r, route)
		if err != nil {
			h.writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

func (h *Handler) authenticate(w http.ResponseWriter, r *http.Request, route func(context.Context, []byte) (any, error)) (any, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, fail(http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'")
	}
	body, err := io.ReadAll(r.Body) // bounded by httpapi (Routes: MaxBody)
	if err != nil {
		return nil, fail(http.StatusBadRequest, "invalid_body", "the body could not be read")
	}
	key, err := h.verify(r.Header.Get("X-Callcenter-Timestamp"), r.Header.Get("X-Callcenter-Signature"), body)
	if err != nil {
		return nil, err
	}
	if h.rateLimit > 0 {
		n, reset, err := h.store.CountHit(r.Context(), "cc:"+key, time.Minute, h.now())
		if err != nil {
			return nil, err
		}
		if n > h.rateLimit {
			e := fail(http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("over %d requests a minute for this key", h.rateLimit))
			e.retry = time.Until(reset)
			return nil, e
		}
	}
	return route(r.Context(), body)
}

// verify checks "v1=<hex HMAC-SHA256 of "<timestamp>.<body>">" against
// every configured secret, in constant time, and returns an id of the key
// that matched (for its rate limit; never the key itself).
func (h *Handler) verify(ts, sig string, body []byte) (string, error) {
	unauthorized := func(msg string) error { return fail(http.StatusUnauthorized, "unauthorized", msg) }
	if ts == "" || sig == "" {
		return "", unauthorized("sign the request: X-Callcenter-Timestamp and X-Callcenter-Signature are required")
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", unauthorized("X-Callcenter-Timestamp must be unix seconds")
	}
	if d := h.now().Sub(time.Unix(secs, 0)); d > MaxSkew || d < -MaxSkew {
		return "", unauthorized("X-Callcenter-Timestamp is more than 5 minutes from the server's clock")
	}
	hexSig, ok := strings.CutPrefix(sig, "v1=")
	got, err := hex.DecodeString(hexSig)
	if !ok || err != nil || len(got) != sha256.Size {
		return "", unauthorized(`X-Callcenter-Signature must be "v1=" and 64 hex digits`)
	}
	for _, secret := range h.secrets {
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(ts))
		mac.Write([]byte("."))
		mac.Write(body)
		if hmac.Equal(got, mac.Sum(nil)) {
			id := sha256.Sum256(secret)
			return hex.EncodeToString(id[:6]), nil
		}
	}
	return "", unauthorized("the signature does not match")
}

// Sign returns the headers a console sends for body at time t: what
// `assistant callcenter-sim` and the tests use.
func Sign(secret string, t time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return timestamp, "v1=" + hex.EncodeToString(mac.Sum(nil))
}

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
	return nil
}

func (h *Handler) suggest(ctx context.Context, body []byte) (any, error) {
	var req SuggestRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	claim := store.Suggestion{ID: newID(), CallID: req.CallID, TurnID: req.TurnID, RequestHash: hex.EncodeToString(sum[:])}
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
	h.log.Info("callcenter: suggestion", "call_id", req.CallID, "turn_id", req.TurnID, "counselor_id", req.CounselorID,
		"handoff", resp.Handoff, "ms", resp.TookMS)
	return json.RawMessage(data), nil
}

// replay returns the stored suggestion of a turn asked before: the same
// body gets the same suggestion (waiting while another request is still
// computing it), a different body is a conflict.
func (h *Handler) replay(ctx context.Context, s store.Suggestion, hash string) (any, error) {
	if s.RequestHash != hash {
		return nil, fail(http.StatusConflict, "conflict", "this call_id and turn_id were already used with a different request; use a new turn_id")
	}
	deadline := time.Now().Add(pendingTimeout)
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

// FeedbackRequest is the body of POST /v1/callcenter/feedback.
type FeedbackRequest struct {
	SuggestionID string `json:"suggestion_id"`
	Outcome      string `json:"outcome"`
	EditedText   string `json:"edited_text,omitempty"`
	CounselorID  string `json:"counselor_id,omitempty"`
}

var outcomes = []string{"shown", "used", "edited", "rejected"}

func (h *Handler) feedback(ctx context.Context, body []byte) (any, error) {
	var req FeedbackRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	bad := func(field, msg string) error { return fail(http.StatusBadRequest, "invalid_"+field, field+" "+msg) }
	switch {
	case req.SuggestionID == "" || len(req.SuggestionID) > 64:
		return nil, bad("suggestion_id", "is required")
	case !slices.Contains(outcomes, req.Outcome):
		return nil, bad("outcome", "must be one of shown, used, edited, rejected")
	case utf8.RuneCountInString(req.EditedText) > 8000:
		return nil, bad("edited_text", "is over 8000 characters")
	case len(req.CounselorID) > 128:
		return nil, bad("counselor_id", "is over 128 characters")
	}
	err := h.store.SaveCallcenterFeedback(ctx, store.CallcenterFeedback{
		SuggestionID: req.SuggestionID, Outcome: req.Outcome,
		EditedText: vitext.MaskPersonal(req.EditedText), CounselorID: req.CounselorID,
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(http.StatusNotFound, "not_found", "no suggestion with this suggestion_id (it may be past the retention period)")
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"status": "stored"}, nil
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "sg_" + hex.EncodeToString(b[:])
}

// writeError maps errors to statuses: the route's own *apiError, the
// database being down (503), anything else (500, logged).
func (h *Handler) writeError(w http.ResponseWriter, err error) {
	var e *apiError
	var inErr *assistant.InputError
	switch {
	case errors.As(err, &e):
	case errors.As(err, &inErr):
		e = fail(http.StatusBadRequest, "invalid_"+inErr.Field, inErr.Field+" "+inErr.Message)
	case errors.Is(err, store.ErrUnavailable) || errors.Is(err, assistant.ErrUnavailable):
		e = fail(http.StatusServiceUnavailable, "unavailable", "the service cannot reach its database; retry shortly")
		e.retry = 5 * time.Second
		h.log.Warn("callcenter: unavailable", "err", err)
	case errors.Is(err, context.Canceled):
		return
	default:
		h.log.Error("callcenter: internal error", "err", err)
		e = fail(http.StatusInternalServerError, "internal", "something went wrong on our side; retry later")
	}
	if e.retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.retry.Seconds())+1))
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = e.code, e.message
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
