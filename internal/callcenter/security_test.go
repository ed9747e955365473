package callcenter

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestNULNeverReachesTheDatabase: NUL in any text field of a signed
// request is a 400 naming the field, never a 500, and stores nothing
// (issue 17).
func TestNULNeverReachesTheDatabase(t *testing.T) {
	f := newFixture(t, 0)
	now := time.Now()
	for _, c := range []struct{ name, body, code string }{
		{"question", `{"call_id":"n","turn_id":"1","question":"visa\u0000 exemption"}`, "invalid_question"},
		{"counselor_id", `{"call_id":"n","turn_id":"2","question":"visa","counselor_id":"c\u00001"}`, "invalid_counselor_id"},
		{"history question", `{"call_id":"n","turn_id":"3","question":"and Japan?","history":[{"question":"EPS\u0000"}]}`, "invalid_history"},
		{"history answer", `{"call_id":"n","turn_id":"4","question":"and Japan?","history":[{"question":"EPS","answer":"\u0000"}]}`, "invalid_history"},
		{"call_id", `{"call_id":"n\u0000","turn_id":"5","question":"visa"}`, "invalid_call_id"},
	} {
		r := f.post(t, "/v1/callcenter/suggest", c.body, newKey, now)
		msg, _ := r.body["error"].(map[string]any)["message"].(string)
		if r.status != 400 || code(r) != c.code || !strings.Contains(msg, "NUL") && c.name != "call_id" {
			t.Errorf("NUL in %s: %d %s; want 400 %s saying NUL", c.name, r.status, r.raw, c.code)
		}
	}
	if n := f.count(t, "n"); n != 0 {
		t.Errorf("%d suggestions stored from requests with NUL", n)
	}
	// Control characters other than newline and tab are removed, not refused.
	r := f.post(t, "/v1/callcenter/suggest", `{"call_id":"n","turn_id":"6","question":"visa\u001b exemption","counselor_id":"c\u00071"}`, newKey, now)
	if r.status != 200 {
		t.Fatalf("control characters: %d %s", r.status, r.raw)
	}
	var q, counselor string
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT question, counselor_id FROM suggestions WHERE call_id = 'n'`).Scan(&q, &counselor); err != nil {
		t.Fatal(err)
	}
	if q != "visa exemption" || counselor != "c1" {
		t.Errorf("stored %q, %q; want the control characters removed", q, counselor)
	}
	id, _ := r.body["suggestion_id"].(string)
	for _, c := range []struct{ name, body, code string }{
		{"suggestion_id", `{"suggestion_id":"sg_\u0000","outcome":"used"}`, "invalid_suggestion_id"},
		{"edited_text", fmt.Sprintf(`{"suggestion_id":%q,"outcome":"edited","edited_text":"a\u0000b"}`, id), "invalid_edited_text"},
		{"counselor_id", fmt.Sprintf(`{"suggestion_id":%q,"outcome":"used","counselor_id":"\u0000"}`, id), "invalid_counselor_id"},
	} {
		r := f.post(t, "/v1/callcenter/feedback", c.body, newKey, now)
		if r.status != 400 || code(r) != c.code {
			t.Errorf("feedback with NUL in %s: %d %s; want 400 %s", c.name, r.status, r.raw, c.code)
		}
	}
}

// TestFeedbackReplayIsStoredOnce: the same signed feedback sent again
// within the signature window stores one row; a new request (a new
// timestamp) is new feedback.
func TestFeedbackReplayIsStoredOnce(t *testing.T) {
	f := newFixture(t, 0)
	s := f.post(t, "/v1/callcenter/suggest", licensed, newKey, time.Now())
	id, _ := s.body["suggestion_id"].(string)
	body := fmt.Sprintf(`{"suggestion_id":%q,"outcome":"rejected"}`, id)
	at := time.Now().Add(-time.Minute)
	for range 3 {
		if r := f.post(t, "/v1/callcenter/feedback", body, newKey, at); r.status != 200 {
			t.Fatalf("feedback: %d %s", r.status, r.raw)
		}
	}
	rows := func() int {
		var n int
		if err := f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM callcenter_feedback WHERE suggestion_id = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n != 1 {
		t.Errorf("one signed feedback sent 3 times stored %d rows, want 1", n)
	}
	if r := f.post(t, "/v1/callcenter/feedback", body, newKey, time.Now()); r.status != 200 || rows() != 2 {
		t.Errorf("a new request with the same verdict: %d, %d rows; want 2", r.status, rows())
	}
}

// TestLogsHoldHashesNotIDs: at info level the call and counsellor ids are
// logged as keyed hashes; the clear values only at debug level.
func TestLogsHoldHashesNotIDs(t *testing.T) {
	f := newFixture(t, 0)
	var buf bytes.Buffer
	f.h.log = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	body := `{"call_id":"call-778899","turn_id":"1","question":"visa exemption","counselor_id":"counsellor-4455"}`
	if r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now()); r.status != 200 {
		t.Fatalf("suggest: %d %s", r.status, r.raw)
	}
	out := buf.String()
	if !strings.Contains(out, "callcenter: suggestion") || !strings.Contains(out, "call="+f.h.ids.Sum("call-778899")) {
		t.Fatalf("no suggestion line with the call's hash: %q", out)
	}
	if strings.Contains(out, "778899") || strings.Contains(out, "4455") {
		t.Errorf("info log holds a clear id: %q", out)
	}
	buf.Reset()
	f.h.log = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	body = strings.Replace(body, `"turn_id":"1"`, `"turn_id":"2"`, 1)
	if r := f.post(t, "/v1/callcenter/suggest", body, newKey, time.Now()); r.status != 200 || !strings.Contains(buf.String(), "call_id=call-778899") {
		t.Errorf("debug log lacks the clear call id: %q", buf.String())
	}
}
