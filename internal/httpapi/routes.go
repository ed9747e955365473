package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/cantho-connect/assistant/docs"
)

// Auth names how a route authenticates its caller. The check itself lives
// in the channel that owns the route; the kind is declared here so that a
// test walking the route table can prove each route refuses a missing or
// wrong credential.
type Auth string

// The kinds of authentication a route may use.
const (
	// AuthNone: anyone may call the route.
	AuthNone Auth = "none"
	// AuthCallcenterHMAC: X-Callcenter-Timestamp and X-Callcenter-Signature,
	// an HMAC-SHA256 of "<timestamp>.<body>" with a key of CALLCENTER_SECRETS.
	AuthCallcenterHMAC Auth = "callcenter-hmac"
	// AuthTelegramSecret: X-Telegram-Bot-Api-Secret-Token equal to
	// TELEGRAM_WEBHOOK_SECRET.
	AuthTelegramSecret Auth = "telegram-secret"
	// AuthConsoleSession: the console's session cookie (internal/console);
	// a page without one redirects to /console/signin, a JSON route
	// answers 401.
	AuthConsoleSession Auth = "console-session"
)

// ErrorWriter writes an error the edge found itself (413 body_too_large,
// 400 invalid_body, 405 method_not_allowed, 500 internal after a panic):
// status, a stable code and a message safe to show anyone.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, code, message string)

// Route declares one route of the public listener. httpapi applies, for
// every route, the request id, panic recovery, metrics labelled by Pattern,
// the body limit, 405 with Allow for another method, and 404 for an
// unknown path; the handler only does its route's work.
type Route struct {
	Method string // GET, POST, DELETE…; GET also answers HEAD
	Path   string // a net/http pattern path: "/v1/ask", "/v1/conversations/{id}"
	// MaxBody is the largest body accepted, in bytes; a longer one is
	// answered 413 body_too_large before the handler runs. 0: no body.
	MaxBody int64
	Auth    Auth
	// JSON says the body is one JSON object read with DecodeJSON, so a
	// malformed one is answered 400 invalid_json.
	JSON bool
	// Errors writes the edge's own errors for this route, e.g. as an HTML
	// page for a browser; nil: the JSON error shape.
	Errors  ErrorWriter
	Handler http.Handler
}

// writeErr writes an edge error the route's way.
func (rt Route) writeErr(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if rt.Errors != nil {
		rt.Errors(w, r, status, code, message)
		return
	}
	writeError(w, status, code, message)
}

// Pattern is the route's metrics label and log name: "POST /v1/ask".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// Body limits of the routes, in bytes.
const (
	// MaxBodyBytes bounds the JSON bodies of /v1/ask and the call-centre API.
	MaxBodyBytes = 64 << 10
	// MaxTelegramBody bounds a Telegram webhook update (Telegram's own
	// updates can exceed 64 KiB: long messages with entities, albums).
	MaxTelegramBody = 1 << 20
)

// table is every route the service owns. Channels' routes are appended by
// New from what the channels return (callcenter.Handler.Routes,
// telegram.Bot.Routes).
func (s *Server) table() []Route {
	return []Route{
		{Method: "POST", Path: "/v1/ask", MaxBody: MaxBodyBytes, Auth: AuthNone, JSON: true, Handler: s.limitRate(s.handleAsk)},
		{Method: "DELETE", Path: "/v1/conversations/{id}", Auth: AuthNone, Handler: s.limitRate(s.handleForget)},
		{Method: "GET", Path: "/healthz", Auth: AuthNone, Handler: http.HandlerFunc(handleHealth)},
		{Method: "GET", Path: "/readyz", Auth: AuthNone, Handler: http.HandlerFunc(s.handleReady)},
		{Method: "GET", Path: "/v1/openapi.yaml", Auth: AuthNone, Handler: http.HandlerFunc(handleOpenAPI)},
	}
}

// Routes returns the route table the server was built with, its own routes
// first, in registration order.
func (s *Server) Routes() []Route { return slices.Clone(s.routes) }

// buildMux registers every route with the shared middleware. Routes are
// grouped by path so that a known path with another method is answered
// 405 with Allow, in JSON, and anything else 404 in JSON.
func (s *Server) buildMux() *http.ServeMux {
	mux := http.NewServeMux()
	byPath := map[string]map[string]Route{}
	var paths []string
	for _, rt := range s.routes {
		if byPath[rt.Path] == nil {
			byPath[rt.Path] = map[string]Route{}
			paths = append(paths, rt.Path)
		}
		if _, dup := byPath[rt.Path][rt.Method]; dup {
			panic("httpapi: route declared twice: " + rt.Pattern())
		}
		byPath[rt.Path][rt.Method] = rt
	}
	for _, p := range paths {
		methods := byPath[p]
		handlers := map[string]http.Handler{}
		for m, rt := range methods {
			h := s.wrap(rt)
			handlers[m] = h
			if m == http.MethodGet {
				handlers[http.MethodHead] = h
			}
		}
		var first Route // any route of the path: they share how errors are written
		for _, rt := range methods {
			first = rt
		}
		notAllowed := s.wrapUnrouted("* "+p, methodNotAllowed(first, allow(handlers)))
		mux.Handle(p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h, ok := handlers[r.Method]; ok {
				h.ServeHTTP(w, r)
				return
			}
			notAllowed.ServeHTTP(w, r)
		}))
	}
	notFound := s.wrapUnrouted("unmatched", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such route: see docs/api.md")
	}))
	mux.Handle("/", notFound)
	return mux
}

// allow is the Allow header of a path: its methods, sorted.
func allow(handlers map[string]http.Handler) string {
	var ms []string
	for m := range handlers {
		ms = append(ms, m)
	}
	slices.Sort(ms)
	return strings.Join(ms, ", ")
}

// methodNotAllowed answers 405 the way rt (a route of the path) writes
// errors.
func methodNotAllowed(rt Route, allowed string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allowed)
		rt.writeErr(w, r, http.StatusMethodNotAllowed, "method_not_allowed",
			r.Method+" is not allowed here; use "+allowed)
	})
}

// wrap applies the shared middleware, outermost first: request id,
// metrics and request log, panic recovery, body limit.
func (s *Server) wrap(rt Route) http.Handler {
	return s.withRequestID(s.instrument(rt.Pattern(), s.recoverer(rt, s.limitBody(rt))))
}

// wrapUnrouted is wrap for the answers to no route (404, 405): no body
// limit, whose 413 would hide them; label is the metrics label, such as
// "unmatched" or "* /v1/ask".
func (s *Server) wrapUnrouted(label string, h http.Handler) http.Handler {
	return s.withRequestID(s.instrument(label, h))
}

func handleOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, _ = w.Write(docs.OpenAPI)
}
