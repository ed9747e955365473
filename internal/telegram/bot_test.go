package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

const token = "123456:TEST-token"

// call is one Bot API request the bot made.
type call struct {
	method string
	params map[string]string
}

// botAPI speaks the Telegram Bot API wire format: multipart requests to
// /bot<token>/<method>, {"ok": …, "result": …} answers, long-polled
// getUpdates.
type botAPI struct {
	*httptest.Server
	mu        sync.Mutex
	calls     []call
	updates   chan map[string]any
	nextMsgID int
	tooMany   atomic.Int32 // fail this many sendMessage calls with 429
	badToken  bool
}

func newBotAPI(t testing.TB) *botAPI {
	api := &botAPI{updates: make(chan map[string]any, 100), nextMsgID: 1000}
	api.Server = httptest.NewServer(http.HandlerFunc(api.serve))
	t.Cleanup(api.Close)
	return api
}

func (a *botAPI) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+token+"/")
	if !ok || a.badToken {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	params := map[string]string{}
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	}
	if method != "getUpdates" {
		a.mu.Lock()
		a.calls = append(a.calls, call{method, params})
		a.mu.Unlock()
	}
	ok200 := func(result any) {
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
	}
	switch method {
	case "getMe":
		ok200(map[string]any{"id": 123456, "is_bot": true, "first_name": "Cần Thơ Connect", "username": "cantho_connect_bot"})
	case "getUpdates":
		var ups []map[string]any
		select {
		case u := <-a.updates:
			ups = append(ups, u)
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
		ok200(ups)
	case "sendMessage", "editMessageText":
		if method == "sendMessage" && a.tooMany.Load() > 0 {
			a.tooMany.Add(-1)
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`)
			return
		}
		a.mu.Lock()
		a.nextMsgID++
		id := a.nextMsgID
		a.mu.Unlock()
		var chatID int64
		fmt.Sscan(params["chat_id"], &chatID)
		ok200(map[string]any{"message_id": id, "date": time.Now().Unix(), "chat": map[string]any{"id": chatID, "type": "private"}, "text": params["text"]})
	default: // sendChatAction, answerCallbackQuery, setWebhook, deleteWebhook
		ok200(true)
	}
}

// sent returns the texts sent (or edited) to chatID so far.
func (a *botAPI) sent(chatID int64) []call {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []call
	for _, c := range a.calls {
		if (c.method == "sendMessage" || c.method == "editMessageText") && c.params["chat_id"] == fmt.Sprint(chatID) {
			out = append(out, c)
		}
	}
	return out
}

func (a *botAPI) count(method string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.calls {
		if c.method == method {
			n++
		}
	}
	return n
}

// waitFor polls until cond holds or fails the test after 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type fixture struct {
	api *botAPI
	bot *Bot
	db  *store.DB
}

func start(t *testing.T, mode string, rateLimit int) *fixture {
	t.Helper()
	return startLogging(t, mode, rateLimit, testkb.Quiet())
}

// startLogging is start with the bot logging to log.
func startLogging(t *testing.T, mode string, rateLimit int, log *slog.Logger) *fixture {
	t.Helper()
	db, ret := testkb.Open(t, "telegram_"+t.Name(), nil)
	checker, err := safety.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	svc := &assistant.Service{Retriever: ret, Log: testkb.Quiet(), MinConfidence: 0.35, Memory: db, Gaps: db, Safety: checker}
	api := newBotAPI(t)
	b, err := New(context.Background(), Config{Token: token, Mode: mode, APIURL: api.URL, WebhookURL: "https://example.test/telegram/webhook",
		WebhookSecret: "s3cret-s3cret-s3cret", RateLimit: rateLimit}, svc, db, log)
	if err != nil {
		t.Fatal(err)
	}
	b.out.globalGap, b.out.chatGap = time.Millisecond, time.Millisecond
	b.out.sleep = func(ctx context.Context, d time.Duration) error { return sleepCtx(ctx, min(d, 50*time.Millisecond)) }
	// One fixed instant for the per-chat limit, which counts per calendar
	// minute: a test must not straddle two of them.
	fixed := time.Now()
	b.now = func() time.Time { return fixed }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &fixture{api: api, bot: b, db: db}
}

var nextUpdate atomic.Int64

func message(chatID int64, text string, extra map[string]any) map[string]any {
	m := map[string]any{
		"message_id": 10 + nextUpdate.Load(), "date": time.Now().Unix(), "text": text,
		"chat": map[string]any{"id": chatID, "type": "private"},
		"from": map[string]any{"id": chatID, "is_bot": false, "first_name": "Lan", "language_code": "vi"},
	}
	for k, v := range extra {
		m[k] = v
	}
	return map[string]any{"update_id": nextUpdate.Add(1), "message": m}
}

func callback(chatID int64, data string, msg map[string]any) map[string]any {
	if msg == nil {
		msg = map[string]any{"message_id": 77, "date": time.Now().Unix(), "chat": map[string]any{"id": chatID, "type": "private"}, "text": "…"}
	}
	return map[string]any{"update_id": nextUpdate.Add(1), "callback_query": map[string]any{
		"id": fmt.Sprint("cb", nextUpdate.Load()), "data": data, "chat_instance": "x", "message": msg,
		"from": map[string]any{"id": chatID, "is_bot": false, "first_name": "Lan", "language_code": "vi"},
	}}
}

// anySent reports whether some message to chatID contains sub.
func (a *botAPI) anySent(chatID int64, sub string) bool {
	for _, c := range a.sent(chatID) {
		if strings.Contains(c.params["text"], sub) {
			return true
		}
	}
	return false
}

func lastText(calls []call) string {
	if len(calls) == 0 {
		return ""
	}
	return calls[len(calls)-1].params["text"]
}

func TestPollingAnswersWithSourcesAndFeedbackButtons(t *testing.T) {
	f := start(t, "polling", 10)
	f.api.updates <- message(501, "Làm sao kiểm tra công ty xuất khẩu lao động có giấy phép?", nil)
	waitFor(t, "an answer", func() bool { return len(f.api.sent(501)) > 0 })
	c := f.api.sent(501)[0]
	text := c.params["text"]
	if !strings.Contains(text, "dolab.gov.vn") || !strings.Contains(text, "<b>Nguồn:</b>") || c.params["parse_mode"] != "HTML" {
		t.Errorf("answer: %q (parse_mode %q)", text, c.params["parse_mode"])
	}
	if !strings.Contains(c.params["reply_markup"], `"fb:up"`) || !strings.Contains(c.params["reply_parameters"], `"message_id"`) {
		t.Errorf("reply markup %s, reply parameters %s", c.params["reply_markup"], c.params["reply_parameters"])
	}
	if f.api.count("sendChatAction") == 0 || f.api.count("deleteWebhook") != 1 {
		t.Errorf("typing action %d, deleteWebhook %d", f.api.count("sendChatAction"), f.api.count("deleteWebhook"))
	}
	// Feedback on that answer is stored with the question.
	f.api.updates <- callback(501, "fb:down", map[string]any{"message_id": 1001, "date": 1, "text": text,
		"chat":             map[string]any{"id": 501, "type": "private"},
		"reply_to_message": map[string]any{"message_id": 9, "date": 1, "chat": map[string]any{"id": 501, "type": "private"}, "text": "câu hỏi, gọi 0912 345 678"}})
	waitFor(t, "answerCallbackQuery", func() bool { return f.api.count("answerCallbackQuery") > 0 })
	var vote, question string
	waitFor(t, "stored feedback", func() bool {
		return f.db.Pool().QueryRow(context.Background(), `SELECT vote, question FROM feedback WHERE chat_id = 501`).Scan(&vote, &question) == nil
	})
	if vote != "down" || strings.Contains(question, "345") {
		t.Errorf("feedback: vote %q question %q (personal numbers must be masked)", vote, question)
	}
}

func TestStartLanguageTopicsAndForget(t *testing.T) {
	f := start(t, "polling", 10)
	f.api.updates <- message(502, "/start", nil)
	waitFor(t, "greeting", func() bool { return len(f.api.sent(502)) == 1 })
	g := f.api.sent(502)[0]
	if !strings.Contains(g.params["text"], "Cần Thơ Connect") || !strings.Contains(g.params["text"], "Hello") || !strings.Contains(g.params["reply_markup"], "lang:en") {
		t.Fatalf("greeting: %+v", g.params)
	}
	f.api.updates <- callback(502, "lang:en", nil)
	waitFor(t, "language set", func() bool { return strings.Contains(lastText(f.api.sent(502)), "English it is") })
	// A Vietnamese question is now answered in English.
	f.api.updates <- message(502, "Tổng đài tư vấn việc làm ở Cần Thơ là số mấy?", nil)
	waitFor(t, "answer", func() bool { return len(f.api.sent(502)) > 2 })
	if !strings.Contains(lastText(f.api.sent(502)), "Sources:") {
		t.Errorf("after /lang en, a Vietnamese question is not answered in English: %q", lastText(f.api.sent(502)))
	}
	if !strings.Contains(lastText(f.api.sent(502)), "1088") {
		t.Errorf("English answer lacks 1088: %q", lastText(f.api.sent(502)))
	}
	f.api.updates <- message(502, "/topics", nil)
	waitFor(t, "topics", func() bool {
		return strings.Contains(f.api.sent(502)[len(f.api.sent(502))-1].params["reply_markup"], "topic:labour")
	})
	f.api.updates <- callback(502, "topic:labour", nil)
	waitFor(t, "examples", func() bool {
		return strings.Contains(f.api.sent(502)[len(f.api.sent(502))-1].params["reply_markup"], "ask:labour:en:0")
	})
	f.api.updates <- callback(502, "ask:labour:en:0", nil)
	waitFor(t, "example answered", func() bool { return strings.Contains(lastText(f.api.sent(502)), "dolab.gov.vn") })
	f.api.updates <- callback(502, "nonsense:data", nil)
	waitFor(t, "unknown button answered", func() bool {
		f.api.mu.Lock()
		defer f.api.mu.Unlock()
		for _, c := range f.api.calls {
			if c.method == "answerCallbackQuery" && strings.Contains(c.params["text"], "no longer works") {
				return true
			}
		}
		return false
	})
	f.api.updates <- message(502, "/lang xx", nil)
	waitFor(t, "lang usage", func() bool { return strings.Contains(lastText(f.api.sent(502)), "/lang vi") })
	f.api.updates <- message(502, "/forget", nil)
	waitFor(t, "forgotten", func() bool { return strings.Contains(lastText(f.api.sent(502)), "deleted") })
	if l, _ := f.db.ChatLang(context.Background(), 502); l != "" {
		t.Errorf("language still stored after /forget: %q", l)
	}
}

func TestLimitsGroupsDuplicatesAndOddUpdates(t *testing.T) {
	f := start(t, "polling", 2)
	long := message(503, strings.Repeat("hỏi ", 600), nil)
	f.api.updates <- long
	waitFor(t, "too long", func() bool { return strings.Contains(lastText(f.api.sent(503)), "2.000") })
	// A duplicate update id is answered once.
	dup := message(504, "visa exemption certificate", nil)
	f.api.updates <- dup
	f.api.updates <- dup
	for range 2 {
		f.api.updates <- message(504, "EPS Korea", nil)
	}
	waitFor(t, "rate limit", func() bool { return f.api.anySent(504, "nhanh") })
	// The answers may come after the notice (a loaded CI machine): wait
	// for three, then make sure no fourth follows.
	waitFor(t, "three messages", func() bool { return len(f.api.sent(504)) >= 3 })
	time.Sleep(200 * time.Millisecond)
	if n := len(f.api.sent(504)); n != 3 {
		t.Errorf("%d messages to chat 504, want 3 (one answer for the duplicated update, one more, one rate-limit notice)", n)
	}
	// Groups: silent unless mentioned.
	group := map[string]any{"id": -100, "type": "supergroup", "title": "Lao động Cần Thơ"}
	f.api.updates <- message(-100, "phí dịch vụ xkld", map[string]any{"chat": group})
	f.api.updates <- message(-100, "/help@some_other_bot", map[string]any{"chat": group})
	f.api.updates <- message(-100, "@cantho_connect_bot phí dịch vụ xkld tối đa bao nhiêu", map[string]any{"chat": group})
	waitFor(t, "group answer", func() bool { return len(f.api.sent(-100)) > 0 })
	time.Sleep(200 * time.Millisecond)
	if n := len(f.api.sent(-100)); n != 1 {
		t.Errorf("%d messages in the group, want 1 (only the mention)", n)
	}
	// A sticker and an edited message do not stop the bot.
	f.api.updates <- map[string]any{"update_id": nextUpdate.Add(1), "message": map[string]any{"message_id": 1, "date": 1,
		"chat": map[string]any{"id": 505, "type": "private"}, "sticker": map[string]any{"file_id": "x", "file_unique_id": "y", "type": "regular", "width": 1, "height": 1}}}
	f.api.updates <- map[string]any{"update_id": nextUpdate.Add(1), "edited_message": map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": 505, "type": "private"}, "text": "x"}}
	waitFor(t, "sticker reply", func() bool { return strings.Contains(lastText(f.api.sent(505)), "đọc được chữ") })
	f.api.updates <- message(505, "Đờn ca tài tử được UNESCO công nhận năm nào?", nil)
	waitFor(t, "still answering", func() bool { return strings.Contains(lastText(f.api.sent(505)), "2013") })
}

// TestSafetyStepsComeFirst: a message from a person in danger is answered
// with the safety steps first, each number on a line of its own, even past
// the chat's rate limit.
func TestSafetyStepsComeFirst(t *testing.T) {
	f := start(t, "polling", 1)
	f.api.updates <- message(506, "chong han quoc danh em, em muon ve nuoc thi lam sao", nil)
	waitFor(t, "safety answer", func() bool { return f.api.anySent(506, "112") })
	first := f.api.sent(506)[0].params["text"]
	if !strings.HasPrefix(first, "<b>Nếu bạn hoặc người thân đang gặp nguy hiểm:</b>\n") || !strings.Contains(first, "\n112\n") {
		t.Errorf("the steps must open the reply, Korea's police number on its own line:\n%s", first)
	}
	if strings.Index(first, "112") > strings.Index(first, "+84 981 84 84 84") {
		t.Errorf("the police where she is must come before the hotline at home:\n%s", first)
	}
	// Over the limit (1 a minute): the steps still come, nothing else does.
	f.api.updates <- message(506, "EPS Korea", nil)
	waitFor(t, "rate limit", func() bool { return f.api.anySent(506, "nhanh") })
	f.api.updates <- message(506, "Chủ giữ hộ chiếu của em ở Đài Loan và không cho em ra ngoài", nil)
	waitFor(t, "safety past the limit", func() bool { return strings.Contains(lastText(f.api.sent(506)), "110") })
}

func TestRetriesAfter429(t *testing.T) {
	f := start(t, "polling", 10)
	f.api.tooMany.Store(2)
	f.api.updates <- message(506, "/help", nil)
	waitFor(t, "help after two 429s", func() bool { return strings.Contains(lastText(f.api.sent(506)), "/topics") })
}

func TestWebhook(t *testing.T) {
	f := start(t, "webhook", 10)
	waitFor(t, "setWebhook", func() bool { return f.api.count("setWebhook") == 1 })
	f.api.mu.Lock()
	var hook call
	for _, c := range f.api.calls {
		if c.method == "setWebhook" {
			hook = c
		}
	}
	f.api.mu.Unlock()
	if hook.params["url"] != "https://example.test/telegram/webhook" || hook.params["secret_token"] != "s3cret-s3cret-s3cret" {
		t.Errorf("setWebhook params: %v", hook.params)
	}
	srv := httptest.NewServer(f.bot.WebhookHandler())
	defer srv.Close()
	post := func(secret string, upd map[string]any) int {
		body, _ := json.Marshal(upd)
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	q := message(507, "Đờn ca tài tử được UNESCO công nhận năm nào?", nil)
	if code := post("wrong", q); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", code)
	}
	if code := post("", q); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d, want 401", code)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(f.api.sent(507)); n != 0 {
		t.Fatalf("a request with a wrong secret was processed: %d messages", n)
	}
	if code := post("s3cret-s3cret-s3cret", q); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	if code := post("s3cret-s3cret-s3cret", q); code != http.StatusOK { // Telegram's retry
		t.Fatalf("retry: %d", code)
	}
	waitFor(t, "webhook answer", func() bool { return strings.Contains(lastText(f.api.sent(507)), "2013") })
	time.Sleep(200 * time.Millisecond)
	if n := len(f.api.sent(507)); n != 1 {
		t.Errorf("%d answers to one update delivered twice, want 1", n)
	}
	resp, _ := http.Post(srv.URL, "application/json", strings.NewReader("not json"))
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("garbage without secret: %d", resp.StatusCode)
	}
}

func TestBadToken(t *testing.T) {
	api := newBotAPI(t)
	api.badToken = true
	_, err := New(context.Background(), Config{Token: token, APIURL: api.URL}, nil, nil, testkb.Quiet())
	if err == nil || !strings.Contains(err.Error(), "BotFather") || strings.Contains(err.Error(), "TEST-token") {
		t.Errorf("err = %v; want a clear message without the token", err)
	}
}

func TestFormatAnswer(t *testing.T) {
	a := assistant.Answer{Lang: "en", Note: "(This information is only available in Vietnamese.)",
		Sentences: []assistant.Sentence{{Text: "A < B & C.", Sources: []int{1}}, {Text: "Law No. 69/2020/QH14 applies.", Sources: []int{1}}},
		Sources:   []assistant.Source{{Title: "Fees", Instruments: []string{"Law 69/2020/QH14"}, AsOf: "2026-11-01"}},
		NextStep:  "Ask the Department of Home Affairs.",
	}
	got := split(answerParagraphs(a), MaxMessage)
	want := "(This information is only available in Vietnamese.)\nA &lt; B &amp; C. [1] Law No. 69/2020/QH14 applies. [1]" +
		"\n\n<b>Sources:</b>\n[1] Fees — Law 69/2020/QH14 (checked 1 November 2026)\n\nAsk the Department of Home Affairs."
	if len(got) != 1 || got[0] != want {
		t.Errorf("rendered\n%q\nwant\n%q", got, want)
	}
	// A list quoted in part is said after the sentences, not before them.
	a.Note, a.ListNote = "", "(The list in the source has 5 items, only 4 quoted here.)"
	if got := split(answerParagraphs(a), MaxMessage)[0]; !strings.HasPrefix(got, "A &lt; B &amp; C. [1] Law No. 69/2020/QH14 applies. [1]\n(The list in the source has 5 items, only 4 quoted here.)\n\n") {
		t.Errorf("the list note must follow the sentences on its own line:\n%q", got)
	}
	a.Safety = &assistant.Safety{Category: "held", Steps: []string{"Call the police where you are."},
		Contacts: []assistant.Contact{{Name: "Citizen protection hotline", Value: "+84 981 84 84 84"}}}
	first := split(answerParagraphs(a), MaxMessage)[0]
	if !strings.HasPrefix(first, "<b>If you or someone close to you is in danger:</b>\nCall the police where you are.\nCitizen protection hotline:\n+84 981 84 84 84\n\n") {
		t.Errorf("the safety steps must come first, each number on its own line:\n%s", first)
	}
}

// telegramText is what Telegram makes of an HTML message: the text after
// entity parsing. It fails the test on a broken tag or entity.
func telegramText(t *testing.T, msg string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		switch msg[i] {
		case '<':
			end := strings.IndexByte(msg[i:], '>')
			if end < 0 || !strings.Contains("<b></b>", msg[i:i+end+1]) {
				t.Fatalf("broken or unknown tag at %d in %q", i, msg[max(0, i-20):min(len(msg), i+20)])
			}
			i += end
		case '&':
			end := strings.IndexByte(msg[i:], ';')
			if end < 0 || end > 6 || html.UnescapeString(msg[i:i+end+1]) == msg[i:i+end+1] {
				t.Fatalf("broken entity at %d in %q", i, msg[max(0, i-20):min(len(msg), i+20)])
			}
			b.WriteString(html.UnescapeString(msg[i : i+end+1]))
			i += end
		default:
			b.WriteByte(msg[i])
		}
	}
	if strings.Count(msg, "<b>") != strings.Count(msg, "</b>") {
		t.Fatalf("unbalanced tags in %q", msg)
	}
	return b.String()
}

// TestSplitCountsUTF16Units: a long answer full of emoji (two UTF-16 units
// each), "<", ">" and "&" is cut into messages within Telegram's limit as
// Telegram counts it, without losing text or breaking an entity.
func TestSplitCountsUTF16Units(t *testing.T) {
	var sentences []assistant.Sentence
	var want strings.Builder
	for i := 0; want.Len() < 30000; i++ {
		s := fmt.Sprintf("Câu %d: phí < 3 tháng & ký quỹ > 0 🙂🙂🙂.", i)
		if i%40 == 0 {
			s = strings.Repeat("dài🙂 ", 900) + "hết."
		}
		sentences = append(sentences, assistant.Sentence{Text: s, Sources: []int{1}})
		want.WriteString(s + " [1] ")
	}
	parts := split(answerParagraphs(assistant.Answer{Lang: "vi", Sentences: sentences}), MaxMessage)
	if len(parts) < 3 {
		t.Fatalf("%d parts", len(parts))
	}
	var got strings.Builder
	for i, p := range parts {
		text := telegramText(t, p)
		if n := units(text); n > MaxMessage {
			t.Errorf("part %d has %d UTF-16 units (%d runes)", i, n, len([]rune(text)))
		}
		got.WriteString(text + " ")
	}
	if strings.Join(strings.Fields(got.String()), " ") != strings.Join(strings.Fields(want.String()), " ") {
		t.Error("split lost or changed text")
	}
}

// scriptedAsker is a hand-written fake of the assistant for the failure
// and streaming paths: it streams pieces with pauses, or fails.
type scriptedAsker struct {
	pieces []string
	pause  time.Duration
	err    error
}

var _ Asker = scriptedAsker{}

func (s scriptedAsker) AskStream(ctx context.Context, q assistant.Query, onDelta func(string)) (assistant.Answer, error) {
	if s.err != nil {
		return assistant.Answer{}, s.err
	}
	for _, p := range s.pieces {
		onDelta(p)
		time.Sleep(s.pause)
	}
	return assistant.Answer{Lang: "en", Sentences: []assistant.Sentence{{Text: strings.Join(s.pieces, ""), Sources: []int{1}}},
		Sources: []assistant.Source{{Title: "Fees", Instruments: []string{"Law 69/2020/QH14"}, AsOf: "2026-11-01"}}}, nil
}

func (scriptedAsker) Forget(context.Context, assistant.Query) error { return nil }

func (scriptedAsker) SafetyOnly(assistant.Query) (assistant.Answer, bool) {
	return assistant.Answer{}, false
}

func startWith(t *testing.T, asker Asker, editEvery time.Duration) *fixture {
	t.Helper()
	db, _ := testkb.Open(t, "telegram_"+t.Name(), nil)
	api := newBotAPI(t)
	b, err := New(context.Background(), Config{Token: token, Mode: "polling", APIURL: api.URL, EditEvery: editEvery}, asker, db, testkb.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	b.out.globalGap, b.out.chatGap = time.Millisecond, time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &fixture{api: api, bot: b, db: db}
}

func TestStreamedAnswerIsEditedAsItGrows(t *testing.T) {
	f := startWith(t, scriptedAsker{pieces: []string{"The fee ", "is at most ", "three months ", "of salary [1]."}, pause: 120 * time.Millisecond}, 100*time.Millisecond)
	f.api.updates <- message(601, "fees?", nil)
	waitFor(t, "final answer", func() bool { return strings.Contains(lastText(f.api.sent(601)), "<b>Sources:</b>") })
	sent := f.api.sent(601)
	sends, edits := 0, 0
	for _, c := range sent {
		if c.method == "sendMessage" {
			sends++
		} else {
			edits++
		}
	}
	if sends != 1 || edits < 2 {
		t.Errorf("%d sends and %d edits; want one message edited as it grows", sends, edits)
	}
	if !strings.HasSuffix(sent[0].params["text"], " …") {
		t.Errorf("the first partial reply should show it is unfinished: %q", sent[0].params["text"])
	}
}

func TestApologyWhenTheServiceFails(t *testing.T) {
	f := startWith(t, scriptedAsker{err: fmt.Errorf("ask: %w", assistant.ErrUnavailable)}, time.Second)
	f.api.updates <- message(602, "phí dịch vụ?", nil)
	waitFor(t, "apology", func() bool { return f.api.anySent(602, "1088") })
	f.api.updates <- message(602, "/help", nil)
	waitFor(t, "still running", func() bool { return f.api.anySent(602, "/topics") })
}

// TestLongStreamedAnswerStaysWithinTelegramLimits: a 10,000-character
// answer streamed by the composer reaches the Bot API in messages of at
// most 4,096 UTF-16 units, previews included, with no broken entity.
func TestLongStreamedAnswerStaysWithinTelegramLimits(t *testing.T) {
	var pieces []string
	for n := 0; n < 10000; {
		p := fmt.Sprintf("Phí < 3 tháng & ký quỹ 🙂 số %d. ", n)
		pieces = append(pieces, p)
		n += len([]rune(p))
	}
	f := startWith(t, scriptedAsker{pieces: pieces, pause: time.Millisecond}, 20*time.Millisecond)
	f.api.updates <- message(603, "phí?", nil)
	waitFor(t, "final answer", func() bool { return strings.Contains(lastText(f.api.sent(603)), "<b>Sources:</b>") })
	sent := f.api.sent(603)
	for _, c := range sent {
		text := telegramText(t, c.params["text"])
		if n := units(text); n > MaxMessage {
			t.Errorf("%s of %d UTF-16 units", c.method, n)
		}
	}
	if parts := len(sent); parts < 3 {
		t.Errorf("%d messages for a 10,000-character answer", parts)
	}
}

// TestMessagesAsPeopleSendThem: a photo's caption is answered; a photo
// without one is told what the bot reads; a group mention works in any
// letter case and a reply to the bot's message addresses it; an emoji-only
// message gets a friendly reply in the user's Telegram language; a question
// with a NUL gets a polite reply, never a developer's message.
func TestMessagesAsPeopleSendThem(t *testing.T) {
	f := start(t, "polling", 20)
	photo := []map[string]any{{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}}
	f.api.updates <- message(701, "", map[string]any{"photo": photo, "caption": "Đờn ca tài tử được UNESCO công nhận năm nào?"})
	waitFor(t, "caption answered", func() bool { return f.api.anySent(701, "2013") })
	f.api.updates <- message(702, "", map[string]any{"photo": photo})
	waitFor(t, "no caption", func() bool { return f.api.anySent(702, "chú thích") })

	group := map[string]any{"id": -200, "type": "supergroup", "title": "Nhóm"}
	f.api.updates <- message(-200, "@CanTho_Connect_BOT Đờn ca tài tử được UNESCO công nhận năm nào?", map[string]any{"chat": group})
	waitFor(t, "mention in other letter case", func() bool { return f.api.anySent(-200, "2013") })
	botMsg := map[string]any{"message_id": 9, "date": 1, "chat": group, "from": map[string]any{"id": 123456, "is_bot": true, "first_name": "b"}, "text": "…"}
	f.api.updates <- message(-200, "Cầu Cần Thơ thông xe năm nào?", map[string]any{"chat": group, "reply_to_message": botMsg})
	waitFor(t, "reply to the bot", func() bool { return f.api.anySent(-200, "2010") })

	en := map[string]any{"id": 703, "is_bot": false, "first_name": "Ann", "language_code": "en"}
	f.api.updates <- message(703, "🙂🙂", map[string]any{"from": en})
	waitFor(t, "emoji reply in English", func() bool { return f.api.anySent(703, "Ask me about") })
	f.api.updates <- message(704, "visa\x00F-6", nil)
	waitFor(t, "polite reply to a NUL", func() bool { return len(f.api.sent(704)) > 0 })
	for _, c := range f.api.sent(704) {
		if strings.Contains(c.params["text"], "question ") || strings.Contains(c.params["text"], "NUL") {
			t.Errorf("a developer's message reached the user: %q", c.params["text"])
		}
	}
}
