package httpapi

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/knowledge"
)

// BenchmarkAskHTTP measures POST /v1/ask end to end (HTTP, retrieval,
// extractive composition, JSON) on the shipped knowledge base, with the
// evaluation questions in turn from 1, 2 and 8 concurrent clients, and
// reports p50/p95 latency.
func BenchmarkAskHTTP(b *testing.B) {
	f := newBenchFixture(b)
	var bodies []string
	kf, _ := knowledge.FS.Open("eval/questions.jsonl")
	sc := bufio.NewScanner(kf)
	for sc.Scan() {
		var q struct {
			Question string `json:"question"`
		}
		_ = json.Unmarshal(sc.Bytes(), &q)
		body, _ := json.Marshal(map[string]string{"question": q.Question})
		bodies = append(bodies, string(body))
	}
	kf.Close()
	for _, clients := range []int{1, 2, 8} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			var mu sync.Mutex
			var lat []time.Duration
			next := make(chan string)
			var wg sync.WaitGroup
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					client := &http.Client{}
					for body := range next {
						start := time.Now()
						resp, err := client.Post(f.URL+"/v1/ask", "application/json", strings.NewReader(body))
						if err != nil {
							b.Error(err)
							continue
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Errorf("status %d", resp.StatusCode)
						}
						d := time.Since(start)
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					}
				}()
			}
			i := 0
			for b.Loop() {
				next <- bodies[i%len(bodies)]
				i++
			}
			close(next)
			wg.Wait()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*95+99)/100-1].Microseconds())/1000, "p95-ms")
		})
	}
}
