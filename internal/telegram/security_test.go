package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination the bot's goroutines and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestNULGetsAPoliteReply: a message with NUL is answered, in the chat's
// language, with a request to type the question again — never stored,
// never an error; other control characters are removed and the question
// answered (issue 17).
func TestNULGetsAPoliteReply(t *testing.T) {
	f := start(t, "polling", 10)
	f.api.updates <- message(611, "Đờn ca tài tử\x00 được UNESCO công nhận năm nào?", nil)
	waitFor(t, "Vietnamese reply", func() bool { return f.api.anySent(611, "không đọc được") })
	en := message(612, "When\x00 was đờn ca tài tử recognised?", nil)
	en["message"].(map[string]any)["from"].(map[string]any)["language_code"] = "en"
	f.api.updates <- en
	waitFor(t, "English reply", func() bool { return f.api.anySent(612, "cannot read") })
	f.api.updates <- message(613, "Đờn ca tài tử\x1b được UNESCO công nhận năm nào?", nil)
	waitFor(t, "answer despite an escape character", func() bool { return f.api.anySent(613, "2013") })
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM conversations WHERE id IN ('tg:611', 'tg:612')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d conversations stored from messages with NUL (%v)", n, err)
	}
	// A vote on an answer whose question held NUL is kept, without the text.
	reply := map[string]any{"message_id": 88, "date": time.Now().Unix(), "chat": map[string]any{"id": 614, "type": "private"},
		"text": "answer", "reply_to_message": map[string]any{"message_id": 87, "date": 1, "chat": map[string]any{"id": 614, "type": "private"}, "text": "visa\x00"}}
	f.api.updates <- callback(614, "fb:down", reply)
	waitFor(t, "vote stored", func() bool {
		var votes int
		_ = f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM feedback WHERE chat_id = 614 AND question = ''`).Scan(&votes)
		return votes == 1
	})
}

// TestLogsHoldChatHashes: at info level a chat is logged as a keyed hash,
// never by its id; at debug level the id is there too.
func TestLogsHoldChatHashes(t *testing.T) {
	for _, tt := range []struct {
		level     slog.Level
		wantClear bool
	}{{slog.LevelInfo, false}, {slog.LevelDebug, true}} {
		var out syncBuffer
		f := startLogging(t, "polling", 10, slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: tt.level})))
		f.api.updates <- message(987654321, "Đờn ca tài tử được UNESCO công nhận năm nào?", nil)
		waitFor(t, "answer logged", func() bool { return strings.Contains(out.String(), "telegram: answered") })
		logs := out.String()
		if !strings.Contains(logs, "chat="+f.bot.cfg.LogIDs.Sum("987654321")) {
			t.Errorf("%s: no chat hash in %q", tt.level, logs)
		}
		if strings.Contains(logs, "987654321") != tt.wantClear {
			t.Errorf("%s: clear chat id logged: %v, want %v:\n%s", tt.level, !tt.wantClear, tt.wantClear, logs)
		}
	}
}
