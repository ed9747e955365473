package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/console"
	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

const (
	userName   = "minh"
	editorName = "lan"
	password   = "correct horse battery"
)

// site is the service's public handler with the console mounted, over a
// test database holding the knowledge base and one counsellor.
type site struct {
	srv *httptest.Server
	db  *store.DB
	api *httpapi.Server
}

func newSite(t *testing.T, name string) *site {
	t.Helper()
	db, ret := testkb.Open(t, name, nil)
	log := testkb.Quiet()
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	e := testkb.NewEmbedder(ret.Glossary)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.UseCuratedDim(context.Background(), embed.DefaultHashingDim); err != nil {
		t.Fatal(err)
	}
	svc := &assistant.Service{Retriever: ret, Log: log, MinConfidence: 0.35, Memory: db, Gaps: db, Safety: checker,
		Curated: &curated.Matcher{DB: db, Embedder: e}}
	cfg := console.DefaultConfig()
	cfg.SecureCookie = false // httptest serves plain HTTP
	con, err := console.New(svc, db, cfg, httpapi.NewClientKeys(nil), log)
	if err != nil {
		t.Fatal(err)
	}
	con.WithEmbedder(e)
	api := httpapi.New(svc, svc, func(context.Context) error { return nil }, httpapi.NewMetrics(), log, con.Routes()...)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	hash, err := console.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsoleUser(context.Background(), userName, "counsellor", hash); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsoleUser(context.Background(), editorName, "editor", hash); err != nil {
		t.Fatal(err)
	}
	return &site{srv: srv, db: db, api: api}
}

// count is the number of rows of table (a constant of the test).
func (s *site) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := s.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// client is a browser-like client that keeps cookies and does not follow
// redirects, so that tests see them.
func (s *site) client(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (s *site) do(t *testing.T, c *http.Client, method, path, contentType string, body io.Reader, header ...string) page {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(raw)}
}

func (s *site) signIn(t *testing.T, c *http.Client, name, pw string) page {
	t.Helper()
	form := url.Values{"name": {name}, "password": {pw}}.Encode()
	return s.do(t, c, "POST", "/console/signin", "application/x-www-form-urlencoded", strings.NewReader(form))
}

func TestSignInSessionAndSignOut(t *testing.T) {
	s := newSite(t, "console_signin")
	c := s.client(t)
	if p := s.do(t, c, "GET", "/console/ask", "", nil); p.status != http.StatusSeeOther || p.header.Get("Location") != "/console/signin" {
		t.Fatalf("ask page without a session: %d to %q, want 303 to /console/signin", p.status, p.header.Get("Location"))
	}
	wrong := s.signIn(t, c, userName, "wrong password!!")
	if wrong.status != http.StatusUnauthorized || !strings.Contains(wrong.body, "Wrong name or password.") {
		t.Errorf("wrong password: %d, want 401 with the message", wrong.status)
	}
	if strings.Contains(wrong.header.Get("Set-Cookie"), console.CookieName+"=") && !strings.Contains(wrong.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("wrong password set a cookie: %s", wrong.header.Get("Set-Cookie"))
	}
	if n, a := s.count(t, "console_sessions"), s.count(t, "console_audit"); n != 0 || a != 0 {
		t.Errorf("after a wrong password: %d sessions, %d audit rows; want none", n, a)
	}
	if p := s.signIn(t, c, "nobody", password); p.status != http.StatusUnauthorized {
		t.Errorf("unknown name: %d, want 401", p.status)
	}

	ok := s.signIn(t, c, "  MINH ", password)
	ck := ok.header.Get("Set-Cookie")
	if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/console/ask" {
		t.Fatalf("sign-in: %d to %q", ok.status, ok.header.Get("Location"))
	}
	for _, want := range []string{console.CookieName + "=", "Path=/console", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	var stored []byte
	if err := s.db.Pool().QueryRow(context.Background(), `SELECT id_hash FROM console_sessions`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if id := strings.SplitN(strings.TrimPrefix(ck, console.CookieName+"="), ";", 2)[0]; strings.Contains(string(stored), id) || len(stored) != 32 {
		t.Errorf("the database holds %d bytes for the session, want only its 32-byte hash", len(stored))
	}
	if p := s.do(t, c, "GET", "/console/ask", "", nil); p.status != http.StatusOK || !strings.Contains(p.body, `id="question"`) {
		t.Errorf("ask page with a session: %d", p.status)
	}
	if p := s.do(t, c, "POST", "/console/signout", "application/x-www-form-urlencoded", nil); p.status != http.StatusSeeOther {
		t.Errorf("sign-out: %d", p.status)
	}
	if p := s.do(t, c, "GET", "/console/ask", "", nil); p.status != http.StatusSeeOther {
		t.Errorf("ask page after sign-out: %d, want 303", p.status)
	}
	var actions string
	_ = s.db.Pool().QueryRow(context.Background(), `SELECT string_agg(action, ',' ORDER BY id) FROM console_audit`).Scan(&actions)
	if actions != "signin,signout" {
		t.Errorf("audit trail %q, want signin,signout", actions)
	}
}

func TestSignInIsRateLimitedPerAccount(t *testing.T) {
	s := newSite(t, "console_ratelimit")
	for i := range console.DefaultConfig().AccountLimit {
		if p := s.signIn(t, s.client(t), userName, "wrong password!!"); p.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, p.status)
		}
	}
	p := s.signIn(t, s.client(t), userName, password)
	if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" || !strings.Contains(p.body, "Too many sign-in attempts") {
		t.Errorf("attempt over the limit, with the right password: %d, Retry-After %q; want 429", p.status, p.header.Get("Retry-After"))
	}
	if n := s.count(t, "console_sessions"); n != 0 {
		t.Errorf("%d sessions started over the limit", n)
	}
}

// signedIn returns a client with a live session.
func (s *site) signedIn(t *testing.T) *http.Client {
	t.Helper()
	c := s.client(t)
	if p := s.signIn(t, c, userName, password); p.status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", p.status)
	}
	return c
}

func TestRefusalsWriteNothing(t *testing.T) {
	s := newSite(t, "console_refusals")
	c := s.signedIn(t)
	used := `{"question":"phí dịch vụ tối đa","lang":"vi","sources":["labour-abroad-fees"]}`
	big := strings.NewReader("question=" + strings.Repeat("a", 5<<20))
	if p := s.do(t, c, "POST", "/console/ask", "application/x-www-form-urlencoded", big); p.status != http.StatusRequestEntityTooLarge ||
		!strings.HasPrefix(p.header.Get("Content-Type"), "text/html") || !strings.Contains(p.body, "too large") {
		t.Errorf("5 MB form: %d %s, want 413 as an HTML page", p.status, p.header.Get("Content-Type"))
	}
	if p := s.do(t, c, "POST", "/console/api/used", "application/json", strings.NewReader(used), "Sec-Fetch-Site", "cross-site"); p.status != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", p.status)
	}
	if p := s.do(t, c, "POST", "/console/signout", "application/x-www-form-urlencoded", nil, "Origin", "https://evil.example"); p.status != http.StatusForbidden || !strings.Contains(p.body, "another site") {
		t.Errorf("cross-origin sign-out: %d, want 403 with an HTML page", p.status)
	}
	if n := s.count(t, "console_sessions"); n != 1 {
		t.Errorf("a cross-origin sign-out ended the session (%d left)", n)
	}
	if p := s.do(t, s.client(t), "POST", "/console/api/used", "application/json", strings.NewReader(used)); p.status != http.StatusUnauthorized ||
		!strings.Contains(p.body, `"code":"unauthorized"`) {
		t.Errorf("JSON route without a session: %d %s, want 401 JSON", p.status, p.body)
	}
	if _, err := s.db.Pool().Exec(context.Background(), `UPDATE console_sessions SET last_seen = now() - interval '31 minutes'`); err != nil {
		t.Fatal(err)
	}
	if p := s.do(t, c, "POST", "/console/api/used", "application/json", strings.NewReader(used)); p.status != http.StatusUnauthorized {
		t.Errorf("expired session: %d, want 401", p.status)
	}
	if n, f := s.count(t, "console_sessions"), s.count(t, "console_feedback"); n != 0 || f != 0 {
		t.Errorf("after the refusals: %d sessions, %d feedback rows; want the expired session gone and no feedback", n, f)
	}
	c = s.signedIn(t)
	if p := s.do(t, c, "POST", "/console/api/used", "application/json", strings.NewReader(used)); p.status != http.StatusNoContent {
		t.Errorf("mark used: %d %s, want 204", p.status, p.body)
	}
	if f := s.count(t, "console_feedback"); f != 1 {
		t.Errorf("mark used stored %d rows, want 1", f)
	}
}

// TestEveryConsoleRouteNeedsItsSession walks the route table: each
// console-session route refuses a request without a session (a page
// redirects, a JSON route answers 401) and each POST declares a limit.
func TestEveryConsoleRouteNeedsItsSession(t *testing.T) {
	s := newSite(t, "console_routes")
	n := 0
	for _, rt := range s.api.Routes() {
		if !strings.HasPrefix(rt.Path, "/console") {
			continue
		}
		n++
		if rt.Method == http.MethodPost && rt.MaxBody == 0 {
			t.Errorf("%s: no body limit", rt.Pattern())
		}
		if rt.Auth != httpapi.AuthConsoleSession {
			continue
		}
		var body io.Reader
		if rt.MaxBody > 0 {
			body = strings.NewReader("{}")
		}
		p := s.do(t, s.client(t), rt.Method, rt.Path, "application/json", body)
		switch {
		case rt.JSON && p.status != http.StatusUnauthorized:
			t.Errorf("%s without a session: %d, want 401", rt.Pattern(), p.status)
		case !rt.JSON && (p.status != http.StatusSeeOther || p.header.Get("Location") != "/console/signin"):
			t.Errorf("%s without a session: %d to %q, want 303 to /console/signin", rt.Pattern(), p.status, p.header.Get("Location"))
		}
	}
	if n < 7 {
		t.Errorf("%d console routes in the table", n)
	}
}

func TestPasswords(t *testing.T) {
	h, err := console.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") || strings.Contains(h, password) {
		t.Errorf("hash %q", h)
	}
	if !console.VerifyPassword(h, password) || console.VerifyPassword(h, password+"x") || console.VerifyPassword("garbage", password) {
		t.Error("VerifyPassword accepts a wrong password or refuses the right one")
	}
	for _, bad := range []string{"short", " leading space x", strings.Repeat("x", 300)} {
		if console.CheckPassword(bad) == nil {
			t.Errorf("CheckPassword(%.20q) accepted", bad)
		}
	}
}
