package console

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxQuestion is the longest question the ask page takes, in characters
// (the call-centre API's limit).
const MaxQuestion = 2000

// answerLangs are the suggestion's languages, in the order the page shows
// them: English on the left, Vietnamese on the right.
var answerLangs = []string{vitext.English, vitext.Vietnamese}

// askView is the ask page: the question and, once asked, one column per
// language.
type askView struct {
	Question   string
	Error      string
	Answers    []answerView
	Confidence float64
	Urgent     bool
	// SourceIDs are the documents either answer cites, which a draft made
	// with the edit form keeps.
	SourceIDs []string
}

// answerView is one language's suggestion, as the template shows it:
// taken field by field from assistant.Answer, never from its text.
type answerView struct {
	Lang, Label string // "en", "English"
	Note        string
	ListNote    string // after the sentences: a list quoted in part
	Handoff     bool
	Safety      *assistant.Safety
	SafetyLabel string
	Sentences   []assistant.Sentence
	Sources     []sourceView
	NextStep    string
	Verified    string // "Verified by a counsellor on …"; "" when not curated
	// Text is the answer's sentences, what the edit form starts from.
	Text string
	// Plain is the answer as plain text (assistant.Answer.PlainText), what
	// the Copy button puts on the clipboard.
	Plain     string
	SourceIDs []string
}

type sourceView struct {
	N           int
	Title, URL  string
	AsOf        string // "2 January 2006" or "02/01/2006", by the answer's language
	Instruments []string
}

func (c *Console) handleAskPage(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	c.renderAs(w, r, http.StatusOK, "ask", pageData{User: u.Name, Role: u.Role, View: askView{}})
}

// handleAsk answers the form's question in English and Vietnamese from one
// retrieval. A question to fix is shown on the page with 400; a database
// that is down, 503.
func (c *Console) handleAsk(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	q := strings.TrimSpace(r.PostFormValue("question"))
	view := askView{Question: q}
	bad := func(msg string) {
		view.Error = msg
		c.renderAs(w, r, http.StatusBadRequest, "ask", pageData{User: u.Name, Role: u.Role, View: view})
	}
	switch {
	case q == "":
		bad("Type or paste the caller's question.")
		return
	case utf8.RuneCountInString(q) > MaxQuestion:
		bad("The question is too long: keep it under 2,000 characters.")
		return
	}
	answers, err := c.asker.AskInLanguages(r.Context(), assistant.Query{Question: q, Channel: "console"}, answerLangs)
	var inErr *assistant.InputError
	switch {
	case errors.As(err, &inErr):
		bad("The question " + inErr.Message + ".")
		return
	case err != nil:
		c.internal(w, r, err)
		return
	}
	for _, a := range answers {
		v := newAnswerView(a)
		view.Urgent = view.Urgent || a.Safety != nil
		view.Confidence = a.Confidence
		view.Answers = append(view.Answers, v)
		for _, id := range v.SourceIDs {
			if !slices.Contains(view.SourceIDs, id) {
				view.SourceIDs = append(view.SourceIDs, id)
			}
		}
	}
	c.renderAs(w, r, http.StatusOK, "ask", pageData{User: u.Name, Role: u.Role, View: view})
}

func newAnswerView(a assistant.Answer) answerView {
	v := answerView{Lang: a.Lang, Label: "English", Note: a.Note, ListNote: a.ListNote, Handoff: a.Handoff, Safety: a.Safety,
		Sentences: a.Sentences, NextStep: a.NextStep, Plain: a.PlainText()}
	if a.Lang == vitext.Vietnamese {
		v.Label = "Tiếng Việt"
	}
	texts := make([]string, len(a.Sentences))
	for i, s := range a.Sentences {
		texts[i] = s.Text
	}
	v.Text = strings.Join(texts, " ")
	if a.Safety != nil {
		v.SafetyLabel = assistant.Label(a.Lang, "safety")
	}
	if a.Verified != nil {
		v.Verified = assistant.VerifiedLine(a.Lang, *a.Verified)
	}
	for i, s := range a.Sources {
		v.Sources = append(v.Sources, sourceView{N: i + 1, Title: s.Title, URL: s.URL, AsOf: checkedOn(a.Lang, s.AsOf),
			Instruments: s.Instruments})
		v.SourceIDs = append(v.SourceIDs, s.ID)
	}
	return v
}

// checkedOn formats a YYYY-MM-DD date the way the answer's language writes
// it; an unparsable date is shown as it is.
func checkedOn(lang, asOf string) string {
	d, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return asOf
	}
	if lang == vitext.Vietnamese {
		return d.Format("02/01/2006")
	}
	return d.Format("2 January 2006")
}

// usedRequest is the body of POST /console/api/used: the counsellor used
// the suggestion in lang for question, citing sources (document ids).
type usedRequest struct {
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	Sources  []string `json:"sources"`
}

// handleUsed stores that a suggestion was used, as a console_feedback row
// (the question with personal numbers masked). 400 invalid_… for a body
// to fix; 204 when stored.
func (c *Console) handleUsed(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	var req usedRequest
	if err := httpapi.DecodeJSON(r.Body, &req); err != nil {
		var e *httpapi.Error
		if errors.As(err, &e) {
			writeJSONError(w, e.Status, e.Code, e.Message)
			return
		}
		c.internal(w, r, err)
		return
	}
	q := strings.TrimSpace(req.Question)
	switch {
	case req.Lang != vitext.English && req.Lang != vitext.Vietnamese:
		writeJSONError(w, http.StatusBadRequest, "invalid_lang", `lang must be "vi" or "en"`)
		return
	case q == "" || utf8.RuneCountInString(q) > MaxQuestion:
		writeJSONError(w, http.StatusBadRequest, "invalid_question", "question must have 1 to 2000 characters")
		return
	case len(req.Sources) > 20:
		writeJSONError(w, http.StatusBadRequest, "invalid_sources", "sources must list at most 20 document ids")
		return
	}
	err := c.store.SaveConsoleFeedback(r.Context(), store.ConsoleFeedback{UserID: u.ID, Outcome: "used", Lang: req.Lang,
		Question: vitext.MaskPersonal(q), Sources: req.Sources})
	if err != nil {
		c.internal(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// unavailable says err means the database cannot be reached.
func unavailable(err error) bool {
	return errors.Is(err, store.ErrUnavailable) || errors.Is(err, assistant.ErrUnavailable)
}
