package embed

import (
	"strings"
	"testing"
)

var benchChunk = strings.Repeat("Người lao động đi làm việc ở nước ngoài theo hợp đồng phải học bồi dưỡng kiến thức cần thiết trước khi xuất cảnh. Workers must complete pre-departure orientation. ", 6)

// BenchmarkHashingChunk embeds one ~1,000-character chunk.
func BenchmarkHashingChunk(b *testing.B) {
	h := NewHashing(DefaultHashingDim)
	b.SetBytes(int64(len(benchChunk)))
	for b.Loop() {
		_ = h.Vector(benchChunk)
	}
}
