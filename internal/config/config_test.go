package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsRunWithNothingSet(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != DefaultDatabaseURL || c.HTTPAddr != ":8080" || c.EmbeddingProvider != "hashing" || c.LLMEnabled() {
		t.Errorf("defaults: %+v", c)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	_, err := Load(env(map[string]string{
		"TELEGRAM_MODE":      "carrier-pigeon",
		"EMBEDDING_PROVIDER": "openai",
		"CALLCENTER_SECRETS": "short",
		"LOG_LEVEL":          "loud",
		"DATABASE_URL":       "mysql://x",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, v := range []string{"TELEGRAM_MODE", "EMBEDDING_PROVIDER", "CALLCENTER_SECRETS", "LOG_LEVEL", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), v) {
			t.Errorf("error does not name %s: %v", v, err)
		}
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	c, err := Load(env(map[string]string{
		"TELEGRAM_BOT_TOKEN": "123:SECRET-TOKEN",
		"OPENAI_API_KEY":     "sk-SECRET",
		"DATABASE_URL":       "postgres://u:PASSWORD@db/x",
		"CALLCENTER_SECRETS": strings.Repeat("k", 40),
	}))
	if err != nil {
		t.Fatal(err)
	}
	s := c.LogValue().String()
	for _, secret := range []string{"SECRET", "PASSWORD", "kkkk"} {
		if strings.Contains(s, secret) {
			t.Errorf("log value leaks %q: %s", secret, s)
		}
	}
}

func TestWebhookSettings(t *testing.T) {
	base := map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_MODE": "webhook"}
	for name, extra := range map[string]map[string]string{
		"missing":      {},
		"short secret": {"TELEGRAM_WEBHOOK_URL": "https://bot.example.vn/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": "short"},
		"plain http":   {"TELEGRAM_WEBHOOK_URL": "http://bot.example.vn/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 20)},
	} {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		if _, err := Load(env(m)); err == nil || !strings.Contains(err.Error(), "TELEGRAM_WEBHOOK") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	base["TELEGRAM_WEBHOOK_URL"], base["TELEGRAM_WEBHOOK_SECRET"] = "https://bot.example.vn/telegram/webhook", strings.Repeat("a", 20)
	if _, err := Load(env(base)); err != nil {
		t.Errorf("valid webhook settings: %v", err)
	}
}

func TestMetricsAddr(t *testing.T) {
	for _, tt := range []struct {
		value, want, errNames string
	}{
		{"", DefaultMetricsAddr, ""},
		{"off", "", ""},
		{"OFF", "", ""},
		{"0.0.0.0:9100", "0.0.0.0:9100", ""},
		{":9100", ":9100", ""},
		{"9100", "", "METRICS_ADDR"},
		{":8080", "", "METRICS_ADDR"}, // the public listener's address
	} {
		c, err := Load(env(map[string]string{"METRICS_ADDR": tt.value}))
		if tt.errNames != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errNames) {
				t.Errorf("METRICS_ADDR=%q: error %v, want one naming %s", tt.value, err, tt.errNames)
			}
			continue
		}
		if err != nil || c.MetricsAddr != tt.want {
			t.Errorf("METRICS_ADDR=%q: %q, %v; want %q", tt.value, c.MetricsAddr, err, tt.want)
		}
	}
}
