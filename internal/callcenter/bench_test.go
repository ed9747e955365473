package callcenter

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/knowledge"
)

// BenchmarkSuggest20Consoles measures POST /v1/callcenter/suggest end to
// end (signature, idempotency record, English and Vietnamese answers with
// the extractive composer, audit) with 20 consoles posting at once, each
// request a new turn, back to back and at one question a second per
// console, and reports p50/p95 latency.
func BenchmarkSuggest20Consoles(b *testing.B) {
	for _, pace := range []time.Duration{0, time.Second} {
		name := "back-to-back"
		if pace > 0 {
			name = "one-question-a-second-each"
		}
		b.Run(name, func(b *testing.B) { benchSuggest(b, pace) })
	}
}

// benchSuggest runs 20 consoles; with pace, each console waits that long
// between its questions (a counsellor reads the answer), else none.
func benchSuggest(b *testing.B, pace time.Duration) {
	f := newBenchFixture(b)
	b.ResetTimer()
	var questions []string
	kf, _ := knowledge.FS.Open("eval/questions.jsonl")
	sc := bufio.NewScanner(kf)
	for sc.Scan() {
		var q struct{ Question string }
		_ = json.Unmarshal(sc.Bytes(), &q)
		questions = append(questions, q.Question)
	}
	kf.Close()
	run := fmt.Sprint(time.Now().UnixNano())
	var mu sync.Mutex
	var lat []time.Duration
	next := make(chan int)
	var wg sync.WaitGroup
	for c := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Consoles are not in step: each starts at its own moment.
			time.Sleep(time.Duration(c) * pace / 20)
			for i := range next {
				body, _ := json.Marshal(map[string]any{"call_id": "bench-" + run, "turn_id": fmt.Sprint(i), "question": questions[i%len(questions)]})
				req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v1/callcenter/suggest", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				ts, sig := Sign(newKey, time.Now(), body)
				req.Header.Set("X-Callcenter-Timestamp", ts)
				req.Header.Set("X-Callcenter-Signature", sig)
				start := time.Now()
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Error(err)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("status %d", resp.StatusCode)
				}
				mu.Lock()
				lat = append(lat, time.Since(start))
				mu.Unlock()
				time.Sleep(pace - time.Since(start))
			}
		}()
	}
	i := 0
	for b.Loop() {
		next <- i
		i++
	}
	close(next)
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*95+99)/100-1].Microseconds())/1000, "p95-ms")
}
