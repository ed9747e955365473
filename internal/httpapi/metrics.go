package httpapi

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus collectors of the service.
type Metrics struct {
	Registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	Retrieval prometheus.Histogram
	// LLMFallbacks counts answers composed extractively because the LLM failed.
	LLMFallbacks prometheus.Counter
}

// NewMetrics registers the service's collectors on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by route pattern and status.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "status"}),
		Retrieval: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "retrieval_duration_seconds", Help: "Hybrid retrieval latency.",
			Buckets: []float64{.001, .002, .005, .01, .025, .05, .1, .25, .5},
		}),
	}
	m.LLMFallbacks = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "llm_fallbacks_total", Help: "Answers composed extractively because the LLM failed.",
	})
	m.Registry.MustRegister(m.requests, m.latency, m.Retrieval, m.LLMFallbacks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// AdminHandler serves the admin listener (METRICS_ADDR, private):
// GET /metrics in the Prometheus text format and GET /healthz. Everything
// else is 404 in JSON. The public listener never serves /metrics.
func AdminHandler(m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", handleHealth)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "the admin listener serves GET /metrics and GET /healthz")
	})
	return mux
}
