package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// newDraftView is the draft form prefilled from a review queue item.
type newDraftView struct {
	Question, Translation, OtherWays string
	Answer                           map[string]string
	Sources                          string // comma-separated document ids
	From                             string // what it was made from, for the page's heading
}

// handleNewDraft shows the draft form, prefilled from the review queue:
// with ?question= (a handed-off question) the question; with ?feedback=
// (an edited or rejected call-centre suggestion) its question, the
// counsellor's correction as the answer in its language, and the
// suggestion's sources. Saving it posts to /console/drafts. An unknown
// feedback id is a 404 page.
func (c *Console) handleNewDraft(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	q := r.URL.Query()
	v := newDraftView{Answer: map[string]string{}, Question: trimTo(q.Get("question"), MaxQuestion), From: "a question"}
	if fid := q.Get("feedback"); fid != "" {
		id, err := strconv.ParseInt(fid, 10, 64)
		var corr store.Correction
		if err == nil {
			corr, err = c.store.CallcenterCorrection(r.Context(), id)
		}
		switch {
		case errors.Is(err, store.ErrNotFound) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange):
			c.fail(w, r, http.StatusNotFound, "not_found", "That call-centre verdict is not in the review queue.")
			return
		case err != nil:
			c.internal(w, r, err)
			return
		}
		v.Question, v.Sources = corr.Question, strings.Join(corr.SourceIDs, ",")
		v.From = "a suggestion marked " + corr.Outcome
		if t := strings.TrimSpace(corr.EditedText); t != "" {
			v.Answer[vitext.DetectLang(t)] = t
		}
	}
	c.renderAs(w, r, http.StatusOK, "newdraft", pageData{User: u.Name, Role: u.Role, View: v})
}

// draftLink is the review queue's link that opens the draft form
// prefilled with a handed-off question.
func draftLink(question string) string {
	return "/console/drafts/new?" + url.Values{"question": {question}}.Encode()
}

// correctionLink opens the draft form prefilled from call-centre verdict id.
func correctionLink(id int64) string {
	return "/console/drafts/new?feedback=" + strconv.FormatInt(id, 10)
}

// trimTo cuts s to at most n characters.
func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
