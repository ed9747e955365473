package assistant

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
)

// fakeRetriever returns a fixed result or error.
type fakeRetriever struct {
	res retrieve.Result
	err error
}

var _ Retriever = fakeRetriever{}

func (f fakeRetriever) Retrieve(context.Context, string, retrieve.Options) (retrieve.Result, error) {
	return f.res, f.err
}

func TestCleanQuestion(t *testing.T) {
	tests := []struct {
		in, want, errHas string
	}{
		{"  Làm sao  đi\nHàn Quốc? ", "Làm sao đi Hàn Quốc?", ""},
		{"<b>visa</b> &amp; passport", "visa & passport", ""},
		{"", "", "empty"},
		{"🙂🙂", "", "words"},
		{"<p></p>", "", "empty"},
		{strings.Repeat("á", MaxQuestionRunes+1), "", "under 1000"},
		{"\xff\xfe", "", "UTF-8"},
	}
	for _, tt := range tests {
		got, err := CleanQuestion(tt.in)
		if tt.errHas != "" {
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("CleanQuestion(%.20q) err = %v, want an InputError about %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CleanQuestion(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestAskHandsOffBelowThreshold(t *testing.T) {
	p := retrieve.Passage{Hit: store.Hit{DocumentID: "labour-abroad-fees", Lang: "vi", Title: "Chi phí", Heading: "Chi phí › Tiền dịch vụ", Text: "Tiền dịch vụ tối đa một tháng lương.", AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}
	low := &Service{Retriever: fakeRetriever{res: retrieve.Result{Lang: "vi", Passages: []retrieve.Passage{p}, Confidence: 0.1}}, MinConfidence: 0.35}
	a, err := low.Ask(context.Background(), Query{Question: "giá vàng"})
	if err != nil || !a.Handoff || !strings.Contains(a.Text, "1088") || len(a.Citations) != 0 {
		t.Errorf("low confidence: %+v, %v; want a hand-off to 1088 without citations", a, err)
	}
	high := &Service{Retriever: fakeRetriever{res: retrieve.Result{Lang: "vi", Passages: []retrieve.Passage{p}, Confidence: 0.8}}, MinConfidence: 0.35}
	a, err = high.Ask(context.Background(), Query{Question: "phí dịch vụ"})
	if err != nil || a.Handoff || len(a.Citations) != 1 || a.Citations[0].AsOf != "2026-11-01" || !strings.Contains(a.Text, "[1]") {
		t.Errorf("high confidence: %+v, %v", a, err)
	}
}

func TestAskMapsDatabaseErrors(t *testing.T) {
	s := &Service{Retriever: fakeRetriever{err: errors.Join(store.ErrUnavailable, errors.New("dial tcp"))}}
	if _, err := s.Ask(context.Background(), Query{Question: "visa"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	if _, err := s.Ask(context.Background(), Query{Question: "visa", Lang: "fr"}); err == nil || !strings.Contains(err.Error(), "lang") {
		t.Errorf("bad lang: err = %v", err)
	}
}
