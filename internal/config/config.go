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
	"regexp"
	"strconv"
	"strings"
	"time"
)

var webhookSecretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`)

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
	// Retention is how long stored question texts (conversations,
	// unanswered questions, feedback) are kept.
	Retention time.Duration
}

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests). Every problem found is reported at once, naming the variable.
func Load(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		DatabaseURL:           get("DATABASE_URL", DefaultDatabaseURL),
		HTTPAddr:              get("HTTP_ADDR", ":8080"),
		MetricsAddr:           get("METRICS_ADDR", DefaultMetricsAddr),
		LogFormat:             get("LOG_FORMAT", "json"),
		TelegramBotToken:      get("TELEGRAM_BOT_TOKEN", ""),
		TelegramMode:          get("TELEGRAM_MODE", "polling"),
		TelegramWebhookURL:    get("TELEGRAM_WEBHOOK_URL", ""),
		TelegramWebhookSecret: get("TELEGRAM_WEBHOOK_SECRET", ""),
		TelegramAPIURL:        get("TELEGRAM_API_URL", ""),
		OpenAIAPIKey:          get("OPENAI_API_KEY", ""),
		OpenAIBaseURL:         get("OPENAI_BASE_URL", ""),
		LLMModel:              get("LLM_MODEL", "gpt-4o-mini"),
		PromptsDir:            get("PROMPTS_DIR", ""),
		EmbeddingProvider:     get("EMBEDDING_PROVIDER", "hashing"),
		EmbeddingModel:        get("EMBEDDING_MODEL", "text-embedding-3-small"),
	}
	var errs []error
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: want debug, info, warn or error"))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT: want json or text, got %q", c.LogFormat))
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		errs = append(errs, errors.New("DATABASE_URL: want a postgres:// URL"))
	}
	if strings.EqualFold(c.MetricsAddr, "off") {
		c.MetricsAddr = ""
	} else if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("METRICS_ADDR: want host:port such as 127.0.0.1:9090, or off, got %q", c.MetricsAddr))
	} else if c.MetricsAddr == c.HTTPAddr {
		errs = append(errs, errors.New("METRICS_ADDR: must differ from HTTP_ADDR (/metrics is kept off the public listener)"))
	}
	if c.TelegramMode != "polling" && c.TelegramMode != "webhook" {
		errs = append(errs, fmt.Errorf("TELEGRAM_MODE: want polling or webhook, got %q", c.TelegramMode))
	}
	if c.TelegramMode == "webhook" && c.TelegramBotToken != "" {
		if c.TelegramWebhookURL == "" || c.TelegramWebhookSecret == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: both are needed when TELEGRAM_MODE=webhook"))
		} else if !webhookSecretRE.MatchString(c.TelegramWebhookSecret) {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_SECRET: use 16–256 characters from A-Z, a-z, 0-9, _ and -"))
		} else if u, err := url.Parse(c.TelegramWebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL: want the public https:// URL of /telegram/webhook"))
		}
	}
	for _, s := range strings.Split(get("CALLCENTER_SECRETS", ""), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if len(s) < 32 {
			errs = append(errs, errors.New("CALLCENTER_SECRETS: each key must be at least 32 characters"))
			break
		}
		c.CallcenterSecrets = append(c.CallcenterSecrets, s)
	}
	if c.EmbeddingProvider != "hashing" && c.EmbeddingProvider != "openai" {
		errs = append(errs, fmt.Errorf("EMBEDDING_PROVIDER: want hashing or openai, got %q", c.EmbeddingProvider))
	}
	if c.EmbeddingProvider == "openai" && c.OpenAIAPIKey == "" && c.OpenAIBaseURL == "" {
		errs = append(errs, errors.New("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL"))
	}
	var err error
	if c.MinConfidence, err = strconv.ParseFloat(get("MIN_CONFIDENCE", "0.35"), 64); err != nil || c.MinConfidence < 0 || c.MinConfidence > 1 {
		errs = append(errs, errors.New("MIN_CONFIDENCE: want a number between 0 and 1"))
	}
	if c.ShutdownTimeout, err = time.ParseDuration(get("SHUTDOWN_TIMEOUT", "15s")); err != nil || c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("SHUTDOWN_TIMEOUT: want a duration such as 15s"))
	}
	if c.CallcenterRateLimit, err = strconv.Atoi(get("CALLCENTER_RATE_LIMIT", "600")); err != nil || c.CallcenterRateLimit < 0 {
		errs = append(errs, errors.New("CALLCENTER_RATE_LIMIT: want a whole number of requests a minute per key (0 for none)"))
	}
	if c.TelegramRateLimit, err = strconv.Atoi(get("TELEGRAM_RATE_LIMIT", "10")); err != nil || c.TelegramRateLimit <= 0 {
		errs = append(errs, errors.New("TELEGRAM_RATE_LIMIT: want a positive number of questions a minute per chat"))
	}
	if c.Retention, err = time.ParseDuration(get("RETENTION", "2160h")); err != nil || c.Retention < 24*time.Hour {
		errs = append(errs, errors.New("RETENTION: want a duration of at least 24h (call-centre replays need a day), such as 2160h (90 days)"))
	}
	if c.AskRateLimit, err = strconv.Atoi(get("ASK_RATE_LIMIT", "60")); err != nil || c.AskRateLimit < 0 {
		errs = append(errs, errors.New("ASK_RATE_LIMIT: want a whole number of requests a minute (0 for none)"))
	}
	errs = append(errs, c.loadSecurity(get)...)
	if c.LLMTimeout, err = time.ParseDuration(get("LLM_TIMEOUT", "20s")); err != nil || c.LLMTimeout <= 0 {
		errs = append(errs, errors.New("LLM_TIMEOUT: want a duration such as 20s"))
	}
	if c.ConversationTTL, err = time.ParseDuration(get("CONVERSATION_TTL", "24h")); err != nil || c.ConversationTTL <= 0 {
		errs = append(errs, errors.New("CONVERSATION_TTL: want a duration such as 24h"))
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(errs...))
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
	)
}
