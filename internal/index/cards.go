package index

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// CardSummary is what a card run did.
type CardSummary struct {
	Stored, Unchanged, Retired int
	Embedded                   int // question vectors written, including verified answers'
	Duration                   time.Duration
}

func (s CardSummary) String() string {
	return fmt.Sprintf("cards: stored %d, unchanged %d, retired %d; %d question vectors in %.2fs",
		s.Stored, s.Unchanged, s.Retired, s.Embedded, s.Duration.Seconds())
}

// LoadCards loads the answer cards of fsys (curated.CardGlob) into the
// store, approved: new and changed cards are stored with their questions
// embedded, cards no longer in the files are retired, and every curated
// question still without a vector (a verified answer's, or all of them
// after a change of embedder) is embedded. A card file that does not
// parse stops the run before anything is written.
func (ix *Indexer) LoadCards(ctx context.Context, fsys fs.FS) (CardSummary, error) {
	start := time.Now()
	var sum CardSummary
	cards, err := curated.LoadCards(fsys)
	if err != nil {
		return sum, err
	}
	if err := ix.DB.UseCuratedDim(ctx, ix.Embedder.Dim()); err != nil {
		return sum, err
	}
	have, err := ix.DB.CardHashes(ctx)
	if err != nil {
		return sum, err
	}
	keep := make([]string, 0, len(cards))
	for _, c := range cards {
		keep = append(keep, c.ID)
		hash := c.Hash() + ":" + vitext.Version + ":" + embedderVersion(ix.Embedder)
		if have[c.ID] == hash {
			sum.Unchanged++
			continue
		}
		n, err := ix.storeCard(ctx, c, hash)
		if err != nil {
			return sum, fmt.Errorf("card %s (%s): %w", c.ID, c.Path, err)
		}
		sum.Stored++
		sum.Embedded += n
	}
	if sum.Retired, err = ix.DB.RetireCardsExcept(ctx, keep); err != nil {
		return sum, err
	}
	n, err := ix.embedPending(ctx)
	sum.Embedded += n
	sum.Duration = time.Since(start)
	return sum, err
}

// storeCard embeds c's questions and stores c; it returns the number of
// questions embedded.
func (ix *Indexer) storeCard(ctx context.Context, c curated.Card, hash string) (int, error) {
	qs := c.Questions()
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Text
	}
	vecs, err := ix.Embedder.Embed(ctx, texts)
	if err != nil {
		return 0, err
	}
	for i := range qs {
		qs[i].Embedding, qs[i].EmbeddedWith = vecs[i], embedderVersion(ix.Embedder)
	}
	return len(qs), ix.DB.ReplaceCard(ctx, c.Stored(), hash, qs)
}

// embedPending embeds the curated questions that have no vector, or one
// from another embedder version (a verified answer's, after an embedder
// or glossary change), 64 at a time, and returns how many it embedded.
func (ix *Indexer) embedPending(ctx context.Context) (int, error) {
	version := embedderVersion(ix.Embedder)
	pending, err := ix.DB.QuestionsToEmbed(ctx, version)
	if err != nil {
		return 0, err
	}
	done := 0
	for len(pending) > 0 {
		batch := pending[:min(64, len(pending))]
		pending = pending[len(batch):]
		ids, texts := make([]int64, len(batch)), make([]string, len(batch))
		for i, q := range batch {
			ids[i], texts[i] = q.ID, q.Text
		}
		vecs, err := ix.Embedder.Embed(ctx, texts)
		if err != nil {
			return done, err
		}
		if err := ix.DB.SetQuestionVectors(ctx, ids, vecs, version); err != nil {
			return done, err
		}
		done += len(batch)
	}
	return done, nil
}
