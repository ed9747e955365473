package retrieve

import (
	"slices"
	"sync"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// chunkWords is the vocabulary of one chunk (heading and text): its folded
// Terms and, apart, its words typed with Vietnamese marks, each sorted.
type chunkWords struct {
	terms, marked []string
}

func (w chunkWords) has(word string, marked bool) bool {
	list := w.terms
	if marked {
		list = w.marked
	}
	_, ok := slices.BinarySearch(list, word)
	return ok
}

func newChunkWords(h store.Hit) chunkWords {
	var w chunkWords
	for _, text := range []string{h.Heading, h.Text} {
		for _, tok := range vitext.Tokens(text) {
			if vitext.HasVietnameseMarks(tok) {
				w.marked = append(w.marked, tok)
			}
			w.terms = append(w.terms, vitext.Term(vitext.Fold(tok)))
		}
	}
	slices.Sort(w.terms)
	slices.Sort(w.marked)
	return chunkWords{terms: slices.Compact(w.terms), marked: slices.Compact(w.marked)}
}

// wordCache keeps the vocabularies of recently seen chunks, so that
// judging how well documents cover a question does not read the same
// chunks again for every question. A chunk's id changes when its
// document is indexed again, so entries never go stale; when the cache is
// full it starts afresh (the shipped knowledge base has ~500 chunks).
type wordCache struct {
	mu sync.Mutex
	m  map[int64]chunkWords
}

const wordCacheSize = 4096 // chunks, about 2 KB each

func (c *wordCache) get(h store.Hit) chunkWords {
	c.mu.Lock()
	w, ok := c.m[h.ChunkID]
	c.mu.Unlock()
	if ok {
		return w
	}
	w = newChunkWords(h)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= wordCacheSize {
		c.m = make(map[int64]chunkWords, 512)
	}
	c.m[h.ChunkID] = w
	c.mu.Unlock()
	return w
}
