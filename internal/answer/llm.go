package answer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"text/template"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// LLM composes answers with an OpenAI-compatible chat completions server.
type LLM struct {
	client  *openai.Client
	model   string
	tmpl    *template.Template
	timeout time.Duration
	retries int
	backoff time.Duration
}

// LLMConfig configures NewLLM.
type LLMConfig struct {
	BaseURL, APIKey, Model string
	Prompts                fs.FS         // holds answer.tmpl
	Timeout                time.Duration // per attempt; default 20s
	Retries                int           // after the first attempt, on 429/5xx/network errors; default 1
	HTTPClient             *http.Client
}

// NewLLM parses the prompt templates; it does not contact the server.
func NewLLM(cfg LLMConfig) (*LLM, error) {
	if cfg.Model == "" {
		return nil, errors.New("llm: LLM_MODEL is empty")
	}
	tmpl, err := template.New("answer.tmpl").Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).
		ParseFS(cfg.Prompts, "answer.tmpl")
	if err != nil {
		return nil, fmt.Errorf("llm: prompts: %w", err)
	}
	for _, name := range []string{"system", "user", "rewrite"} {
		if tmpl.Lookup(name) == nil {
			return nil, fmt.Errorf("llm: prompts: answer.tmpl must define %q", name)
		}
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	l := &LLM{client: openai.NewClientWithConfig(oc), model: cfg.Model, tmpl: tmpl,
		timeout: cfg.Timeout, retries: cfg.Retries, backoff: 300 * time.Millisecond}
	if l.timeout <= 0 {
		l.timeout = 20 * time.Second
	}
	if cfg.Retries == 0 {
		l.retries = 1
	}
	if cfg.Retries < 0 {
		l.retries = 0
	}
	return l, nil
}

type promptPassage struct {
	Passage
	LangName string
}

type promptData struct {
	Question string
	LangName string
	Passages []promptPassage
	Previous string
}

func (l *LLM) messages(req Request) ([]openai.ChatCompletionMessage, error) {
	d := promptData{Question: req.Question, LangName: fullLangName(req.Lang)}
	for _, p := range req.Passages {
		d.Passages = append(d.Passages, promptPassage{Passage: p, LangName: fullLangName(p.Lang)})
	}
	var sys, user bytes.Buffer
	if err := l.tmpl.ExecuteTemplate(&sys, "system", d); err != nil {
		return nil, err
	}
	if err := l.tmpl.ExecuteTemplate(&user, "user", d); err != nil {
		return nil, err
	}
	return []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: sys.String()},
		{Role: openai.ChatMessageRoleUser, Content: user.String()},
	}, nil
}

func fullLangName(lang string) string {
	if lang == vitext.Vietnamese {
		return "Vietnamese (tiếng Việt, with full diacritics)"
	}
	return "English"
}

// Compose asks the model for an answer from the passages.
func (l *LLM) Compose(ctx context.Context, req Request) (Composition, error) {
	return l.Stream(ctx, req, nil)
}

// Stream is Compose with the answer's text passed to onDelta as it arrives
// (onDelta may be nil). The returned composition is checked: the text is
// split into sentences, citation markers that point at no passage are
// dropped, and an answer that cites nothing, or says NO_ANSWER, is a
// NoAnswer composition.
func (l *LLM) Stream(ctx context.Context, req Request, onDelta func(string)) (Composition, error) {
	msgs, err := l.messages(req)
	if err != nil {
		return Composition{}, fmt.Errorf("llm: prompt: %w", err)
	}
	//lint:ignore SA1019 max_tokens is the field Ollama, vLLM and llama.cpp servers read
	creq := openai.ChatCompletionRequest{Model: l.model, Messages: msgs, Temperature: 0.1, MaxTokens: 500}
	var text string
	wait := l.backoff
	for attempt := 0; ; attempt++ {
		if onDelta != nil {
			text, err = l.stream(ctx, creq, onDelta)
		} else {
			text, err = l.complete(ctx, creq)
		}
		if err == nil || attempt >= l.retries || !embed.Retryable(ctx, err) {
			break
		}
		select {
		case <-ctx.Done():
			return Composition{}, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
	if err != nil {
		return Composition{}, fmt.Errorf("llm: %w", err)
	}
	text = strings.TrimSpace(text)
	if text == "" || strings.Contains(text, "NO_ANSWER") {
		return Composition{Composer: "llm", NoAnswer: true}, nil
	}
	quotes := parseMarked(text, len(req.Passages))
	if !anyCited(quotes) {
		return Composition{Composer: "llm", NoAnswer: true}, nil
	}
	comp := Composition{Composer: "llm"}
	cite(req, quotes, &comp)
	return comp, nil
}

func (l *LLM) complete(ctx context.Context, creq openai.ChatCompletionRequest) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	resp, err := l.client.CreateChatCompletion(ctx, creq)
	if err != nil {
		return "", err
	}
	if len(resp.Choices) == 0 {
		return "", errors.New("the server returned no choices")
	}
	return resp.Choices[0].Message.Content, nil
}

func (l *LLM) stream(ctx context.Context, creq openai.ChatCompletionRequest, onDelta func(string)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	creq.Stream = true
	st, err := l.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return "", err
	}
	defer st.Close()
	var b strings.Builder
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			continue
		}
		if d := resp.Choices[0].Delta.Content; d != "" {
			b.WriteString(d)
			onDelta(d)
		}
	}
}

// Rewrite turns a follow-up question into a standalone one.
func (l *LLM) Rewrite(ctx context.Context, previous, question string) (string, error) {
	var buf bytes.Buffer
	if err := l.tmpl.ExecuteTemplate(&buf, "rewrite", promptData{Previous: previous, Question: question}); err != nil {
		return "", fmt.Errorf("llm: rewrite prompt: %w", err)
	}
	creq := openai.ChatCompletionRequest{
		Model: l.model, Temperature: 0,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: buf.String()}},
	}
	//lint:ignore SA1019 max_tokens is the field Ollama, vLLM and llama.cpp servers read
	creq.MaxTokens = 100
	text, err := l.complete(ctx, creq)
	if err != nil {
		return "", fmt.Errorf("llm: rewrite: %w", err)
	}
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 500 {
		return "", errors.New("llm: rewrite: unusable reply")
	}
	return text, nil
}
