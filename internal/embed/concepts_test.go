package embed_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/knowledge"
)

func conceptEmbedder(t *testing.T) *embed.Hashing {
	t.Helper()
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	return embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{
		Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
}

func cos(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}

// TestConceptsBridgeLanguages checks the cross-lingual retrieval the
// concept features are for: a Vietnamese question and an English passage
// (or the other way round) that name the same things in other words share
// no syllable, so only the concepts bring them closer; a passage on
// something else does not come closer.
func TestConceptsBridgeLanguages(t *testing.T) {
	plain, concepts := embed.NewHashing(embed.DefaultHashingDim), conceptEmbedder(t)
	for _, c := range []struct{ question, passage, unrelated string }{
		{"Tiền ký quỹ có được trả lại khi về nước không?",
			"The deposit is returned to the worker when the contract ends.",
			"The Cần Thơ Bridge opened in 2010."},
		{"Tôi bị chồng đánh thì phải làm sao?",
			"Domestic violence victims can ask the police for protection.",
			"Seafood processing is one of the city's main industries."},
		{"Can a company charge me a brokerage fee?",
			"Pháp luật cấm thu tiền môi giới của người lao động.",
			"Đờn ca tài tử được UNESCO công nhận là di sản văn hóa phi vật thể."},
	} {
		before := cos(plain.Vector(c.question), plain.Vector(c.passage))
		after := cos(concepts.Vector(c.question), concepts.Vector(c.passage))
		if after < before+0.05 {
			t.Errorf("%q ~ %q: cosine %.3f with concepts, %.3f without; want at least 0.05 more", c.question, c.passage, after, before)
		}
		t.Logf("%.3f → %.3f: %q ~ %q", before, after, c.question, c.passage)
		other := cos(concepts.Vector(c.question), concepts.Vector(c.unrelated))
		if other >= after {
			t.Errorf("%q: unrelated %q at %.3f, the same concept at %.3f", c.question, c.unrelated, other, after)
		}
	}
}

// TestConceptsOnlyAddConcepts checks that a text naming no concept keeps
// its vector, and that the name, which the index records, says whether
// concepts are on.
func TestConceptsOnlyAddConcepts(t *testing.T) {
	plain, concepts := embed.NewHashing(embed.DefaultHashingDim), conceptEmbedder(t)
	text := "Hôm nay trời đẹp, mình đi dạo công viên."
	if !slices.Equal(plain.Vector(text), concepts.Vector(text)) {
		t.Errorf("%q names no concept but its vector changed", text)
	}
	if plain.Name() == concepts.Name() || concepts.Version() == concepts.Name() {
		t.Errorf("names %q and %q, version %q: want the concepts in the name and the glossary in the version", plain.Name(), concepts.Name(), concepts.Version())
	}
}

// BenchmarkHashingConceptsChunk embeds one ~1,000-character chunk with
// the knowledge base's concepts (BenchmarkHashingChunk without them).
func BenchmarkHashingConceptsChunk(b *testing.B) {
	g, err := retrieve.LoadGlossary(knowledge.FS)
	if err != nil {
		b.Fatal(err)
	}
	h := embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{
		Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
	chunk := strings.Repeat("Người lao động đi làm việc ở nước ngoài theo hợp đồng phải học bồi dưỡng kiến thức cần thiết trước khi xuất cảnh. Workers must complete pre-departure orientation. ", 6)
	b.SetBytes(int64(len(chunk)))
	for b.Loop() {
		_ = h.Vector(chunk)
	}
}
