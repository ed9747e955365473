package answer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"text/template"
	"time"

	"github.com/cantho-connect/assistant/internal/openai"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// ChatClient sends chat completions, plain or streamed (onDelta receives
// the text as it arrives), and returns the reply's text. *openai.Client
// is one; it retries rate limits, server and network errors itself.
type ChatClient interface {
	Complete(ctx context.Context, req openai.ChatRequest) (string, error)
	Stream(ctx context.Context, req openai.ChatRequest, onDelta func(string)) (string, error)
}

// LLM composes answers with an OpenAI-compatible chat completions server.
type LLM struct {
	client ChatClient
	model  string
	tmpl   *template.Template
}

// LLMConfig configures NewLLM. Client, when set, sends the requests;
// otherwise NewLLM makes an openai.Client from BaseURL, APIKey,
// HTTPClient, Timeout and Retries.
type LLMConfig struct {
	Client                 ChatClient
	BaseURL, APIKey, Model string
	Prompts                fs.FS         // holds answer.tmpl
	Timeout                time.Duration // per attempt; default 20s
	Retries                int           // after the first attempt, on 429/5xx/network errors; default 1, <0 for none
	HTTPClient             *http.Client
}

// chatConfig is the adapter configuration of the LLM composer's defaults:
// Timeout per attempt (default 20s), Retries (0: one, <0: none) and a
// 300ms first backoff.
func chatConfig(baseURL, apiKey string, timeout time.Duration, retries int, hc *http.Client) openai.Config {
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	switch {
	case retries == 0:
		retries = 1
	case retries < 0:
		retries = 0
	}
	return openai.Config{BaseURL: baseURL, APIKey: apiKey, HTTPClient: hc, Timeout: timeout, Retries: retries, Backoff: 300 * time.Millisecond}
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
	l := &LLM{client: cfg.Client, model: cfg.Model, tmpl: tmpl}
	if l.client == nil {
		l.client = openai.New(chatConfig(cfg.BaseURL, cfg.APIKey, cfg.Timeout, cfg.Retries, cfg.HTTPClient))
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

func (l *LLM) messages(req Request) ([]openai.Message, error) {
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
	return []openai.Message{
		{Role: openai.RoleSystem, Content: sys.String()},
		{Role: openai.RoleUser, Content: user.String()},
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
	creq := openai.ChatRequest{Model: l.model, Messages: msgs, Temperature: 0.1, MaxTokens: 500}
	var text string
	if onDelta != nil {
		text, err = l.client.Stream(ctx, creq, onDelta)
	} else {
		text, err = l.client.Complete(ctx, creq)
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

// Rewrite turns a follow-up question into a standalone one.
func (l *LLM) Rewrite(ctx context.Context, previous, question string) (string, error) {
	var buf bytes.Buffer
	if err := l.tmpl.ExecuteTemplate(&buf, "rewrite", promptData{Previous: previous, Question: question}); err != nil {
		return "", fmt.Errorf("llm: rewrite prompt: %w", err)
	}
	creq := openai.ChatRequest{
		Model: l.model, Temperature: 0, MaxTokens: 100,
		Messages: []openai.Message{{Role: openai.RoleUser, Content: buf.String()}},
	}
	text, err := l.client.Complete(ctx, creq)
	if err != nil {
		return "", fmt.Errorf("llm: rewrite: %w", err)
	}
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 500 {
		return "", errors.New("llm: rewrite: unusable reply")
	}
	return text, nil
}
