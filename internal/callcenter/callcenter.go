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
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/logid"
	"github.com/cantho-connect/assistant/internal/store"
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
	ids       *logid.Hasher
	// pending is how long a request waits for the same turn's suggestion
	// that another request is computing before it answers 503 "pending":
	// pendingTimeout.
	pending time.Duration
}

// New returns the handler; secrets are the console's HMAC keys (several
// during a rotation); rateLimit is requests a minute per key.
func New(asker Asker, st Store, secrets []string, rateLimit int, log *slog.Logger) *Handler {
	h := &Handler{asker: asker, store: st, log: log, rateLimit: rateLimit, now: time.Now, ids: logid.New(""), pending: pendingTimeout}
	for _, s := range secrets {
		h.secrets = append(h.secrets, []byte(s))
	}
	return h
}

// HashIDs makes the handler log counsellor and call ids as hashes under
// ids' key (LOG_HASH_KEY) instead of a random key of its own.
func (h *Handler) HashIDs(ids *logid.Hasher) *Handler {
	h.ids = ids
	return h
}

// route is a console route's work on an authenticated body; requestHash is
// sha256("<timestamp>.<body>") in hex: the identity of one signed request.
type route func(ctx context.Context, body []byte, requestHash string) (any, error)

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
func (h *Handler) signed(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := h.authenticate(r, rt)
		if err != nil {
			h.writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

func (h *Handler) authenticate(r *http.Request, rt route) (any, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, fail(http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'")
	}
	body, err := io.ReadAll(r.Body) // bounded by httpapi (Routes: MaxBody)
	if err != nil {
		h.log.Warn("callcenter: read body", "err", err)
		return nil, fail(http.StatusBadRequest, "invalid_body", "the body could not be read")
	}
	ts := r.Header.Get("X-Callcenter-Timestamp")
	key, err := h.verify(ts, r.Header.Get("X-Callcenter-Signature"), body)
	if err != nil {
		return nil, err
	}
	if h.rateLimit > 0 {
		now := h.now()
		n, reset, err := h.store.CountHit(r.Context(), "cc:"+key, time.Minute, now)
		if err != nil {
			return nil, err
		}
		if n > h.rateLimit {
			e := fail(http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("over %d requests a minute for this key", h.rateLimit))
			// The window's end on the clock that counted the hit (not
			// time.Until: a 429 at the minute's last instant went out
			// without Retry-After), and at least a second.
			e.retry = max(reset.Sub(now), time.Second)
			return nil, e
		}
	}
	sum := sha256.New()
	sum.Write([]byte(ts + "."))
	sum.Write(body)
	return rt(r.Context(), body, hex.EncodeToString(sum.Sum(nil)))
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
