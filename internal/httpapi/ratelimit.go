package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
)

// RateLimiter allows each client a number of requests per fixed window.
// It is per process: with several replicas, each enforces its own share.
type RateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*rateWindow
	swept   time.Time
}

type rateWindow struct {
	start time.Time
	count int
}

// NewRateLimiter allows limit requests per window per client; limit 0
// disables it.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, now: time.Now, clients: map[string]*rateWindow{}}
}

// Allow counts a request of key and reports whether it may go ahead; when
// not, retryAfter says when the client may try again.
func (l *RateLimiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	if l == nil || l.limit <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > l.window {
		for k, w := range l.clients {
			if now.Sub(w.start) >= l.window {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	w, found := l.clients[key]
	if !found || now.Sub(w.start) >= l.window {
		l.clients[key] = &rateWindow{start: now, count: 1}
		return true, 0
	}
	if w.count >= l.limit {
		return false, w.start.Add(l.window).Sub(now)
	}
	w.count++
	return true, 0
}

// limitRate answers 429 with Retry-After to a client over its limit —
// except to a person in danger, who still gets the safety steps (no
// retrieval, no LLM). POST /v1/ask and DELETE /v1/conversations/{id}
// share one budget per client.
func (s *Server) limitRate(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, retry := s.limiter.Allow(s.clients.Key(r))
		if !ok {
			if a, danger := s.safetyPastLimit(r); danger {
				writeJSON(w, http.StatusOK, NewAskResponse(a))
				return
			}
			secs := int(retry.Seconds()) + 1
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeError(w, http.StatusTooManyRequests, "rate_limited",
				"too many questions from this address; retry in "+strconv.Itoa(secs)+" seconds")
			return
		}
		next(w, r)
	})
}

// SafetyAnswerer answers a person in danger with the safety steps alone
// (assistant.Service.SafetyOnly).
type SafetyAnswerer interface {
	SafetyOnly(q assistant.Query) (assistant.Answer, bool)
}

// safetyPastLimit reads an /v1/ask body over the rate limit and, when the
// question is from a person in danger, returns the static safety answer.
func (s *Server) safetyPastLimit(r *http.Request) (assistant.Answer, bool) {
	sa, ok := s.asker.(SafetyAnswerer)
	if !ok {
		return assistant.Answer{}, false
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return assistant.Answer{}, false
	}
	var req askRequest
	if json.Unmarshal(body, &req) != nil {
		return assistant.Answer{}, false
	}
	return sa.SafetyOnly(assistant.Query{Question: req.Question, Lang: req.Lang, Channel: "http"})
}
