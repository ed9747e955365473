package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	for _, tt := range []struct {
		value, want, errNames string
	}{
		{"", "[]", ""},
		{"10.0.0.0/8", "[10.0.0.0/8]", ""},
		{" 10.0.0.0/8 , 192.168.1.7,2001:db8::/32 ", "[10.0.0.0/8 192.168.1.7/32 2001:db8::/32]", ""},
		{"10.1.2.3/8", "[10.0.0.0/8]", ""}, // host bits dropped
		{"::ffff:10.0.0.1", "[10.0.0.1/32]", ""},
		{"10.0.0.0/33", "", "TRUSTED_PROXIES"},
		{"proxy.internal", "", "TRUSTED_PROXIES"},
	} {
		c, err := Load(env(map[string]string{"TRUSTED_PROXIES": tt.value}))
		if tt.errNames != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errNames) {
				t.Errorf("TRUSTED_PROXIES=%q: error %v, want one naming %s", tt.value, err, tt.errNames)
			}
			continue
		}
		if got := fmt.Sprint(c.TrustedProxies); err != nil || got != tt.want {
			t.Errorf("TRUSTED_PROXIES=%q: %s, %v; want %s", tt.value, got, err, tt.want)
		}
	}
}

// The old switch trusted any X-Forwarded-For line a client sent: a start
// with it set fails and names its replacement.
func TestTrustXForwardedForIsRefused(t *testing.T) {
	for _, v := range []string{"true", "false"} {
		_, err := Load(env(map[string]string{"TRUST_X_FORWARDED_FOR": v}))
		if err == nil || !strings.Contains(err.Error(), "TRUST_X_FORWARDED_FOR") || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
			t.Errorf("TRUST_X_FORWARDED_FOR=%s: %v; want an error naming TRUSTED_PROXIES", v, err)
		}
	}
}

func TestLogHashKey(t *testing.T) {
	if _, err := Load(env(map[string]string{"LOG_HASH_KEY": "short"})); err == nil || !strings.Contains(err.Error(), "LOG_HASH_KEY") {
		t.Errorf("a short LOG_HASH_KEY: %v", err)
	}
	c, err := Load(env(map[string]string{"LOG_HASH_KEY": "a-long-enough-log-key"}))
	if err != nil || c.LogHashKey != "a-long-enough-log-key" {
		t.Errorf("LOG_HASH_KEY: %q, %v", c.LogHashKey, err)
	}
	if strings.Contains(c.LogValue().String(), "a-long-enough") {
		t.Error("the log value shows LOG_HASH_KEY")
	}
}
