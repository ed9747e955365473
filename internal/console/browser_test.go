package console_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var screenshots = flag.Bool("screenshots", false, "write the screenshots to docs/console/ (else to a temporary folder)")

// chromium is the browser the test drives: CHROME_PATH or Debian's
// chromium (scripts/dev-browser installs it; make test runs that first).
// Without one the test is skipped, except in CI, where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CHROME_PATH")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("no browser at %s: run scripts/dev-browser (make test does)", path)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun, chromedp.Flag("disable-sync", true), chromedp.WindowSize(1366, 768))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	return ctx
}

func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// shoot saves a full-page PNG of the current page at width×height.
func shoot(t *testing.T, ctx context.Context, dir, name string, width, height int64) {
	t.Helper()
	var png []byte
	run(t, ctx, "screenshot "+name, chromedp.EmulateViewport(width, height), chromedp.Sleep(200*time.Millisecond),
		chromedp.FullScreenshot(&png, 100))
	var scroll, inner int
	run(t, ctx, "measure "+name, chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		chromedp.Evaluate(`window.innerWidth`, &inner))
	if scroll > inner {
		t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls sideways", name, scroll, inner)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser drives headless Chromium through the console as a
// counsellor would: a wrong password, a keyboard-only sign-in, a question
// in Vietnamese answered in both languages with sources; then a
// cross-origin post, a 5 MB form and an expired session, each refused
// with nothing written; then an edit saved as a draft, an editor's
// approval, and a paraphrase through /v1/ask that gets the verified answer.
func TestBrowser(t *testing.T) {
	s := newSite(t, "console_browser")
	ctx := browser(t)
	dir := t.TempDir()
	if *screenshots {
		dir = filepath.Join("..", "..", "docs", "console")
	}

	var msg string
	run(t, ctx, "wrong password", chromedp.Navigate(s.srv.URL+"/console"),
		chromedp.WaitVisible("#name", chromedp.ByQuery),
		chromedp.SendKeys("#name", userName, chromedp.ByQuery),
		chromedp.SendKeys("#password", "not the password"+kb.Enter, chromedp.ByQuery),
		chromedp.WaitVisible("#signin-error", chromedp.ByQuery), chromedp.Text("#signin-error", &msg, chromedp.ByQuery))
	if msg != "Wrong name or password." || s.count(t, "console_sessions") != 0 || s.count(t, "console_audit") != 0 {
		t.Errorf("wrong password: %q, %d sessions, %d audit rows", msg, s.count(t, "console_sessions"), s.count(t, "console_audit"))
	}
	shoot(t, ctx, dir, "signin-1366.png", 1366, 768)
	shoot(t, ctx, dir, "signin-360.png", 360, 740)

	// Keyboard only: the name is kept, Tab to the password, Enter signs in.
	var focused string
	run(t, ctx, "sign in", chromedp.EmulateViewport(1366, 768),
		chromedp.Focus("#name", chromedp.ByQuery), // the page kept the name, not the password
		chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(`document.activeElement.id`, &focused),
		chromedp.KeyEvent(password+kb.Enter), chromedp.WaitVisible("#question", chromedp.ByQuery))
	if focused != "password" {
		t.Errorf("Tab from the name went to %q, want the password", focused)
	}

	askInVietnamese(t, ctx, s)
	shoot(t, ctx, dir, "ask-1366.png", 1366, 768)
	shoot(t, ctx, dir, "ask-360.png", 360, 740)
	run(t, ctx, "viewport", chromedp.EmulateViewport(1366, 768))

	refusals(t, ctx, s)
	draftAndApprove(t, ctx, s, dir)
}

// browserSignIn signs in as name from the sign-in page.
func browserSignIn(t *testing.T, ctx context.Context, s *site, name string) {
	t.Helper()
	run(t, ctx, "sign in as "+name, chromedp.Navigate(s.srv.URL+"/console/signin"), chromedp.WaitVisible("#name", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("name").value = ""`, nil), chromedp.SendKeys("#name", name, chromedp.ByQuery),
		chromedp.SendKeys("#password", password+kb.Enter, chromedp.ByQuery), chromedp.WaitVisible("#question", chromedp.ByQuery))
}

// draftAndApprove: a counsellor corrects the suggestion with the keyboard
// and saves a draft; an editor approves it on the review page; then a
// paraphrase asked through /v1/ask gets the corrected answer.
func draftAndApprove(t *testing.T, ctx context.Context, s *site, dir string) {
	t.Helper()
	browserSignIn(t, ctx, s, userName)
	var saved string
	run(t, ctx, "edit and save a draft",
		chromedp.SendKeys("#question", askedQuestion, chromedp.ByQuery),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#answer-vi", chromedp.ByQuery),
		chromedp.Focus("#edit summary", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter), // opens the form
		chromedp.WaitVisible("#edit-vi", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("edit-vi").value = ""`, nil), chromedp.SendKeys("#edit-vi", correctedVI, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("edit-en").value = ""`, nil), chromedp.SendKeys("#edit-en", correctedEN, chromedp.ByQuery),
		chromedp.Focus("#save-draft", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("#draft-saved", chromedp.ByQuery), chromedp.Text("#draft-saved", &saved, chromedp.ByQuery))
	id := strings.TrimSuffix(strings.Fields(saved)[3], ".")
	if !strings.HasPrefix(id, "verified-") {
		t.Fatalf("saving the draft said %q", saved)
	}
	if got, _ := s.askAPI(t, paraphrase); got != "" {
		t.Errorf("the draft answered /v1/ask before approval")
	}
	run(t, ctx, "sign out", chromedp.Click(".signout button", chromedp.ByQuery), chromedp.WaitVisible("#name", chromedp.ByQuery))
	browserSignIn(t, ctx, s, editorName)
	run(t, ctx, "review queue", chromedp.Navigate(s.srv.URL+"/console/review"), chromedp.WaitVisible("#drafts-h", chromedp.ByQuery))
	shoot(t, ctx, dir, "review-1366.png", 1366, 768)
	shoot(t, ctx, dir, "review-360.png", 360, 740)
	var done string
	run(t, ctx, "approve", chromedp.EmulateViewport(1366, 768),
		chromedp.Click(`//button[normalize-space(text())="Approve `+id+`"]`),
		chromedp.WaitVisible("#review-done", chromedp.ByQuery), chromedp.Text("#review-done", &done, chromedp.ByQuery))
	if !strings.Contains(done, "approved "+id) {
		t.Errorf("after approving: %q", done)
	}
	got, text := s.askAPI(t, paraphrase)
	if got != id || !strings.Contains(text, correctedVI) {
		t.Errorf("a paraphrase through /v1/ask after approval got %q: %s", got, text)
	}
}

func askInVietnamese(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	var en, vi string
	var enSources, viSources, refs int
	run(t, ctx, "ask in Vietnamese",
		chromedp.SendKeys("#question", "Làm sao biết công ty đưa người đi xuất khẩu lao động có giấy phép không?", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter), // Tab reaches "Get suggestions"
		chromedp.WaitVisible("#answer-vi", chromedp.ByQuery),
		chromedp.Text("#answer-en .body", &en, chromedp.ByQuery), chromedp.Text("#answer-vi .body", &vi, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#answer-en .sources li").length`, &enSources),
		chromedp.Evaluate(`document.querySelectorAll("#answer-vi .sources li").length`, &viSources),
		chromedp.Evaluate(`document.querySelectorAll(".answer .refs").length`, &refs))
	if len(strings.Fields(en)) < 8 || !strings.Contains(strings.ToLower(en), "licen") {
		t.Errorf("English suggestion: %q", en)
	}
	if len(strings.Fields(vi)) < 8 || !strings.Contains(strings.ToLower(vi), "giấy phép") {
		t.Errorf("Vietnamese suggestion: %q", vi)
	}
	if enSources == 0 || viSources == 0 || refs == 0 {
		t.Errorf("sources: %d in English, %d in Vietnamese, %d citation markers", enSources, viSources, refs)
	}
	var checked string
	run(t, ctx, "source", chromedp.Text("#answer-vi .sources li .checked", &checked, chromedp.ByQuery))
	if !strings.HasPrefix(checked, "kiểm tra ngày ") {
		t.Errorf("the Vietnamese source says %q, want the date its facts were checked", checked)
	}
	var status string
	run(t, ctx, "mark used", chromedp.Click("#answer-vi button.used", chromedp.ByQuery),
		chromedp.WaitVisible(`//article[@id="answer-vi"]//span[@class="status" and text()="Marked used."]`),
		chromedp.Text("#answer-vi .status", &status, chromedp.ByQuery))
	if s.count(t, "console_feedback") != 1 {
		t.Errorf("mark used: %q, %d feedback rows", status, s.count(t, "console_feedback"))
	}
}

// refusals: a form on another origin posting sign-out, a 5 MB form, and an
// expired session.
func refusals(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/console/signout"><button>go</button></form>`+
			`<script>document.getElementById("f").submit()</script>`, s.srv.URL)
	}))
	t.Cleanup(evil.Close)
	var body string
	run(t, ctx, "cross-origin post", chromedp.Navigate(strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)),
		chromedp.WaitVisible("#error-h", chromedp.ByQuery), chromedp.Text("main", &body, chromedp.ByQuery))
	if !strings.Contains(body, "403") || s.count(t, "console_sessions") != 1 {
		t.Errorf("a cross-origin sign-out: %q, %d sessions left (want 403 and 1)", body, s.count(t, "console_sessions"))
	}

	run(t, ctx, "5 MB form", chromedp.Navigate(s.srv.URL+"/console/ask"), chromedp.WaitVisible("#question", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("question").value = "a".repeat(5 << 20); document.getElementById("ask-form").submit()`, nil),
		chromedp.WaitVisible("#error-h", chromedp.ByQuery), chromedp.Text("#error-h", &body, chromedp.ByQuery))
	if !strings.HasPrefix(body, "413") {
		t.Errorf("a 5 MB form: %q, want 413", body)
	}

	if _, err := s.db.Pool().Exec(context.Background(), `UPDATE console_sessions SET last_seen = now() - interval '31 minutes'`); err != nil {
		t.Fatal(err)
	}
	var status int
	var where string
	run(t, ctx, "expired session", chromedp.Navigate(s.srv.URL+"/console/ask"), chromedp.WaitVisible("#name", chromedp.ByQuery),
		chromedp.Location(&where),
		chromedp.Evaluate(`fetch("/console/api/used", {method: "POST", headers: {"Content-Type": "application/json"},
			body: JSON.stringify({question: "x", lang: "vi", sources: []})}).then(r => r.status)`, &status,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if !strings.HasSuffix(where, "/console/signin") || status != http.StatusUnauthorized || s.count(t, "console_feedback") != 1 {
		t.Errorf("expired session: at %s, mark used %d, %d feedback rows; want sign-in, 401, still 1", where, status, s.count(t, "console_feedback"))
	}
}
