package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

// errorCount is a slog handler that counts records at error level: the
// bot's equivalent of a 500.
type errorCount struct{ n atomic.Int64 }

func (e *errorCount) Enabled(context.Context, slog.Level) bool { return true }
func (e *errorCount) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		e.n.Add(1)
	}
	return nil
}
func (e *errorCount) WithAttrs([]slog.Attr) slog.Handler { return e }
func (e *errorCount) WithGroup(string) slog.Handler      { return e }

// FuzzUpdate passes updates with any message text, button data and quoted
// text through the bot's update handler (de-duplication, commands,
// questions, votes) against a real database: nothing is logged as an
// error and nothing panics. Seeds: testdata/fuzz/FuzzUpdate.
func FuzzUpdate(f *testing.F) {
	db, ret := testkb.OpenFuzz(f, "telegram")
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		f.Fatal(err)
	}
	errs := &errorCount{}
	log := slog.New(errs)
	svc := &assistant.Service{Retriever: ret, Log: log, MinConfidence: 0.35, Memory: db, Gaps: db, Safety: checker}
	api := newBotAPI(f)
	b, err := New(context.Background(), Config{Token: token, Mode: "polling", APIURL: api.URL, RateLimit: 1000}, svc, db, log)
	if err != nil {
		f.Fatal(err)
	}
	b.out.globalGap, b.out.chatGap = 0, 0
	handler := b.dedupe(b.handle)
	var seq atomic.Int64
	seq.Store(time.Now().UnixNano() % 1e12)
	f.Add("Đờn ca tài tử được UNESCO công nhận năm nào?", "fb:up", "visa")
	f.Add("visa\x00", "fb:down", "EPS\x00")
	f.Add("/lang en", "lang:en", "")
	f.Add("/forget", "ask:labour:vi:0", "\xff")
	f.Add("\x1b\u0085 phí", "topic:\x00", "\r")
	f.Fuzz(func(t *testing.T, text, data, quoted string) {
		chat := seq.Add(1)
		for _, raw := range []map[string]any{
			{"update_id": seq.Add(1), "message": map[string]any{"message_id": 1, "date": 1, "text": text,
				"chat": map[string]any{"id": chat, "type": "private"}, "from": map[string]any{"id": chat, "first_name": "A", "language_code": "vi"}}},
			{"update_id": seq.Add(1), "callback_query": map[string]any{"id": "cb", "data": data, "chat_instance": "x",
				"from": map[string]any{"id": chat, "first_name": "A"},
				"message": map[string]any{"message_id": 2, "date": 1, "text": text, "chat": map[string]any{"id": chat, "type": "private"},
					"reply_to_message": map[string]any{"message_id": 1, "date": 1, "text": quoted, "chat": map[string]any{"id": chat, "type": "private"}}}}},
		} {
			body, _ := json.Marshal(raw)
			var upd models.Update
			if err := json.Unmarshal(body, &upd); err != nil {
				t.Fatalf("update %s: %v", body, err)
			}
			handler(context.Background(), b.api, &upd)
		}
		if n := errs.n.Load(); n > 0 {
			t.Fatalf("text %q, data %q, quoted %q: %d errors logged", text, data, quoted, n)
		}
	})
}
