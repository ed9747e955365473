package embed

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/openai"
)

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}

func TestHashingIsNormalisedAndDeterministic(t *testing.T) {
	h := NewHashing(DefaultHashingDim)
	a := h.Vector("Làm sao để đi làm việc ở Hàn Quốc?")
	b := NewHashing(DefaultHashingDim).Vector("Làm sao để đi làm việc ở Hàn Quốc?")
	var norm float64
	for i := range a {
		norm += float64(a[i]) * float64(a[i])
		if a[i] != b[i] {
			t.Fatalf("vectors differ at %d", i)
		}
	}
	if math.Abs(norm-1) > 1e-5 {
		t.Errorf("norm² = %f, want 1", norm)
	}
	if v := h.Vector("🙂"); len(v) != DefaultHashingDim {
		t.Errorf("emoji vector has %d dims", len(v))
	}
}

func TestHashingSimilarity(t *testing.T) {
	h := NewHashing(DefaultHashingDim)
	q := h.Vector("lam sao di lao dong han quoc")
	related := h.Vector("Muốn đi lao động tại Hàn Quốc theo chương trình EPS, người lao động phải thi tiếng Hàn.")
	unrelated := h.Vector("Đờn ca tài tử được UNESCO công nhận là di sản văn hóa phi vật thể năm 2013.")
	if cr, cu := cosine(q, related), cosine(q, unrelated); cr <= cu+0.1 {
		t.Errorf("unaccented question: related %.3f, unrelated %.3f; want related clearly higher", cr, cu)
	}
	en := h.Vector("What are the fees for workers going abroad?")
	fee := h.Vector("The service fee a worker pays is capped at one month of salary.")
	bridge := h.Vector("The Cần Thơ Bridge opened in 2010.")
	if cf, cb := cosine(en, fee), cosine(en, bridge); cf <= cb {
		t.Errorf("english: fee %.3f, bridge %.3f", cf, cb)
	}
}

// embeddingsServer speaks the OpenAI /embeddings wire format; it fails the
// first failures requests with status 503.
func embeddingsServer(t *testing.T, dim int, failures int32, calls *atomic.Int32, batches *[]int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		if n <= failures {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"message":"overloaded","type":"server_error"}}`))
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "test-embed" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		*batches = append(*batches, len(req.Input))
		type item struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		resp := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: req.Model}
		// Answer in reverse order: the client must place vectors by index.
		for i := len(req.Input) - 1; i >= 0; i-- {
			v := make([]float32, dim)
			v[0] = float32(len(req.Input[i]))
			resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestOpenAIBatchesRetriesAndKeepsOrder(t *testing.T) {
	var calls atomic.Int32
	var batches []int
	srv := embeddingsServer(t, 8, 2, &calls, &batches)
	client := openai.New(openai.Config{BaseURL: srv.URL + "/v1", APIKey: "k", Retries: 4, Backoff: time.Millisecond})
	e, err := NewOpenAI(context.Background(), OpenAIConfig{Client: client, Model: "test-embed", BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if e.Dim() != 8 {
		t.Fatalf("Dim = %d, want 8 (learned from the probe)", e.Dim())
	}
	texts := []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		if int(v[0]) != len(texts[i]) {
			t.Errorf("vector %d belongs to a text of length %d, want %d", i, int(v[0]), len(texts[i]))
		}
	}
	if want := []int{1, 3, 3, 1}; len(batches) != len(want) {
		t.Errorf("batches = %v, want %v (probe, then 3+3+1)", batches, want)
	}
	if calls.Load() != 6 {
		t.Errorf("calls = %d, want 6 (2 failures retried)", calls.Load())
	}
}

func TestOpenAIGivesUpOnBadRequest(t *testing.T) {
	var calls atomic.Int32
	var batches []int
	srv := embeddingsServer(t, 8, 0, &calls, &batches)
	client := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Retries: 4, Backoff: time.Millisecond})
	_, err := NewOpenAI(context.Background(), OpenAIConfig{Client: client, Model: "unknown-model"})
	if !errors.Is(err, openai.ErrBadRequest) {
		t.Fatalf("err = %v, want openai.ErrBadRequest for a model the server rejects", err)
	}
	if calls.Load() != 1 {
		t.Errorf("calls = %d, want 1: a 400 is not retried", calls.Load())
	}
}

// fakeEmbeddingClient returns vectors of dims[call] dimensions.
type fakeEmbeddingClient struct {
	dims  []int
	calls int
}

var _ EmbeddingClient = (*fakeEmbeddingClient)(nil)

func (f *fakeEmbeddingClient) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	d := f.dims[min(f.calls, len(f.dims)-1)]
	f.calls++
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = make([]float32, d)
	}
	return out, nil
}

// A server that changes its vectors' dimension after the probe (another
// model behind the same name) is caught before anything is stored.
func TestOpenAIRejectsAnotherDimension(t *testing.T) {
	e, err := NewOpenAI(context.Background(), OpenAIConfig{Client: &fakeEmbeddingClient{dims: []int{8, 16}}, Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Embed(context.Background(), []string{"a"}); err == nil || !strings.Contains(err.Error(), "16 dimensions, want 8") {
		t.Errorf("err = %v, want a dimension mismatch", err)
	}
}
