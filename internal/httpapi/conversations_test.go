package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/assistant"
)

func (f *fixture) ask(t *testing.T, body map[string]any) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	return f.post(t, "application/json", string(b))
}

func (f *fixture) del(t *testing.T, base, id string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, base+"/v1/conversations/"+id, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func (f *fixture) turns(t *testing.T, conversationID string) int {
	t.Helper()
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM turns WHERE conversation_id = $1`, conversationID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConversationsBelongToTheirHolder: the server issues conversation ids;
// another client can neither read, extend, delete nor detect a
// conversation it was not given, over HTTP or across channels (issue 17).
func TestConversationsBelongToTheirHolder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	resp, first := f.ask(t, map[string]any{"question": "Đi làm việc ở Hàn Quốc theo chương trình EPS cần gì?"})
	mine, _ := first["conversation_id"].(string)
	if resp.StatusCode != 200 || !assistant.ValidIssuedID(mine) {
		t.Fatalf("first answer: %d, conversation_id %q; want an issued id", resp.StatusCode, mine)
	}
	resp, follow := f.ask(t, map[string]any{"question": "còn Nhật thì sao?", "conversation_id": mine})
	if resp.StatusCode != 200 || follow["conversation_id"] != mine {
		t.Fatalf("follow-up: %d %v", resp.StatusCode, follow)
	}
	// A Telegram user's conversation, named as the bot names it.
	tg := assistant.Query{Question: "Đi làm việc ở Hàn Quốc theo chương trình EPS cần gì?", ConversationID: "tg:4242", ChannelOwned: true, Channel: "telegram"}
	if _, err := f.svc.Ask(ctx, tg); err != nil {
		t.Fatal(err)
	}
	before := f.turns(t, mine)

	unknown := map[string]string{
		"a client-chosen id":                       "tg-12345",
		"the Telegram user's conversation":         "tg:4242",
		"a well-formed id the server never issued": assistant.NewConversationID(),
		"the issued id in capitals":                strings.ToUpper(mine),
	}
	wantMessage := ""
	for name, id := range unknown {
		resp, m := f.ask(t, map[string]any{"question": "còn Nhật thì sao?", "conversation_id": id})
		code, msg := errorCode(m)
		if resp.StatusCode != 400 || !strings.HasPrefix(code, "invalid_conversation") {
			t.Errorf("ask naming %s: %d %v; want 400 invalid_conversation…", name, resp.StatusCode, m)
		}
		if code == "invalid_conversation" {
			if wantMessage != "" && msg != wantMessage {
				t.Errorf("two unknown ids get different messages: %q, %q", msg, wantMessage)
			}
			wantMessage = msg
		}
	}
	if wantMessage == "" {
		t.Error("no well-formed unknown id was answered invalid_conversation")
	}
	// Deleting: a foreign namespace is refused by shape; a well-formed id
	// answers 204 whether or not it exists, so nothing can be detected.
	for _, id := range []string{"tg:4242", "tg%3A4242", "%00", "c_%00", "x"} {
		if code, m := f.del(t, f.srv.URL, id); code != 400 {
			t.Errorf("DELETE %s: %d %v; want 400", id, code, m)
		}
	}
	if code, _ := f.del(t, f.srv.URL, assistant.NewConversationID()); code != http.StatusNoContent {
		t.Errorf("DELETE of an id never issued: %d, want 204 like any other", code)
	}
	if f.turns(t, "tg:4242") != 1 || f.turns(t, mine) != before {
		t.Errorf("conversations changed by other clients: telegram %d turns, mine %d (was %d)", f.turns(t, "tg:4242"), f.turns(t, mine), before)
	}
	for range 2 {
		if code, _ := f.del(t, f.srv.URL, mine); code != http.StatusNoContent {
			t.Errorf("DELETE of my conversation: %d, want 204 (twice: existence is not revealed)", code)
		}
	}
	if f.turns(t, mine) != 0 {
		t.Error("my conversation's turns outlive its deletion")
	}
	if resp, m := f.ask(t, map[string]any{"question": "còn Nhật thì sao?", "conversation_id": mine}); resp.StatusCode != 400 {
		t.Errorf("a deleted conversation is still accepted: %d %v", resp.StatusCode, m)
	}
}

func TestForgetIsRateLimited(t *testing.T) {
	f := newFixture(t)
	srv := f.srv.Config.Handler.(*Server).LimitAsk(3, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	codes := map[int]int{}
	for range 10 {
		code, _ := f.del(t, ts.URL, assistant.NewConversationID())
		codes[code]++
	}
	if codes[http.StatusNoContent] != 3 || codes[http.StatusTooManyRequests] != 7 {
		t.Errorf("10 deletions with a limit of 3: %v; want 3 × 204 and 7 × 429", codes)
	}
}
