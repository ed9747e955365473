package callcenter

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// FeedbackRequest is the body of POST /v1/callcenter/feedback.
type FeedbackRequest struct {
	SuggestionID string `json:"suggestion_id"`
	Outcome      string `json:"outcome"`
	EditedText   string `json:"edited_text,omitempty"`
	CounselorID  string `json:"counselor_id,omitempty"`
}

var outcomes = []string{"shown", "used", "edited", "rejected"}

// feedback stores a counsellor's verdict once per signed request: the same
// request replayed (same timestamp and body, so within the signature
// window) is answered "stored" again and stores nothing more.
func (h *Handler) feedback(ctx context.Context, body []byte, requestHash string) (any, error) {
	var req FeedbackRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	err := h.store.SaveCallcenterFeedback(ctx, store.CallcenterFeedback{
		SuggestionID: req.SuggestionID, Outcome: req.Outcome,
		EditedText: vitext.MaskPersonal(req.EditedText), CounselorID: req.CounselorID, RequestHash: requestHash,
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(http.StatusNotFound, "not_found", "no suggestion with this suggestion_id (it may be past the retention period)")
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"status": "stored"}, nil
}

// validate checks the request and passes its texts through vitext.Gate.
func (r *FeedbackRequest) validate() error {
	bad := func(field, msg string) error { return fail(http.StatusBadRequest, "invalid_"+field, field+" "+msg) }
	var err error
	switch {
	case !idRE.MatchString(r.SuggestionID) || len(r.SuggestionID) > 64:
		return bad("suggestion_id", "is required: the suggestion_id of a suggestion")
	case !slices.Contains(outcomes, r.Outcome):
		return bad("outcome", "must be one of shown, used, edited, rejected")
	case utf8.RuneCountInString(r.EditedText) > 8000:
		return bad("edited_text", "is over 8000 characters")
	case len(r.CounselorID) > 128:
		return bad("counselor_id", "is over 128 characters")
	}
	if r.EditedText, err = vitext.Gate(r.EditedText); err != nil {
		return bad("edited_text", err.Error())
	}
	if r.CounselorID, err = vitext.Gate(r.CounselorID); err != nil {
		return bad("counselor_id", err.Error())
	}
	return nil
}
