package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// requestIDRE is what an incoming X-Request-ID must look like to be kept:
// 1–64 characters a log line can hold without escaping.
var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

type requestIDKey struct{}

// RequestID is the id of the request ctx belongs to ("" outside a request).
// It is the client's X-Request-ID when that is 1–64 of A-Z a-z 0-9 . _ : -,
// otherwise a random one; either way it is echoed in the response's
// X-Request-ID header and logged with the request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !requestIDRE.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
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

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// instrument counts and times requests by route pattern (never by raw
// path, which would let clients create unbounded label values) and logs
// each one, without its body, at debug level.
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
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "http", slog.String("request_id", RequestID(r.Context())),
			slog.String("route", route), slog.Int("status", rec.status), slog.Float64("ms", float64(took.Microseconds())/1000))
	})
}

// recoverer turns a handler's panic into 500 internal (the panic is logged
// with the request id, never sent).
func (s *Server) recoverer(rt Route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logCause(r.Context(), s.log, http.StatusInternalServerError, "internal", fmt.Errorf("panic: %v", v))
				rt.writeErr(w, r, errInternal.Status, errInternal.Code, errInternal.Message)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody reads the whole body, at most max bytes, before the handler
// runs: a longer one is answered 413 body_too_large whatever the handler
// would do with it, and the handler reads the buffered copy. A body that
// cannot be read (a timeout, a broken connection) is answered 400
// invalid_body with a fixed message; the cause, which names socket
// addresses, is only logged.
func (s *Server) limitBody(rt Route) http.Handler {
	max, next := rt.MaxBody, rt.Handler
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooLarge := func() {
			w.Header().Set("Connection", "close")
			rt.writeErr(w, r, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body is over %d bytes", max))
		}
		if r.ContentLength > max {
			tooLarge()
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				tooLarge()
				return
			}
			logCause(r.Context(), s.log, http.StatusBadRequest, "invalid_body", err)
			rt.writeErr(w, r, http.StatusBadRequest, "invalid_body", "the body could not be read")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
