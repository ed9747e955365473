// Package openai is the one adapter around go-openai: it sets up the client
// for any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp
// server), retries rate limits, server errors and network errors with
// exponential backoff, and maps failures to errors that say what went wrong
// (ErrUnauthorized, ErrRateLimited, ErrServer, ErrBadModel…) without the API
// key. It offers chat completions, plain and streamed, and embeddings; the
// rest of the code uses it through small interfaces of its own.
package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// Config configures New. Zero fields take their defaults.
type Config struct {
	BaseURL string // default: OpenAI's API
	APIKey  string // may be empty for servers that need none
	// HTTPClient sends the requests; default: a client without its own
	// timeout (Timeout bounds each attempt).
	HTTPClient *http.Client
	// Timeout bounds one attempt, streaming included; default 60s.
	Timeout time.Duration
	// Retries after the first attempt on ErrRateLimited, ErrServer,
	// ErrTimeout and ErrUnreachable; 0: none.
	Retries int
	// Backoff is the first wait between attempts, doubled each time;
	// default 500ms.
	Backoff time.Duration
}

// Client calls one OpenAI-compatible server. It is safe for concurrent use.
type Client struct {
	api     *goopenai.Client
	apiKey  string
	timeout time.Duration
	retries int
	backoff time.Duration
}

// New returns a client; it does not contact the server.
func New(cfg Config) *Client {
	oc := goopenai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	oc.HTTPClient = &http.Client{}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	c := &Client{api: goopenai.NewClientWithConfig(oc), apiKey: cfg.APIKey,
		timeout: cfg.Timeout, retries: max(cfg.Retries, 0), backoff: cfg.Backoff}
	if c.timeout <= 0 {
		c.timeout = 60 * time.Second
	}
	if c.backoff <= 0 {
		c.backoff = 500 * time.Millisecond
	}
	return c
}

// retry runs attempt until it succeeds, fails in a way another attempt
// cannot fix, or the retries are spent. Each attempt gets its own timeout.
// The error is an *Error, or wraps ctx's error once ctx has ended.
func (c *Client) retry(ctx context.Context, op string, attempt func(ctx context.Context) error) error {
	wait := c.backoff
	for n := 1; ; n++ {
		actx, cancel := context.WithTimeout(ctx, c.timeout)
		err := attempt(actx)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			e = mapError(op, err, actx, c.apiKey)
		}
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("openai %s: %w", op, ctx.Err())
		}
		e.Attempts = n
		if n > c.retries || !e.retryable() {
			return e
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("openai %s: %w", op, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}
