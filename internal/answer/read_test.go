package answer

import (
	"context"
	"reflect"
	"testing"
)

// A Reader that has read a passage before answers every question exactly
// as reading it anew does, and a changed text under the same heading is
// read again, not taken for the old one.
func TestReaderAnswersAsReadingAnew(t *testing.T) {
	r := new(Reader)
	questions := []string{
		"tiền dịch vụ tối đa bao nhiêu tháng tiền lương",
		"cầu Cần Thơ thông xe năm nào",
		"cần giấy tờ gì, có biên lai không",
	}
	for round := range 2 {
		for _, q := range questions {
			req := Request{Question: q, Lang: "vi", Passages: feePassages(), Weights: weights(q)}
			want := ComposeExtractive(req)
			got, _ := Extractive{Reader: r}.Compose(context.Background(), req)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, %q: with a reader\n%+v\nanew\n%+v", round, q, got, want)
			}
		}
	}
	ps := feePassages()
	ps[1].Text = "Cầu Cần Thơ dài 2,75 km."
	q := "cầu Cần Thơ dài bao nhiêu km"
	req := Request{Question: q, Lang: "vi", Passages: ps, Weights: weights(q)}
	got, _ := Extractive{Reader: r}.Compose(context.Background(), req)
	if want := ComposeExtractive(req); !reflect.DeepEqual(got, want) {
		t.Errorf("changed text: with a reader\n%+v\nanew\n%+v", got, want)
	}
}

// A Reader keeps at most maxRead passages.
func TestReaderIsBounded(t *testing.T) {
	r := new(Reader)
	for i := range maxRead + 10 {
		r.passage("h", string(rune('a'+i%26))+string(rune(i)))
	}
	if n := len(r.done); n > maxRead || n == 0 {
		t.Fatalf("reader keeps %d passages; want 1..%d", n, maxRead)
	}
}
