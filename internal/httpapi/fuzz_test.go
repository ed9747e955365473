package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

// FuzzAsk sends any body to POST /v1/ask, and any id to DELETE
// /v1/conversations/{id}, against a real database: every answer is JSON,
// and nothing a client sends raises a 5xx. Seeds: testdata/fuzz/FuzzAsk.
func FuzzAsk(f *testing.F) {
	db, ret := testkb.OpenFuzz(f, "httpapi")
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		f.Fatal(err)
	}
	svc := &assistant.Service{Retriever: ret, Log: logger, MinConfidence: 0.35, Memory: db, Gaps: db, Safety: checker}
	h := New(svc, svc, func(context.Context) error { return nil }, NewMetrics(), logger)
	for _, s := range []string{
		`{"question": "visa exemption"}`,
		`{"question": "phí dịch vụ xkld\u0000"}`,
		`{"question": "Chồng tôi ở Đài Loan đánh tôi", "lang": "vi"}`,
		`{"question": "còn Nhật thì sao?", "conversation_id": "tg:1"}`,
		`{"question": "and Japan?", "conversation_id": "c_00000000000000000000000000000000"}`,
		`{"question": "<b>&#0;&#27;</b> EPS"}`,
		"{\"question\": \"a\xffb\"}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/v1/ask", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		checkReply(t, h, req)
		if len(body) < 200 && body != "" && body != "." && body != ".." { // the mux redirects dot segments
			checkReply(t, h, httptest.NewRequest(http.MethodDelete, "/v1/conversations/"+url.PathEscape(body), nil))
		}
	})
}

func checkReply(t *testing.T, h http.Handler, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL.Path, rec.Code, rec.Body)
	}
	if rec.Code != http.StatusNoContent && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s %s: %d, not JSON: %q", req.Method, req.URL.Path, rec.Code, rec.Body)
	}
}
