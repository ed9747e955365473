package openai

import (
	"context"
	"fmt"

	goopenai "github.com/sashabaranov/go-openai"
)

// Embed returns one vector per text, in the order of texts, in one request
// (the caller batches). A reply with the wrong number of vectors or an
// index out of range is ErrBadResponse.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	var vecs [][]float32
	err := c.retry(ctx, "embeddings", func(ctx context.Context) error {
		resp, err := c.api.CreateEmbeddings(ctx, goopenai.EmbeddingRequestStrings{
			Input: texts,
			Model: goopenai.EmbeddingModel(model),
		})
		if err != nil {
			return err
		}
		if len(resp.Data) != len(texts) {
			return &Error{Op: "embeddings", Kind: ErrBadResponse,
				Message: fmt.Sprintf("%d vectors for %d inputs", len(resp.Data), len(texts))}
		}
		vecs = make([][]float32, len(texts))
		for _, d := range resp.Data {
			if d.Index < 0 || d.Index >= len(texts) || vecs[d.Index] != nil {
				return &Error{Op: "embeddings", Kind: ErrBadResponse,
					Message: fmt.Sprintf("index %d for %d inputs", d.Index, len(texts))}
			}
			vecs[d.Index] = d.Embedding
		}
		return nil
	})
	return vecs, err
}
