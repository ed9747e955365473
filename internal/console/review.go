package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// roleEditor is the role that may approve and retire verified answers.
const roleEditor = "editor"

// editor runs h for a signed-in editor; anyone else gets a 403 page and
// nothing is done.
func (c *Console) editor(h userHandler) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
		if u.Role != roleEditor {
			c.fail(w, r, http.StatusForbidden, "forbidden", "Only an editor can do this. Ask an editor of the content team.")
			return
		}
		h(w, r, u)
	}
}

// reviewView is the editors' review queue.
type reviewView struct {
	Done     string // what was just done: "approved verified-3"
	Drafts   []curatedView
	Expired  []curatedView
	Live     []curatedView
	Gaps     gapTable
	GapsDays int
	// Corrections are the call-centre suggestions counsellors marked
	// edited or rejected in the last GapsDays days, the latest first.
	Corrections []correctionView
}

// correctionView is an edited or rejected call-centre suggestion as the
// review queue shows it, with the link that drafts an answer from it.
type correctionView struct {
	Question, Outcome, Correction, Counsellor, At, Lang, Draft string
}

// maxCorrections bounds the corrections the review queue lists.
const maxCorrections = 200

func newCorrectionView(c store.Correction) correctionView {
	return correctionView{Question: c.Question, Outcome: c.Outcome, Correction: c.EditedText, Counsellor: c.CounselorID,
		At: c.At.UTC().Format("2006-01-02 15:04"), Lang: vitext.DetectLang(c.Question), Draft: correctionLink(c.ID)}
}

// handleReview shows the review queue: drafts awaiting approval, expired
// verified answers, the live ones, the questions handed off in the last
// GapDays days grouped by wording with counts per week, and the
// call-centre suggestions marked edited or rejected in those days with
// the counsellor's correction; each of the last two links to the draft
// form prefilled from it.
func (c *Console) handleReview(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	ctx := r.Context()
	v := reviewView{Done: r.URL.Query().Get("done"), GapsDays: GapDays}
	lists := []struct {
		into *[]curatedView
		list func() ([]store.CuratedAnswer, error)
	}{
		{&v.Drafts, func() ([]store.CuratedAnswer, error) { return c.store.ListCuratedDrafts(ctx) }},
		{&v.Expired, func() ([]store.CuratedAnswer, error) { return c.store.ListCuratedExpired(ctx) }},
		{&v.Live, func() ([]store.CuratedAnswer, error) { return c.store.ListVerifiedLive(ctx) }},
	}
	for _, l := range lists {
		as, err := l.list()
		if err != nil {
			c.internal(w, r, err)
			return
		}
		for _, a := range as {
			if a.Kind == store.KindVerified {
				*l.into = append(*l.into, newCuratedView(a))
			}
		}
	}
	gaps, err := c.gaps(r)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	v.Gaps = gaps
	corr, err := c.store.CallcenterCorrections(ctx, c.now().AddDate(0, 0, -GapDays), maxCorrections)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	for _, x := range corr {
		v.Corrections = append(v.Corrections, newCorrectionView(x))
	}
	c.renderAs(w, r, http.StatusOK, "review", pageData{User: u.Name, Role: u.Role, View: v})
}

// handleApprove approves the draft named by the form's id: it answers
// from now on, for store.VerifiedMonths calendar months, marked verified on today's
// date; the approval is audited. 409 when it is no longer a draft.
func (c *Console) handleApprove(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	c.decide(w, r, u, "approved", c.store.ApproveVerifiedAudited)
}

// handleRetire retires (or, for a draft, rejects) the verified answer
// named by the form's id: it stops answering at once; audited. 409 when
// it is not a live verified answer or draft.
func (c *Console) handleRetire(w http.ResponseWriter, r *http.Request, u store.ConsoleUser) {
	c.decide(w, r, u, "retired", c.store.RetireVerifiedAudited)
}

func (c *Console) decide(w http.ResponseWriter, r *http.Request, u store.ConsoleUser, done string,
	act func(ctx context.Context, id string, by store.ConsoleAudit) error) {
	id, ok := c.curatedID(w, r, "Say which answer: the form has no id.")
	if !ok {
		return
	}
	err := act(r.Context(), id, c.auditBy(r, u))
	if c.curatedFailed(w, r, err, "not_pending", "That answer is not awaiting this decision any more: someone may have decided already.") {
		return
	}
	c.log.Info("console: curated answer "+done, "id", id, "editor", u.Name)
	http.Redirect(w, r, "/console/review?done="+url.QueryEscape(done+" "+id), http.StatusSeeOther)
}

// curatedID is the curated answer id of the form; a missing or overlong
// one gets a 400 page saying missing, and ok false.
func (c *Console) curatedID(w http.ResponseWriter, r *http.Request, missing string) (id string, ok bool) {
	id = strings.TrimSpace(r.PostFormValue("id"))
	if id == "" || len(id) > 200 {
		c.fail(w, r, http.StatusBadRequest, "invalid_id", missing)
		return "", false
	}
	return id, true
}

// auditBy is the audit entry of an action by u from r's address (keyed).
func (c *Console) auditBy(r *http.Request, u store.ConsoleUser) store.ConsoleAudit {
	return store.ConsoleAudit{UserID: u.ID, UserName: u.Name, Address: c.keys.Key(r)}
}

// curatedFailed writes the page for a curated answer action's error: a
// 409 page with code and msg when the answer is not in the state the
// action needs (store.ErrNoCurated), a 500 page for any other error. It
// reports whether it wrote one.
func (c *Console) curatedFailed(w http.ResponseWriter, r *http.Request, err error, code, msg string) bool {
	switch {
	case errors.Is(err, store.ErrNoCurated):
		c.fail(w, r, http.StatusConflict, code, msg)
	case err != nil:
		c.internal(w, r, err)
	}
	return err != nil
}
