package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Embedder turns texts into vectors: the one the knowledge index and the
// curated matcher use.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// WithEmbedder makes the console embed a draft's question when it is
// saved, so that it matches as soon as an editor approves it. Without one
// the question is stored without a vector, and `assistant index` embeds
// it later (store.QuestionsToEmbed). It returns c.
func (c *Console) WithEmbedder(e Embedder) *Console {
	c.embedder = e
	return c
}

// MaxAnswer is the longest corrected answer a draft takes in each
// language, in characters.
const MaxAnswer = 4000

// sourceID is what a knowledge document id looks like.
var sourceID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)

// draftForm is the draft form (the ask page's edit form, or the review
// queue's new draft): the question as asked, its translation (optional),
// the other ways people ask it (one per line), the corrected answer in
// each language, the sources.
type draftForm struct {
	Question, Translation string
	OtherWays             []string
	Answer                map[string]string
	Sources               []string
}

// readDraftForm reads and checks the edit form; msg says what to fix.
func readDraftForm(r *http.Request) (f draftForm, msg string) {
	f.Question = strings.TrimSpace(r.PostFormValue("question"))
	f.Translation = strings.TrimSpace(r.PostFormValue("translation"))
	ways, ok := curated.OtherWays(r.PostFormValue("other_ways"))
	f.OtherWays = ways
	f.Answer = map[string]string{}
	for _, l := range answerLangs {
		f.Answer[l] = vitext.Normalize(r.PostFormValue("answer_" + l))
	}
	for _, id := range strings.Split(r.PostFormValue("sources"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			f.Sources = append(f.Sources, id)
		}
	}
	switch {
	case f.Question == "" || utf8.RuneCountInString(f.Question) > MaxQuestion:
		return f, "The draft needs the question asked (1 to 2,000 characters)."
	case utf8.RuneCountInString(f.Translation) > MaxQuestion:
		return f, "Keep the translation of the question under 2,000 characters."
	case !ok:
		return f, "Give at most 30 other ways to ask, one per line, each under 2,000 characters."
	case f.Answer[vitext.English] == "" && f.Answer[vitext.Vietnamese] == "":
		return f, "Write the corrected answer in at least one language."
	case utf8.RuneCountInString(f.Answer[vitext.English]) > MaxAnswer || utf8.RuneCountInString(f.Answer[vitext.Vietnamese]) > MaxAnswer:
		return f, "Keep each answer under 4,000 characters."
	case len(f.Sources) == 0 || len(f.Sources) > 20:
		return f, "The draft must keep the suggestion's sources (1 to 20)."
	}
	for _, id := range f.Sources {
		if !sourceID.MatchString(id) {
			return f, "A source is not a document id."
		}
	}
	return f, ""
}

// handleSaveDraft stores the draft form as a draft verified answer by u:
// its questions (the question, its translation, the other ways people
// ask it) as curated.VerifiedQuestions makes them, each embedded when the
// console has an embedder; the corrected answers; the sources. It
// redirects to the drafts list (303); a form to fix is a 400 page,
// nothing stored.
func (c *Console) handleSaveDraft(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	f, msg := readDraftForm(r)
	if msg != "" {
		c.fail(w, r, http.StatusBadRequest, "invalid_draft", msg)
		return
	}
	a := store.CuratedAnswer{Kind: store.KindVerified, Answer: f.Answer, SourceIDs: f.Sources, Author: u.Name}
	qs := curated.VerifiedQuestions(&a, f.Question, f.Translation, f.OtherWays)
	if err := c.embedQuestions(r.Context(), qs); err != nil {
		c.internal(w, r, err)
		return
	}
	id, err := c.store.CreateVerifiedDraft(r.Context(), a, qs)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/drafts?saved="+url.QueryEscape(id), http.StatusSeeOther)
}

// embedQuestions fills the vectors of qs with the console's embedder; it
// does nothing without one.
func (c *Console) embedQuestions(ctx context.Context, qs []store.CuratedQuestion) error {
	if c.embedder == nil || len(qs) == 0 {
		return nil
	}
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Text
	}
	vecs, err := c.embedder.Embed(ctx, texts)
	if err != nil {
		return fmt.Errorf("embed draft questions: %w", err)
	}
	for i := range qs {
		qs[i].Embedding = vecs[i]
	}
	return nil
}

// draftsView is the drafts list: every draft awaiting an editor.
type draftsView struct {
	Saved  string // the id just saved, "" otherwise
	Editor bool
	Drafts []curatedView
}

// curatedView is a curated answer as the console lists it.
type curatedView struct {
	ID, Author, Approver string
	Question             string
	Answers              []langText
	Sources              []string
	Created, Approved    string // "2006-01-02"; "" when unset
	Expires              string
}

type langText struct{ Lang, Label, Text string }

func newCuratedView(a store.CuratedAnswer) curatedView {
	v := curatedView{ID: a.ID, Author: a.Author, Approver: a.Approver, Sources: a.SourceIDs,
		Question: strings.TrimSpace(a.Question[vitext.Vietnamese] + " " + a.Question[vitext.English])}
	for _, l := range answerLangs {
		if t := a.Answer[l]; t != "" {
			v.Answers = append(v.Answers, langText{Lang: l, Label: langLabel(l), Text: t})
		}
	}
	v.Created = a.CreatedAt.Format("2006-01-02")
	if !a.ApprovedAt.IsZero() {
		v.Approved = a.ApprovedAt.Format("2006-01-02")
	}
	if !a.ExpiresAt.IsZero() {
		v.Expires = a.ExpiresAt.Format("2006-01-02")
	}
	return v
}

func langLabel(l string) string {
	if l == vitext.Vietnamese {
		return "Tiếng Việt"
	}
	return "English"
}

// handleDrafts lists the drafts awaiting approval, to every signed-in
// user: drafts are seen only here and on the review page.
func (c *Console) handleDrafts(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	drafts, err := c.store.ListCuratedDrafts(r.Context())
	if err != nil {
		c.internal(w, r, err)
		return
	}
	v := draftsView{Saved: r.URL.Query().Get("saved"), Editor: u.Role == roleEditor}
	for _, d := range drafts {
		v.Drafts = append(v.Drafts, newCuratedView(d))
	}
	c.renderAs(w, r, http.StatusOK, "drafts", pageData{User: u.Name, Role: u.Role, View: v})
}
