package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/callcenter"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/knowledge"
)

func envFor(dbURL string, extra ...string) func(string) string {
	m := map[string]string{"DATABASE_URL": dbURL, "LOG_LEVEL": "warn", "METRICS_ADDR": "off"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return func(k string) string { return m[k] }
}

func runCmd(t *testing.T, env func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, env, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestIndexAskEvalFromTheCommandLine(t *testing.T) {
	env := envFor(testdb.New(t, "cli"))
	if code, out, errOut := runCmd(t, env, "migrate"); code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, env, "migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %d %s", code, out)
	}
	docs := knowledgeDocuments(t)
	code, out, errOut := runCmd(t, env, "index")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("added %d,", docs)) {
		t.Fatalf("index: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, env, "index"); code != 0 || !strings.Contains(out, fmt.Sprintf("unchanged %d,", docs)) {
		t.Fatalf("second index: %d %s", code, out)
	}

	// A mistyped (empty) folder leaves the index whole, and says why.
	empty := t.TempDir()
	code, out, errOut = runCmd(t, env, "index", empty)
	if want := fmt.Sprintf("would remove %d of the %d indexed documents", docs, docs); code != 1 || out != "" || !strings.Contains(errOut, want) || !strings.Contains(errOut, "--prune") {
		t.Errorf("index of an empty folder: exit %d, %q %q; want it refused with %q", code, out, errOut, want)
	}
	code, out, errOut = runCmd(t, env, "index", empty, "--dry-run", "--prune")
	if code != 0 || len(regexp.MustCompile(`(?m)^remove `).FindAllString(out, -1)) != docs || !strings.Contains(out, fmt.Sprintf("would add 0, update 0, remove %d", docs)) {
		t.Errorf("index --dry-run --prune of an empty folder: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, env, "index"); code != 0 || !strings.Contains(out, fmt.Sprintf("unchanged %d,", docs)) {
		t.Fatalf("index after the refused runs: %d %s", code, out)
	}

	// The flag after the question is a flag, not part of the question.
	code, out, errOut = runCmd(t, env, "ask", "Caller asks how to check if a labour export company is licensed", "--json")
	if code != 0 {
		t.Fatalf("ask: %d %s", code, errOut)
	}
	var ans struct {
		Answer    string `json:"answer"`
		Lang      string `json:"lang"`
		Citations []struct {
			ID string `json:"id"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json is not JSON: %v\n%s", err, out)
	}
	if ans.Lang != "en" || len(ans.Citations) == 0 || ans.Citations[0].ID != "labour-abroad-licensed-companies" {
		t.Errorf("ask --json: %+v", ans)
	}

	code, out, errOut = runCmd(t, env, "eval")
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errOut)
	}
	for _, want := range []string{"recall@5", "hybrid", "vector", "text", "p95", "out_of_scope"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}

	if code, _, errOut := runCmd(t, env, "ask", "Ngày mai trời có mưa không?"); code != 0 {
		t.Fatalf("ask out of scope: %d %s", code, errOut)
	}
	long := strings.Repeat("xyzzy plugh quux frobozz ", 30) // 750 characters nothing answers
	if code, _, errOut := runCmd(t, env, "ask", long); code != 0 {
		t.Fatalf("ask a long question: %d %s", code, errOut)
	}
	code, out, errOut = runCmd(t, env, "report", "gaps")
	if code != 0 || !strings.Contains(out, "Ngày mai trời có mưa không?") || !strings.Contains(out, "low_confidence") {
		t.Errorf("report gaps: %d %q %s", code, out, errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 200 {
			t.Errorf("report gaps prints a %d-character line: %.80s…", n, line)
		}
	}
	if !strings.Contains(out, "…") {
		t.Errorf("report gaps does not cut the long question:\n%s", out)
	}
	// A glob of sets; --misses names the question whose answer lacks its fact.
	dir := t.TempDir()
	for name, line := range map[string]string{
		"a.jsonl": `{"question": "What is the number of the job counselling line in Cần Thơ?", "lang": "en", "kind": "en", "expected": ["labour-1088-hotline"], "fact": "1088"}`,
		"b.jsonl": `{"question": "How can I check that a labour export company is licensed?", "lang": "en", "kind": "en", "expected": ["labour-abroad-licensed-companies"], "fact": "no such fact anywhere"}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut = runCmd(t, env, "eval", "--misses", "--set", filepath.Join(dir, "*.jsonl"))
	if code != 0 || !strings.Contains(out, "misses (1):") || !strings.Contains(out, "How can I check that a labour export company") || strings.Contains(out, "- [en] What is the number") {
		t.Errorf("eval --misses over a glob: %d %s %s", code, out, errOut)
	}
	// The safety measurement: one message in danger recognised with its
	// category and Korea's police number, one look-alike left alone.
	safetyDir := t.TempDir()
	rows := `{"question": "chong han quoc danh em, em muon ve nuoc thi lam sao", "lang": "vi", "form": "vi_nodiac", "danger": true, "category": "domestic_violence", "country": "KR"}
{"question": "Làm hộ chiếu ở Cần Thơ cần giấy tờ gì?", "lang": "vi", "form": "vi", "danger": false, "category": "", "country": ""}
`
	if err := os.WriteFile(filepath.Join(safetyDir, "s.jsonl"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, env, "eval", "--safety", safetyDir)
	for _, want := range []string{"1 in danger, 1 look-alikes", "recall 1.000  precision 1.000  right category 1.000  right country 1.000",
		"number to call first: 1.000  refusals: 0  numbers outside contacts.yaml: 0", "look-alikes given the steps: 0/1"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("eval --safety lacks %q: %d\n%s%s", want, code, out, errOut)
		}
	}
	if code, _, errOut := runCmd(t, env, "eval", "--set", "/does/not/exist.jsonl"); code != 1 || !strings.Contains(errOut, "exist.jsonl") {
		t.Errorf("eval with a missing set: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, envFor(testdb.New(t, "cli_empty")), "ask", "visa"); code != 1 || !strings.Contains(errOut, "assistant migrate") && !strings.Contains(errOut, "assistant index") {
		t.Errorf("ask on an empty database: %d %s", code, errOut)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeStartsIndexesAnswersAndStops(t *testing.T) {
	addr := freeAddr(t)
	adminAddr := freeAddr(t)
	env := envFor(testdb.New(t, "serve"), "HTTP_ADDR", addr, "SHUTDOWN_TIMEOUT", "5s", "METRICS_ADDR", adminAddr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"serve"}, env, &bytes.Buffer{}, &stderr) }()

	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 60s; log:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.Post(base+"/v1/ask", "application/json", strings.NewReader(`{"question":"Đờn ca tài tử được UNESCO công nhận năm nào?"}`))
	if err != nil {
		t.Fatal(err)
	}
	var ans map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if resp.StatusCode != 200 || ans["lang"] != "vi" || !strings.Contains(fmt.Sprint(ans["citations"]), "cantho-culture-heritage") {
		t.Errorf("ask: %d %v", resp.StatusCode, ans)
	}
	if code, body := get(t, "http://"+adminAddr+"/metrics"); code != 200 || !strings.Contains(body, `http_requests_total{route="POST /v1/ask",status="200"} 1`) {
		t.Errorf("admin /metrics: %d %.300s", code, body)
	}
	if code, _ := get(t, base+"/metrics"); code != http.StatusNotFound {
		t.Errorf("public /metrics: %d, want 404", code)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit code %d; log:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of the signal")
	}
	if strings.Contains(stderr.String(), "assistant:assistant") {
		t.Error("the log contains the database password")
	}
	if _, err := http.Get("http://" + adminAddr + "/metrics"); err == nil {
		t.Error("the admin listener still answers after serve stopped")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// miniBotAPI answers the Bot API methods serve needs and records sent texts.
func miniBotAPI(t *testing.T, sent chan<- string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = r.ParseMultipartForm(1 << 20)
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"CT","username":"ct_bot"}}`)
		case strings.HasSuffix(r.URL.Path, "/sendMessage"):
			sent <- r.FormValue("text")
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":5,"date":1,"chat":{"id":9,"type":"private"},"text":"x"}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestServeMountsTheTelegramWebhook(t *testing.T) {
	sent := make(chan string, 10)
	api := miniBotAPI(t, sent)
	addr := freeAddr(t)
	secret := "webhook-secret-0123456789"
	env := envFor(testdb.New(t, "serve_telegram"), "HTTP_ADDR", addr, "TELEGRAM_BOT_TOKEN", "42:TOKEN",
		"TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_URL", "https://bot.example.vn/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET", secret, "TELEGRAM_API_URL", api.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"serve"}, env, &bytes.Buffer{}, &stderr) }()
	defer func() { cancel(); <-done }()
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready; log:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	update := `{"update_id": 7001, "message": {"message_id": 3, "date": 1, "text": "Đờn ca tài tử được UNESCO công nhận năm nào?",
		"chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false, "first_name": "An"}}}`
	post := func(s string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"/telegram/webhook", strings.NewReader(update))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", s)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("wrong-secret-000000000000"); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", code)
	}
	if code := post(secret); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	select {
	case text := <-sent:
		if !strings.Contains(text, "2013") {
			t.Errorf("bot answer: %q", text)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no answer sent; log:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "42:TOKEN") {
		t.Error("the log contains the bot token")
	}
}

func TestCallcenterSimAgainstServe(t *testing.T) {
	addr := freeAddr(t)
	secret := strings.Repeat("k", 40)
	env := envFor(testdb.New(t, "serve_callcenter"), "HTTP_ADDR", addr, "CALLCENTER_SECRETS", secret)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, &bytes.Buffer{}, &bytes.Buffer{}) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("not ready")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Two runs in the same second with different questions get different
	// default call ids, so neither is refused as a conflict.
	if code, out, errOut := runCmd(t, env, "callcenter-sim", "How do I register a marriage with a foreigner?"); code != 0 {
		t.Fatalf("first callcenter-sim: %d %s %s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "callcenter-sim", "Caller asks how to check if a labour export company is licensed")
	if code != 0 || !strings.Contains(out, "=== en ===") || !strings.Contains(out, "dolab.gov.vn") || !strings.Contains(out, "=== vi ===") {
		t.Errorf("callcenter-sim: %d\n%s\n%s", code, out, errOut)
	}
	// The counsellor's verdict reaches the content team's report.
	id := ""
	if _, rest, ok := strings.Cut(out, "suggestion "); ok {
		id, _, _ = strings.Cut(rest, " ")
	}
	fb := []byte(`{"suggestion_id":"` + id + `","outcome":"rejected","counselor_id":"tv-01"}`)
	ts, sig := callcenter.Sign(secret, time.Now(), fb)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/v1/callcenter/feedback", bytes.NewReader(fb))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Callcenter-Timestamp", ts)
	req.Header.Set("X-Callcenter-Signature", sig)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("feedback for %q: %v %v", id, resp.StatusCode, err)
	}
	code, out, errOut = runCmd(t, env, "report", "callcenter")
	if code != 0 || !strings.Contains(out, "labour") || !strings.Contains(out, "Caller asks how to check") {
		t.Errorf("report callcenter: %d\n%s\n%s", code, out, errOut)
	}
	// Used, edited and rejected are separate columns; a rejection is not
	// counted as accepted.
	if !strings.Contains(out, "USED AS IS  EDITED  REJECTED") || strings.Contains(out, "ACCEPTED") ||
		!regexp.MustCompile(`(?m)^labour\s+1\s+1\s+0 \(0%\)\s+0 \(0%\)\s+1 \(100%\)`).MatchString(out) {
		t.Errorf("report callcenter columns:\n%s", out)
	}
	// The same call and turn with another question: the hint names flags
	// that exist.
	if code, _, errOut := runCmd(t, env, "callcenter-sim", "--call", "c-1", "visa"); code != 0 {
		t.Fatalf("callcenter-sim --call c-1: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, env, "callcenter-sim", "passport", "--call", "c-1"); code != 1 || !strings.Contains(errOut, "new --turn or --call") {
		t.Errorf("conflicting turn: %d %s", code, errOut)
	}
	resp, err := http.Get("http://" + addr + "/v1/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "yaml") {
		t.Errorf("openapi: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// A wrong key is refused with a clear message.
	bad := envFor("postgres://unused/x", "HTTP_ADDR", addr, "CALLCENTER_SECRETS", strings.Repeat("z", 40))
	if code, out, _ := runCmd(t, bad, "callcenter-sim", "visa"); code != 1 || !strings.Contains(out, "unauthorized") {
		t.Errorf("wrong key: %d %s", code, out)
	}
}

// knowledgeDocuments counts the documents of the embedded knowledge base
// (one file per document and language).
func knowledgeDocuments(t *testing.T) int {
	t.Helper()
	n := 0
	err := fs.WalkDir(knowledge.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
