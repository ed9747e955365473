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

// The same fact written with its amounts in millions and in full, in two
// documents, is one fact: the second is redundant; a different amount is
// not.
func TestSameAmountWrittenTwoWaysIsRedundant(t *testing.T) {
	first := readText("", "A worker who returns early after ending the contract because of abuse, forced labour, sexual harassment or a threat to life receives 7 million to 20 million VND from the Fund (Decision 40/2021/QĐ-TTg, Art 12).").sentences[0]
	same := readText("", "A worker who returns early because of abuse, forced labour, a threat to life or sexual harassment can receive 7,000,000 VND to 20,000,000 VND from the Fund (Decision 40/2021/QĐ-TTg, Art 12 cl. 1).").sentences[0]
	other := readText("", "A worker injured at work who returns early can receive 10,000,000 VND to 30,000,000 VND from the Fund (Decision 40/2021/QĐ-TTg, Art 10 cl. 1).").sentences[0]
	if !redundant(sentence{read: same}, []sentence{{read: first}}, DefaultParams().Redundancy) {
		t.Errorf("the same Fund support written two ways was not redundant: %v vs %v", same.said, first.said)
	}
	if redundant(sentence{read: other}, []sentence{{read: first}}, DefaultParams().Redundancy) {
		t.Errorf("another support amount was read as redundant")
	}
	if got := plainAmounts("từ 1,5 triệu đến 7.000.000 đồng"); got != "từ 1500000 đến 7000000 đồng" {
		t.Errorf("plainAmounts = %q", got)
	}
}

// A foreign source's citation, like a Vietnamese law's, is not what a
// sentence says: it counts no words against the budget, and its agency
// and numbers do not make the sentence one that names an agency or a
// figure.
func TestForeignCitationIsNotContent(t *testing.T) {
	plain := readText("", "The usual proof is TOPIK level 1 or higher, or completing a Korean course at a designated institution.").sentences[0]
	cited := readText("", "The usual proof is TOPIK level 1 or higher, or completing a Korean course at a designated institution (Korean Ministry of Justice Notice No. 378 of 2016).").sentences[0]
	if cited.words != plain.words || cited.agency != plain.agency || cited.number != plain.number || cited.year != plain.year {
		t.Errorf("cited sentence read as %d words, agency %v, number %v, year %v; want as without its citation: %d, %v, %v, %v",
			cited.words, cited.agency, cited.number, cited.year, plain.words, plain.agency, plain.number, plain.year)
	}
	vi := readText("", "Trong năm đầu, công ty môi giới Đài Loan thu tối đa 1.800 Đài tệ mỗi tháng (Bộ Lao động Đài Loan, tiêu chuẩn thu phí).").sentences[0]
	if vi.agency {
		t.Errorf("a sentence whose only agency is in its citation read as naming an agency: %q", vi.text)
	}
}
