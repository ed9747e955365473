package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/callcenter"
	"github.com/cantho-connect/assistant/internal/config"
	"github.com/cantho-connect/assistant/internal/console"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/logid"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/telegram"
	"github.com/cantho-connect/assistant/knowledge"
)

const serveUsage = `usage: assistant serve

Migrates the database, indexes the embedded knowledge base when it is new or
changed, and serves HTTP on HTTP_ADDR (default :8080):
  POST   /v1/ask                   answer a question
  DELETE /v1/conversations/{id}    forget a conversation
  GET    /healthz                  the process runs
  GET    /readyz                   the database answers and the index holds documents
  GET    /v1/openapi.yaml          the console API's description
  POST   /v1/callcenter/suggest    the 1088 console (only when CALLCENTER_SECRETS is set)
  POST   /v1/callcenter/feedback   the 1088 console (only when CALLCENTER_SECRETS is set)
  POST   /telegram/webhook         Telegram (only with TELEGRAM_MODE=webhook)
  GET    /console                  the counsellors' console (accounts: assistant user add)
and GET /metrics and GET /healthz only on METRICS_ADDR (default 127.0.0.1:9090,
"off" to disable). Starts while the database is down and becomes ready when it
comes back. Stops cleanly on SIGINT or SIGTERM. Configuration: README.md.`

func runServe(ctx context.Context, args []string, env func(string) string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, serveUsage)
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close() // the pool closes last, after HTTP has drained
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", a.cfg.HTTPAddr, err)
	}
	return serve(ctx, a, ln)
}

// serve runs the service on ln until ctx is done. The database is prepared
// (migrated, indexed) in the background and retried until it succeeds, so
// the service starts, and recovers, whether or not the database is up;
// /readyz says when it can answer.
func serve(ctx context.Context, a *app, ln net.Listener) error {
	a.log.Info("starting", "config", a.cfg, "addr", ln.Addr().String())
	metrics := httpapi.NewMetrics()
	svc := a.service()
	svc.Observe = func(d time.Duration) { metrics.Retrieval.Observe(d.Seconds()) }
	svc.OnFallback = metrics.LLMFallbacks.Inc
	var st prepState
	svc.Ready = st.prepared.Load
	prepCtx, stopPrep := context.WithCancel(ctx)
	defer stopPrep()
	go prepare(prepCtx, a, &st)
	go housekeeping(prepCtx, a)

	channels, tg, err := channelRoutes(ctx, a, svc)
	if err != nil {
		return err
	}
	handler := httpapi.New(dbAwareAsker{svc, &st}, svc, st.ready(a), metrics, a.log, channels...).LimitAsk(a.cfg.AskRateLimit, a.cfg.TrustedProxies)
	errCh := make(chan error, 2)
	admin, err := startAdmin(a, metrics, errCh)
	if err != nil {
		return err
	}
	srv := httpapi.NewHTTPServer(ln.Addr().String(), handler)
	go func() { errCh <- srv.Serve(ln) }()
	stopBot := startBot(ctx, a, tg)
	defer stopBot()

	select {
	case err := <-errCh:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	if err := drain(ctx, a, errCh, srv, admin); err != nil {
		return err
	}
	stopBot()
	stopPrep()
	a.log.Info("stopped")
	return nil
}

// startBot runs the Telegram bot, if there is one, until the returned stop
// is called (it waits for the bot to finish). The bot outlives ctx so that
// it stops after HTTP has drained.
func startBot(ctx context.Context, a *app, tg *telegram.Bot) (stop func()) {
	botCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if tg == nil {
			return
		}
		if err := runBot(botCtx, a, tg); err != nil {
			a.log.Error("telegram bot stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}

// drain stops accepting connections and lets requests in flight finish,
// within SHUTDOWN_TIMEOUT: the public listener, then the admin one.
func drain(ctx context.Context, a *app, errCh <-chan error, srv, admin *http.Server) error {
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout.String())
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("drain http: %w", err)
	}
	if admin != nil {
		if err := admin.Shutdown(shutCtx); err != nil {
			return fmt.Errorf("drain admin http: %w", err)
		}
	}
	if err := <-errCh; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// channelRoutes builds the enabled channels and returns their routes for
// the route table, and the Telegram bot (nil when TELEGRAM_BOT_TOKEN is
// not set).
func channelRoutes(ctx context.Context, a *app, svc *assistant.Service) ([]httpapi.Route, *telegram.Bot, error) {
	ids := logid.New(a.cfg.LogHashKey) // a random key per start when LOG_HASH_KEY is unset
	cfg := console.DefaultConfig()
	cfg.SecureCookie, cfg.IdleTimeout = a.cfg.ConsoleSecureCookie, a.cfg.ConsoleIdleTimeout
	con, err := console.New(svc, a.db, cfg, httpapi.NewClientKeys(a.cfg.TrustedProxies), a.log)
	if err != nil {
		return nil, nil, err
	}
	routes := con.WithEmbedder(a.embedder).Routes()
	if len(a.cfg.CallcenterSecrets) > 0 {
		cc := callcenter.New(svc, a.db, a.cfg.CallcenterSecrets, a.cfg.CallcenterRateLimit, a.log).HashIDs(ids)
		routes = append(routes, cc.Routes()...)
		a.log.Info("call-centre routes enabled", "keys", len(a.cfg.CallcenterSecrets))
	} else {
		a.log.Info("call-centre routes disabled: CALLCENTER_SECRETS is empty")
	}
	if a.cfg.TelegramBotToken == "" {
		return routes, nil, nil
	}
	tg, err := telegram.New(ctx, telegram.Config{
		Token: a.cfg.TelegramBotToken, Mode: a.cfg.TelegramMode, WebhookURL: a.cfg.TelegramWebhookURL,
		WebhookSecret: a.cfg.TelegramWebhookSecret, APIURL: a.cfg.TelegramAPIURL, RateLimit: a.cfg.TelegramRateLimit,
		LogIDs: ids,
	}, svc, a.db, a.log)
	if err != nil {
		return nil, nil, err
	}
	return append(routes, tg.Routes()...), tg, nil
}

// startAdmin serves /metrics and /healthz on METRICS_ADDR (nil, nil when
// it is off); Serve's error goes to errCh.
func startAdmin(a *app, metrics *httpapi.Metrics, errCh chan<- error) (*http.Server, error) {
	if a.cfg.MetricsAddr == "" {
		a.log.Info("admin listener off: METRICS_ADDR=off, /metrics is not served")
		return nil, nil
	}
	ln, err := net.Listen("tcp", a.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on METRICS_ADDR %s: %w", a.cfg.MetricsAddr, err)
	}
	srv := httpapi.NewHTTPServer(ln.Addr().String(), httpapi.AdminHandler(metrics))
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errCh <- fmt.Errorf("admin: %w", err)
		}
	}()
	a.log.Info("admin listener", "addr", ln.Addr().String())
	return srv, nil
}

// prepare migrates and indexes the embedded knowledge base, retrying with
// backoff (1 s doubling to 30 s) while the database is unreachable.
func prepare(ctx context.Context, a *app, st *prepState) {
	wait := time.Second
	for {
		err := prepareOnce(ctx, a)
		st.dbDown.Store(errors.Is(err, store.ErrUnavailable))
		if err == nil {
			st.prepared.Store(true)
			return
		}
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, store.ErrUnavailable) {
			a.log.Error("prepare database: the database is unreachable", "database", config.DatabaseAddress(a.cfg.DatabaseURL),
				"configured_by", "DATABASE_URL", "err", err, "retry_in", wait.String())
		} else {
			a.log.Error("prepare database", "err", err, "retry_in", wait.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func prepareOnce(ctx context.Context, a *app) error {
	applied, err := a.db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		a.log.Info("migrated", "versions", applied)
	}
	ix := &index.Indexer{DB: a.db, Embedder: a.embedder, Log: a.log}
	sum, err := ix.Run(ctx, knowledge.FS, false)
	if errors.Is(err, index.ErrSomeFailed) {
		// Serve what did index; the failures are logged for the content team.
		a.log.Error("some knowledge files were not indexed", "err", err)
		err = nil
	}
	if err != nil {
		return err
	}
	if err := a.loadCards(ctx, ix, knowledge.FS, nil); err != nil {
		return err
	}
	a.glossary.CountDocumentShares()
	a.log.Info("index ready", slog.Int("added", sum.Added), slog.Int("updated", sum.Updated),
		slog.Int("unchanged", sum.Unchanged), slog.Int("removed", sum.Removed), slog.Int("chunks", sum.Chunks),
		slog.Float64("seconds", sum.Duration.Seconds()))
	return nil
}

// runBot runs the Telegram bot. In polling mode only one replica may poll:
// a PostgreSQL advisory lock makes the others wait for their turn.
func runBot(ctx context.Context, a *app, tg *telegram.Bot) error {
	if a.cfg.TelegramMode == "webhook" {
		return tg.Run(ctx)
	}
	for {
		err := a.db.WithLock(ctx, telegramPollLock, func() error { return tg.Run(ctx) })
		if ctx.Err() != nil {
			return nil
		}
		a.log.Warn("telegram poller lost its lock; retrying", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(5 * time.Second):
		}
	}
}

const telegramPollLock = 7_060_2013

// housekeeping deletes idle conversations, old Telegram update ids, old
// rate counters and texts past the retention period, every ten minutes.
func housekeeping(ctx context.Context, a *app) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := time.Now()
			n, err := a.db.ExpireConversations(ctx, now.Add(-a.cfg.ConversationTTL))
			if err == nil && n > 0 {
				a.log.Info("expired conversations", "count", n)
			}
			err = errors.Join(err,
				a.db.ForgetUpdatesBefore(ctx, now.Add(-48*time.Hour)),
				a.db.ForgetCountersBefore(ctx, now.Add(-time.Hour)),
				a.db.ForgetConsoleBefore(ctx, now.Add(-a.cfg.ConsoleIdleTimeout), now.Add(-a.cfg.Retention)),
				a.db.DeleteTextsBefore(ctx, now.Add(-a.cfg.Retention)))
			if err != nil {
				a.log.Warn("housekeeping", "err", err)
			}
		}
	}
}
