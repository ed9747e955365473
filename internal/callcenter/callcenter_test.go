package callcenter

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

const (
	oldKey = "old-console-key-0123456789abcdef0123"
	newKey = "new-console-key-fedcba9876543210fedc"
)

type fixture struct {
	h     *Handler
	srv   *httptest.Server
	db    *store.DB
	proxy *testdb.Proxy
}

func newFixture(t *testing.T, rateLimit int) *fixture {
	t.Helper()
	return buildFixture(t, "callcenter_"+t.Name(), rateLimit, true)
}

// newBenchFixture talks to the database directly: the proxy's copying
// would be measured too.
func newBenchFixture(b *testing.B) *fixture { return buildFixture(b, "callcenter_bench", 0, false) }

func buildFixture(t testing.TB, name string, rateLimit int, proxied bool) *fixture {
	t.Helper()
	var px *testdb.Proxy
	db, ret := testkb.Open(t, name, func(dbURL string) string {
		if !proxied {
			return dbURL
		}
		u, _ := url.Parse(dbURL)
		px = testdb.StartProxy(t, u.Host)
		u.Host = px.Addr()
		return u.String()
	})
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	svc := &assistant.Service{Retriever: ret, Log: testkb.Quiet(), MinConfidence: 0.35, Gaps: db, Safety: checker}
	h := New(svc, db, []string{newKey, oldKey}, rateLimit, testkb.Quiet())
	// A request waits up to a minute for the same turn's suggestion, not
	// the 10 s a console waits in production: on a loaded machine (the
	// race detector, other packages' tests) 50 concurrent suggestions took
	// longer, and the racing copies got 503 "pending" (2026-12-01).
	h.pending = time.Minute
	api := httpapi.New(svc, svc, func(context.Context) error { return nil }, httpapi.NewMetrics(), testkb.Quiet(), h.Routes()...)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return &fixture{h: h, srv: srv, db: db, proxy: px}
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// post signs body with key at time at and posts it; key "" sends no
// signature headers.
func (f *fixture) post(t *testing.T, path, body, key string, at time.Time) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		ts, sig := Sign(key, at, []byte(body))
		req.Header.Set("X-Callcenter-Timestamp", ts)
		req.Header.Set("X-Callcenter-Signature", sig)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	var m map[string]any
	_ = dec.Decode(&m)
	raw, _ := json.Marshal(m)
	return reply{status: resp.StatusCode, header: resp.Header, body: m, raw: string(raw)}
}

func code(r reply) string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (f *fixture) count(t *testing.T, callID string) int {
	t.Helper()
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM suggestions WHERE call_id = $1`, callID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const licensed = `{"call_id":"call-1","turn_id":"1","question":"Caller asks how to check if a labour export company is licensed","counselor_id":"tv-07"}`

func TestSuggestionInEnglishAndVietnameseWithSources(t *testing.T) {
	f := newFixture(t, 0)
	r := f.post(t, "/v1/callcenter/suggest", licensed, newKey, time.Now())
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	answers, _ := r.body["answers"].(map[string]any)
	en, _ := answers["en"].(map[string]any)
	vi, _ := answers["vi"].(map[string]any)
	if en == nil || vi == nil {
		t.Fatalf("answers: %s", r.raw)
	}
	if text, _ := en["text"].(string); !strings.Contains(text, "dolab.gov.vn") || !strings.Contains(text, "Sources:") {
		t.Errorf("English suggestion: %q", text)
	}
	if text, _ := vi["text"].(string); !strings.Contains(text, "Nguồn:") {
		t.Errorf("Vietnamese suggestion: %q", text)
	}
	if cites, _ := en["citations"].([]any); len(cites) == 0 || cites[0].(map[string]any)["id"] != "labour-abroad-licensed-companies" {
		t.Errorf("English citations: %v", en["citations"])
	}
	if id, _ := r.body["suggestion_id"].(string); !strings.HasPrefix(id, "sg_") || r.body["call_id"] != "call-1" || r.body["handoff"] != false {
		t.Errorf("envelope: %s", r.raw)
	}
}

// TestUrgentSuggestion: a caller speaking for someone in danger gets a
// suggestion flagged urgent, with the category, and each language's
// answer opens with the safety steps and the numbers for that country.
func TestUrgentSuggestion(t *testing.T) {
	f := newFixture(t, 0)
	body := `{"call_id":"urgent-1","turn_id":"1","question":"Con gái tôi lấy chồng Trung Quốc, họ nhốt nó trong nhà và giữ hộ chiếu"}`
	r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now())
	if r.status != 200 || r.body["urgent"] != true || r.body["urgent_category"] != "held" {
		t.Fatalf("want an urgent suggestion (held): %d %s", r.status, r.raw)
	}
	answers, _ := r.body["answers"].(map[string]any)
	for _, lang := range []string{"en", "vi"} {
		a, _ := answers[lang].(map[string]any)
		text, _ := a["text"].(string)
		sf, _ := a["safety"].(map[string]any)
		if sf["country"] != "CN" || !strings.Contains(text, "110") || !strings.Contains(text, "+84 981 84 84 84") {
			t.Errorf("%s suggestion lacks China's police or the citizen protection hotline: %v\n%s", lang, sf, text)
		}
	}
	calm := f.post(t, "/v1/callcenter/suggest", `{"call_id":"urgent-2","turn_id":"1","question":"Làm hộ chiếu đi Hàn Quốc cần giấy tờ gì?"}`, newKey, time.Now())
	if calm.body["urgent"] != false {
		t.Errorf("a question about passport papers is not urgent: %s", calm.raw)
	}
}

func TestSignatures(t *testing.T) {
	f := newFixture(t, 0)
	body := `{"call_id":"sig","turn_id":"1","question":"EPS Korea"}`
	if r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now()); r.status != 200 {
		t.Errorf("current key: %d %s", r.status, r.raw)
	}
	rotated := `{"call_id":"sig","turn_id":"2","question":"EPS Korea"}`
	if r := f.post(t, "/v1/callcenter/suggest", rotated, oldKey, time.Now()); r.status != 200 {
		t.Errorf("old key during rotation: %d %s", r.status, r.raw)
	}
	cases := []struct {
		name string
		req  func() *http.Request
	}{
		{"wrong key", func() *http.Request {
			return signed(f, `{"call_id":"bad","turn_id":"1","question":"x"}`, "not-a-configured-key-000000000000", time.Now())
		}},
		{"stale", func() *http.Request {
			return signed(f, `{"call_id":"bad","turn_id":"2","question":"x"}`, newKey, time.Now().Add(-6*time.Minute))
		}},
		{"future", func() *http.Request {
			return signed(f, `{"call_id":"bad","turn_id":"3","question":"x"}`, newKey, time.Now().Add(6*time.Minute))
		}},
		{"tampered", func() *http.Request {
			req := signed(f, `{"call_id":"bad","turn_id":"4","question":"x"}`, newKey, time.Now())
			req.Body = http.NoBody
			tampered := `{"call_id":"bad","turn_id":"4","question":"y"}`
			req2, _ := http.NewRequest(http.MethodPost, req.URL.String(), strings.NewReader(tampered))
			req2.Header = req.Header
			return req2
		}},
		{"missing", func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v1/callcenter/suggest", strings.NewReader(`{"call_id":"bad","turn_id":"5","question":"x"}`))
			req.Header.Set("Content-Type", "application/json")
			return req
		}},
		{"malformed", func() *http.Request {
			req := signed(f, `{"call_id":"bad","turn_id":"6","question":"x"}`, newKey, time.Now())
			req.Header.Set("X-Callcenter-Signature", "sha256=abc")
			return req
		}},
	}
	for _, c := range cases {
		r := do(t, c.req())
		if r.status != http.StatusUnauthorized || code(r) != "unauthorized" {
			t.Errorf("%s: %d %s, want 401 unauthorized", c.name, r.status, r.raw)
		}
	}
	if n := f.count(t, "bad"); n != 0 {
		t.Errorf("%d suggestions stored from unauthenticated requests", n)
	}
}

func signed(f *fixture, body, key string, at time.Time) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v1/callcenter/suggest", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ts, sig := Sign(key, at, []byte(body))
	req.Header.Set("X-Callcenter-Timestamp", ts)
	req.Header.Set("X-Callcenter-Signature", sig)
	return req
}

func TestIdempotencyConflictsAndConcurrency(t *testing.T) {
	f := newFixture(t, 0)
	first := f.post(t, "/v1/callcenter/suggest", licensed, newKey, time.Now())
	again := f.post(t, "/v1/callcenter/suggest", licensed, oldKey, time.Now())
	if first.status != 200 || again.status != 200 || first.raw != again.raw {
		t.Errorf("replay differs:\n%s\n%s", first.raw, again.raw)
	}
	// The same content re-serialised (keys in another order, other
	// spacing) is the same request: the original suggestion again.
	var fields map[string]any
	if err := json.Unmarshal([]byte(licensed), &fields); err != nil {
		t.Fatal(err)
	}
	reordered := fmt.Sprintf(`{ "counselor_id": %q, "question" : %q,
	  "turn_id": %q, "call_id": %q }`, fields["counselor_id"], fields["question"], fields["turn_id"], fields["call_id"])
	if r := f.post(t, "/v1/callcenter/suggest", reordered, newKey, time.Now()); r.status != 200 || r.raw != first.raw {
		t.Errorf("same content in another key order: %d %s", r.status, r.raw)
	}
	changed := strings.Replace(licensed, "licensed", "licenced", 1)
	if r := f.post(t, "/v1/callcenter/suggest", changed, newKey, time.Now()); r.status != http.StatusConflict || code(r) != "conflict" {
		t.Errorf("same turn, different body: %d %s", r.status, r.raw)
	}

	// 50 consoles at once, each a new turn, plus 10 copies of one request
	// racing each other: 51 suggestions, none lost, none duplicated (the
	// copies wait up to a minute: buildFixture).
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	raceIDs := map[string]bool{}
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"call_id":"busy","turn_id":"t%d","question":"phí dịch vụ đi làm việc ở nước ngoài tối đa bao nhiêu","answer_langs":["vi"]}`, i)
			r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now())
			mu.Lock()
			statuses[r.status]++
			mu.Unlock()
		}()
	}
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := f.post(t, "/v1/callcenter/suggest", `{"call_id":"busy","turn_id":"race","question":"EPS Korea"}`, newKey, time.Now())
			mu.Lock()
			statuses[r.status]++
			if id, ok := r.body["suggestion_id"].(string); ok {
				raceIDs[id] = true
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[200] != 60 {
		t.Errorf("statuses %v, want 60 × 200", statuses)
	}
	if len(raceIDs) != 1 {
		t.Errorf("racing identical requests gave %d suggestion ids, want 1", len(raceIDs))
	}
	if n := f.count(t, "busy"); n != 51 {
		t.Errorf("%d suggestions stored, want 51", n)
	}
}

func TestErrorsAConsoleDeveloperCanActOn(t *testing.T) {
	f := newFixture(t, 0)
	now := time.Now()
	// Emoji only is not an error but small talk: a friendly suggestion
	// with no knowledge-base answer, as on every channel.
	if r := f.post(t, "/v1/callcenter/suggest", `{"call_id":"emoji","turn_id":"3","question":"🙂🙂"}`, newKey, now); r.status != 200 || r.body["reason"] != "small_talk" {
		t.Errorf("emoji question: %d %s, want 200 with reason small_talk", r.status, r.raw)
	}
	for _, c := range []struct {
		name, body    string
		status        int
		code, mention string
	}{
		{"invalid json", `{"call_id":`, 400, "invalid_json", "JSON"},
		{"missing call_id", `{"turn_id":"1","question":"x"}`, 400, "invalid_call_id", "call_id"},
		{"missing turn_id", `{"call_id":"e","question":"x"}`, 400, "invalid_turn_id", "turn_id"},
		{"missing question", `{"call_id":"e","turn_id":"1"}`, 400, "invalid_question", "question"},
		{"long question", `{"call_id":"e","turn_id":"2","question":"` + strings.Repeat("a", 2001) + `"}`, 400, "invalid_question", "2000"},
		{"unknown field", `{"call_id":"e","turn_id":"4","question":"x","priority":1}`, 400, "invalid_json", "priority"},
		{"wrong type", `{"call_id":"e","turn_id":5,"question":"x"}`, 400, "invalid_json", `"turn_id" must be a string`},
		{"bad langs", `{"call_id":"e","turn_id":"6","question":"x","answer_langs":["fr"]}`, 400, "invalid_answer_langs", "answer_langs"},
	} {
		r := f.post(t, "/v1/callcenter/suggest", c.body, newKey, now)
		msg, _ := r.body["error"].(map[string]any)["message"].(string)
		if r.status != c.status || code(r) != c.code || !strings.Contains(msg, c.mention) {
			t.Errorf("%s: %d %s, want %d %s mentioning %q", c.name, r.status, r.raw, c.status, c.code, c.mention)
		}
	}
	if n := f.count(t, "e"); n != 0 {
		t.Errorf("%d suggestions stored from invalid requests", n)
	}
	req := signed(f, `{"call_id":"e","turn_id":"7","question":"x"}`, newKey, now)
	req.Header.Set("Content-Type", "text/plain")
	if r := do(t, req); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d", r.status)
	}
	big := `{"call_id":"e","turn_id":"8","question":"x","counselor_id":"` + strings.Repeat("a", MaxBody) + `"}`
	if r := f.post(t, "/v1/callcenter/suggest", big, newKey, now); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("over 64 KiB: %d %s", r.status, r.raw)
	}

	// Feedback.
	s := f.post(t, "/v1/callcenter/suggest", licensed, newKey, now)
	id, _ := s.body["suggestion_id"].(string)
	for _, c := range []struct {
		body   string
		status int
		code   string
	}{
		{fmt.Sprintf(`{"suggestion_id":%q,"outcome":"edited","edited_text":"Gọi 0912 345 678 rồi xem dolab.gov.vn","counselor_id":"tv-07"}`, id), 200, ""},
		{`{"suggestion_id":"sg_nope","outcome":"used"}`, 404, "not_found"},
		{fmt.Sprintf(`{"suggestion_id":%q,"outcome":"loved"}`, id), 400, "invalid_outcome"},
		{`{"outcome":"used"}`, 400, "invalid_suggestion_id"},
	} {
		r := f.post(t, "/v1/callcenter/feedback", c.body, newKey, now)
		if r.status != c.status || code(r) != c.code {
			t.Errorf("feedback %s: %d %s", c.body, r.status, r.raw)
		}
	}
	var edited string
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT edited_text FROM callcenter_feedback WHERE suggestion_id = $1`, id).Scan(&edited); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(edited, "345 678") {
		t.Errorf("edited text keeps a phone number: %q", edited)
	}
}

func TestPerKeyRateLimit(t *testing.T) {
	f := newFixture(t, 3)
	// One fixed instant: the limit counts per calendar minute, and the
	// test must not straddle two of them. It is the last second of a
	// minute already past: Retry-After comes from the handler's clock,
	// not the wall clock (CI once got a 429 without it when the test
	// crossed a minute).
	fixed := time.Now().Truncate(time.Minute).Add(-time.Second)
	f.h.now = func() time.Time { return fixed }
	for i := range 3 {
		if r := f.post(t, "/v1/callcenter/suggest", fmt.Sprintf(`{"call_id":"rl","turn_id":"%d","question":"EPS Korea"}`, i), newKey, time.Now()); r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
	}
	r := f.post(t, "/v1/callcenter/suggest", `{"call_id":"rl","turn_id":"9","question":"EPS Korea"}`, newKey, time.Now())
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || code(r) != "rate_limited" {
		t.Errorf("over the limit: %d %s Retry-After %q", r.status, r.raw, r.header.Get("Retry-After"))
	}
	if r := f.post(t, "/v1/callcenter/suggest", `{"call_id":"rl","turn_id":"10","question":"EPS Korea"}`, oldKey, time.Now()); r.status != 200 {
		t.Errorf("another key has its own limit: %d", r.status)
	}
}

func TestMaskingAndFollowUpsFromHistory(t *testing.T) {
	f := newFixture(t, 0)
	body := `{"call_id":"m","turn_id":"1","question":"Caller (0912 345 678, passport B1234567) asks how to check a labour export company licence"}`
	if r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now()); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	var q string
	_ = f.db.Pool().QueryRow(context.Background(), `SELECT question FROM suggestions WHERE call_id = 'm'`).Scan(&q)
	if strings.Contains(q, "345 678") || strings.Contains(q, "B1234567") {
		t.Errorf("stored question keeps personal numbers: %q", q)
	}
	follow := `{"call_id":"m","turn_id":"2","question":"and for Japan?","answer_langs":["en"],
		"history":[{"question":"How do I go to work in Korea under the EPS programme?"}]}`
	r := f.post(t, "/v1/callcenter/suggest", follow, newKey, time.Now())
	en, _ := r.body["answers"].(map[string]any)["en"].(map[string]any)
	cites, _ := en["citations"].([]any)
	if len(cites) == 0 || cites[0].(map[string]any)["id"] != "labour-japan-routes" {
		t.Errorf("follow-up with history: %s", r.raw)
	}
}

func TestDatabaseOutageAndRecovery(t *testing.T) {
	f := newFixture(t, 10)
	if r := f.post(t, "/v1/callcenter/suggest", licensed, newKey, time.Now()); r.status != 200 {
		t.Fatalf("before: %d", r.status)
	}
	f.proxy.Stop()
	r := f.post(t, "/v1/callcenter/suggest", strings.Replace(licensed, `"turn_id":"1"`, `"turn_id":"2"`, 1), newKey, time.Now())
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || code(r) != "unavailable" {
		t.Errorf("during outage: %d %s", r.status, r.raw)
	}
	f.proxy.Start()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r = f.post(t, "/v1/callcenter/suggest", strings.Replace(licensed, `"turn_id":"1"`, `"turn_id":"2"`, 1), newKey, time.Now())
		if r.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery: %d %s", r.status, r.raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestAbandonedTurnIsFreed(t *testing.T) {
	f := newFixture(t, 0)
	body := `{"call_id":"ab","turn_id":"1","question":"EPS Korea"}`
	// A request that claimed the turn and died a while ago.
	var req SuggestRequest
	if err := json.Unmarshal([]byte(body), &req); err != nil || req.validate() != nil {
		t.Fatal("the test's body must be valid")
	}
	if _, err := f.db.Pool().Exec(context.Background(), `
		INSERT INTO suggestions (id, call_id, turn_id, request_hash, status, question, created_at)
		VALUES ('sg_dead', 'ab', '1', $1, 'pending', 'EPS Korea', now() - interval '5 minutes')`, requestHash(req)); err != nil {
		t.Fatal(err)
	}
	r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now())
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("first retry: %d %s; want 503 with Retry-After", r.status, r.raw)
	}
	r = f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now())
	if r.status != 200 || r.body["suggestion_id"] == "sg_dead" {
		t.Errorf("second retry: %d %s; want a fresh suggestion", r.status, r.raw)
	}
}
