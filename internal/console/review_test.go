package console_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/store"
)

const (
	// askedQuestion is what the counsellor asks; paraphrase is how a
	// caller asks it later through /v1/ask.
	askedQuestion = "Làm sao biết công ty đưa người đi xuất khẩu lao động có giấy phép không? Số tôi 0912 345 678"
	paraphrase    = "lam sao biet cong ty dua nguoi di xuat khau lao dong co giay phep khong"
	correctedVI   = "Trước khi nộp tiền, hãy tra tên công ty trong danh sách doanh nghiệp được cấp giấy phép đưa người lao động đi làm việc ở nước ngoài."
	correctedEN   = "Before paying anything, look the company up in the list of businesses licensed to send workers abroad."
)

// signedInAs returns a client with a live session of account name.
func (s *site) signedInAs(t *testing.T, name string) *http.Client {
	t.Helper()
	c := s.client(t)
	if p := s.signIn(t, c, name, password); p.status != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", name, p.status)
	}
	return c
}

func (s *site) form(t *testing.T, c *http.Client, path string, v url.Values) page {
	t.Helper()
	return s.do(t, c, "POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// askAPI asks q through /v1/ask in Vietnamese; it returns the answer's
// verified mark ("" when composed) and its plain text.
func (s *site) askAPI(t *testing.T, q string) (verifiedID, text string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": q, "lang": "vi"})
	p := s.do(t, http.DefaultClient, "POST", "/v1/ask", "application/json", strings.NewReader(string(body)))
	if p.status != http.StatusOK {
		t.Fatalf("/v1/ask: %d %s", p.status, p.body)
	}
	var a struct {
		Answer   string `json:"answer"`
		Verified *struct {
			ID, Kind   string
			ApprovedAt string `json:"approved_at"`
		} `json:"verified"`
	}
	if err := json.Unmarshal([]byte(p.body), &a); err != nil {
		t.Fatal(err)
	}
	if a.Verified == nil || a.Verified.Kind != "verified" {
		return "", a.Answer
	}
	return a.Verified.ID, a.Answer
}

// saveDraft asks askedQuestion on the ask page as counsellor c and saves
// the corrected answers with the edit form's fields; it returns the id.
func (s *site) saveDraft(t *testing.T, c *http.Client) string {
	t.Helper()
	p := s.form(t, c, "/console/ask", url.Values{"question": {askedQuestion}})
	m := regexp.MustCompile(`name="sources" value="([^"]+)"`).FindStringSubmatch(p.body)
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="edit-form"`) || m == nil {
		t.Fatalf("ask page: %d, edit form with sources: %v", p.status, m)
	}
	p = s.form(t, c, "/console/drafts", url.Values{"question": {askedQuestion}, "sources": {m[1]},
		"answer_vi": {correctedVI}, "answer_en": {correctedEN}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/console/drafts?saved=verified-") {
		t.Fatalf("save draft: %d to %q %s", p.status, loc, p.body)
	}
	return strings.TrimPrefix(loc, "/console/drafts?saved=")
}

func (s *site) auditCount(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := s.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM console_audit WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (s *site) state(t *testing.T, id string) (state, approver string, approved, expires *time.Time) {
	t.Helper()
	err := s.db.Pool().QueryRow(context.Background(), `SELECT state, approver, approved_at, expires_at FROM curated_answers WHERE id = $1`, id).
		Scan(&state, &approver, &approved, &expires)
	if err != nil {
		t.Fatal(err)
	}
	return state, approver, approved, expires
}

func TestDraftAnswersOnlyOnceAnEditorApprovesIt(t *testing.T) {
	s := newSite(t, "console_review")
	counsellor, editor := s.signedInAs(t, userName), s.signedInAs(t, editorName)
	id := s.saveDraft(t, counsellor)

	var question string
	_ = s.db.Pool().QueryRow(context.Background(), `SELECT question_vi || question_en FROM curated_answers WHERE id = $1`, id).Scan(&question)
	if strings.Contains(question, "345") || !strings.Contains(question, "giấy phép") {
		t.Errorf("stored question %q: want it with the phone number masked", question)
	}
	if p := s.do(t, counsellor, "GET", "/console/drafts", "", nil); !strings.Contains(p.body, correctedVI) || !strings.Contains(p.body, id) {
		t.Errorf("the drafts list does not show the draft: %d", p.status)
	}
	if got, text := s.askAPI(t, paraphrase); got != "" || strings.Contains(text, correctedVI) {
		t.Fatalf("a draft answered /v1/ask (%q): %s", got, text)
	}

	for _, path := range []string{"/console/review/approve", "/console/review/retire"} {
		if p := s.form(t, counsellor, path, url.Values{"id": {id}}); p.status != http.StatusForbidden || !strings.Contains(p.body, "Only an editor") {
			t.Errorf("counsellor POST %s: %d, want 403", path, p.status)
		}
	}
	if p := s.do(t, counsellor, "GET", "/console/review", "", nil); p.status != http.StatusForbidden {
		t.Errorf("counsellor GET /console/review: %d, want 403", p.status)
	}
	if st, _, _, _ := s.state(t, id); st != store.StateDraft || s.auditCount(t, "approve")+s.auditCount(t, "retire") != 0 {
		t.Fatalf("after the counsellor's attempts: state %s, %d audit rows; want draft and none", st, s.auditCount(t, "approve"))
	}

	if p := s.do(t, editor, "GET", "/console/review", "", nil); p.status != http.StatusOK || !strings.Contains(p.body, "Approve "+id) {
		t.Fatalf("editor's review queue: %d, lists the draft: %v", p.status, strings.Contains(p.body, id))
	}
	if p := s.form(t, editor, "/console/review/approve", url.Values{"id": {id}}); p.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", p.status, p.body)
	}
	st, approver, approved, expires := s.state(t, id)
	if st != store.StateApproved || approver != editorName || approved == nil || expires == nil ||
		!expires.Equal(sixMonthsAfter(*approved)) || s.auditCount(t, "approve") != 1 {
		t.Errorf("approved: state %s by %q, %v → %v, %d audit rows", st, approver, approved, expires, s.auditCount(t, "approve"))
	}
	got, text := s.askAPI(t, paraphrase)
	if got != id || !strings.Contains(text, correctedVI) || !strings.Contains(text, "tư vấn viên xác minh ngày") {
		t.Errorf("a paraphrase after approval got %q: %s", got, text)
	}
	if p := s.form(t, editor, "/console/review/approve", url.Values{"id": {id}}); p.status != http.StatusConflict || s.auditCount(t, "approve") != 1 {
		t.Errorf("approving twice: %d, %d audit rows; want 409 and still 1", p.status, s.auditCount(t, "approve"))
	}

	if p := s.form(t, editor, "/console/review/retire", url.Values{"id": {id}}); p.status != http.StatusSeeOther || s.auditCount(t, "retire") != 1 {
		t.Fatalf("retire: %d, %d audit rows", p.status, s.auditCount(t, "retire"))
	}
	if got, text := s.askAPI(t, paraphrase); got != "" || strings.Contains(text, correctedVI) {
		t.Errorf("a retired answer still answers (%q): %s", got, text)
	}
}

func TestGapsCSVNeedsAnEditorsSession(t *testing.T) {
	s := newSite(t, "console_gaps")
	ctx := context.Background()
	for _, q := range []string{"Ký quỹ đi Hàn bao nhiêu?", "ky quy di han bao nhieu", "=HYPERLINK(\"x\") ở đâu cấp", "ký quỹ đi Hàn bao nhiêu"} {
		if err := s.db.RecordUnanswered(ctx, store.Unanswered{Question: q, Lang: "vi", Channel: "web", Reason: "no_match"}); err != nil {
			t.Fatal(err)
		}
	}
	if p := s.do(t, s.client(t), "GET", "/console/review/gaps.csv", "", nil); p.status != http.StatusSeeOther || p.header.Get("Location") != "/console/signin" {
		t.Errorf("CSV without a session: %d to %q, want 303 to sign-in", p.status, p.header.Get("Location"))
	}
	if p := s.do(t, s.signedInAs(t, userName), "GET", "/console/review/gaps.csv", "", nil); p.status != http.StatusForbidden {
		t.Errorf("CSV as a counsellor: %d, want 403", p.status)
	}
	p := s.do(t, s.signedInAs(t, editorName), "GET", "/console/review/gaps.csv", "", nil)
	if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", p.status, p.header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(p.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "question" || !strings.HasPrefix(rows[0][4], "week of ") {
		t.Fatalf("CSV rows: %q", rows)
	}
	week := 0
	for _, n := range rows[1][4:] {
		if n != "0" {
			week++
		}
	}
	if rows[1][3] != "3" || week != 1 || !strings.Contains(strings.ToLower(rows[1][0]), "hàn") {
		t.Errorf("the three wordings of the deposit question are not one group of 3 in this week: %q", rows[1])
	}
	if !strings.HasPrefix(rows[2][0], "'=") {
		t.Errorf("a question starting with = is not neutralised for spreadsheets: %q", rows[2][0])
	}
}

// sixMonthsAfter is t plus six calendar months (the database's time zone,
// UTC, in tests), a day past the end of the month being its last day:
// what an approval's expiry must be.
func sixMonthsAfter(t time.Time) time.Time {
	t = t.UTC()
	first := time.Date(t.Year(), t.Month()+store.VerifiedMonths, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}
