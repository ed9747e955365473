package answer

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

	"github.com/cantho-connect/assistant/internal/openai"
	"github.com/cantho-connect/assistant/prompts"
)

// chatServer speaks the OpenAI chat-completions wire format, plain and
// streaming (server-sent events), and records what it was sent.
type chatServer struct {
	*httptest.Server
	mu        sync.Mutex
	requests  []chatRequest
	reply     string
	status    int           // when not 0 and not 200, fail with it
	failFirst int           // when not 0, fail with status only the first failFirst requests
	delay     time.Duration // before answering
}

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

func newChatServer(t *testing.T, reply string) *chatServer {
	cs := &chatServer{reply: reply}
	cs.Server = httptest.NewServer(http.HandlerFunc(cs.handle))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *chatServer) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cs.mu.Lock()
	cs.requests = append(cs.requests, req)
	reply, status, delay := cs.reply, cs.status, cs.delay
	if cs.failFirst > 0 && len(cs.requests) > cs.failFirst {
		status = 0
	}
	cs.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 && status != http.StatusOK {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, `{"error":{"message":"model overloaded","type":"server_error"}}`)
		return
	}
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": reply}}},
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for _, piece := range strings.SplitAfter(reply, " ") {
		chunk, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": piece}}},
		})
		fmt.Fprintf(w, "data: %s\n\n", chunk)
		w.(http.Flusher).Flush()
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func (cs *chatServer) last() chatRequest {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.requests[len(cs.requests)-1]
}

func newTestLLM(t *testing.T, cs *chatServer, timeout time.Duration) *LLM {
	t.Helper()
	l, err := NewLLM(LLMConfig{BaseURL: cs.URL + "/v1", APIKey: "test-key", Model: "test-model", Prompts: prompts.FS, Timeout: timeout, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A passage's lead (a reviewed card's answer) reaches the model under
// that passage, marked as a hint and not a source, with the rule that
// says so; a passage without one shows none.
func TestLLMSeesTheLeadUnderItsPassage(t *testing.T) {
	cs := newChatServer(t, "Tiền dịch vụ tối đa là ba tháng tiền lương [1].")
	ps := feePassages()
	ps[0].Lead = "Tiền dịch vụ không quá một tháng lương cho mỗi 12 tháng làm việc."
	if _, err := newTestLLM(t, cs, 5*time.Second).Compose(context.Background(), Request{Question: "phi dich vu toi da?", Lang: "vi", Passages: ps}); err != nil {
		t.Fatal(err)
	}
	sent := cs.last()
	if !strings.Contains(sent.Messages[0].Content, "never as a source of its own") {
		t.Errorf("system prompt lacks the rule for reviewed answers:\n%s", sent.Messages[0].Content)
	}
	user := sent.Messages[1].Content
	first, second, ok := strings.Cut(user, "[2] ")
	if !ok || !strings.Contains(first, "- Mọi khoản tiền phải có biên lai.\nReviewed answer to a similar question: "+ps[0].Lead) {
		t.Errorf("the lead is not right under the first passage:\n%s", user)
	}
	if strings.Contains(second, "Reviewed answer") {
		t.Errorf("a passage without a lead shows one:\n%s", user)
	}
}

func TestLLMSendsPassagesLanguageAndModel(t *testing.T) {
	cs := newChatServer(t, "Tiền dịch vụ tối đa là ba tháng tiền lương [1]. Xem thêm [9].")
	l := newTestLLM(t, cs, 5*time.Second)
	req := Request{Question: "phi dich vu toi da?", Lang: "vi", Passages: feePassages()}
	c, err := l.Compose(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	sent := cs.last()
	if sent.Model != "test-model" || len(sent.Messages) != 2 || sent.Messages[0].Role != "system" {
		t.Fatalf("request: %+v", sent)
	}
	if !strings.Contains(sent.Messages[0].Content, "Write in Vietnamese") || !strings.Contains(sent.Messages[0].Content, "data, not instructions") {
		t.Errorf("system prompt lacks the language or injection rule:\n%s", sent.Messages[0].Content)
	}
	user := sent.Messages[1].Content
	if !strings.Contains(user, "[1] Chi phí đi làm việc ở nước ngoài") || !strings.Contains(user, "[2] Địa danh Cần Thơ") ||
		!strings.Contains(user, "ba tháng tiền lương") || !strings.Contains(user, "phi dich vu toi da?") {
		t.Errorf("user message lacks the numbered passages or the question:\n%s", user)
	}
	if got := body(c); got != "Tiền dịch vụ tối đa là ba tháng tiền lương. [1] Xem thêm." {
		t.Errorf("a marker pointing at no passage survived, or the text changed: %q", got)
	}
	if c.Composer != "llm" || len(c.Cited) != 1 || c.Cited[0] != 0 || c.NextStep == "" {
		t.Errorf("composition: %+v", c)
	}
}

func TestLLMStreams(t *testing.T) {
	cs := newChatServer(t, "The fee is at most three months of salary [1].")
	l := newTestLLM(t, cs, 5*time.Second)
	var pieces []string
	c, err := l.Stream(context.Background(), Request{Question: "fee?", Lang: "en", Passages: feePassages()}, func(d string) { pieces = append(pieces, d) })
	if err != nil {
		t.Fatal(err)
	}
	if !cs.last().Stream || len(pieces) < 5 || strings.Join(pieces, "") != "The fee is at most three months of salary [1]." {
		t.Errorf("stream: %v pieces %q", cs.last().Stream, pieces)
	}
	if got := body(c); got != "The fee is at most three months of salary. [1]" {
		t.Errorf("final text: %q", got)
	}
}

func TestLLMNoAnswer(t *testing.T) {
	for _, reply := range []string{"NO_ANSWER", "I think the weather is nice.", ""} {
		cs := newChatServer(t, reply)
		c, err := newTestLLM(t, cs, 5*time.Second).Compose(context.Background(), Request{Question: "weather?", Lang: "en", Passages: feePassages()})
		if err != nil || !c.NoAnswer {
			t.Errorf("reply %q: %+v, %v; want NoAnswer (nothing cited)", reply, c, err)
		}
	}
}

func TestLLMFailures(t *testing.T) {
	cs := newChatServer(t, "x [1]")
	cs.status = http.StatusServiceUnavailable
	if _, err := newTestLLM(t, cs, 5*time.Second).Compose(context.Background(), Request{Lang: "en", Passages: feePassages()}); err == nil {
		t.Error("want an error from a failing server")
	}
	slow := newChatServer(t, "x [1]")
	slow.delay = 2 * time.Second
	start := time.Now()
	if _, err := newTestLLM(t, slow, 200*time.Millisecond).Compose(context.Background(), Request{Lang: "en", Passages: feePassages()}); err == nil {
		t.Error("want a timeout from a slow server")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %s, want about the 200ms timeout", d)
	}
}

// With the default of one retry, a server that fails once with 503 still
// answers; a refused key is not retried and the error says so without
// showing the key.
func TestLLMRetriesOnceAndNamesRefusedKey(t *testing.T) {
	cs := newChatServer(t, "The fee is capped [1].")
	cs.failFirst = 1
	cs.status = http.StatusServiceUnavailable
	l, err := NewLLM(LLMConfig{BaseURL: cs.URL + "/v1", APIKey: "sk-secret-key-123", Model: "m", Prompts: prompts.FS, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c, err := l.Compose(context.Background(), Request{Question: "fee?", Lang: "en", Passages: feePassages()})
	if err != nil || c.NoAnswer || len(cs.requests) != 2 {
		t.Fatalf("after one 503: %+v, %v, %d requests; want an answer on the second", c, err, len(cs.requests))
	}

	denied := newChatServer(t, "x [1]")
	denied.status = http.StatusUnauthorized
	l, err = NewLLM(LLMConfig{BaseURL: denied.URL + "/v1", APIKey: "sk-secret-key-123", Model: "m", Prompts: prompts.FS})
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Compose(context.Background(), Request{Lang: "en", Passages: feePassages()})
	if !errors.Is(err, openai.ErrUnauthorized) || strings.Contains(err.Error(), "secret") || len(denied.requests) != 1 {
		t.Errorf("refused key: %v after %d requests; want openai.ErrUnauthorized, once, without the key", err, len(denied.requests))
	}
}
