package callcenter

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/testkb"
)

// fuzzHandler is the console's routes over a real database, as serve
// mounts them.
func fuzzHandler(f *testing.F) http.Handler {
	db, ret := testkb.OpenFuzz(f, "callcenter")
	svc := &assistant.Service{Retriever: ret, Log: testkb.Quiet(), MinConfidence: 0.35, Gaps: db}
	h := New(svc, db, []string{newKey}, 0, testkb.Quiet())
	return httpapi.New(svc, svc, func(context.Context) error { return nil }, httpapi.NewMetrics(), testkb.Quiet(), h.Routes()...)
}

// signedPost signs body with newKey and serves it; a 5xx fails the test.
func signedPost(t testing.TB, h http.Handler, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ts, sig := Sign(newKey, time.Now(), []byte(body))
	req.Header.Set("X-Callcenter-Timestamp", ts)
	req.Header.Set("X-Callcenter-Signature", sig)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("POST %s %q: %d %s", path, body, rec.Code, rec.Body)
	}
	return rec
}

// FuzzSuggest signs any question, counsellor id, history and call id:
// nothing raises a 5xx. Seeds: testdata/fuzz/FuzzSuggest.
func FuzzSuggest(f *testing.F) {
	h := fuzzHandler(f)
	var turn atomic.Int64
	f.Add("How do I check a labour export company's licence?", "c-1", "", "call-1")
	f.Add("visa\x00", "c\x00", "EPS\x00", "call\x00")
	f.Add("and Japan?", "", "Đi làm việc ở Hàn Quốc theo chương trình EPS cần gì?", "call-2")
	f.Add("\x1b[31m phí \u0085", "\xff", "\r\n", "c:1.2_3-4")
	f.Fuzz(func(t *testing.T, question, counselor, previous, callID string) {
		body, _ := json.Marshal(map[string]any{
			"call_id": callID, "turn_id": fmt.Sprint("t", turn.Add(1)), "question": question, "counselor_id": counselor,
			"history": []map[string]string{{"question": previous, "answer": previous}},
		})
		signedPost(t, h, "/v1/callcenter/suggest", string(body))
	})
}

// FuzzFeedback signs any feedback on a real suggestion (or on none):
// nothing raises a 5xx. Seeds: testdata/fuzz/FuzzFeedback.
func FuzzFeedback(f *testing.F) {
	h := fuzzHandler(f)
	rec := signedPost(f, h, "/v1/callcenter/suggest", `{"call_id":"fuzz","turn_id":"1","question":"visa exemption"}`)
	var s struct {
		ID string `json:"suggestion_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil || s.ID == "" {
		f.Fatalf("no suggestion to give feedback on: %s", rec.Body)
	}
	f.Add(s.ID, "edited", "Gọi 1088 nhé", "c-1")
	f.Add(s.ID, "used", "a\x00b", "\x00")
	f.Add("sg_\x00", "rejected", "", "")
	f.Add("sg_missing", "shown", "\xff", "c\u0085")
	f.Fuzz(func(t *testing.T, id, outcome, edited, counselor string) {
		body, _ := json.Marshal(map[string]string{"suggestion_id": id, "outcome": outcome, "edited_text": edited, "counselor_id": counselor})
		signedPost(t, h, "/v1/callcenter/feedback", string(body))
	})
}
