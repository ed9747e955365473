package logid

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestIDsAreHashedAboveDebug(t *testing.T) {
	ctx := context.Background()
	h := New("a-key-of-sixteen-chars")
	if h.Sum("123456789") != New("a-key-of-sixteen-chars").Sum("123456789") {
		t.Error("one key must give one hash per id, so that a chat can be followed")
	}
	if h.Sum("123456789") == New("another-key-0000000").Sum("123456789") || h.Sum("1") == h.Sum("2") {
		t.Error("the hash must depend on the key and the id")
	}
	if first, second := New(""), New(""); first.Sum("42") == second.Sum("42") {
		t.Error("without LOG_HASH_KEY each start must get its own random key")
	}
	for _, tt := range []struct {
		level     slog.Level
		wantClear bool
	}{{slog.LevelInfo, false}, {slog.LevelDebug, true}} {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level}))
		log.Info("answered", h.Attrs(ctx, log, "chat", "987654321")...)
		out := buf.String()
		if !strings.Contains(out, "chat="+h.Sum("987654321")) || strings.Contains(out, "987654321") != tt.wantClear {
			t.Errorf("level %s: %q; clear id shown: want %v", tt.level, out, tt.wantClear)
		}
	}
}
