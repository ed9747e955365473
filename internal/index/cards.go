package index

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// CardSummary is what a card run did.
type CardSummary struct {
	Stored, Unchanged, Retired int
	Embedded                   int // question vectors written, including verified answers'
	Tied                       int // ties of a card to a chunk of its document, one per language
	Duration                   time.Duration
}

func (s CardSummary) String() string {
	return fmt.Sprintf("cards: stored %d, unchanged %d, retired %d; %d question vectors, %d ties to chunks in %.2fs",
		s.Stored, s.Unchanged, s.Retired, s.Embedded, s.Tied, s.Duration.Seconds())
}

// LoadCards loads the answer cards of fsys (curated.CardGlob) into the
// store, approved: new and changed cards are stored with their questions
// embedded, cards no longer in the files are retired, every card is tied
// again to the chunk of its document it was written from (tieCards), and
// every curated question still without a vector (a verified answer's, or
// all of them after a change of embedder) is embedded. A card file that does not
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
	if sum.Tied, err = ix.tieCards(ctx, cards); err != nil {
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

// tieCards ties each card to the chunk of its document, in each language
// the document and the card's answer have, that shares the most word
// pairs with the card's answer (then the most words, then the first), and
// replaces every tie in the store with these; it returns how many. A card
// whose document has no chunks in a language of its answer is tied to
// nothing in that language, with a warning naming it. Run after the
// documents are indexed: a chunk rewritten since has lost its ties.
func (ix *Indexer) tieCards(ctx context.Context, cards []curated.Card) (int, error) {
	var ties []store.CardChunk
	chunks := map[[2]string][]store.Hit{}
	for _, c := range cards {
		for _, lang := range []string{"vi", "en"} {
			answer := c.Answer[lang]
			if strings.TrimSpace(answer) == "" {
				continue
			}
			key := [2]string{c.DocumentID(), lang}
			hs, ok := chunks[key]
			if !ok {
				var err error
				if hs, err = ix.DB.DocumentChunks(ctx, key[0], lang); err != nil {
					return 0, err
				}
				chunks[key] = hs
			}
			ord, ok := closestChunk(answer, hs)
			if !ok {
				// The card still answers; its questions lead nowhere in
				// this language until its document is indexed in it.
				ix.Log.Warn("card not tied to a section: its document has no chunks in this language",
					"card", c.ID, "path", c.Path, "document", key[0], "lang", lang)
				continue
			}
			ties = append(ties, store.CardChunk{AnswerID: c.ID, DocumentID: key[0], Lang: lang, Ord: ord})
		}
	}
	return len(ties), ix.DB.ReplaceCardChunks(ctx, ties)
}

// closestChunk is the position of the chunk of hs (heading and text) that
// shares the most distinct folded word pairs with answer, then the most
// words, the first one on a tie; false when hs is empty.
func closestChunk(answer string, hs []store.Hit) (ord int, ok bool) {
	words, pairs := wordsAndPairs(answer)
	best := [2]int{-1, -1}
	for _, h := range hs {
		w, p := wordsAndPairs(h.Heading + "\n" + h.Text)
		score := [2]int{shared(pairs, p), shared(words, w)}
		if score[0] > best[0] || (score[0] == best[0] && score[1] > best[1]) {
			best, ord, ok = score, h.Ord, true
		}
	}
	return ord, ok
}

// wordsAndPairs are the distinct folded words of s and the distinct pairs
// of words next to each other.
func wordsAndPairs(s string) (words, pairs map[string]bool) {
	toks := vitext.FoldedTokens(s)
	words, pairs = make(map[string]bool, len(toks)), make(map[string]bool, len(toks))
	for i, t := range toks {
		words[t] = true
		if i > 0 {
			pairs[toks[i-1]+" "+t] = true
		}
	}
	return words, pairs
}

// shared counts the keys of a that b has.
func shared(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}
