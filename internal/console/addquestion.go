package console

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// handleAddQuestion adds the form's question (a handed-off question or a
// corrected suggestion's question from the review queue) to the live
// verified answer named by the form's id, as another way of asking it: an
// editor's decision that the answer already answers it. The question is
// normalised and masked as draft questions are, embedded when the console
// has an embedder, and the addition is audited. It redirects to the review
// queue (303); a question without words or too long, or a missing id, is a 400 page,
// an answer no longer live a 409 page, and nothing is written.
func (c *Console) handleAddQuestion(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	id, ok := c.curatedID(w, r, "Choose the verified answer that answers this question.")
	if !ok {
		return
	}
	question := strings.TrimSpace(r.PostFormValue("question"))
	if len(vitext.Tokens(question)) == 0 || utf8.RuneCountInString(question) > MaxQuestion {
		c.fail(w, r, http.StatusBadRequest, "invalid_question", "The question has no words or is longer than 2,000 characters.")
		return
	}
	var scratch store.CuratedAnswer
	qs := curated.VerifiedQuestions(&scratch, "", "", []string{question})
	if err := c.embedQuestions(r.Context(), qs); err != nil {
		c.internal(w, r, err)
		return
	}
	err := c.store.AddVerifiedQuestionsAudited(r.Context(), id, qs, c.auditBy(r, u))
	if c.curatedFailed(w, r, err, "not_live", "That verified answer no longer answers (retired or expired): draft a new answer instead.") {
		return
	}
	c.log.Info("console: question added to a verified answer", "id", id, "editor", u.Name)
	http.Redirect(w, r, "/console/review?done="+url.QueryEscape("question added to "+id), http.StatusSeeOther)
}
