package telegram

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/cantho-connect/assistant/internal/logid"
)

// Telegram's limits on sending: about 30 messages a second in all and one
// a second in one chat.
const (
	globalGap  = time.Second / 30
	perChatGap = time.Second
	maxRetries = 3
)

// sender sends and edits messages within Telegram's limits, retrying
// after a 429 as long as Telegram says (bounded).
type sender struct {
	api                *bot.Bot
	log                *slog.Logger
	globalGap, chatGap time.Duration
	mu                 sync.Mutex
	next               time.Time
	chat               map[int64]time.Time
	// sleep waits; tests shorten it.
	sleep func(ctx context.Context, d time.Duration) error
	ids   *logid.Hasher
}

func newSender(api *bot.Bot, log *slog.Logger, ids *logid.Hasher) *sender {
	return &sender{api: api, log: log, globalGap: globalGap, chatGap: perChatGap, chat: map[int64]time.Time{}, sleep: sleepCtx, ids: ids}
}

// chatAttrs is Bot.chat for the sender's logs.
func (s *sender) chatAttrs(ctx context.Context, chatID int64) []any {
	return s.ids.Attrs(ctx, s.log, "chat", strconv.FormatInt(chatID, 10))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// reserve waits for the next free slot overall and in the chat.
func (s *sender) reserve(ctx context.Context, chatID int64) error {
	s.mu.Lock()
	now := time.Now()
	at := now
	if s.next.After(at) {
		at = s.next
	}
	if c := s.chat[chatID].Add(s.chatGap); c.After(at) {
		at = c
	}
	s.next = at.Add(s.globalGap)
	s.chat[chatID] = at
	if len(s.chat) > 10000 {
		for id, t := range s.chat {
			if now.Sub(t) > time.Minute {
				delete(s.chat, id)
			}
		}
	}
	s.mu.Unlock()
	return s.sleep(ctx, time.Until(at))
}

// retry runs call, waiting out 429s.
func (s *sender) retry(ctx context.Context, chatID int64, call func() error) error {
	for attempt := 0; ; attempt++ {
		if err := s.reserve(ctx, chatID); err != nil {
			return err
		}
		err := call()
		var tooMany *bot.TooManyRequestsError
		if err == nil || !errors.As(err, &tooMany) || attempt >= maxRetries {
			return err
		}
		wait := time.Duration(tooMany.RetryAfter) * time.Second
		s.log.Warn("telegram: rate limited by Telegram", append(s.chatAttrs(ctx, chatID), "retry_after_s", tooMany.RetryAfter)...)
		if err := s.sleep(ctx, min(wait, 30*time.Second)); err != nil {
			return err
		}
	}
}

// send sends text (Telegram HTML when isHTML, else plain) and returns the
// new message's id, or 0 when it could not be sent (logged).
func (s *sender) send(ctx context.Context, chatID int64, replyTo int, text string, markup models.ReplyMarkup, isHTML bool) int {
	p := &bot.SendMessageParams{ChatID: chatID, Text: text, ReplyMarkup: markup,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}}
	if isHTML {
		p.ParseMode = models.ParseModeHTML
	}
	if replyTo != 0 {
		p.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
	}
	var msg *models.Message
	err := s.retry(ctx, chatID, func() error {
		var err error
		msg, err = s.api.SendMessage(ctx, p)
		return err
	})
	if err != nil {
		s.log.Warn("telegram: sendMessage", append(s.chatAttrs(ctx, chatID), "err", err)...)
		return 0
	}
	return msg.ID
}

// edit replaces a message's text (Telegram HTML).
func (s *sender) edit(ctx context.Context, chatID int64, messageID int, text string, markup models.ReplyMarkup) {
	err := s.retry(ctx, chatID, func() error {
		_, err := s.api.EditMessageText(ctx, &bot.EditMessageTextParams{
			ChatID: chatID, MessageID: messageID, Text: text, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
		})
		return err
	})
	if err != nil && !strings.Contains(err.Error(), "message is not modified") {
		s.log.Warn("telegram: editMessageText", append(s.chatAttrs(ctx, chatID), "err", err)...)
	}
}

// streamEditor shows a streamed answer as it grows: it sends the first
// part, then edits that message at most once per interval.
type streamEditor struct {
	ctx       context.Context
	b         *Bot
	chatID    int64
	replyTo   int
	every     time.Duration
	mu        sync.Mutex
	text      strings.Builder
	shown     string
	messageID int
	done      chan struct{}
	wg        sync.WaitGroup
}

func newStreamEditor(ctx context.Context, b *Bot, chatID int64, replyTo int, every time.Duration) *streamEditor {
	e := &streamEditor{ctx: ctx, b: b, chatID: chatID, replyTo: replyTo, every: every, done: make(chan struct{})}
	e.wg.Add(1)
	go e.loop()
	return e
}

func (e *streamEditor) add(delta string) {
	e.mu.Lock()
	e.text.WriteString(delta)
	e.mu.Unlock()
}

func (e *streamEditor) loop() {
	defer e.wg.Done()
	t := time.NewTicker(e.every)
	defer t.Stop()
	for {
		select {
		case <-e.done:
			return
		case <-t.C:
			e.mu.Lock()
			text := e.text.String()
			e.mu.Unlock()
			if text == "" || text == e.shown {
				continue
			}
			shown := preview(text)
			if e.messageID == 0 {
				e.messageID = e.b.out.send(e.ctx, e.chatID, e.replyTo, shown, nil, true)
			} else {
				e.b.out.edit(e.ctx, e.chatID, e.messageID, shown, nil)
			}
			e.shown = text
		}
	}
}

// stop ends the edits; messageID is the message sent so far, if any.
func (e *streamEditor) stop() {
	close(e.done)
	e.wg.Wait()
}
