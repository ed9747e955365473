package openai

import (
	"context"
	"errors"
	"io"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// Chat roles.
const (
	RoleSystem    = goopenai.ChatMessageRoleSystem
	RoleUser      = goopenai.ChatMessageRoleUser
	RoleAssistant = goopenai.ChatMessageRoleAssistant
)

// Message is one chat message.
type Message struct {
	Role    string // RoleSystem, RoleUser or RoleAssistant
	Content string
}

// ChatRequest is one chat completion.
type ChatRequest struct {
	Model       string
	Messages    []Message
	Temperature float32
	MaxTokens   int // 0: the server's default
}

func (r ChatRequest) wire() goopenai.ChatCompletionRequest {
	msgs := make([]goopenai.ChatCompletionMessage, len(r.Messages))
	for i, m := range r.Messages {
		msgs[i] = goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	//lint:ignore SA1019 max_tokens is the field Ollama, vLLM and llama.cpp servers read
	return goopenai.ChatCompletionRequest{Model: r.Model, Messages: msgs, Temperature: r.Temperature, MaxTokens: r.MaxTokens}
}

// Complete returns the text of the first choice. Errors are described in
// the package comment; a reply with no choice is ErrBadResponse.
func (c *Client) Complete(ctx context.Context, req ChatRequest) (string, error) {
	var text string
	err := c.retry(ctx, "chat", func(ctx context.Context) error {
		resp, err := c.api.CreateChatCompletion(ctx, req.wire())
		if err != nil {
			return err
		}
		if len(resp.Choices) == 0 {
			return &Error{Op: "chat", Kind: ErrBadResponse, Message: "no choices"}
		}
		text = resp.Choices[0].Message.Content
		return nil
	})
	return text, err
}

// Stream is Complete with the text passed to onDelta piece by piece as the
// server sends it (server-sent events). A failed attempt that is retried
// starts the text again: onDelta may then see the beginning twice.
func (c *Client) Stream(ctx context.Context, req ChatRequest, onDelta func(string)) (string, error) {
	var text string
	err := c.retry(ctx, "chat stream", func(ctx context.Context) error {
		wreq := req.wire()
		wreq.Stream = true
		st, err := c.api.CreateChatCompletionStream(ctx, wreq)
		if err != nil {
			return err
		}
		defer st.Close()
		var b strings.Builder
		for {
			resp, err := st.Recv()
			if errors.Is(err, io.EOF) {
				text = b.String()
				return nil
			}
			if err != nil {
				return err
			}
			if len(resp.Choices) == 0 {
				continue
			}
			if d := resp.Choices[0].Delta.Content; d != "" {
				b.WriteString(d)
				onDelta(d)
			}
		}
	})
	return text, err
}
