// Package assistant is the one path every question takes, whatever the
// channel: validate the Query, retrieve passages, compose an Answer with
// citations. Channels translate their wire format to a Query and an Answer
// back; nothing about retrieval or answering lives in a channel.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// MaxQuestionRunes is the longest question accepted.
const MaxQuestionRunes = 1000

// Query is a question from any channel.
type Query struct {
	Question       string
	Lang           string // "vi", "en" or "" (detect)
	ConversationID string
	Channel        string // "http", "cli", "telegram", "callcenter"
}

// Citation points at a passage an answer used.
type Citation struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Lang    string   `json:"lang"`
	Heading string   `json:"heading"`
	URL     string   `json:"url"`
	Snippet string   `json:"snippet"`
	Score   float64  `json:"score"`
	Sources []string `json:"sources"`
	AsOf    string   `json:"as_of"`
}

// Answer is what every channel returns.
type Answer struct {
	Text       string     `json:"answer"`
	Lang       string     `json:"lang"`
	Confidence float64    `json:"confidence"`
	Handoff    bool       `json:"handoff"`
	Reason     string     `json:"reason,omitempty"`
	Citations  []Citation `json:"citations"`
}

// InputError is a question the service cannot take; Message says what to
// fix and is safe to show the user.
type InputError struct {
	Field, Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// ErrUnavailable means the index cannot be reached right now; retry later.
var ErrUnavailable = errors.New("the knowledge index is unavailable")

// Retriever finds passages for a question.
type Retriever interface {
	Retrieve(ctx context.Context, question string, opt retrieve.Options) (retrieve.Result, error)
}

// Service answers questions.
type Service struct {
	Retriever     Retriever
	Log           *slog.Logger
	MinConfidence float64
	// DocumentURL, when set, makes a citation URL from a document id and
	// language.
	DocumentURL func(id, lang string) string
	// Observe, when set, is called with the duration of each retrieval.
	Observe func(time.Duration)
}

// Ask answers one question. Errors are *InputError for a question to fix,
// ErrUnavailable (wrapped) when the database is down, or an internal error.
func (s *Service) Ask(ctx context.Context, q Query) (Answer, error) {
	question, err := CleanQuestion(q.Question)
	if err != nil {
		return Answer{}, err
	}
	if q.Lang != "" && q.Lang != vitext.Vietnamese && q.Lang != vitext.English {
		return Answer{}, &InputError{Field: "lang", Message: `must be "vi", "en" or left out`}
	}
	res, err := s.Retriever.Retrieve(ctx, question, retrieve.Options{Lang: q.Lang, Limit: 5})
	if err != nil {
		if errors.Is(err, retrieve.ErrEmptyQuestion) {
			return Answer{}, &InputError{Field: "question", Message: "must contain words, not only symbols or emoji"}
		}
		if errors.Is(err, store.ErrUnavailable) {
			return Answer{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	if s.Observe != nil {
		s.Observe(res.Took)
	}
	return s.compose(res), nil
}

var (
	tagRE    = regexp.MustCompile(`<[^>]{0,200}>`)
	letterRE = regexp.MustCompile(`[\p{L}\p{N}]`)
)

// CleanQuestion normalises a question (NFC, HTML tags and entities removed,
// spaces collapsed) and checks it: not empty, at most MaxQuestionRunes, and
// with at least one letter or digit.
func CleanQuestion(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", &InputError{Field: "question", Message: "must be UTF-8 text"}
	}
	if n := utf8.RuneCountInString(raw); n > MaxQuestionRunes {
		return "", &InputError{Field: "question", Message: fmt.Sprintf("is %d characters long; keep it under %d", n, MaxQuestionRunes)}
	}
	q := vitext.Normalize(html.UnescapeString(tagRE.ReplaceAllString(raw, " ")))
	if q == "" {
		return "", &InputError{Field: "question", Message: "is empty; write your question in Vietnamese or English"}
	}
	if !letterRE.MatchString(q) {
		return "", &InputError{Field: "question", Message: "must contain words, not only symbols, emoji or HTML"}
	}
	return q, nil
}

// compose turns retrieved passages into an answer. Until the answers
// issue lands, the answer is the best passages themselves, each with its
// citation marker.
func (s *Service) compose(res retrieve.Result) Answer {
	a := Answer{Lang: res.Lang, Confidence: res.Confidence, Citations: []Citation{}}
	if len(res.Passages) == 0 || res.Confidence < s.MinConfidence {
		a.Handoff = true
		a.Reason = "low_confidence"
		a.Text = handoffText(res.Lang)
		return a
	}
	var b strings.Builder
	for i, p := range res.Passages {
		c := Citation{
			ID: p.DocumentID, Title: p.Title, Lang: p.Lang, Heading: p.Heading,
			Snippet: snippet(p.Text, 300), Score: round3(p.Score), Sources: p.Sources,
			AsOf: p.AsOf.Format(time.DateOnly),
		}
		if s.DocumentURL != nil {
			c.URL = s.DocumentURL(p.DocumentID, p.Lang)
		}
		a.Citations = append(a.Citations, c)
		if i < 3 {
			fmt.Fprintf(&b, "[%d] %s\n%s\n\n", i+1, p.Heading, snippet(p.Text, 400))
		}
	}
	a.Text = strings.TrimSpace(b.String())
	return a
}

func handoffText(lang string) string {
	if lang == vitext.Vietnamese {
		return "Xin lỗi, tôi chưa tìm thấy thông tin đủ chắc chắn để trả lời câu hỏi này. Tôi có thể giúp về thành phố Cần Thơ, chính sách cho người Việt Nam ở nước ngoài, đi làm việc ở nước ngoài theo hợp đồng và kết hôn với người nước ngoài. Để được tư vấn trực tiếp, hãy gọi tổng đài 1088."
	}
	return "Sorry, I could not find information reliable enough to answer this. I can help with Cần Thơ city, policies for Vietnamese abroad, working abroad under contract, and marrying a foreigner. To talk to a counsellor, call the 1088 line."
}

// snippet cuts text to at most n runes at a word boundary.
func snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
