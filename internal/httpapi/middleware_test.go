package httpapi

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// bare is the edge with no database behind it and two extra routes: one
// that panics, one that reports its request id.
func bare(t *testing.T, log *slog.Logger) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(nil, nil, nil, NewMetrics(), log,
		Route{Method: "GET", Path: "/boom", Auth: AuthNone, Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			panic("boom: secret detail")
		})},
		Route{Method: "GET", Path: "/id", Auth: AuthNone, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(RequestID(r.Context())))
		})},
	))
	t.Cleanup(srv.Close)
	return srv
}

func getWithID(t *testing.T, url, id string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if id != "" {
		req.Header.Set("X-Request-ID", id)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp, b.String()
}

func TestRequestIDIsKeptOrMadeAndEchoed(t *testing.T) {
	var logs bytes.Buffer
	srv := bare(t, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	resp, body := getWithID(t, srv.URL+"/id", "lb-7f3a.1:2")
	if got := resp.Header.Get("X-Request-ID"); got != "lb-7f3a.1:2" || body != got {
		t.Errorf("a sane id: echoed %q, handler saw %q; want lb-7f3a.1:2", got, body)
	}
	if !strings.Contains(logs.String(), `"request_id":"lb-7f3a.1:2"`) {
		t.Errorf("the request log lacks the id: %s", logs.String())
	}
	for _, insane := range []string{"", "has space", strings.Repeat("a", 65), "<script>", "a/b"} {
		resp, body := getWithID(t, srv.URL+"/id", insane)
		got := resp.Header.Get("X-Request-ID")
		if got == insane || len(got) != 24 || body != got {
			t.Errorf("incoming %q: echoed %q, handler saw %q; want a new 24-hex id", insane, got, body)
		}
	}
	resp, _ = getWithID(t, srv.URL+"/nowhere", "")
	if resp.StatusCode != 404 || resp.Header.Get("X-Request-ID") == "" {
		t.Errorf("404: %d without X-Request-ID", resp.StatusCode)
	}
}

func TestPanicIsA500InJSONAndLogged(t *testing.T) {
	var logs bytes.Buffer
	srv := bare(t, slog.New(slog.NewJSONHandler(&logs, nil)))
	resp, body := getWithID(t, srv.URL+"/boom", "req-1")
	if resp.StatusCode != 500 || !strings.Contains(body, `"code":"internal"`) || strings.Contains(body, "secret detail") {
		t.Errorf("panic: %d %s; want 500 internal without the panic's text", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), `"request_id":"req-1"`) {
		t.Errorf("the panic is not logged with its request id: %s", logs.String())
	}
	if resp, _ := getWithID(t, srv.URL+"/id", ""); resp.StatusCode != 200 {
		t.Errorf("after a panic: %d", resp.StatusCode)
	}
}

func TestMetricsAreLabelledByRoutePattern(t *testing.T) {
	m := NewMetrics()
	srv := httptest.NewServer(New(nil, nil, nil, m, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	admin := httptest.NewServer(AdminHandler(m))
	defer admin.Close()
	for _, p := range []string{"/v1/conversations/a", "/v1/conversations/b", "/random-1", "/random-2"} {
		req, _ := http.NewRequest(http.MethodPatch, srv.URL+p, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	_, body := getWithID(t, admin.URL+"/metrics", "")
	for _, want := range []string{
		`http_requests_total{route="* /v1/conversations/{id}",status="405"} 2`,
		`http_requests_total{route="unmatched",status="404"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "random-1") || strings.Contains(body, "conversations/a") {
		t.Error("/metrics is labelled by raw path")
	}
}
