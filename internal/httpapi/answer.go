package httpapi

import "github.com/cantho-connect/assistant/internal/assistant"

// AskResponse is the body of an answer to POST /v1/ask (docs/api.md), and
// what "assistant ask --json" prints. "answer" and "citations" are the
// answer rendered as plain text and its sources, kept for clients written
// before the answer became data; "sentences" carry each sentence with the
// numbers (1-based, into "citations") of its sources.
type AskResponse struct {
	Answer         string               `json:"answer"`
	Lang           string               `json:"lang"`
	Confidence     float64              `json:"confidence"`
	Handoff        bool                 `json:"handoff"`
	Reason         string               `json:"reason,omitempty"`
	Citations      []assistant.Source   `json:"citations"`
	Query          string               `json:"query"`
	Note           string               `json:"note,omitempty"`
	ListNote       string               `json:"list_note,omitempty"`
	Sentences      []assistant.Sentence `json:"sentences"`
	NextStep       string               `json:"next_step,omitempty"`
	Safety         *assistant.Safety    `json:"safety,omitempty"`
	Verified       *assistant.Verified  `json:"verified,omitempty"`
	ConversationID string               `json:"conversation_id,omitempty"`
}

// NewAskResponse renders an answer as the /v1/ask JSON; lists are never
// null.
func NewAskResponse(a assistant.Answer) AskResponse {
	r := AskResponse{
		Answer: a.PlainText(), Lang: a.Lang, Confidence: a.Confidence, Handoff: a.Handoff, Reason: a.Reason,
		Citations: a.Sources, Query: a.Query, Note: a.Note, ListNote: a.ListNote, NextStep: a.NextStep,
		Safety: a.Safety, Verified: a.Verified, ConversationID: a.ConversationID,
		Sentences: make([]assistant.Sentence, len(a.Sentences)),
	}
	if r.Citations == nil {
		r.Citations = []assistant.Source{}
	}
	for i, s := range a.Sentences {
		if s.Sources == nil {
			s.Sources = []int{}
		}
		r.Sentences[i] = s
	}
	return r
}
