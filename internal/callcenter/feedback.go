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

func (h *Handler) feedback(ctx context.Context, body []byte) (any, error) {
	var req FeedbackRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	bad := func(field, msg string) error { return fail(http.StatusBadRequest, "invalid_"+field, field+" "+msg) }
	switch {
	case req.SuggestionID == "" || len(req.SuggestionID) > 64:
		return nil, bad("suggestion_id", "is required")
	case !slices.Contains(outcomes, req.Outcome):
		return nil, bad("outcome", "must be one of shown, used, edited, rejected")
	case utf8.RuneCountInString(req.EditedText) > 8000:
		return nil, bad("edited_text", "is over 8000 characters")
	case len(req.CounselorID) > 128:
		return nil, bad("counselor_id", "is over 128 characters")
	}
	err := h.store.SaveCallcenterFeedback(ctx, store.CallcenterFeedback{
		SuggestionID: req.SuggestionID, Outcome: req.Outcome,
		EditedText: vitext.MaskPersonal(req.EditedText), CounselorID: req.CounselorID,
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(http.StatusNotFound, "not_found", "no suggestion with this suggestion_id (it may be past the retention period)")
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"status": "stored"}, nil
}
