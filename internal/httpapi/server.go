// Package httpapi is the service's HTTP edge. Every route of the public
// listener is declared once, in one table (routes.go): the service's own
// (/v1/ask, conversations, health, readiness, the OpenAPI file) and those
// the channels hand over (callcenter, telegram), each with its method,
// path, body limit and auth kind. httpapi applies request ids, panic
// recovery, metrics, body limits, 404/405 and the JSON error shape to all
// of them; /metrics is served only by AdminHandler, on the admin listener.
package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/store"
)

// Asker answers questions.
type Asker interface {
	Ask(ctx context.Context, q assistant.Query) (assistant.Answer, error)
}

// Forgetter deletes conversations (assistant.Service.Forget).
type Forgetter interface {
	Forget(ctx context.Context, q assistant.Query) error
}

// ReadyFunc reports whether the service can answer: nil, or why not.
type ReadyFunc func(ctx context.Context) error

// Server holds the HTTP handlers' dependencies.
type Server struct {
	asker  Asker
	forget Forgetter
	// limiter bounds /v1/ask and DELETE /v1/conversations per client; nil
	// means no limit.
	limiter *RateLimiter
	clients ClientKeys
	ready   ReadyFunc
	log     *slog.Logger
	metrics *Metrics
	routes  []Route
	mux     *http.ServeMux
}

// New builds the public HTTP handler: the service's own routes (table)
// and the channels' routes, each declared once with its method, path, body
// limit and auth kind. It panics when two routes share a method and path:
// a programming error.
func New(asker Asker, forget Forgetter, ready ReadyFunc, metrics *Metrics, log *slog.Logger, channels ...Route) *Server {
	s := &Server{asker: asker, forget: forget, ready: ready, log: log, metrics: metrics}
	s.routes = append(s.table(), channels...)
	s.mux = s.buildMux()
	return s
}

// LimitAsk limits POST /v1/ask and DELETE /v1/conversations/{id} to limit
// requests a minute per client. The client is the peer address, or,
// behind the reverse proxies whose networks are trusted
// (TRUSTED_PROXIES), the right-most untrusted forwarded address (see
// ClientKeys).
func (s *Server) LimitAsk(limit int, trusted []netip.Prefix) *Server {
	s.limiter, s.clients = NewRateLimiter(limit, time.Minute), NewClientKeys(trusted)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// NewHTTPServer wraps h with the timeouts every listener of ours uses.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}

type askRequest struct {
	Question       string `json:"question"`
	Lang           string `json:"lang,omitempty"`
	ConversationID string `json:"conversation_id,omitempty"`
}

func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) {
	var req askRequest
	if !decodeRequest(w, r, s.log, &req) {
		return
	}
	ans, err := s.asker.Ask(r.Context(), assistant.Query{
		Question: req.Question, Lang: req.Lang, ConversationID: req.ConversationID, Channel: "http",
		StartConversation: true,
	})
	if err != nil {
		s.askError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, NewAskResponse(ans))
}

// askError maps the errors of assistant.Ask to HTTP.
func (s *Server) askError(w http.ResponseWriter, r *http.Request, err error) {
	var inErr *assistant.InputError
	switch {
	case errors.As(err, &inErr):
		writeError(w, http.StatusBadRequest, "invalid_"+inErr.Field, inErr.Field+" "+inErr.Message)
	case errors.Is(err, assistant.ErrUnavailable):
		w.Header().Set("Retry-After", "5")
		logCause(r.Context(), s.log, http.StatusServiceUnavailable, "unavailable", err)
		msg := "the knowledge index is being prepared; retry shortly"
		if errors.Is(err, store.ErrUnavailable) {
			msg = DatabaseDown + "; retry shortly"
		}
		writeError(w, http.StatusServiceUnavailable, "unavailable", msg)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
	default:
		WriteError(w, r, s.log, err)
	}
}

// handleForget deletes an HTTP conversation: its questions are gone and
// the id is no longer accepted. An id of the wrong shape is 400
// invalid_conversation_id; otherwise the answer is 204 whether or not the
// conversation existed, so that nobody learns whether an id is in use.
func (s *Server) handleForget(w http.ResponseWriter, r *http.Request) {
	err := s.forget.Forget(r.Context(), assistant.Query{ConversationID: r.PathValue("id"), Channel: "http"})
	if err != nil {
		s.askError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		w.Header().Set("Retry-After", "5")
		s.log.Warn("not ready", "request_id", RequestID(r.Context()), "err", err)
		writeError(w, http.StatusServiceUnavailable, "not_ready", "not ready: "+publicReason(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// NotReadyError carries a reason that is safe to show to anyone.
type NotReadyError struct{ Reason string }

func (e *NotReadyError) Error() string { return e.Reason }

func publicReason(err error) string {
	var nr *NotReadyError
	if errors.As(err, &nr) {
		return nr.Reason
	}
	return DatabaseDown
}

// DatabaseDown is the public reason given while the database cannot be
// reached: it names the variable to check, never its value.
const DatabaseDown = "the database is unreachable (check DATABASE_URL)"
