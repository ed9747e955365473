// Package logid stands in for people's identifiers in logs: a Telegram
// chat id, a counsellor id or a call id is logged as a keyed hash, the
// same for the same id under one key, so that an operator can follow one
// chat or call through the logs without the logs holding the id itself.
// The clear id is added only when the logger is at debug level.
package logid

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
)

// Hasher hashes ids with one key; make it with New.
type Hasher struct {
	key []byte
}

// New returns a Hasher keyed by key (LOG_HASH_KEY), or, when key is "", by
// a random key: hashes then match only within one run of the service.
func New(key string) *Hasher {
	if key == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
		return &Hasher{key: b}
	}
	return &Hasher{key: []byte(key)}
}

// Sum is the hash of id: 12 hex digits (48 bits) of HMAC-SHA256, "" for
// an empty id.
func (h *Hasher) Sum(id string) string {
	if id == "" {
		return ""
	}
	mac := hmac.New(sha256.New, h.key)
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:6])
}

// Attrs are the log attributes of an id named name ("chat", "counselor",
// "call"): name=<hash>, and, only when log is enabled at debug level,
// name_id=<the clear id>.
func (h *Hasher) Attrs(ctx context.Context, log *slog.Logger, name, id string) []any {
	out := []any{slog.String(name, h.Sum(id))}
	if log.Enabled(ctx, slog.LevelDebug) {
		out = append(out, slog.String(name+"_id", id))
	}
	return out
}
