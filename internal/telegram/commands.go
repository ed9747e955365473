package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// handleCommand answers /start, /help, /about, /topics, /lang and /forget.
func (b *Bot) handleCommand(ctx context.Context, m *models.Message, text, lang string) {
	chatID := m.Chat.ID
	fields := strings.Fields(text)
	cmd, _, _ := strings.Cut(strings.ToLower(fields[0]), "@")
	switch cmd {
	case "/start":
		b.reply(ctx, chatID, 0, texts["start"][lang], langKeyboard())
	case "/help":
		b.reply(ctx, chatID, 0, texts["help"][lang], nil)
	case "/about":
		b.reply(ctx, chatID, 0, texts["about"][lang], nil)
	case "/topics":
		b.reply(ctx, chatID, 0, texts["topics"][lang], topicsKeyboard(lang))
	case "/lang":
		if len(fields) < 2 || (fields[1] != "vi" && fields[1] != "en") {
			b.reply(ctx, chatID, 0, texts["lang_usage"][lang], langKeyboard())
			return
		}
		b.setLang(ctx, chatID, fields[1])
	case "/forget":
		err := b.asker.Forget(ctx, conversation(chatID))
		if err == nil {
			err = b.store.DeleteChatData(ctx, chatID)
		}
		if err != nil {
			b.log.Warn("telegram: forget", append(b.chat(ctx, chatID), "err", err)...)
			b.reply(ctx, chatID, 0, texts["unavailable"][lang], nil)
			return
		}
		b.reply(ctx, chatID, 0, texts["forgotten"][lang], nil)
	default:
		b.reply(ctx, chatID, 0, texts["unknown_command"][lang], nil)
	}
}

func (b *Bot) setLang(ctx context.Context, chatID int64, lang string) {
	if err := b.store.SetChatLang(ctx, chatID, lang); err != nil {
		b.log.Warn("telegram: set language", append(b.chat(ctx, chatID), "err", err)...)
		b.reply(ctx, chatID, 0, texts["unavailable"][lang], nil)
		return
	}
	b.reply(ctx, chatID, 0, texts["lang_set"][lang], nil)
}

func (b *Bot) handleCallback(ctx context.Context, q *models.CallbackQuery) {
	lang := "vi"
	if strings.HasPrefix(q.From.LanguageCode, "en") {
		lang = "en"
	}
	var chatID int64
	var msg *models.Message
	if q.Message.Message != nil {
		msg = q.Message.Message
		chatID = msg.Chat.ID
		lang = b.chatLang(ctx, chatID, &q.From)
	}
	answerCB := func(text string, alert bool) {
		if _, err := b.api.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: text, ShowAlert: alert}); err != nil {
			b.log.Debug("telegram: answerCallbackQuery", "err", redactToken(err.Error(), b.cfg.Token))
		}
	}
	kind, arg, _ := strings.Cut(q.Data, ":")
	switch {
	case kind == "lang" && (arg == "vi" || arg == "en") && chatID != 0:
		answerCB("", false)
		b.setLang(ctx, chatID, arg)
	case kind == "topic" && chatID != 0:
		for _, t := range topics {
			if t.key == arg {
				answerCB("", false)
				b.reply(ctx, chatID, 0, t.label[lang], examplesKeyboard(t.key, lang))
				return
			}
		}
		answerCB(texts["unknown_button"][lang], false)
	case kind == "ask" && chatID != 0:
		question, ok := exampleQuestion(arg)
		if !ok {
			answerCB(texts["unknown_button"][lang], false)
			return
		}
		answerCB("", false)
		b.answer(ctx, &models.Message{ID: 0, Chat: msg.Chat, From: &q.From}, question, lang)
	case (kind == "fb") && (arg == "up" || arg == "down") && msg != nil:
		// Texts that fail the gate are not kept; the vote is.
		f := store.Feedback{Channel: "telegram", ChatID: chatID, MessageID: int64(msg.ID), Vote: arg}
		f.Answer, _ = vitext.Gate(msg.Text)
		if msg.ReplyToMessage != nil {
			q, _ := vitext.Gate(msg.ReplyToMessage.Text)
			f.Question = vitext.MaskPersonal(q)
		}
		if err := b.store.SaveFeedback(ctx, f); err != nil {
			b.log.Warn("telegram: feedback", append(b.chat(ctx, chatID), "err", err)...)
		}
		answerCB(texts["thanks"][lang], false)
	case kind == "call1088":
		answerCB(texts["call1088"][lang], true)
	default:
		answerCB(texts["unknown_button"][lang], false)
	}
}

func exampleQuestion(arg string) (string, bool) {
	key, rest, _ := strings.Cut(arg, ":")
	lang, idx, _ := strings.Cut(rest, ":")
	i, err := strconv.Atoi(idx)
	if err != nil {
		return "", false
	}
	for _, t := range topics {
		if t.key == key && i >= 0 && i < len(t.examples[lang]) {
			return t.examples[lang][i], true
		}
	}
	return "", false
}

func langKeyboard() models.ReplyMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "🇻🇳 Tiếng Việt", CallbackData: "lang:vi"},
		{Text: "🇬🇧 English", CallbackData: "lang:en"},
	}}}
}

func topicsKeyboard(lang string) models.ReplyMarkup {
	var rows [][]models.InlineKeyboardButton
	for _, t := range topics {
		rows = append(rows, []models.InlineKeyboardButton{{Text: t.label[lang], CallbackData: "topic:" + t.key}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func examplesKeyboard(key, lang string) models.ReplyMarkup {
	var rows [][]models.InlineKeyboardButton
	for _, t := range topics {
		if t.key != key {
			continue
		}
		for i, q := range t.examples[lang] {
			rows = append(rows, []models.InlineKeyboardButton{{Text: q, CallbackData: fmt.Sprintf("ask:%s:%s:%d", key, lang, i)}})
		}
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func feedbackKeyboard(lang string) models.ReplyMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "👍", CallbackData: "fb:up"},
		{Text: "👎", CallbackData: "fb:down"},
	}}}
}

func callKeyboard() models.ReplyMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "☎️ Gọi ai? / Who to call", CallbackData: "call1088"},
	}}}
}
