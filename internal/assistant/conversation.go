package assistant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Conversation ids live in two namespaces that cannot meet:
//
//   - issued ids, "c_" and 32 lower-case hex digits (128 random bits): the
//     service gives one to a client that starts a conversation
//     (Query.StartConversation) and accepts it back only on the channel it
//     was issued on, while the conversation is alive;
//   - channel-owned ids, "<prefix>:<id>" such as "tg:<chat id>": a channel
//     that knows its user from an authenticated source (Telegram's chat id)
//     names the conversation itself (Query.ChannelOwned). No client-supplied
//     id can take this form, so no HTTP client can name one.
var (
	issuedIDRE  = regexp.MustCompile(`^c_[0-9a-f]{32}$`)
	channelIDRE = regexp.MustCompile(`^[a-z]{1,10}:-?[0-9]{1,20}$`)
)

// ValidIssuedID reports whether id has the shape of an id the service
// issues (whether or not it was issued).
func ValidIssuedID(id string) bool { return issuedIDRE.MatchString(id) }

// NewConversationID returns a fresh issued id: "c_" and 32 hex digits.
func NewConversationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return "c_" + hex.EncodeToString(b[:])
}

// checkConversationShape returns an *InputError (field conversation_id)
// when q names a conversation of the wrong shape for its namespace.
func checkConversationShape(q Query) error {
	switch {
	case q.ConversationID == "":
		return nil
	case q.ChannelOwned && !channelIDRE.MatchString(q.ConversationID):
		return &InputError{Field: "conversation_id", Message: "is not a channel conversation id"}
	case !q.ChannelOwned && !issuedIDRE.MatchString(q.ConversationID):
		return &InputError{Field: "conversation_id", Message: `must be the conversation_id of an earlier answer ("c_" and 32 hex digits), or left out to start a conversation`}
	}
	return nil
}

// errUnknownConversation is the one answer to a well-formed id that is
// not a live conversation of the caller's channel: never issued, expired,
// deleted or another channel's look the same.
var errUnknownConversation = &InputError{Field: "conversation",
	Message: "is unknown or has expired: leave conversation_id out to start a new conversation"}

// conversation settles the conversation of q and returns q with the id to
// use: a new issued id when q starts one (fresh: stored with the answer,
// by keep), the id q names when it is a live conversation of q's channel
// (or the channel's own), "" when there is none. A well-formed id that is
// not live is errUnknownConversation. When the database cannot say, the
// question is answered without a conversation.
func (s *Service) conversation(ctx context.Context, q Query) (_ Query, fresh bool, err error) {
	if s.Memory == nil {
		if q.ConversationID != "" && !q.ChannelOwned {
			return q, false, errUnknownConversation
		}
		q.ConversationID = ""
		return q, false, nil
	}
	switch {
	case q.ConversationID == "" && q.StartConversation:
		q.ConversationID = NewConversationID()
		return q, true, nil
	case q.ConversationID == "" || q.ChannelOwned:
		// A channel's own conversation is created with its first turn.
	default:
		live, err := s.Memory.TouchConversation(ctx, q.ConversationID, q.Channel, time.Now().Add(-s.ttl()))
		if err != nil {
			s.Log.Warn("check conversation; answering without it", "err", err)
			q.ConversationID = ""
			return q, false, nil
		}
		if !live {
			return q, false, errUnknownConversation
		}
	}
	return q, false, nil
}

// keep stores the conversation in one round trip: a conversation issued
// for this question (fresh), with its turn when the answer is one to
// remember, or the turn of a live conversation. When a fresh conversation
// cannot be stored the answers go without its id; when only a turn is
// lost, the answer stands without the follow-up context.
func (s *Service) keep(ctx context.Context, q Query, in understood, fresh, remember bool, answers []Answer) {
	if q.ConversationID == "" || s.Memory == nil || (!fresh && !remember) {
		return
	}
	switch {
	case fresh && remember:
		if err := s.Memory.StartConversation(ctx, q.ConversationID, q.Channel, turn(in, answers[0])); err != nil {
			s.Log.Warn("issue conversation; answering without one", "err", err)
			withoutConversation(answers)
		}
	case fresh:
		if err := s.Memory.IssueConversation(ctx, q.ConversationID, q.Channel); err != nil {
			s.Log.Warn("issue conversation; answering without one", "err", err)
			withoutConversation(answers)
		}
	default:
		if err := s.Memory.AddTurn(ctx, q.ConversationID, q.Channel, turn(in, answers[0]), MaxTurns); err != nil {
			s.Log.Warn("save conversation turn", "err", err)
		}
	}
}

// turn is the turn of a conversation an answer makes: the question
// masked, its language, the documents cited.
func turn(in understood, a Answer) store.Turn {
	var docs []string
	for _, c := range a.Sources {
		docs = append(docs, c.ID)
	}
	return store.Turn{Question: vitext.MaskPersonal(in.question), Lang: in.langs[0], DocumentIDs: docs}
}

func withoutConversation(answers []Answer) {
	for i := range answers {
		answers[i].ConversationID = ""
	}
}

// previousQuestion is the last question of a live conversation, or "".
func (s *Service) previousQuestion(ctx context.Context, conversationID string) string {
	prev, ok, err := s.Memory.LastTurn(ctx, conversationID, time.Now().Add(-s.ttl()))
	if err != nil {
		s.Log.Warn("read conversation", "err", err)
		return ""
	}
	if !ok {
		return ""
	}
	return prev.Question
}

func (s *Service) ttl() time.Duration {
	if s.ConversationTTL <= 0 {
		return 24 * time.Hour
	}
	return s.ConversationTTL
}

// Forget deletes the conversation q names (ConversationID, Channel,
// ChannelOwned) at its holder's request. It answers the same whether or
// not the conversation existed, so that nobody learns whether an id is in
// use. Errors are *InputError for an id of the wrong shape, ErrUnavailable
// (wrapped) or internal.
func (s *Service) Forget(ctx context.Context, q Query) error {
	if q.ConversationID == "" {
		return &InputError{Field: "conversation_id", Message: "is required"}
	}
	if err := checkConversationShape(q); err != nil {
		return err
	}
	if s.Memory == nil {
		return nil
	}
	_, err := s.Memory.DeleteConversation(ctx, q.ConversationID, q.Channel)
	if errors.Is(err, store.ErrUnavailable) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}
