package config

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	webhookSecretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`)
	botTokenRE      = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)
)

// reader reads variables and collects one error per bad variable, each
// naming it, echoing the value (secrets excepted) and saying what is
// accepted.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (p *reader) get(k, def string) string {
	if v := strings.TrimSpace(p.getenv(k)); v != "" {
		return v
	}
	return def
}

func (p *reader) fail(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

// oneOf is k's value, which must be one of allowed.
func (p *reader) oneOf(k, def string, allowed ...string) string {
	v := p.get(k, def)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail("%s: want %s, got %q", k, strings.Join(allowed, " or "), v)
	return v
}

// integer is k's whole number in [lo, hi].
func (p *reader) integer(k, def string, lo, hi int, what string) int {
	v := p.get(k, def)
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail("%s: want a whole number from %d to %d (%s), got %q", k, lo, hi, what, v)
	}
	return n
}

// fraction is k's finite number in [0, 1].
func (p *reader) fraction(k, def string) float64 {
	v := p.get(k, def)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1 {
		p.fail("%s: want a number from 0 to 1 such as %s, got %q", k, def, v)
	}
	return f
}

// duration is k's duration, at least least.
func (p *reader) duration(k, def string, least time.Duration, example string) time.Duration {
	v := p.get(k, def)
	d, err := time.ParseDuration(v)
	if err != nil || d < least {
		p.fail("%s: want a duration of at least %s, %s; got %q", k, least, example, v)
	}
	return d
}

func (p *reader) logLevel(l *slog.Level) {
	v := p.get("LOG_LEVEL", "info")
	if err := l.UnmarshalText([]byte(v)); err != nil {
		p.fail("LOG_LEVEL: want debug, info, warn or error, got %q", v)
	}
}

// httpURL is k's http:// or https:// URL with a host, or "" when unset.
func (p *reader) httpURL(k string) string {
	v := p.get(k, "")
	if v == "" {
		return ""
	}
	if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.fail("%s: want an http:// or https:// URL such as http://localhost:11434/v1, got %q", k, v)
	}
	return v
}

// folderWith is k's folder, which must exist and hold the file want; ""
// when unset.
func (p *reader) folderWith(k, want string) string {
	v := p.get(k, "")
	if v == "" {
		return ""
	}
	if st, err := os.Stat(v); err != nil || !st.IsDir() {
		p.fail("%s: want an existing folder holding %s, got %q (no such folder)", k, want, v)
	} else if st, err := os.Stat(filepath.Join(v, want)); err != nil || !st.Mode().IsRegular() {
		p.fail("%s: the folder %q has no %s (it must hold one)", k, v, want)
	}
	return v
}

// databaseURL checks a postgres:// URL, echoing it without its password.
func (p *reader) databaseURL(v string) {
	u, err := url.Parse(v)
	if err != nil {
		p.fail("DATABASE_URL: want a postgres://user:password@host:port/database URL; the value does not parse as a URL")
		return
	}
	if (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		p.fail("DATABASE_URL: want a postgres://user:password@host:port/database URL, got %q", u.Redacted())
	}
}

// listenAddr checks a host:port listen address (host may be empty).
func (p *reader) listenAddr(k, v, example string) {
	if _, port, err := net.SplitHostPort(v); err != nil || !validPort(port) {
		p.fail("%s: want host:port or :port such as %s, got %q", k, example, v)
	}
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 65535
}

// metricsAddr checks METRICS_ADDR: "" for off, else an address apart from
// the public one.
func (p *reader) metricsAddr(v, httpAddr string) string {
	switch {
	case strings.EqualFold(v, "off"):
		return ""
	case v == httpAddr:
		p.fail("METRICS_ADDR: must differ from HTTP_ADDR (/metrics is kept off the public listener), got %q", v)
	default:
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" || !validPort(port) {
			p.fail("METRICS_ADDR: want host:port such as 127.0.0.1:9090, or off, got %q", v)
		}
	}
	return v
}

// telegram checks the bot token's shape and the webhook settings; the
// token and the secret are never echoed.
func (p *reader) telegram(c Config) {
	if c.TelegramBotToken != "" && !botTokenRE.MatchString(c.TelegramBotToken) {
		p.fail("TELEGRAM_BOT_TOKEN: want the token @BotFather gave, digits, a colon, then letters (value not shown)")
	}
	if c.TelegramMode != "webhook" || c.TelegramBotToken == "" {
		return
	}
	if c.TelegramWebhookURL == "" || c.TelegramWebhookSecret == "" {
		p.fail("TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: both are needed when TELEGRAM_MODE=webhook")
	} else if !webhookSecretRE.MatchString(c.TelegramWebhookSecret) {
		p.fail("TELEGRAM_WEBHOOK_SECRET: use 16–256 characters from A-Z, a-z, 0-9, _ and - (value not shown)")
	} else if u, err := url.Parse(c.TelegramWebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
		p.fail("TELEGRAM_WEBHOOK_URL: want the public https:// URL of /telegram/webhook, got %q", c.TelegramWebhookURL)
	}
}

// secrets is k's comma-separated keys, each at least minLen characters.
func (p *reader) secrets(k string, minLen int) []string {
	var keys []string
	parts := strings.Split(p.get(k, ""), ",")
	for i, s := range parts {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if len(s) < minLen {
			p.errs = append(p.errs, fmt.Errorf("%s: each key must be at least %d characters; key %d of %d has %d (values not shown)",
				k, minLen, i+1, len(parts), len(s)))
			return nil
		}
		keys = append(keys, s)
	}
	return keys
}
