// Package console is the counsellors' workspace in the browser, under
// /console: sign-in, and the ask page that shows, side by side, the
// suggested answer to a caller's question in English and in Vietnamese
// with numbered sources. Pages are rendered on the server with
// html/template from the structured assistant.Answer; a little script
// adds copying and "mark used". Templates, CSS and script are embedded.
//
// Every route but sign-in and the two static files needs a session
// (a page redirects to /console/signin, a JSON route answers 401); every
// state-changing request must come from the console's own origin
// (http.CrossOriginProtection); sign-in is rate-limited per account and per
// address with the store's shared counters.
package console

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/console.css
var consoleCSS []byte

//go:embed static/console.js
var consoleJS []byte

// Asker answers one question in several languages from one retrieval
// (assistant.Service.AskInLanguages).
type Asker interface {
	AskInLanguages(ctx context.Context, q assistant.Query, langs []string) ([]assistant.Answer, error)
}

// Store holds accounts, sessions, the audit trail, feedback and the
// shared rate counters (*store.DB).
type Store interface {
	ConsoleUserByName(ctx context.Context, name string) (store.ConsoleUser, error)
	StartConsoleSession(ctx context.Context, idHash []byte, u store.ConsoleUser, address string) error
	TouchConsoleSession(ctx context.Context, idHash []byte, idle, maxAge time.Duration, now time.Time) (store.ConsoleUser, error)
	EndConsoleSession(ctx context.Context, idHash []byte, address string) error
	SaveConsoleFeedback(ctx context.Context, f store.ConsoleFeedback) error
	CountHit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)
	CuratedStore
}

// CuratedStore holds the verified answers the console drafts, lists,
// approves and retires, and the handed-off questions of the review queue
// (*store.DB).
type CuratedStore interface {
	CreateVerifiedDraft(ctx context.Context, a store.CuratedAnswer, qs []store.CuratedQuestion) (string, error)
	ListCuratedDrafts(ctx context.Context) ([]store.CuratedAnswer, error)
	ListCuratedExpired(ctx context.Context) ([]store.CuratedAnswer, error)
	ListVerifiedLive(ctx context.Context) ([]store.CuratedAnswer, error)
	ApproveVerifiedAudited(ctx context.Context, id string, by store.ConsoleAudit) error
	RetireVerifiedAudited(ctx context.Context, id string, by store.ConsoleAudit) error
	AddVerifiedQuestionsAudited(ctx context.Context, id string, qs []store.CuratedQuestion, by store.ConsoleAudit) error
	UnansweredSince(ctx context.Context, since time.Time, limit int) ([]store.UnansweredQuestion, error)
	CallcenterCorrections(ctx context.Context, since time.Time, limit int) ([]store.Correction, error)
	CallcenterCorrection(ctx context.Context, id int64) (store.Correction, error)
}

// Config is how the console treats sessions and sign-ins.
type Config struct {
	// SecureCookie marks the session cookie Secure (HTTPS only); false
	// only for local HTTP.
	SecureCookie bool
	// IdleTimeout ends a session unused for this long; MaxAge ends any
	// session this long after sign-in.
	IdleTimeout, MaxAge time.Duration
	// AccountLimit and AddressLimit are the sign-in attempts allowed per
	// account and per client address in each SignInWindow.
	AccountLimit, AddressLimit int
	SignInWindow               time.Duration
}

// DefaultConfig is the configuration serve uses, with Secure cookies.
func DefaultConfig() Config {
	return Config{SecureCookie: true, IdleTimeout: 30 * time.Minute, MaxAge: 12 * time.Hour,
		AccountLimit: 10, AddressLimit: 30, SignInWindow: 15 * time.Minute}
}

// Body limits of the console's routes, in bytes: a question is at most
// 2,000 characters, which a form encodes in under 20 KiB.
const (
	MaxFormBody = 64 << 10
	MaxJSONBody = 16 << 10
)

// Console serves the console's routes.
type Console struct {
	asker Asker
	store Store
	cfg   Config
	keys  httpapi.ClientKeys
	log   *slog.Logger
	now   func() time.Time
	pages *template.Template
	cop   *http.CrossOriginProtection
	// embedder, when set, embeds a draft's question as it is saved.
	embedder Embedder
	// dummyHash is verified against when the account does not exist, so
	// that a sign-in takes as long whether or not the name is known.
	dummyHash string
}

// New returns the console; keys find the client's address for the
// sign-in rate limit (the same trusted proxies as the rest of the edge).
func New(asker Asker, st Store, cfg Config, keys httpapi.ClientKeys, log *slog.Logger) (*Console, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	dummy, err := HashPassword("not a password of anyone")
	if err != nil {
		return nil, err
	}
	c := &Console{asker: asker, store: st, cfg: cfg, keys: keys, log: log, now: time.Now, pages: pages, dummyHash: dummy}
	c.cop = http.NewCrossOriginProtection()
	c.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, http.StatusForbidden, "cross_origin", "this request came from another site and was refused")
	}))
	return c, nil
}

// Routes are the console's routes for httpapi's route table.
func (c *Console) Routes() []httpapi.Route {
	page := func(method, path string, maxBody int64, auth httpapi.Auth, h http.Handler) httpapi.Route {
		return httpapi.Route{Method: method, Path: path, MaxBody: maxBody, Auth: auth, Errors: c.fail, Handler: c.cop.Handler(h)}
	}
	return []httpapi.Route{
		page(http.MethodGet, "/console", 0, httpapi.AuthConsoleSession, c.page(c.handleHome)),
		page(http.MethodGet, "/console/signin", 0, httpapi.AuthNone, http.HandlerFunc(c.handleSignInPage)),
		page(http.MethodPost, "/console/signin", MaxFormBody, httpapi.AuthNone, http.HandlerFunc(c.handleSignIn)),
		page(http.MethodPost, "/console/signout", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.handleSignOut)),
		page(http.MethodGet, "/console/ask", 0, httpapi.AuthConsoleSession, c.page(c.handleAskPage)),
		page(http.MethodPost, "/console/ask", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.handleAsk)),
		page(http.MethodPost, "/console/drafts", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.handleSaveDraft)),
		page(http.MethodGet, "/console/drafts", 0, httpapi.AuthConsoleSession, c.page(c.handleDrafts)),
		page(http.MethodGet, "/console/drafts/new", 0, httpapi.AuthConsoleSession, c.page(c.handleNewDraft)),
		page(http.MethodGet, "/console/review", 0, httpapi.AuthConsoleSession, c.page(c.editor(c.handleReview))),
		page(http.MethodGet, "/console/review/gaps.csv", 0, httpapi.AuthConsoleSession, c.page(c.editor(c.handleGapsCSV))),
		page(http.MethodPost, "/console/review/approve", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.editor(c.handleApprove))),
		page(http.MethodPost, "/console/review/retire", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.editor(c.handleRetire))),
		page(http.MethodPost, "/console/review/questions", MaxFormBody, httpapi.AuthConsoleSession, c.page(c.editor(c.handleAddQuestion))),
		{Method: http.MethodPost, Path: "/console/api/used", MaxBody: MaxJSONBody, Auth: httpapi.AuthConsoleSession,
			JSON: true, Handler: c.cop.Handler(c.api(c.handleUsed))},
		page(http.MethodGet, "/console/static/console.css", 0, httpapi.AuthNone, static("text/css; charset=utf-8", consoleCSS)),
		page(http.MethodGet, "/console/static/console.js", 0, httpapi.AuthNone, static("text/javascript; charset=utf-8", consoleJS)),
	}
}

func static(contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(body)
	})
}

func (c *Console) handleHome(w http.ResponseWriter, r *http.Request, _ store.ConsoleUser) {
	http.Redirect(w, r, "/console/ask", http.StatusSeeOther)
}
