package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/callcenter"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/telegram"
	"github.com/cantho-connect/assistant/internal/testkb"
)

const (
	consoleKey    = "console-key-0123456789abcdef0123456789"
	webhookSecret = "webhook-secret-0123456789"
)

// edge is the public handler with every channel enabled, as serve builds it.
type edge struct {
	srv  *httptest.Server
	api  *httpapi.Server
	sent chan string // texts the bot sent through the Bot API
}

func newEdge(t *testing.T) *edge {
	t.Helper()
	db, ret := testkb.Open(t, "httpapi_routes", nil)
	log := testkb.Quiet()
	svc := &assistant.Service{Retriever: ret, Log: log, MinConfidence: 0.35, Memory: db, Gaps: db}
	cc := callcenter.New(svc, db, []string{consoleKey}, 0, log)
	sent := make(chan string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tg, err := telegram.New(ctx, telegram.Config{Token: "42:TOKEN", Mode: "webhook", APIURL: botAPI(t, sent).URL,
		WebhookURL: "https://bot.example.vn/telegram/webhook", WebhookSecret: webhookSecret}, svc, db, log)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = tg.Run(ctx) }()
	api := httpapi.New(svc, svc, func(context.Context) error { return nil }, httpapi.NewMetrics(), log,
		append(cc.Routes(), tg.Routes()...)...)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return &edge{srv: srv, api: api, sent: sent}
}

// botAPI speaks the few Bot API methods the bot calls in webhook mode.
func botAPI(t *testing.T, sent chan<- string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = r.ParseMultipartForm(1 << 20)
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"CT","username":"ct_bot"}}`)
		case strings.HasSuffix(r.URL.Path, "/sendMessage"):
			select {
			case sent <- r.FormValue("text"):
			default:
			}
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":5,"date":1,"chat":{"id":9,"type":"private"},"text":"x"}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// credential sets a valid (or, with !valid, a wrong) credential of the
// kind on req, whose body is body. A kind without an entry fails the test:
// a new kind of auth needs its check here.
var credential = map[httpapi.Auth]func(req *http.Request, body []byte, valid bool){
	httpapi.AuthNone: func(*http.Request, []byte, bool) {},
	httpapi.AuthCallcenterHMAC: func(req *http.Request, body []byte, valid bool) {
		key := consoleKey
		if !valid {
			key = strings.Repeat("w", len(consoleKey))
		}
		ts, sig := callcenter.Sign(key, time.Now(), body)
		req.Header.Set("X-Callcenter-Timestamp", ts)
		req.Header.Set("X-Callcenter-Signature", sig)
	},
	httpapi.AuthTelegramSecret: func(req *http.Request, _ []byte, valid bool) {
		s := webhookSecret
		if !valid {
			s = "wrong-secret-000000000000"
		}
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", s)
	},
}

type reply struct {
	status int
	header http.Header
	raw    []byte
}

// send makes a request to rt's path (wildcards filled in) with the route's
// credential: valid, wrong, or none when cred is "".
func (e *edge) send(t *testing.T, rt httpapi.Route, method string, body []byte, cred string) reply {
	t.Helper()
	path := regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(rt.Path, "x")
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if cred != "" {
		set, ok := credential[rt.Auth]
		if !ok {
			t.Fatalf("%s: no credential for auth kind %q", rt.Pattern(), rt.Auth)
		}
		set(req, body, cred == "valid")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// jsonError checks r is the JSON error shape {"error":{"code","message"}}
// and nothing else, and returns code and message.
func jsonError(t *testing.T, what string, r reply) (code, message string) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: %d with Content-Type %q, want JSON: %s", what, r.status, ct, r.raw)
	}
	var body map[string]map[string]any
	if err := json.Unmarshal(r.raw, &body); err != nil || len(body) != 1 || len(body["error"]) != 2 {
		t.Errorf(`%s: %d body %s, want {"error":{"code","message"}}`, what, r.status, r.raw)
		return "", ""
	}
	code, _ = body["error"]["code"].(string)
	message, _ = body["error"]["message"].(string)
	if code == "" || message == "" {
		t.Errorf("%s: empty code or message: %s", what, r.raw)
	}
	if r.header.Get("X-Request-ID") == "" {
		t.Errorf("%s: no X-Request-ID", what)
	}
	return code, message
}

// padded is a JSON object of exactly n bytes ({} and spaces); "" for n < 2.
func padded(n int64) []byte {
	if n < 2 {
		return nil
	}
	return []byte("{" + strings.Repeat(" ", int(n-2)) + "}")
}

// The contract: what each route must declare. A change here is a change of
// the public API (docs/api.md, docs/openapi.yaml).
var wantRoutes = []struct {
	pattern string
	maxBody int64
	auth    httpapi.Auth
	json    bool
}{
	{"POST /v1/ask", 64 << 10, httpapi.AuthNone, true},
	{"DELETE /v1/conversations/{id}", 0, httpapi.AuthNone, false},
	{"GET /healthz", 0, httpapi.AuthNone, false},
	{"GET /readyz", 0, httpapi.AuthNone, false},
	{"GET /v1/openapi.yaml", 0, httpapi.AuthNone, false},
	{"POST /v1/callcenter/suggest", 64 << 10, httpapi.AuthCallcenterHMAC, true},
	{"POST /v1/callcenter/feedback", 64 << 10, httpapi.AuthCallcenterHMAC, true},
	{"POST /telegram/webhook", 1 << 20, httpapi.AuthTelegramSecret, false},
}

func TestRouteTableDeclaresTheContract(t *testing.T) {
	e := newEdge(t)
	got := map[string]httpapi.Route{}
	for _, rt := range e.api.Routes() {
		got[rt.Pattern()] = rt
	}
	if len(got) != len(wantRoutes) {
		t.Errorf("%d routes, want %d: %v", len(got), len(wantRoutes), slices.Collect(maps.Keys(got)))
	}
	for _, w := range wantRoutes {
		rt, ok := got[w.pattern]
		if !ok {
			t.Errorf("%s: not in the table", w.pattern)
			continue
		}
		if rt.MaxBody != w.maxBody || rt.Auth != w.auth || rt.JSON != w.json {
			t.Errorf("%s: declared limit %d, auth %s, json %v; want %d, %s, %v", w.pattern, rt.MaxBody, rt.Auth, rt.JSON, w.maxBody, w.auth, w.json)
		}
	}
}

// TestEveryRouteGetsItsLimitMethodsAndAuth walks the table: each route's
// body limit, its answer to another method and to a missing or wrong
// credential, all in the JSON error shape.
func TestEveryRouteGetsItsLimitMethodsAndAuth(t *testing.T) {
	e := newEdge(t)
	allowed := map[string][]string{}
	for _, rt := range e.api.Routes() {
		allowed[rt.Path] = append(allowed[rt.Path], rt.Method)
		if rt.Method == http.MethodGet {
			allowed[rt.Path] = append(allowed[rt.Path], http.MethodHead)
		}
	}
	for _, rt := range e.api.Routes() {
		t.Run(rt.Pattern(), func(t *testing.T) {
			over := e.send(t, rt, rt.Method, append(padded(rt.MaxBody), ' '), "valid")
			if rt.MaxBody == 0 {
				over = e.send(t, rt, rt.Method, []byte("x"), "valid")
			}
			if code, _ := jsonError(t, "over the limit", over); over.status != http.StatusRequestEntityTooLarge || code != "body_too_large" {
				t.Errorf("a body of %d bytes: %d %s, want 413 body_too_large", rt.MaxBody+1, over.status, over.raw)
			}
			if at := e.send(t, rt, rt.Method, padded(rt.MaxBody), "valid"); at.status == http.StatusRequestEntityTooLarge || at.status == http.StatusUnauthorized {
				t.Errorf("a body of %d bytes with a valid credential: %d %s", rt.MaxBody, at.status, at.raw)
			}

			wrong := e.send(t, rt, http.MethodPatch, nil, "valid")
			slices.Sort(allowed[rt.Path])
			want := strings.Join(allowed[rt.Path], ", ")
			if code, _ := jsonError(t, "PATCH", wrong); wrong.status != http.StatusMethodNotAllowed || code != "method_not_allowed" || wrong.header.Get("Allow") != want {
				t.Errorf("PATCH: %d, Allow %q, %s; want 405 method_not_allowed, Allow %q", wrong.status, wrong.header.Get("Allow"), wrong.raw, want)
			}

			for _, cred := range []string{"", "wrong"} {
				r := e.send(t, rt, rt.Method, padded(min(rt.MaxBody, 2)), cred)
				if rt.Auth == httpapi.AuthNone {
					if r.status == http.StatusUnauthorized {
						t.Errorf("an open route answered 401: %s", r.raw)
					}
					continue
				}
				if code, _ := jsonError(t, "credential "+cred, r); r.status != http.StatusUnauthorized || code != "unauthorized" {
					t.Errorf("credential %q: %d %s, want 401 unauthorized", cred, r.status, r.raw)
				}
			}
		})
	}
	for _, path := range []string{"/nope", "/metrics", "/v1/ask/more"} {
		r := e.send(t, httpapi.Route{Path: path}, http.MethodGet, nil, "")
		if code, _ := jsonError(t, path, r); r.status != http.StatusNotFound || code != "not_found" {
			t.Errorf("GET %s: %d %s, want 404 not_found", path, r.status, r.raw)
		}
	}
}

// goDetail is what a public message must never show: Go package-qualified
// type names, Go types, field paths.
var goDetail = regexp.MustCompile(`\b(httpapi|callcenter|telegram|assistant|main)\.[A-Za-z]|\bstruct\b|\bmap\[|\[\]|int64|float64|field ""`)

func TestEveryJSONRouteSpeaksOneErrorVocabulary(t *testing.T) {
	e := newEdge(t)
	bodies := []struct{ name, body, mention string }{
		{"array", `[1]`, "JSON object"},
		{"string", `"x"`, "JSON object"},
		{"unclosed", `{`, "JSON"},
		{"wrong type", `{"question": 5}`, `"question"`},
		{"empty", ``, "empty"},
		{"two objects", `{}{}`, "one JSON object"},
		{"unknown field", `{"temperature": 2}`, `"temperature"`},
	}
	n := 0
	for _, rt := range e.api.Routes() {
		if !rt.JSON {
			continue
		}
		n++
		for _, b := range bodies {
			r := e.send(t, rt, rt.Method, []byte(b.body), "valid")
			code, msg := jsonError(t, rt.Pattern()+" "+b.name, r)
			if r.status != http.StatusBadRequest || code != "invalid_json" || !strings.Contains(msg, b.mention) || goDetail.MatchString(msg) {
				t.Errorf("%s, %s body %s: %d %s; want 400 invalid_json mentioning %s, without Go details", rt.Pattern(), b.name, b.body, r.status, r.raw, b.mention)
			}
		}
	}
	if n < 3 {
		t.Errorf("%d JSON routes, want /v1/ask and the two call-centre routes", n)
	}
	// A field of the wrong type says which and what it must be.
	for _, path := range []string{"/v1/ask", "/v1/callcenter/suggest"} {
		rt := httpapi.Route{Path: path, Auth: httpapi.AuthCallcenterHMAC}
		r := e.send(t, rt, http.MethodPost, []byte(`{"question": 5}`), "valid")
		if _, msg := jsonError(t, path, r); msg != `"question" must be a string` {
			t.Errorf("%s with a number for question: %q", path, msg)
		}
	}
}

// Regression: the 64 KiB limit of /v1/ask once applied to the webhook, so
// Telegram's larger updates were refused (413) and retried forever.
func TestTelegramWebhookTakesA100KiBUpdate(t *testing.T) {
	e := newEdge(t)
	quoted := strings.Repeat("Đây là một tin nhắn rất dài được trích dẫn. ", 1700)
	update := fmt.Sprintf(`{"update_id": 9001, "message": {"message_id": 3, "date": 1, "text": "Đờn ca tài tử được UNESCO công nhận năm nào?",
		"chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false, "first_name": "An"},
		"reply_to_message": {"message_id": 2, "date": 1, "chat": {"id": 9, "type": "private"}, "text": %q}}}`, quoted)
	if len(update) < 100<<10 {
		t.Fatalf("update is %d bytes, want over 100 KiB", len(update))
	}
	var hook httpapi.Route
	for _, rt := range e.api.Routes() {
		if rt.Auth == httpapi.AuthTelegramSecret {
			hook = rt
		}
	}
	if r := e.send(t, hook, http.MethodPost, []byte(update), "valid"); r.status != http.StatusOK {
		t.Fatalf("a %d-byte update with the right secret: %d %s, want 200", len(update), r.status, r.raw)
	}
	select {
	case text := <-e.sent:
		if !strings.Contains(text, "2013") {
			t.Errorf("the bot's answer lacks the year: %q", text)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the update was accepted but not answered")
	}
}
