// Package config reads the service's configuration from the environment,
// once, and validates it. Nothing else in the service reads the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"time"
)

// DefaultDatabaseURL is the database scripts/dev-db creates.
const DefaultDatabaseURL = "postgres://assistant:assistant@127.0.0.1:5432/assistant?sslmode=disable"

// DefaultMetricsAddr is where /metrics is served unless METRICS_ADDR says
// otherwise: loopback only, never the public listener.
const DefaultMetricsAddr = "127.0.0.1:9090"

// Config is every setting of the service. Secrets are never logged: use
// LogValue.
type Config struct {
	DatabaseURL string
	HTTPAddr    string
	// MetricsAddr is the admin listener of GET /metrics and GET /healthz,
	// private by default (127.0.0.1:9090); "" when METRICS_ADDR is "off".
	MetricsAddr string
	LogLevel    slog.Level
	LogFormat   string // json | text

	TelegramBotToken      string
	TelegramMode          string // polling | webhook
	TelegramWebhookURL    string
	TelegramWebhookSecret string
	TelegramAPIURL        string
	TelegramRateLimit     int // questions a minute per chat

	CallcenterSecrets   []string
	CallcenterRateLimit int // requests a minute per console key

	OpenAIAPIKey  string
	OpenAIBaseURL string
	LLMModel      string
	LLMTimeout    time.Duration
	PromptsDir    string // overrides the embedded prompts/ templates when set

	EmbeddingProvider string // hashing | openai
	EmbeddingModel    string

	// Answers below this retrieval confidence hand off to a person.
	MinConfidence float64
	// ShutdownTimeout bounds the drain of in-flight requests.
	ShutdownTimeout time.Duration
	// ConversationTTL is how long an idle conversation is kept.
	ConversationTTL time.Duration
	// AskRateLimit is how many /v1/ask requests a minute one client may
	// make (0: no limit). TrustedProxies are the networks of the reverse
	// proxies whose X-Forwarded-For (or Forwarded) entries are believed;
	// none: the peer address is the client.
	AskRateLimit   int
	TrustedProxies []netip.Prefix
	// LogHashKey keys the hash that stands for chat, counsellor and call
	// ids in logs; "" means a random key for each start (hashes then match
	// only within one run).
	LogHashKey string
	// ConsoleSecureCookie marks the console's session cookie Secure (sent
	// only over HTTPS); false only for local HTTP (make run).
	ConsoleSecureCookie bool
	// AnswerCards lets the knowledge base's answer cards answer before
	// the composer (ANSWER_CARDS=on). Off by default: measured on the
	// evaluation sets they do not yet raise the fact rate and answer
	// questions about documents that have no cards from other documents'
	// cards (docs/curated.md). Verified answers always answer.
	AnswerCards bool
	// ConsoleIdleTimeout ends a console session not used for this long.
	ConsoleIdleTimeout time.Duration
	// Retention is how long stored question texts (conversations,
	// unanswered questions, feedback) are kept.
	Retention time.Duration
}

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests). Every problem found is reported at once, each naming the
// variable, echoing the bad value (never a secret's: tokens, keys, the
// database password) and saying what is accepted.
func Load(getenv func(string) string) (Config, error) {
	p := &reader{getenv: getenv}
	c := Config{
		DatabaseURL:           p.get("DATABASE_URL", DefaultDatabaseURL),
		HTTPAddr:              p.get("HTTP_ADDR", ":8080"),
		MetricsAddr:           p.get("METRICS_ADDR", DefaultMetricsAddr),
		LogFormat:             p.oneOf("LOG_FORMAT", "json", "json", "text"),
		TelegramBotToken:      p.get("TELEGRAM_BOT_TOKEN", ""),
		TelegramMode:          p.oneOf("TELEGRAM_MODE", "polling", "polling", "webhook"),
		TelegramWebhookURL:    p.get("TELEGRAM_WEBHOOK_URL", ""),
		TelegramWebhookSecret: p.get("TELEGRAM_WEBHOOK_SECRET", ""),
		TelegramAPIURL:        p.httpURL("TELEGRAM_API_URL"),
		TelegramRateLimit:     p.integer("TELEGRAM_RATE_LIMIT", "10", 1, 10_000, "questions a minute per chat"),
		CallcenterRateLimit:   p.integer("CALLCENTER_RATE_LIMIT", "600", 0, 1_000_000, "requests a minute per console key (0 for none)"),
		OpenAIAPIKey:          p.get("OPENAI_API_KEY", ""),
		OpenAIBaseURL:         p.httpURL("OPENAI_BASE_URL"),
		LLMModel:              p.get("LLM_MODEL", "gpt-4o-mini"),
		LLMTimeout:            p.duration("LLM_TIMEOUT", "20s", time.Millisecond, "such as 20s"),
		PromptsDir:            p.folderWith("PROMPTS_DIR", "answer.tmpl"),
		EmbeddingProvider:     p.oneOf("EMBEDDING_PROVIDER", "hashing", "hashing", "openai"),
		EmbeddingModel:        p.get("EMBEDDING_MODEL", "text-embedding-3-small"),
		MinConfidence:         p.fraction("MIN_CONFIDENCE", "0.35"),
		ShutdownTimeout:       p.duration("SHUTDOWN_TIMEOUT", "15s", time.Millisecond, "such as 15s"),
		ConversationTTL:       p.duration("CONVERSATION_TTL", "24h", time.Minute, "such as 24h"),
		AskRateLimit:          p.integer("ASK_RATE_LIMIT", "60", 0, 1_000_000, "requests a minute per client (0 for none)"),
		Retention:             p.duration("RETENTION", "2160h", 24*time.Hour, "such as 2160h (90 days); call-centre replays need a day"),
	}
	c.ConsoleSecureCookie = p.oneOf("CONSOLE_SECURE_COOKIE", "true", "true", "false") == "true"
	c.AnswerCards = p.oneOf("ANSWER_CARDS", "off", "on", "off") == "on"
	c.ConsoleIdleTimeout = p.duration("CONSOLE_IDLE_TIMEOUT", "30m", time.Minute, "such as 30m")
	p.logLevel(&c.LogLevel)
	p.databaseURL(c.DatabaseURL)
	p.listenAddr("HTTP_ADDR", c.HTTPAddr, ":8080")
	c.MetricsAddr = p.metricsAddr(c.MetricsAddr, c.HTTPAddr)
	p.telegram(c)
	c.CallcenterSecrets = p.secrets("CALLCENTER_SECRETS", 32)
	if c.EmbeddingProvider == "openai" && c.OpenAIAPIKey == "" && c.OpenAIBaseURL == "" {
		p.fail("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL")
	}
	p.errs = append(p.errs, c.loadSecurity(p.get)...)
	if len(p.errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(p.errs...))
	}
	return c, nil
}

// LLMEnabled reports whether an OpenAI-compatible server is configured.
func (c Config) LLMEnabled() bool { return c.OpenAIAPIKey != "" || c.OpenAIBaseURL != "" }

// LogValue describes the configuration without secrets or the DSN.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("http_addr", c.HTTPAddr),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.Bool("database_url_set", c.DatabaseURL != DefaultDatabaseURL),
		slog.Bool("telegram", c.TelegramBotToken != ""),
		slog.String("telegram_mode", c.TelegramMode),
		slog.Int("callcenter_keys", len(c.CallcenterSecrets)),
		slog.Bool("llm", c.LLMEnabled()),
		slog.String("embedding_provider", c.EmbeddingProvider),
		slog.Int("trusted_proxies", len(c.TrustedProxies)),
		slog.Bool("log_hash_key_set", c.LogHashKey != ""),
		slog.Bool("console_secure_cookie", c.ConsoleSecureCookie),
		slog.Bool("answer_cards", c.AnswerCards),
	)
}

// DatabaseAddress is the host:port of a postgres:// URL (port 5432 when
// the URL gives none), for messages about an unreachable database: it
// never includes the user, the password or the database name. It returns
// "" for a URL it cannot parse.
func DatabaseAddress(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
