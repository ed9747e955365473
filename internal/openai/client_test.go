package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "sk-test-0123456789abcdef"

// server speaks the OpenAI wire format for /v1/chat/completions (plain and
// streaming) and /v1/embeddings. The first len(failures) requests get the
// given status with an OpenAI-style error body; later ones succeed.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	failures []int
	body     string        // error body; default: an OpenAI error object
	delay    time.Duration // before answering a successful request
	calls    int
	auth     []string // Authorization headers seen
	reply    string
	vectors  int // vectors returned by /v1/embeddings; default: one per input
}

func newServer(t *testing.T, failures ...int) *server {
	s := &server{failures: failures, reply: "Hello there [1]."}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls++
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	var status int
	if len(s.failures) > 0 {
		status, s.failures = s.failures[0], s.failures[1:]
	}
	body, delay := s.body, s.delay
	s.mu.Unlock()
	if status != 0 {
		if body == "" {
			body = `{"error":{"message":"failure ` + fmt.Sprint(status) + `","type":"server_error"}}`
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
		return
	}
	select {
	case <-time.After(delay):
	case <-r.Context().Done():
		return
	}
	switch r.URL.Path {
	case "/v1/chat/completions":
		s.chat(w, r)
	case "/v1/embeddings":
		s.embeddings(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *server) chat(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model  string `json:"model"`
		Stream bool   `json:"stream"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "c1", "object": "chat.completion", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": s.reply}}},
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for _, piece := range strings.SplitAfter(s.reply, " ") {
		chunk, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": piece}}}})
		fmt.Fprintf(w, "data: %s\n\n", chunk)
		w.(http.Flusher).Flush()
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func (s *server) embeddings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Input []string `json:"input"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	n := len(req.Input)
	if s.vectors != 0 {
		n = s.vectors
	}
	var data []any
	for i := n - 1; i >= 0; i-- { // reverse order: the client must place vectors by index
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": []float32{float32(i), 1}})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "model": "m", "data": data})
}

func (s *server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *server) firstAuth() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.auth[0]
}

func (s *server) client(retries int) *Client {
	return New(Config{BaseURL: s.URL + "/v1", APIKey: testKey, Retries: retries, Backoff: time.Millisecond, Timeout: 2 * time.Second})
}

func TestChatCompleteAndStream(t *testing.T) {
	s := newServer(t)
	c := s.client(0)
	req := ChatRequest{Model: "m", Messages: []Message{{Role: RoleUser, Content: "hi"}}}
	text, err := c.Complete(context.Background(), req)
	if err != nil || text != "Hello there [1]." {
		t.Fatalf("Complete = %q, %v", text, err)
	}
	var pieces []string
	text, err = c.Stream(context.Background(), req, func(d string) { pieces = append(pieces, d) })
	if err != nil || text != "Hello there [1]." || len(pieces) != 3 {
		t.Fatalf("Stream = %q (pieces %q), %v", text, pieces, err)
	}
	if s.firstAuth() != "Bearer "+testKey {
		t.Errorf("Authorization = %q, want the key as a bearer token", s.firstAuth())
	}
}

func TestEmbedPlacesVectorsByIndex(t *testing.T) {
	s := newServer(t)
	vecs, err := s.client(0).Embed(context.Background(), "m", []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		if int(v[0]) != i {
			t.Errorf("vector %d is the server's vector %d", i, int(v[0]))
		}
	}
	s.vectors = 2
	if _, err := s.client(3).Embed(context.Background(), "m", []string{"a", "b", "c"}); !errors.Is(err, ErrBadResponse) {
		t.Errorf("2 vectors for 3 inputs: err = %v, want ErrBadResponse", err)
	}
	if s.count() != 2 {
		t.Errorf("calls = %d, want 2: a bad response is not retried", s.count())
	}
}

// Rate limits and server errors are retried with backoff, up to Retries,
// for chat, streamed chat and embeddings alike.
func TestRetries(t *testing.T) {
	calls := map[string]func(*Client) error{
		"complete": func(c *Client) error {
			_, err := c.Complete(context.Background(), ChatRequest{Model: "m"})
			return err
		},
		"stream": func(c *Client) error {
			_, err := c.Stream(context.Background(), ChatRequest{Model: "m"}, func(string) {})
			return err
		},
		"embed": func(c *Client) error {
			_, err := c.Embed(context.Background(), "m", []string{"x"})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, 429, 503, 500)
			if err := call(s.client(3)); err != nil {
				t.Fatalf("with 3 retries: %v", err)
			}
			if s.count() != 4 {
				t.Errorf("calls = %d, want 4", s.count())
			}
			s = newServer(t, 503, 503, 503)
			err := call(s.client(1))
			var e *Error
			if !errors.Is(err, ErrServer) || !errors.As(err, &e) || e.Attempts != 2 || e.Status != 503 {
				t.Fatalf("with 1 retry against 3 failures: %v, want ErrServer after 2 attempts", err)
			}
			if s.count() != 2 {
				t.Errorf("calls = %d, want 2", s.count())
			}
		})
	}
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   error
		calls  int
	}{
		{401, `{"error":{"message":"Incorrect API key provided: sk-test-01**********cdef.","type":"invalid_request_error","code":"invalid_api_key"}}`, ErrUnauthorized, 1},
		{403, `{"error":{"message":"forbidden"}}`, ErrUnauthorized, 1},
		{404, `{"error":{"message":"model \"nope\" not found, try pulling it first"}}`, ErrBadModel, 1},
		{400, `{"error":{"message":"The model nope does not exist","code":"model_not_found"}}`, ErrBadModel, 1},
		{400, `{"error":{"message":"bad input for key ` + testKey + `"}}`, ErrBadRequest, 1},
		{400, `not json at all`, ErrBadRequest, 1},
		{429, `{"error":{"message":"slow down"}}`, ErrRateLimited, 3},
		{502, `<html>bad gateway</html>`, ErrServer, 3},
	}
	for _, tt := range tests {
		s := newServer(t, tt.status, tt.status, tt.status)
		s.body = tt.body
		_, err := s.client(2).Complete(context.Background(), ChatRequest{Model: "nope"})
		if !errors.Is(err, tt.want) {
			t.Errorf("%d %s: err = %v, want %v", tt.status, tt.body, err, tt.want)
		}
		if s.count() != tt.calls {
			t.Errorf("%d: calls = %d, want %d", tt.status, s.count(), tt.calls)
		}
		if msg := err.Error(); strings.Contains(msg, "sk-test") || strings.Contains(msg, "cdef") {
			t.Errorf("%d: error shows the key: %s", tt.status, msg)
		}
	}
}

func TestTimeoutAndUnreachable(t *testing.T) {
	s := newServer(t)
	s.delay = time.Second
	c := New(Config{BaseURL: s.URL + "/v1", Timeout: 50 * time.Millisecond, Retries: 1, Backoff: time.Millisecond})
	start := time.Now()
	_, err := c.Complete(context.Background(), ChatRequest{Model: "m"})
	if !errors.Is(err, ErrTimeout) || s.count() != 2 {
		t.Errorf("slow server: err = %v after %d calls, want ErrTimeout after 2", err, s.count())
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("gave up after %s, want about 2 × 50ms", d)
	}

	s.Close()
	if _, err := s.client(0).Embed(context.Background(), "m", []string{"x"}); !errors.Is(err, ErrUnreachable) {
		t.Errorf("closed server: err = %v, want ErrUnreachable", err)
	}
}

// A caller's cancelled context stops the retries and is reported as such.
func TestCallerContextEndsRetries(t *testing.T) {
	s := newServer(t, 503, 503, 503, 503)
	c := New(Config{BaseURL: s.URL + "/v1", Retries: 3, Backoff: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Complete(ctx, ChatRequest{Model: "m"})
	if !errors.Is(err, context.DeadlineExceeded) || s.count() != 1 {
		t.Errorf("err = %v after %d calls, want the context's deadline after 1", err, s.count())
	}
}
