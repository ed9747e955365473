// Package httpapi is the service's HTTP edge: /v1/ask, health, readiness
// and metrics, with the middleware every route shares. It maps errors to
// HTTP statuses and JSON bodies in one place (writeError).
package httpapi

import (
	"context"
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

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cantho-connect/assistant/docs"
	"github.com/cantho-connect/assistant/internal/assistant"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 64 << 10

// Asker answers questions.
type Asker interface {
	Ask(ctx context.Context, q assistant.Query) (assistant.Answer, error)
}

// Forgetter deletes conversations.
type Forgetter interface {
	Forget(ctx context.Context, conversationID string) (bool, error)
}

// ReadyFunc reports whether the service can answer: nil, or why not.
type ReadyFunc func(ctx context.Context) error

// Server holds the HTTP handlers' dependencies.
type Server struct {
	asker  Asker
	forget Forgetter
	// limiter bounds /v1/ask per client; nil means no limit.
	limiter        *RateLimiter
	trustForwarded bool
	ready          ReadyFunc
	log            *slog.Logger
	metrics        *Metrics
	mux            *http.ServeMux
}

// Metrics are the Prometheus collectors of the service.
type Metrics struct {
	Registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	Retrieval prometheus.Histogram
	// LLMFallbacks counts answers composed extractively because the LLM failed.
	LLMFallbacks prometheus.Counter
}

// NewMetrics registers the service's collectors on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by route and status.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "status"}),
		Retrieval: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "retrieval_duration_seconds", Help: "Hybrid retrieval latency.",
			Buckets: []float64{.001, .002, .005, .01, .025, .05, .1, .25, .5},
		}),
	}
	m.LLMFallbacks = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "llm_fallbacks_total", Help: "Answers composed extractively because the LLM failed.",
	})
	m.Registry.MustRegister(m.requests, m.latency, m.Retrieval, m.LLMFallbacks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// New builds the HTTP handler.
func New(asker Asker, forget Forgetter, ready ReadyFunc, metrics *Metrics, log *slog.Logger) *Server {
	s := &Server{asker: asker, forget: forget, ready: ready, log: log, metrics: metrics, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.handle("POST /v1/ask", s.limitRate(s.handleAsk))
	s.handle("DELETE /v1/conversations/{id}", s.handleForget)
	s.handle("GET /healthz", s.handleHealth)
	s.handle("GET /readyz", s.handleReady)
	s.handle("GET /v1/openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		_, _ = w.Write(docs.OpenAPI)
	})
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{}))
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, s.log, http.StatusNotFound, "not_found", "no such route: see docs/api.md", nil)
	})
}

// handle registers a route with the shared middleware.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.instrument(pattern, recoverer(s.log, limitBody(h))))
}

// Mount adds a route served by another package (a channel's webhook) with
// the shared middleware: metrics, panic recovery, body limit.
func (s *Server) Mount(pattern string, h http.Handler) *Server {
	s.handle(pattern, h.ServeHTTP)
	return s
}

// LimitAsk limits POST /v1/ask to limit questions a minute per client;
// with trustForwarded the client is the last X-Forwarded-For address (set
// it only behind a reverse proxy that adds that header).
func (s *Server) LimitAsk(limit int, trustForwarded bool) *Server {
	s.limiter, s.trustForwarded = NewRateLimiter(limit, time.Minute), trustForwarded
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
	if !decodeJSON(w, r, s.log, &req) {
		return
	}
	ans, err := s.asker.Ask(r.Context(), assistant.Query{
		Question: req.Question, Lang: req.Lang, ConversationID: req.ConversationID, Channel: "http",
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
		writeError(w, s.log, http.StatusBadRequest, "invalid_"+inErr.Field, inErr.Field+" "+inErr.Message, nil)
	case errors.Is(err, assistant.ErrUnavailable):
		w.Header().Set("Retry-After", "5")
		writeError(w, s.log, http.StatusServiceUnavailable, "unavailable", "the knowledge index is temporarily unavailable; retry shortly", err)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
	default:
		writeError(w, s.log, http.StatusInternalServerError, "internal", "something went wrong on our side; retry later", err)
	}
}

// handleForget deletes a conversation: its questions are gone and the next
// question starts afresh.
func (s *Server) handleForget(w http.ResponseWriter, r *http.Request) {
	deleted, err := s.forget.Forget(r.Context(), r.PathValue("id"))
	if err != nil {
		s.askError(w, r, err)
		return
	}
	if !deleted {
		writeError(w, s.log, http.StatusNotFound, "not_found", "no such conversation (it may have expired)", nil)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		w.Header().Set("Retry-After", "5")
		s.log.Warn("not ready", "err", err)
		writeError(w, s.log, http.StatusServiceUnavailable, "not_ready", "not ready: "+publicReason(err), nil)
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
	return "the database cannot be reached"
}

// decodeJSON reads a JSON object into dst, writing the error response and
// returning false when the request is not acceptable.
func decodeJSON(w http.ResponseWriter, r *http.Request, log *slog.Logger, dst any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		writeError(w, log, http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'", nil)
		return false
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("extra data after the JSON object")
	}
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("extra data after the JSON object")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &tooBig):
			writeError(w, log, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body is over %d bytes", tooBig.Limit), nil)
		case errors.As(err, &typeErr):
			writeError(w, log, http.StatusBadRequest, "invalid_"+typeErr.Field, fmt.Sprintf("field %q must be a %s", typeErr.Field, typeErr.Type), nil)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.TrimPrefix(err.Error(), "json: unknown field ")
			writeError(w, log, http.StatusBadRequest, "unknown_field", "unknown field "+field+"; allowed: question, lang, conversation_id", nil)
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			writeError(w, log, http.StatusBadRequest, "invalid_json", "the body is not valid JSON", nil)
		case errors.Is(err, io.EOF):
			writeError(w, log, http.StatusBadRequest, "invalid_json", `the body is empty; send {"question": "..."}`, nil)
		default:
			writeError(w, log, http.StatusBadRequest, "invalid_json", "the body must be one JSON object: "+err.Error(), nil)
		}
		return false
	}
	return true
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError writes the JSON error body. cause, when set, is logged (never
// sent): the client sees only code and message.
func writeError(w http.ResponseWriter, log *slog.Logger, status int, code, message string, cause error) {
	if cause != nil {
		level := slog.LevelWarn
		if status >= 500 && status != http.StatusServiceUnavailable {
			level = slog.LevelError
		}
		log.Log(context.Background(), level, "request failed", "status", status, "code", code, "err", cause)
	}
	var b errorBody
	b.Error.Code, b.Error.Message = code, message
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// instrument counts and times requests by route pattern (never by raw
// path, which would let clients create unbounded label values) and logs
// each one without its body.
func (s *Server) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		status := strconv.Itoa(rec.status)
		took := time.Since(start)
		s.metrics.requests.WithLabelValues(route, status).Inc()
		s.metrics.latency.WithLabelValues(route, status).Observe(took.Seconds())
		s.log.Debug("http", "route", route, "status", rec.status, "ms", float64(took.Microseconds())/1000)
	})
}

func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				writeError(w, log, http.StatusInternalServerError, "internal", "something went wrong on our side; retry later", fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	}
}
