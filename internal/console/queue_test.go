package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/store"
)

// TestReviewQueueTurnsCorrectionsAndGapsIntoDrafts checks the review
// queue's corrections and its one-step drafts over HTTP and PostgreSQL: a
// call-centre suggestion marked edited is listed with the counsellor's
// correction (a rejected one too, a used one not), its "Draft an answer"
// opens the draft form prefilled with the question, the correction and
// the suggestion's sources; saving it with other ways people ask stores
// a draft with one searchable question per wording; a handed-off
// question's link prefills its question.
func TestReviewQueueTurnsCorrectionsAndGapsIntoDrafts(t *testing.T) {
	s := newSite(t, "console_queue")
	ctx := context.Background()
	const question = "Đi Hàn EPS ký quỹ bao nhiêu?"
	const correction = "Người lao động EPS ký quỹ 100 triệu đồng tại Ngân hàng Chính sách xã hội (Quyết định 12/2020/QĐ-TTg, Điều 3)."
	suggest := func(id, q, outcome, text string) {
		t.Helper()
		sg := store.Suggestion{ID: id, CallID: "call-" + id, TurnID: "1", RequestHash: "h-" + id}
		if _, _, err := s.db.ClaimSuggestion(ctx, sg, "tv-07", q); err != nil {
			t.Fatal(err)
		}
		resp := `{"answers":{"vi":{"text":"x","citations":[{"id":"labour-korea-eps-topik"}]}}}`
		if err := s.db.CompleteSuggestion(ctx, id, "labour", []byte(resp), 0); err != nil {
			t.Fatal(err)
		}
		f := store.CallcenterFeedback{SuggestionID: id, Outcome: outcome, EditedText: text, CounselorID: "tv-07", RequestHash: "f-" + id}
		if err := s.db.SaveCallcenterFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	suggest("s1", question, "edited", correction)
	suggest("s2", "Visa kỹ sư đi Nhật cần gì?", "rejected", "")
	suggest("s3", "Phí dịch vụ tối đa bao nhiêu?", "used", "")
	if err := s.db.RecordUnanswered(ctx, store.Unanswered{Question: "Đăng ký hợp đồng tự ký ở đâu?", Lang: "vi", Channel: "web", Reason: "no_match"}); err != nil {
		t.Fatal(err)
	}

	editor := s.signedInAs(t, editorName)
	p := s.do(t, editor, "GET", "/console/review", "", nil)
	body := html.UnescapeString(p.body)
	if p.status != http.StatusOK || !strings.Contains(body, question) || !strings.Contains(body, correction) ||
		!strings.Contains(body, "Visa kỹ sư đi Nhật") || strings.Contains(body, "Phí dịch vụ tối đa") {
		t.Fatalf("review queue: %d; lists the edited and rejected suggestions with the correction, not the used one: %s", p.status, body)
	}
	links := regexp.MustCompile(`href="(/console/drafts/new\?[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(links) != 3 {
		t.Fatalf("%d draft links, want 3 (one gap group, two corrections)", len(links))
	}
	var fromGap string
	for _, l := range links {
		if strings.Contains(l[1], "question=") {
			fromGap = l[1]
		}
	}
	form := html.UnescapeString(s.do(t, editor, "GET", fromGap, "", nil).body)
	if !strings.Contains(form, `value="Đăng ký hợp đồng tự ký ở đâu?"`) {
		t.Errorf("the gap's draft form is not prefilled with its question: %s", form)
	}
	var edited string
	for _, l := range links {
		f := html.UnescapeString(s.do(t, editor, "GET", l[1], "", nil).body)
		if strings.Contains(f, correction) {
			edited = f
		}
	}
	if !strings.Contains(edited, `value="`+question+`"`) || !strings.Contains(edited, `value="labour-korea-eps-topik"`) {
		t.Fatalf("the edited suggestion's draft form lacks its question, correction or sources: %s", edited)
	}
	if p := s.do(t, editor, "GET", "/console/drafts/new?feedback=999999", "", nil); p.status != http.StatusNotFound {
		t.Errorf("an unknown verdict's draft form: %d, want 404", p.status)
	}

	before := s.count(t, "curated_questions")
	p = s.form(t, editor, "/console/drafts", url.Values{"question": {question}, "translation": {"How much is the EPS deposit for Korea?"},
		"other_ways": {"tiền ký quỹ đi Hàn EPS\n\nEPS Korea deposit amount\n"}, "answer_vi": {correction}, "sources": {"labour-korea-eps-topik"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save draft: %d %s", p.status, p.body)
	}
	if got := s.count(t, "curated_questions") - before; got != 4 {
		t.Errorf("the draft stored %d questions, want 4 (question, translation, two other ways)", got)
	}
	p = s.form(t, editor, "/console/drafts", url.Values{"question": {question}, "other_ways": {strings.Repeat("x\n", 31)},
		"answer_vi": {correction}, "sources": {"labour-korea-eps-topik"}})
	if p.status != http.StatusBadRequest {
		t.Errorf("31 other ways: %d, want 400", p.status)
	}
}
