package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// What went wrong with a call, for errors.Is. Every error the Client
// returns wraps exactly one of them (or ctx's error when the caller's
// context ended).
var (
	// ErrUnauthorized: the server refused the API key (401, 403).
	ErrUnauthorized = errors.New("unauthorized: check OPENAI_API_KEY")
	// ErrRateLimited: the server asked us to slow down (429).
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: the server failed (5xx).
	ErrServer = errors.New("server error")
	// ErrBadModel: the server does not know the model (404, or
	// model_not_found).
	ErrBadModel = errors.New("unknown model")
	// ErrBadRequest: the server rejected the request (another 4xx).
	ErrBadRequest = errors.New("bad request")
	// ErrTimeout: an attempt took longer than Config.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrUnreachable: no answer from the server (connection refused, DNS,
	// a broken stream).
	ErrUnreachable = errors.New("server unreachable")
	// ErrBadResponse: the server answered 200 with something unusable
	// (no choices, the wrong number of vectors).
	ErrBadResponse = errors.New("unusable response")
)

// Error is a failed call after its retries. Its text names the operation,
// the HTTP status and the server's message with anything that looks like a
// key removed; it never holds the API key.
type Error struct {
	Op       string // "chat", "chat stream" or "embeddings"
	Kind     error  // one of the Err* values above
	Status   int    // HTTP status, 0 when there was no response
	Message  string // the server's message, redacted; may be empty
	Attempts int
	cause    error // a transport or context error; never a go-openai error, whose text is not redacted
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "openai %s: %s", e.Op, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Unwrap gives Kind and, for transport failures, the underlying error.
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Kind, e.cause}
	}
	return []error{e.Kind}
}

// retryable reports whether another attempt may succeed: rate limits,
// server errors, timeouts and transport errors are; the rest are not.
func (e *Error) retryable() bool {
	switch e.Kind {
	case ErrRateLimited, ErrServer, ErrTimeout, ErrUnreachable:
		return true
	}
	return false
}

// keyRE matches API keys as OpenAI and most compatible servers print them,
// whole or masked ("sk-abc…", "sk-proj-***").
var keyRE = regexp.MustCompile(`\b(sk|rk|pk)-[A-Za-z0-9_*.\-]{3,}`)

// mapError turns a go-openai error into an *Error. attemptCtx is the
// context of the attempt (with its timeout), apiKey what to redact.
func mapError(op string, err error, attemptCtx context.Context, apiKey string) *Error {
	e := &Error{Op: op, Attempts: 1}
	var apiErr *goopenai.APIError
	var reqErr *goopenai.RequestError
	switch {
	case errors.As(err, &apiErr):
		e.Status, e.Message = apiErr.HTTPStatusCode, apiErr.Message
		e.Kind = kindOf(e.Status, apiErr.Code)
	case errors.As(err, &reqErr):
		e.Status = reqErr.HTTPStatusCode
		e.Kind = kindOf(e.Status, nil)
	case errors.Is(attemptCtx.Err(), context.DeadlineExceeded):
		e.Kind, e.cause = ErrTimeout, context.DeadlineExceeded
	default:
		e.Kind, e.cause = ErrUnreachable, err
	}
	if e.Kind == ErrUnauthorized {
		e.Message = "" // servers echo part of the key back
	}
	e.Message = redact(e.Message, apiKey)
	return e
}

func kindOf(status int, code any) error {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	case status == http.StatusNotFound || code == "model_not_found":
		return ErrBadModel
	case status >= 400:
		return ErrBadRequest
	}
	return ErrUnreachable // a 1xx/3xx the client could not use
}

func redact(msg, apiKey string) string {
	if apiKey != "" {
		msg = strings.ReplaceAll(msg, apiKey, "[redacted]")
	}
	msg = keyRE.ReplaceAllString(msg, "[redacted]")
	if r := []rune(msg); len(r) > 300 {
		msg = string(r[:300]) + "…"
	}
	return msg
}
