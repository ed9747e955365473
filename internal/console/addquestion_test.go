package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/store"
)

// A question the service handed off, which a live verified answer already
// answers, is added to that answer from the review queue by an editor;
// from then on the question gets the verified answer. A counsellor cannot
// do it, a bad form or an answer no longer live changes nothing.
func TestEditorAddsAHandedOffQuestionToAVerifiedAnswer(t *testing.T) {
	s := newSite(t, "console_add_question")
	ctx := context.Background()
	counsellor, editor := s.signedInAs(t, userName), s.signedInAs(t, editorName)
	id := s.saveDraft(t, counsellor)
	if p := s.form(t, editor, "/console/review/approve", url.Values{"id": {id}}); p.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", p.status, p.body)
	}
	const asked = "cty môi giới này làm ăn đàng hoàng hay lừa đảo, tra chỗ nào"
	if got, _ := s.askAPI(t, asked); got != "" {
		t.Fatalf("the question already gets %s before it is added; choose another wording for this test", got)
	}
	if err := s.db.RecordUnanswered(ctx, store.Unanswered{Question: asked, Lang: "vi", Channel: "web", Reason: "no_match"}); err != nil {
		t.Fatal(err)
	}
	p := s.do(t, editor, "GET", "/console/review", "", nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, `action="/console/review/questions"`) || !strings.Contains(p.body, `<option value="`+id+`">`) {
		t.Fatalf("review queue: %d; want the handed-off question with a form offering %s", p.status, id)
	}

	add := url.Values{"id": {id}, "question": {asked}}
	if p := s.form(t, counsellor, "/console/review/questions", add); p.status != http.StatusForbidden {
		t.Errorf("counsellor adds a question: %d, want 403", p.status)
	}
	for _, tc := range []struct {
		form url.Values
		want int
	}{
		{url.Values{"id": {id}, "question": {"  "}}, http.StatusBadRequest},
		{url.Values{"id": {id}, "question": {"???"}}, http.StatusBadRequest},
		{url.Values{"id": {id}, "question": {strings.Repeat("ký quỹ ", 400)}}, http.StatusBadRequest},
		{url.Values{"question": {asked}}, http.StatusBadRequest},
		{url.Values{"id": {"verified-999999"}, "question": {asked}}, http.StatusConflict},
	} {
		if p := s.form(t, editor, "/console/review/questions", tc.form); p.status != tc.want {
			t.Errorf("form %v: %d, want %d", tc.form, p.status, tc.want)
		}
	}
	if n := s.auditCount(t, "add-question"); n != 0 {
		t.Fatalf("%d audit rows after refused additions, want 0", n)
	}

	p = s.form(t, editor, "/console/review/questions", add)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/console/review?done=") {
		t.Fatalf("add: %d to %q %s", p.status, p.header.Get("Location"), p.body)
	}
	if n := s.auditCount(t, "add-question"); n != 1 {
		t.Errorf("%d audit rows after the addition, want 1", n)
	}
	if got, text := s.askAPI(t, asked); got != id || !strings.Contains(text, correctedVI) {
		t.Errorf("after the addition the question got %q: %s", got, text)
	}
	var paraphrases []string
	if err := s.db.Pool().QueryRow(ctx, `SELECT paraphrases_vi FROM curated_answers WHERE id = $1`, id).Scan(&paraphrases); err != nil {
		t.Fatal(err)
	}
	if len(paraphrases) != 1 || paraphrases[0] != asked {
		t.Errorf("paraphrases after the addition: %q, want the question once", paraphrases)
	}
	if p := s.form(t, editor, "/console/review/questions", add); p.status != http.StatusSeeOther {
		t.Errorf("adding it twice: %d", p.status)
	}
	_ = s.db.Pool().QueryRow(ctx, `SELECT paraphrases_vi FROM curated_answers WHERE id = $1`, id).Scan(&paraphrases)
	if len(paraphrases) != 1 {
		t.Errorf("adding the same question twice stored it %d times", len(paraphrases))
	}

	if p := s.form(t, editor, "/console/review/retire", url.Values{"id": {id}}); p.status != http.StatusSeeOther {
		t.Fatalf("retire: %d", p.status)
	}
	if p := s.form(t, editor, "/console/review/questions", url.Values{"id": {id}, "question": {"một câu khác"}}); p.status != http.StatusConflict {
		t.Errorf("adding to a retired answer: %d, want 409", p.status)
	}
}
