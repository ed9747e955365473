package embed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAI embeds with any server that speaks the OpenAI embeddings API
// (OpenAI, Ollama, vLLM, llama.cpp server, …), in batches, retrying
// rate-limit, server and network errors with exponential backoff.
type OpenAI struct {
	client    *openai.Client
	model     string
	dim       int
	batchSize int
	retries   int
	backoff   time.Duration
}

// OpenAIConfig configures NewOpenAI. BaseURL and APIKey may be empty for
// OpenAI's own API and for servers that need no key respectively.
type OpenAIConfig struct {
	BaseURL    string
	APIKey     string
	Model      string
	BatchSize  int           // inputs per request; default 64
	Retries    int           // retries after the first try; default 4
	Backoff    time.Duration // first wait between tries, doubled each time; default 500ms
	HTTPClient *http.Client  // default: 60 s timeout
}

// NewOpenAI connects to the server and learns the model's dimension by
// embedding one probe text; it fails when the server cannot be reached or
// the model is unknown.
func NewOpenAI(ctx context.Context, cfg OpenAIConfig) (*OpenAI, error) {
	if cfg.Model == "" {
		return nil, errors.New("openai embedder: EMBEDDING_MODEL is empty")
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	oc.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	e := &OpenAI{
		client:    openai.NewClientWithConfig(oc),
		model:     cfg.Model,
		batchSize: cmp(cfg.BatchSize, 64),
		retries:   cmp(cfg.Retries, 4),
		backoff:   time.Duration(cmp(int(cfg.Backoff), int(500*time.Millisecond))),
	}
	probe, err := e.embedBatch(ctx, []string{"Cần Thơ"})
	if err != nil {
		return nil, fmt.Errorf("openai embedder: probe %s: %w", cfg.Model, err)
	}
	e.dim = len(probe[0])
	return e, nil
}

func cmp(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Name identifies the model in the index.
func (e *OpenAI) Name() string { return "openai:" + e.model }

// Dim is the model's vector dimension.
func (e *OpenAI) Dim() int { return e.dim }

// Embed returns one vector per text, in order.
func (e *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += e.batchSize {
		batch := texts[start:min(start+e.batchSize, len(texts))]
		vecs, err := e.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		for _, v := range vecs {
			if e.dim != 0 && len(v) != e.dim {
				return nil, fmt.Errorf("embed: server returned %d dimensions, want %d", len(v), e.dim)
			}
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (e *OpenAI) embedBatch(ctx context.Context, batch []string) ([][]float32, error) {
	wait := e.backoff
	for attempt := 0; ; attempt++ {
		resp, err := e.client.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
			Input: batch,
			Model: openai.EmbeddingModel(e.model),
		})
		if err == nil {
			if len(resp.Data) != len(batch) {
				return nil, fmt.Errorf("embed: server returned %d vectors for %d inputs", len(resp.Data), len(batch))
			}
			vecs := make([][]float32, len(batch))
			for _, d := range resp.Data {
				if d.Index < 0 || d.Index >= len(batch) {
					return nil, fmt.Errorf("embed: server returned index %d for %d inputs", d.Index, len(batch))
				}
				vecs[d.Index] = d.Embedding
			}
			return vecs, nil
		}
		if attempt >= e.retries || !Retryable(ctx, err) {
			return nil, fmt.Errorf("embed: %w", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// Retryable reports whether a go-openai call is worth another try: rate
// limits, server errors, timeouts and transport errors are, while ctx is
// still alive; a bad request or a bad key is not. The LLM composer uses it
// too.
func Retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode == http.StatusTooManyRequests || apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode == http.StatusTooManyRequests || reqErr.HTTPStatusCode >= 500
	}
	return true
}
