package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadValuesAreNamedEchoedAndExplained sets one variable at a time to a
// bad value: the error names the variable, echoes the value and says what
// is accepted.
func TestBadValuesAreNamedEchoedAndExplained(t *testing.T) {
	empty := t.TempDir()
	for _, tt := range []struct{ name, value, accepted string }{
		{"MIN_CONFIDENCE", "NaN", "from 0 to 1"},
		{"MIN_CONFIDENCE", "Inf", "from 0 to 1"},
		{"MIN_CONFIDENCE", "1.5", "from 0 to 1"},
		{"LOG_LEVEL", "loud", "debug, info, warn or error"},
		{"LOG_FORMAT", "xml", "json or text"},
		{"HTTP_ADDR", "8080", "host:port"},
		{"HTTP_ADDR", "localhost:http-ish", "host:port"},
		{"HTTP_ADDR", ":99999", "host:port"},
		{"METRICS_ADDR", "9100", "host:port"},
		{"METRICS_ADDR", ":70000", "host:port"},
		{"PROMPTS_DIR", "/no/such/folder", "answer.tmpl"},
		{"PROMPTS_DIR", empty, "answer.tmpl"},
		{"ASK_RATE_LIMIT", "-1", "whole number from 0"},
		{"ASK_RATE_LIMIT", "1e3", "whole number from 0"},
		{"TELEGRAM_RATE_LIMIT", "0", "whole number from 1"},
		{"CALLCENTER_RATE_LIMIT", "lots", "whole number from 0"},
		{"SHUTDOWN_TIMEOUT", "15", "duration"},
		{"LLM_TIMEOUT", "-2s", "duration"},
		{"CONVERSATION_TTL", "0s", "duration"},
		{"RETENTION", "1h", "at least 24h0m0s"},
		{"TRUST_X_FORWARDED_FOR", "yes please", "TRUSTED_PROXIES"},
		{"TELEGRAM_MODE", "carrier-pigeon", "polling or webhook"},
		{"EMBEDDING_PROVIDER", "magic", "hashing or openai"},
		{"OPENAI_BASE_URL", "localhost:11434", "http:// or https://"},
		{"TELEGRAM_API_URL", "ftp://bots", "http:// or https://"},
		{"DATABASE_URL", "mysql://db/x", "postgres://"},
	} {
		_, err := Load(env(map[string]string{tt.name: tt.value}))
		if err == nil {
			t.Errorf("%s=%q accepted", tt.name, tt.value)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.name) || !strings.Contains(msg, tt.value) || !strings.Contains(msg, tt.accepted) {
			t.Errorf("%s=%q: %q does not name the variable, echo the value and say %q", tt.name, tt.value, msg, tt.accepted)
		}
	}
}

func TestSecretsAreNeverEchoed(t *testing.T) {
	_, err := Load(env(map[string]string{
		"DATABASE_URL":            "mysql://user:PASSWORD1@db/x",
		"TELEGRAM_BOT_TOKEN":      "not a TOKEN2",
		"TELEGRAM_MODE":           "webhook",
		"TELEGRAM_WEBHOOK_URL":    "https://bot.example.vn/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": "bad SECRET3",
		"CALLCENTER_SECRETS":      strings.Repeat("k", 40) + ",SHORTKEY4",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, name := range []string{"DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "CALLCENTER_SECRETS"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
	for _, secret := range []string{"PASSWORD1", "TOKEN2", "SECRET3", "SHORTKEY4", "kkkk"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows the secret %q: %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "key 2 of 2") {
		t.Errorf("error does not say which key is short: %v", err)
	}
}

func TestGoodValuesAreAccepted(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "answer.tmpl"), []byte(`{{define "system"}}x{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{
		"PROMPTS_DIR": dir, "MIN_CONFIDENCE": "0", "HTTP_ADDR": "127.0.0.1:8081", "METRICS_ADDR": "[::1]:9100",
		"OPENAI_BASE_URL": "http://localhost:11434/v1", "TELEGRAM_BOT_TOKEN": "123456:ABC-def_9", "ASK_RATE_LIMIT": "0",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PromptsDir != dir || c.MinConfidence != 0 || c.HTTPAddr != "127.0.0.1:8081" || c.AskRateLimit != 0 {
		t.Errorf("config: %+v", c)
	}
}

func TestDatabaseAddressHasNoCredentials(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u:secret@db.internal:6543/x": "db.internal:6543",
		"postgres://u:secret@db.internal/x":      "db.internal:5432",
		DefaultDatabaseURL:                       "127.0.0.1:5432",
	} {
		if got := DatabaseAddress(dsn); got != want {
			t.Errorf("DatabaseAddress(%q) = %q, want %q", dsn, got, want)
		}
	}
}
