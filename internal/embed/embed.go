// Package embed turns text into vectors. Hashing is the offline default: a
// deterministic feature-hashing embedder that needs no model. OpenAI calls
// any server that speaks the OpenAI embeddings API.
package embed

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Hashing is a feature-hashing embedder for Vietnamese and English. Its
// features are the syllables of the text with and without diacritics, the
// syllable bigrams of the folded text (Vietnamese words are mostly two
// syllables), and character 3–5-grams of the folded text; each is hashed
// with a sign into a fixed number of dimensions, weighted by 1+ln(tf) and the
// vector is L2-normalised. The same text always gives the same vector, in
// every process (the hash seed is fixed).
//
// With concepts (NewHashingConcepts) it also has a feature per glossary
// concept the text names, so that the ways to say one thing ("ký quỹ",
// "tiền cọc", "deposit") share a feature across languages and registers,
// which syllables and character n-grams cannot.
type Hashing struct {
	dim      int
	pool     sync.Pool
	concepts Concepts // Mentions is nil without the concept features
}

// Concepts configures the concept features of a hashing embedder.
type Concepts struct {
	// Mentions names the concepts a text mentions, a name once per
	// mention (retrieve.Glossary.ConceptMentions: once per sentence that
	// names it). It must be safe for concurrent use.
	Mentions func(text string) []string
	// Weight is the weight of a concept feature (a word's is 1); its
	// value is Weight·(1+ln mentions), like every feature's.
	Weight float64
	// Version identifies what Mentions knows (a hash of the glossary
	// files); the indexer re-embeds every document when it changes (see
	// Hashing.Version).
	Version string
}

// DefaultHashingDim is the dimension of the default hashing embedder.
const DefaultHashingDim = 512

// Feature group weights: words count fully, character n-grams (many per
// word) less, so that they help with spelling variants without drowning
// the words.
const (
	weightWord     = 1.0
	weightFolded   = 1.0
	weightBigram   = 1.0
	weightCharGram = 0.35
)

// DefaultConceptWeight is the weight of a concept feature, unitless (a
// word's is 1). 2, with a feature per sentence naming the concept: on the
// tuning sets (cards off) fact in answer public 0.814 → 0.814, training
// 0.814 → 0.815, fresh gaps 0.600 → 0.637, gaps public 0.938 → 0.938,
// hand-offs 4 → 2, 14 → 12, 7 → 4; once per text instead, 0.5, 1 and 2
// lowered public to 0.806, 0.791 and 0.795; per sentence, 1, 1.5, 2.5, 3
// and 4 gave public 0.795, 0.795, 0.810, 0.810, 0.822 (4 answered 3 more
// out-of-scope probes). docs/benchmarks.md, "2026-11-30, morning".
const DefaultConceptWeight = 2.0

// NewHashing returns a hashing embedder of dim dimensions.
func NewHashing(dim int) *Hashing {
	h := &Hashing{dim: dim}
	h.pool.New = func() any { return make(map[uint64]feature, 1024) }
	return h
}

// NewHashingConcepts returns a hashing embedder of dim dimensions with
// the concept features of c (c.Mentions must not be nil). The vectors of
// a text that names no concept are those of NewHashing.
func NewHashingConcepts(dim int, c Concepts) *Hashing {
	h := NewHashing(dim)
	h.concepts = c
	return h
}

// Name identifies the embedder and its settings in the index:
// "hashing-v1" without concepts, "hashing-v2-concepts" with concepts of
// DefaultConceptWeight, and the weight appended otherwise
// ("hashing-v2-concepts-w0.5"). A change of name needs
// 'assistant index --rebuild'.
func (h *Hashing) Name() string {
	switch {
	case h.concepts.Mentions == nil:
		return "hashing-v1"
	case h.concepts.Weight == DefaultConceptWeight:
		return "hashing-v2-concepts"
	default:
		return fmt.Sprintf("hashing-v2-concepts-w%g", h.concepts.Weight)
	}
}

// Version is Name, followed by the concepts' version when there are
// concepts: what decides the vectors beyond the text. A glossary edit
// changes it without changing Name, so the indexer re-embeds every
// document without a rebuild.
func (h *Hashing) Version() string {
	if h.concepts.Mentions == nil {
		return h.Name()
	}
	return h.Name() + "+" + h.concepts.Version
}

// Dim is the vector dimension.
func (h *Hashing) Dim() int { return h.dim }

// Embed returns one vector per text. It never fails.
func (h *Hashing) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = h.Vector(t)
	}
	return out, nil
}

// Vector embeds one text.
func (h *Hashing) Vector(text string) []float32 {
	counts := h.pool.Get().(map[uint64]feature)
	defer func() { clear(counts); h.pool.Put(counts) }()

	raw := vitext.Tokens(text)
	folded := make([]string, len(raw))
	for i, t := range raw {
		folded[i] = vitext.Term(vitext.Fold(t))
		if t != folded[i] {
			add(counts, hash("w", t), weightWord)
		}
		add(counts, hash("f", folded[i]), weightFolded)
		if i > 0 {
			add(counts, hash2("b", folded[i-1], folded[i]), weightBigram)
		}
	}
	if h.concepts.Mentions != nil {
		w := float32(h.concepts.Weight)
		for _, c := range h.concepts.Mentions(text) {
			add(counts, hash("k", c), w)
		}
	}
	joined := " " + strings.Join(folded, " ") + " "
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(joined); i++ {
			add(counts, hash("c", joined[i:i+n]), weightCharGram)
		}
	}

	vec := make([]float32, h.dim)
	for key, f := range counts {
		idx := key % uint64(h.dim)
		v := f.weight * float32(1+math.Log(float64(f.tf)))
		if key>>63 == 1 {
			v = -v
		}
		vec[idx] += v
	}
	normalize(vec)
	return vec
}

type feature struct {
	tf     int
	weight float32
}

func add(m map[uint64]feature, key uint64, weight float32) {
	f := m[key]
	f.tf++
	f.weight = weight
	m[key] = f
}

func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hash(prefix, s string) uint64 {
	h := uint64(fnvOffset)
	h = fnvString(h, prefix)
	h = fnvString(h, "\x00")
	return mix(fnvString(h, s))
}

func hash2(prefix, a, b string) uint64 {
	h := uint64(fnvOffset)
	h = fnvString(h, prefix)
	h = fnvString(h, "\x00")
	h = fnvString(h, a)
	h = fnvString(h, " ")
	return mix(fnvString(h, b))
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// mix spreads FNV's weak low bits (splitmix64 finaliser).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
