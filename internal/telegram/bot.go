// Package telegram is the Telegram channel: it turns messages into
// assistant queries and answers into Telegram replies, with go-telegram/bot
// talking to the Bot API in long-polling or webhook mode.
package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/logid"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Asker answers questions and forgets conversations.
type Asker interface {
	AskStream(ctx context.Context, q assistant.Query, onDelta func(string)) (assistant.Answer, error)
	Forget(ctx context.Context, q assistant.Query) error
	// SafetyOnly answers a person in danger with the steps alone (no
	// retrieval, no LLM): what a chat past its rate limit still gets.
	SafetyOnly(q assistant.Query) (assistant.Answer, bool)
}

// Store keeps what the bot remembers.
type Store interface {
	FirstSeen(ctx context.Context, botID, updateID int64) (bool, error)
	ChatLang(ctx context.Context, chatID int64) (string, error)
	SetChatLang(ctx context.Context, chatID int64, lang string) error
	SaveFeedback(ctx context.Context, f store.Feedback) error
	DeleteChatData(ctx context.Context, chatID int64) error
	CountHit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)
}

// Config configures the bot.
type Config struct {
	Token         string
	Mode          string // polling | webhook
	WebhookURL    string // public URL Telegram posts to, ending in /telegram/webhook
	WebhookSecret string
	APIURL        string // a self-hosted Bot API server; default Telegram's
	RateLimit     int    // questions a minute per chat; default 10
	// EditEvery bounds how often a streamed reply is edited; default 1s.
	EditEvery time.Duration
	// LogIDs hashes chat ids for the logs (LOG_HASH_KEY); default a random
	// key of the bot's own.
	LogIDs *logid.Hasher
}

// MaxQuestion is the longest question the bot takes, in characters.
const MaxQuestion = 2000

// Bot is the Telegram channel.
type Bot struct {
	cfg      Config
	api      *bot.Bot
	asker    Asker
	store    Store
	log      *slog.Logger
	me       *models.User
	out      *sender
	runCtx   context.Context
	runMu    sync.Mutex
	runReady chan struct{}
	runOnce  sync.Once
	now      func() time.Time // the clock of the per-chat limit; tests fix it
}

// New connects to the Bot API (getMe) and fails with a clear error when
// the token is refused.
func New(ctx context.Context, cfg Config, asker Asker, st Store, log *slog.Logger) (*Bot, error) {
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = 10
	}
	if cfg.EditEvery <= 0 {
		cfg.EditEvery = time.Second
	}
	if cfg.LogIDs == nil {
		cfg.LogIDs = logid.New("")
	}
	b := &Bot{cfg: cfg, asker: asker, store: st, log: log, runReady: make(chan struct{}), now: time.Now}
	opts := []bot.Option{
		bot.WithDefaultHandler(b.handle),
		bot.WithMiddlewares(b.dedupe),
		bot.WithErrorsHandler(func(err error) { log.Warn("telegram", "err", redactToken(err.Error(), cfg.Token)) }),
		bot.WithCheckInitTimeout(15 * time.Second),
		bot.WithAllowedUpdates(bot.AllowedUpdates{"message", "callback_query"}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, bot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")))
	}
	api, err := bot.New(cfg.Token, opts...)
	if err != nil {
		msg := redactToken(err.Error(), cfg.Token)
		if errors.Is(err, bot.ErrorUnauthorized) || errors.Is(err, bot.ErrorNotFound) {
			return nil, fmt.Errorf("telegram: the Bot API refused TELEGRAM_BOT_TOKEN; check the token from @BotFather (%s)", msg)
		}
		return nil, fmt.Errorf("telegram: cannot reach the Bot API: %s", msg)
	}
	b.api = api
	b.out = newSender(api, log, cfg.LogIDs)
	if b.me, err = api.GetMe(ctx); err != nil {
		return nil, fmt.Errorf("telegram: getMe: %s", redactToken(err.Error(), cfg.Token))
	}
	return b, nil
}

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "***")
}

// Run receives updates until ctx is done: by long polling, or, in webhook
// mode, by registering the webhook and handling what WebhookHandler
// receives.
func (b *Bot) Run(ctx context.Context) error {
	b.runMu.Lock()
	b.runCtx = ctx
	b.runMu.Unlock()
	b.runOnce.Do(func() { close(b.runReady) })
	if b.cfg.Mode == "webhook" {
		if _, err := b.api.SetWebhook(ctx, &bot.SetWebhookParams{
			URL: b.cfg.WebhookURL, SecretToken: b.cfg.WebhookSecret,
			AllowedUpdates: []string{"message", "callback_query"},
		}); err != nil {
			return fmt.Errorf("telegram: setWebhook: %s", redactToken(err.Error(), b.cfg.Token))
		}
		b.log.Info("telegram bot started", "mode", "webhook", "bot", b.me.Username)
		b.api.StartWebhook(ctx)
		return nil
	}
	if _, err := b.api.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("telegram: deleteWebhook: %s", redactToken(err.Error(), b.cfg.Token))
	}
	b.log.Info("telegram bot started", "mode", "polling", "bot", b.me.Username)
	b.api.Start(ctx)
	return nil
}

// Routes is the bot's route for httpapi's route table: in webhook mode,
// POST /telegram/webhook with bodies up to 1 MiB (Telegram's updates can
// be far over 64 KiB), authenticated by the secret token; in polling mode,
// none.
func (b *Bot) Routes() []httpapi.Route {
	if b.cfg.Mode != "webhook" {
		return nil
	}
	return []httpapi.Route{{Method: http.MethodPost, Path: "/telegram/webhook", MaxBody: httpapi.MaxTelegramBody,
		Auth: httpapi.AuthTelegramSecret, Handler: b.WebhookHandler()}}
}

// WebhookHandler receives updates from Telegram: it checks the secret
// token in constant time (401 otherwise, nothing processed) and hands the
// update to the bot, which drops duplicates. The body limit is httpapi's
// (see Routes).
func (b *Bot) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if b.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.WebhookSecret)) != 1 {
			httpapi.WriteError(w, r, b.log, &httpapi.Error{Status: http.StatusUnauthorized, Code: "unauthorized",
				Message: "wrong or missing X-Telegram-Bot-Api-Secret-Token"})
			return
		}
		body, err := io.ReadAll(r.Body) // bounded by httpapi (Routes: MaxTelegramBody)
		if err != nil {
			httpapi.WriteError(w, r, b.log, &httpapi.Error{Status: http.StatusBadRequest, Code: "invalid_body", Message: "the body could not be read"})
			return
		}
		var upd models.Update
		if err := json.Unmarshal(body, &upd); err != nil || upd.ID == 0 {
			// Telegram would retry a non-2xx forever; a malformed update is
			// acknowledged and dropped.
			b.log.Warn("telegram: malformed update dropped")
			w.WriteHeader(http.StatusOK)
			return
		}
		select {
		case <-b.runReady:
		case <-r.Context().Done():
			return
		}
		b.runMu.Lock()
		ctx := b.runCtx
		b.runMu.Unlock()
		b.api.ProcessUpdate(ctx, &upd)
		w.WriteHeader(http.StatusOK)
	})
}

// dedupe drops updates already handled (webhook retries, a poller
// restarting), remembered in the database.
func (b *Bot) dedupe(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, api *bot.Bot, upd *models.Update) {
		first, err := b.store.FirstSeen(ctx, b.me.ID, upd.ID)
		if err != nil {
			// Without the database we cannot tell; answering twice beats
			// not answering.
			b.log.Warn("telegram: dedupe", "err", err)
		} else if !first {
			b.log.Debug("telegram: duplicate update dropped", "update_id", upd.ID)
			return
		}
		next(ctx, api, upd)
	}
}

// handle routes one update. It never panics the bot: unexpected updates
// are ignored.
func (b *Bot) handle(ctx context.Context, _ *bot.Bot, upd *models.Update) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("telegram: handler panic", "panic", fmt.Sprint(v), "update_id", upd.ID)
		}
	}()
	switch {
	case upd.CallbackQuery != nil:
		b.handleCallback(ctx, upd.CallbackQuery)
	case upd.Message != nil:
		b.handleMessage(ctx, upd.Message)
	}
}

func isGroup(c models.Chat) bool { return c.Type == "group" || c.Type == "supergroup" }

func (b *Bot) handleMessage(ctx context.Context, m *models.Message) {
	chatID := m.Chat.ID
	// A photo, document, video or voice message is read by its caption.
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = strings.TrimSpace(m.Caption)
	}
	if isGroup(m.Chat) {
		var ok bool
		if text, ok = b.addressed(m, text); !ok {
			return
		}
	}
	if m.Chat.Type == "channel" {
		return
	}
	lang := b.chatLang(ctx, chatID, m.From)
	text, err := vitext.Gate(text)
	if err != nil {
		b.reply(ctx, chatID, m.ID, texts["bad_text"][lang], nil)
		return
	}
	if text = strings.TrimSpace(text); text == "" {
		if !isGroup(m.Chat) {
			b.reply(ctx, chatID, m.ID, texts["not_text"][lang], nil)
		}
		return
	}
	if strings.HasPrefix(text, "/") {
		b.handleCommand(ctx, m, text, lang)
		return
	}
	b.answer(ctx, m, text, lang)
}

// addressed says whether a group message is for this bot — it mentions
// the bot's @username in any letter case, replies to one of the bot's
// messages, or is a command not meant for another bot — and returns its
// text without the mention.
func (b *Bot) addressed(m *models.Message, text string) (string, bool) {
	mention := "@" + strings.ToLower(b.me.Username)
	lower := strings.ToLower(text)
	repliedToMe := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.me.ID
	command, _, _ := strings.Cut(lower, " ")
	forOtherBot := strings.HasPrefix(command, "/") && strings.Contains(command, "@") && !strings.HasSuffix(command, mention)
	if forOtherBot || (!strings.Contains(lower, mention) && !repliedToMe && !strings.HasPrefix(text, "/")) {
		return "", false
	}
	for {
		i := strings.Index(strings.ToLower(text), mention)
		if i < 0 {
			return strings.TrimSpace(text), true
		}
		text = text[:i] + " " + text[i+len(mention):]
	}
}

// chatLang is the chat's chosen language, else the user's Telegram
// language, else Vietnamese.
func (b *Bot) chatLang(ctx context.Context, chatID int64, from *models.User) string {
	if l, err := b.store.ChatLang(ctx, chatID); err == nil && l != "" {
		return l
	}
	if from != nil && strings.HasPrefix(from.LanguageCode, "en") {
		return "en"
	}
	return "vi"
}

// conversation is the query naming a chat's conversation: Telegram's own
// namespace ("tg:<chat id>"), which no HTTP client can name.
func conversation(chatID int64) assistant.Query {
	return assistant.Query{ConversationID: "tg:" + strconv.FormatInt(chatID, 10), ChannelOwned: true, Channel: "telegram"}
}

// answer asks the assistant and replies, editing the reply as a streamed
// answer grows.
func (b *Bot) answer(ctx context.Context, m *models.Message, question, lang string) {
	chatID := m.Chat.ID
	start := time.Now()
	if utf8.RuneCountInString(question) > MaxQuestion {
		b.reply(ctx, chatID, m.ID, texts["too_long"][lang], nil)
		return
	}
	// The per-chat limit lives in PostgreSQL so that it holds across
	// replicas; if the database cannot count, the question goes ahead.
	if n, _, err := b.store.CountHit(ctx, "tg:"+strconv.FormatInt(chatID, 10), time.Minute, b.now()); err == nil && n > b.cfg.RateLimit {
		if a, danger := b.asker.SafetyOnly(assistant.Query{Question: question, Lang: lang, Channel: "telegram"}); danger {
			b.sendAnswer(ctx, chatID, m.ID, 0, a)
			return
		}
		b.reply(ctx, chatID, m.ID, texts["rate_limited"][lang], nil)
		return
	}
	_, _ = b.api.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: chatID, Action: models.ChatActionTyping})

	stream := newStreamEditor(ctx, b, chatID, m.ID, b.cfg.EditEvery)
	explicit, _ := b.store.ChatLang(ctx, chatID)
	q := conversation(chatID)
	q.Question, q.Lang, q.LangHint = question, explicit, lang
	ans, err := b.asker.AskStream(ctx, q, stream.add)
	stream.stop()
	if err != nil {
		var inErr *assistant.InputError
		if errors.As(err, &inErr) {
			// Never a developer's message: what to do, in the chat's language.
			b.reply(ctx, chatID, m.ID, texts["not_text"][lang], nil)
			return
		}
		b.log.Error("telegram: ask failed", append(b.chat(ctx, chatID), "err", err)...)
		b.reply(ctx, chatID, m.ID, texts["unavailable"][lang], nil)
		return
	}
	b.sendAnswer(ctx, chatID, m.ID, stream.messageID, ans)
	b.log.Info("telegram: answered", append(b.chat(ctx, chatID), "handoff", ans.Handoff, "ms", time.Since(start).Milliseconds())...)
}

// chat is the log attributes of a chat: its keyed hash, and its id only
// when the logger is at debug level.
func (b *Bot) chat(ctx context.Context, chatID int64) []any {
	return b.cfg.LogIDs.Attrs(ctx, b.log, "chat", strconv.FormatInt(chatID, 10))
}

// sendAnswer sends an answer as Telegram HTML in parts within Telegram's
// limit — the safety steps first — replacing the streamed preview
// (previewID, when not 0) with the first part; the last part carries the
// feedback buttons, or, on a hand-off, the "who to call" button.
func (b *Bot) sendAnswer(ctx context.Context, chatID int64, replyTo, previewID int, ans assistant.Answer) {
	kb := feedbackKeyboard(ans.Lang)
	if ans.Handoff {
		kb = callKeyboard()
	}
	pieces := split(answerParagraphs(ans), MaxMessage)
	for i, p := range pieces {
		var markup models.ReplyMarkup
		if i == len(pieces)-1 {
			markup = kb
		}
		if i == 0 && previewID != 0 {
			b.out.edit(ctx, chatID, previewID, p, markup)
			continue
		}
		to := 0
		if i == 0 {
			to = replyTo
		}
		b.out.send(ctx, chatID, to, p, markup, true)
	}
}

func (b *Bot) reply(ctx context.Context, chatID int64, replyTo int, text string, markup models.ReplyMarkup) {
	b.out.send(ctx, chatID, replyTo, text, markup, false)
}
