package embed

import (
	"context"
	"errors"
	"fmt"
)

// EmbeddingClient embeds one batch of texts with a model: one vector per
// text, in order. *openai.Client is one; it retries rate limits, server and
// network errors.
type EmbeddingClient interface {
	Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
}

// OpenAI embeds with any server that speaks the OpenAI embeddings API
// (OpenAI, Ollama, vLLM, llama.cpp server, …), in batches.
type OpenAI struct {
	client    EmbeddingClient
	model     string
	dim       int
	batchSize int
}

// OpenAIConfig configures NewOpenAI.
type OpenAIConfig struct {
	Client    EmbeddingClient // required
	Model     string          // required
	BatchSize int             // inputs per request; default 64
}

// NewOpenAI learns the model's dimension by embedding one probe text; it
// fails when the server cannot be reached or the model is unknown.
func NewOpenAI(ctx context.Context, cfg OpenAIConfig) (*OpenAI, error) {
	if cfg.Model == "" {
		return nil, errors.New("openai embedder: EMBEDDING_MODEL is empty")
	}
	e := &OpenAI{client: cfg.Client, model: cfg.Model, batchSize: cfg.BatchSize}
	if e.batchSize <= 0 {
		e.batchSize = 64
	}
	probe, err := e.client.Embed(ctx, e.model, []string{"Cần Thơ"})
	if err != nil {
		return nil, fmt.Errorf("openai embedder: probe %s: %w", cfg.Model, err)
	}
	e.dim = len(probe[0])
	return e, nil
}

// Name identifies the model in the index.
func (e *OpenAI) Name() string { return "openai:" + e.model }

// Dim is the model's vector dimension.
func (e *OpenAI) Dim() int { return e.dim }

// Embed returns one vector per text, in order. A vector of another
// dimension than the probe's is an error.
func (e *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += e.batchSize {
		batch := texts[start:min(start+e.batchSize, len(texts))]
		vecs, err := e.client.Embed(ctx, e.model, batch)
		if err != nil {
			return nil, fmt.Errorf("embed: %w", err)
		}
		for _, v := range vecs {
			if len(v) != e.dim {
				return nil, fmt.Errorf("embed: server returned %d dimensions, want %d", len(v), e.dim)
			}
		}
		out = append(out, vecs...)
	}
	return out, nil
}
