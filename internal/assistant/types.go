package assistant

import "errors"

// Query is a question from any channel.
type Query struct {
	Question string
	Lang     string // "vi", "en" or "" (detect)
	// ConversationID names the conversation the question continues: ""
	// for none, an id the service issued on the same channel
	// (Answer.ConversationID of an earlier answer), or, with ChannelOwned,
	// the channel's own id ("tg:<chat id>"). See conversation.go.
	ConversationID string
	// StartConversation: with no ConversationID, the service issues a new
	// conversation and returns its id in Answer.ConversationID.
	StartConversation bool
	// ChannelOwned says ConversationID is derived by the channel from an
	// identity it authenticated itself, never taken from a client.
	ChannelOwned bool
	Channel      string // "http", "cli", "telegram", "callcenter"
	// Previous, when set, is the question before this one, given by the
	// caller (the call-centre console sends the call's history) instead of
	// a stored conversation.
	Previous string
	// LangHint, when set, is the language to answer a message whose text
	// gives no sign of one (emoji only): Telegram's language_code.
	LangHint string
}

// Answer is what every channel renders: data, never pre-rendered text.
// PlainText renders it for the CLI and the compatibility "answer" field;
// each channel has its own renderer (JSON, Telegram HTML, console HTML).
type Answer struct {
	// Query is the question as understood: normalised, chat shorthand
	// spelled out.
	Query      string
	Lang       string  // "vi" or "en": the language of Sentences
	Confidence float64 // retrieval confidence in [0, 1]
	Handoff    bool    // no reliable answer: Sentences say where to ask
	Reason     string  // why a hand-off: ReasonLowConfidence, ReasonNotInSources, ReasonRefused, ReasonLiveData
	// Note frames the answer, e.g. "(This information is only available
	// in Vietnamese.)"; "" when none.
	Note      string
	Sentences []Sentence
	// ListNote follows the sentences when they quote a list in part
	// (answer.Composition.ListNote); "" when none.
	ListNote string
	// Sources are the cited documents; Sentence.Sources number them from 1.
	Sources  []Source
	NextStep string // where to take a personal case; "" when none
	// Safety, when set, holds the steps for a person in danger: channels
	// show it before everything else.
	Safety *Safety
	// Verified, when set, says the answer is a curated one, reviewed by a
	// person.
	Verified *Verified
	// ConversationID is the conversation the answer belongs to: to pass
	// back with a follow-up question; "" when none.
	ConversationID string
	Composer       string // "extractive", "llm" or "" for a hand-off
	// unstated: the question asks for a figure none of Sentences states
	// (answer.Composition.Unstated).
	unstated bool
}

// Sentence is one sentence of an answer with the numbers (1-based, into
// Answer.Sources) of the sources it rests on; none for framing.
type Sentence struct {
	Text    string `json:"text"`
	Sources []int  `json:"sources"`
}

// Source is a cited document: the passage the answer used and the facts
// about the document a reader needs to trust it.
type Source struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Lang    string  `json:"lang"`
	Heading string  `json:"heading"`
	URL     string  `json:"url"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	// AsOf is the day the document's facts were last checked, YYYY-MM-DD.
	AsOf string `json:"as_of"`
	// Instruments are the laws and official pages the facts come from.
	Instruments []string `json:"sources"`
}

// Safety is the urgent part of an answer to a person in danger: the steps
// for the recognised category and country, with the numbers to call.
type Safety struct {
	Category string    `json:"category"`          // e.g. "trafficking", "domestic_violence"
	Country  string    `json:"country,omitempty"` // ISO 3166-1 alpha-2 where the person is; "" unknown
	Steps    []string  `json:"steps"`             // in order, in the answer's language
	Contacts []Contact `json:"contacts"`          // in the order to try them
}

// Contact is a number to call, in full international form where it has
// one.
type Contact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Verified marks a curated answer that a person reviewed.
type Verified struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`        // "verified" (by a counsellor) or "card" (by the content team)
	ApprovedAt string `json:"approved_at"` // YYYY-MM-DD
}

// InputError is a question the service cannot take; Message says what to
// fix and is safe to show the user.
type InputError struct {
	Field, Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// ErrUnavailable means the index cannot be reached right now; retry later.
var ErrUnavailable = errors.New("the knowledge index is unavailable")

// Hand-off reasons.
const (
	ReasonLowConfidence = "low_confidence" // nothing relevant enough, which includes out-of-scope questions
	ReasonNotInSources  = "not_in_sources" // the LLM found no answer in the passages
	ReasonRefused       = "refused"        // an attempt to get at prompts, configuration or secrets
)
