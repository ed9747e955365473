package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

type fixture struct {
	srv   *httptest.Server
	admin *httptest.Server // the admin listener: /metrics
	proxy *testdb.Proxy
	svc   *assistant.Service
	db    *store.DB
}

var logger = testkb.Quiet()

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return buildFixture(t, "httpapi", true)
}

// newBenchFixture talks to the database directly: the proxy's copying
// would be measured too.
func newBenchFixture(b *testing.B) *httptest.Server {
	return buildFixture(b, "httpapi_bench", false).srv
}

func buildFixture(t testing.TB, name string, proxied bool) *fixture {
	t.Helper()
	var px *testdb.Proxy
	db, ret := testkb.Open(t, name, func(dbURL string) string {
		if !proxied {
			return dbURL
		}
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		px = testdb.StartProxy(t, u.Host)
		u.Host = px.Addr()
		return u.String()
	})
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	svc := &assistant.Service{Retriever: ret, Log: logger, MinConfidence: 0.35, Memory: db, Gaps: db, Safety: checker}
	ready := func(ctx context.Context) error {
		st, err := db.Status(ctx)
		if err != nil {
			return err
		}
		if st.Documents == 0 {
			return &NotReadyError{Reason: "the index is empty"}
		}
		return nil
	}
	metrics := NewMetrics()
	srv := httptest.NewServer(New(svc, svc, ready, metrics, logger))
	t.Cleanup(srv.Close)
	admin := httptest.NewServer(AdminHandler(metrics))
	t.Cleanup(admin.Close)
	return &fixture{srv: srv, admin: admin, proxy: px, svc: svc, db: db}
}

func (f *fixture) get(t *testing.T, path string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("GET %s: response is not JSON: %v", path, err)
	}
	return resp, m
}

func (f *fixture) post(t *testing.T, contentType, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(f.srv.URL+"/v1/ask", contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return resp, m
}

func errorCode(m map[string]any) (code, message string) {
	e, _ := m["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	return code, message
}

func TestAskAnswersWithCitations(t *testing.T) {
	f := newFixture(t)
	resp, m := f.post(t, "application/json", `{"question": "Caller asks how to check if a labour export company is licensed"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, m)
	}
	if m["lang"] != "en" || m["answer"] == "" {
		t.Errorf("answer/lang: %v", m)
	}
	cites, _ := m["citations"].([]any)
	if len(cites) == 0 {
		t.Fatalf("no citations: %v", m)
	}
	found := false
	for _, c := range cites {
		c := c.(map[string]any)
		if c["id"] == "labour-abroad-licensed-companies" && c["lang"] == "en" && c["snippet"] != "" && c["as_of"] != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("citations do not include the licensed-companies document in English: %v", cites)
	}
	// The answer as data: sentences with the numbers of their citations,
	// the question as understood, and the next step; "answer" renders them.
	sentences, _ := m["sentences"].([]any)
	if len(sentences) == 0 || m["query"] != "Caller asks how to check if a labour export company is licensed" || m["next_step"] == nil {
		t.Fatalf("structured answer missing: %v", m)
	}
	for _, x := range sentences {
		sen := x.(map[string]any)
		text, _ := sen["text"].(string)
		srcs, _ := sen["sources"].([]any)
		if text == "" || len(srcs) == 0 || !strings.Contains(m["answer"].(string), text) || strings.Contains(text, "[1]") {
			t.Errorf("sentence %v: want its text (in the rendered answer, without markers) and its sources", sen)
		}
		for _, n := range srcs {
			if k := int(n.(float64)); k < 1 || k > len(cites) {
				t.Errorf("sentence cites %d of %d citations", k, len(cites))
			}
		}
	}
	if _, ok := m["safety"]; ok {
		t.Errorf("safety must be absent when nobody is in danger: %v", m["safety"])
	}

	_, m = f.post(t, "application/json", `{"question": "lam sao di lao dong han quoc"}`)
	if m["lang"] != "vi" {
		t.Errorf("Vietnamese without diacritics answered in %v", m["lang"])
	}
}

func TestAskBadInput(t *testing.T) {
	f := newFixture(t)
	// Emoji only is small talk, not an error: a friendly reply and no
	// knowledge-base answer.
	if resp, m := f.post(t, "application/json", `{"question": "🙂🙂🙂"}`); resp.StatusCode != 200 || m["reason"] != "small_talk" || len(m["citations"].([]any)) != 0 {
		t.Errorf("emoji only: %d %v, want 200 small talk", resp.StatusCode, m)
	}
	tests := []struct {
		name, contentType, body string
		status                  int
		code, mentions          string
	}{
		{"empty question", "application/json", `{"question": "  "}`, 400, "invalid_question", "empty"},
		{"10k question", "application/json", `{"question": "` + strings.Repeat("a", 10000) + `"}`, 400, "invalid_question", "1000"},
		{"invalid json", "application/json", `{"question": `, 400, "invalid_json", "JSON"},
		{"not an object", "application/json", `[1]`, 400, "invalid_json", "not an array"},
		{"empty body", "application/json", ``, 400, "invalid_json", "empty"},
		{"two objects", "application/json", `{"question":"a"}{"question":"b"}`, 400, "invalid_json", "one JSON object"},
		{"wrong type", "application/json", `{"question": 42}`, 400, "invalid_json", `"question" must be a string`},
		{"unknown field", "application/json", `{"question": "hi", "temperature": 2}`, 400, "invalid_json", "temperature"},
		{"wrong content type", "text/plain", `{"question": "hi"}`, 415, "unsupported_media_type", "application/json"},
		{"too large", "application/json", `{"question": "` + strings.Repeat("x", MaxBodyBytes) + `"}`, 413, "body_too_large", "bytes"},
		{"html only", "application/json", `{"question": "<b></b><br/>"}`, 400, "invalid_question", ""},
		{"bad lang", "application/json", `{"question": "visa", "lang": "fr"}`, 400, "invalid_lang", "vi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, m := f.post(t, tt.contentType, tt.body)
			code, msg := errorCode(m)
			if resp.StatusCode != tt.status || code != tt.code {
				t.Fatalf("got %d %s (%s), want %d %s", resp.StatusCode, code, msg, tt.status, tt.code)
			}
			if !strings.Contains(msg, tt.mentions) {
				t.Errorf("message %q does not mention %q", msg, tt.mentions)
			}
		})
	}
	// The server still answers after all of that.
	if resp, _ := f.post(t, "application/json", `{"question": "EPS Korea"}`); resp.StatusCode != 200 {
		t.Errorf("after bad input: status %d", resp.StatusCode)
	}
}

func TestDatabaseOutageAndRecovery(t *testing.T) {
	f := newFixture(t)
	ask := func() (*http.Response, map[string]any) {
		return f.post(t, "application/json", `{"question": "phí dịch vụ xuất khẩu lao động"}`)
	}
	if resp, _ := ask(); resp.StatusCode != 200 {
		t.Fatalf("before outage: %d", resp.StatusCode)
	}
	f.proxy.Stop()
	resp, m := ask()
	if code, _ := errorCode(m); resp.StatusCode != http.StatusServiceUnavailable || code != "unavailable" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("during outage: %d %v, Retry-After %q; want 503 unavailable with Retry-After", resp.StatusCode, m, resp.Header.Get("Retry-After"))
	}
	if body, _ := json.Marshal(m); strings.Contains(string(body), "127.0.0.1") || strings.Contains(string(body), "assistant:") {
		t.Errorf("error leaks connection details: %s", body)
	}
	if _, msg := errorCode(m); !strings.Contains(msg, "database is unreachable") || !strings.Contains(msg, "DATABASE_URL") {
		t.Errorf("during outage the message %q does not say the database is unreachable and which variable sets it", msg)
	}
	ready, err := http.Get(f.srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	readyBody, _ := io.ReadAll(ready.Body)
	ready.Body.Close()
	if ready.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(readyBody), "database is unreachable (check DATABASE_URL)") {
		t.Errorf("readyz during outage: %d %s", ready.StatusCode, readyBody)
	}

	f.proxy.Start()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, _ := ask()
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after the database came back: %d", resp.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if ready, err := http.Get(f.srv.URL + "/readyz"); err != nil || ready.StatusCode != 200 {
		t.Errorf("readyz after recovery: %v %v", ready.StatusCode, err)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t)
	f.post(t, "application/json", `{"question": "visa exemption"}`)
	for _, c := range []struct{ base, path, want string }{
		{f.srv.URL, "/healthz", `"ok"`},
		{f.srv.URL, "/readyz", `"ready"`},
		{f.admin.URL, "/metrics", `http_requests_total{route="POST /v1/ask",status="200"} 1`},
		{f.admin.URL, "/healthz", `"ok"`},
	} {
		path, want := c.path, c.want
		resp, err := http.Get(c.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, body lacks %s", path, resp.StatusCode, want)
		}
	}
	resp, _ := http.Get(f.admin.URL + "/metrics")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"retrieval_duration_seconds", "http_request_duration_seconds_bucket", "process_resident_memory_bytes"} {
		if !strings.Contains(string(body), name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	for _, path := range []string{"/nope", "/metrics"} { // /metrics is only on the admin listener
		resp, m := f.get(t, path)
		if code, _ := errorCode(m); resp.StatusCode != 404 || code != "not_found" {
			t.Errorf("public %s: %d %v, want 404 not_found", path, resp.StatusCode, m)
		}
	}
}

func TestRateLimit(t *testing.T) {
	l := NewRateLimiter(3, time.Minute)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("request %d refused", i+1)
		}
	}
	ok, retry := l.Allow("a")
	if ok || retry != time.Minute {
		t.Errorf("4th request: ok %v retry %s; want refused for a minute", ok, retry)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Error("another client must not be limited")
	}
	now = now.Add(time.Minute)
	if ok, _ := l.Allow("a"); !ok {
		t.Error("a new window must allow again")
	}

	f := newFixture(t)
	srv := f.srv.Config.Handler.(*Server).LimitAsk(2, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	post := func(ip string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/ask", strings.NewReader(`{"question":"visa exemption"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.9, "+ip)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for range 2 {
		if resp := post("198.51.100.7"); resp.StatusCode != 200 {
			t.Fatalf("within the limit: %d", resp.StatusCode)
		}
	}
	resp := post("198.51.100.7")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("over the limit: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := post("198.51.100.8"); resp.StatusCode != 200 {
		t.Errorf("another client: %d", resp.StatusCode)
	}

	// Past the limit, a person in danger still gets the steps and numbers.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/ask", strings.NewReader(`{"question":"Chồng tôi ở Đài Loan đánh tôi, tôi phải làm sao?"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	sf, _ := m["safety"].(map[string]any)
	if resp.StatusCode != http.StatusOK || sf["category"] != "domestic_violence" || sf["country"] != "TW" ||
		!strings.Contains(fmt.Sprint(m["answer"]), "110") || m["handoff"] != false {
		t.Errorf("a person in danger past the rate limit: %d %v; want the safety steps with Taiwan's police", resp.StatusCode, m)
	}
}
