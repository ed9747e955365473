package curated_test

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testkb"
	"github.com/cantho-connect/assistant/knowledge"
)

// cardService is the service over the real knowledge base with the test
// cards loaded and approved, as serve prepares it.
func cardService(t *testing.T) (*assistant.Service, *store.DB, *index.Indexer) {
	t.Helper()
	db, ret := testkb.Open(t, "curated_"+t.Name(), nil)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := testkb.NewEmbedder(ret.Glossary)
	ix := &index.Indexer{DB: db, Embedder: e, Log: testkb.Quiet()}
	if _, err := ix.LoadCards(context.Background(), os.DirFS("testdata/knowledge")); err != nil {
		t.Fatal(err)
	}
	lex, err := safety.LoadLexicon(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	s := &assistant.Service{Retriever: ret, Log: testkb.Quiet(), MinConfidence: 0.35,
		Curated: &curated.Matcher{DB: db, Embedder: e, Concepts: ret.Glossary, Countries: lex}}
	return s, db, ix
}

func ask(t *testing.T, s *assistant.Service, q, lang string) assistant.Answer {
	t.Helper()
	a, err := s.Ask(context.Background(), assistant.Query{Question: q, Lang: lang, Channel: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// curatedID is the id of the curated answer that answered, "" for a
// composed one.
func curatedID(a assistant.Answer) string {
	if a.Verified == nil {
		return ""
	}
	return a.Verified.Kind + ":" + a.Verified.ID
}

func TestParaphraseGetsItsCardAndNearMissIsComposed(t *testing.T) {
	s, _, _ := cardService(t)
	a := ask(t, s, "di han eps ky quy bao nhieu", "")
	if curatedID(a) != "card:labour-korea-eps.deposit" || a.Composer != assistant.ComposerCurated {
		t.Fatalf("paraphrase answered by %q (%s), want the EPS deposit card", curatedID(a), a.Composer)
	}
	if !strings.Contains(a.PlainText(), "100 triệu đồng") || len(a.Sentences) != 2 {
		t.Errorf("card answer = %q in %d sentences, want the card's two sentences", a.PlainText(), len(a.Sentences))
	}
	if len(a.Sources) != 1 || a.Sources[0].ID != "labour-korea-eps" || a.Sources[0].Title == "" || a.Sources[0].AsOf == "" {
		t.Errorf("sources = %+v, want the EPS document with its title and date", a.Sources)
	}
	if n := ask(t, s, "ký quỹ đi Nhật bao nhiêu tiền", ""); n.Verified != nil || n.Composer == assistant.ComposerCurated {
		t.Errorf("near miss about Japan answered by card %q", curatedID(n))
	}
}

// With cards off (the service's default, ANSWER_CARDS=off) the same
// paraphrase is composed from the documents.
func TestCardsOffLeavesTheComposer(t *testing.T) {
	s, _, _ := cardService(t)
	s.Curated.(*curated.Matcher).NoCards = true
	if a := ask(t, s, "di han eps ky quy bao nhieu", ""); a.Verified != nil || a.Composer == assistant.ComposerCurated {
		t.Errorf("with cards off, answered by card %q", curatedID(a))
	}
}

func TestCardAnswersInTheAskedLanguageOrSaysItCannot(t *testing.T) {
	s, _, _ := cardService(t)
	answers, err := s.AskInLanguages(context.Background(),
		assistant.Query{Question: "hop dong eps han quoc bao lau", Channel: "test"}, []string{"vi", "en"})
	if err != nil {
		t.Fatal(err)
	}
	if answers[1].Lang != "en" || !strings.Contains(answers[1].PlainText(), "4 years and 10 months") {
		t.Errorf("English twin = %s %q", answers[1].Lang, answers[1].PlainText())
	}
	a := ask(t, s, "mức ký quỹ của doanh nghiệp dịch vụ", "en")
	if curatedID(a) != "card:labour-abroad-deposit.company-deposit" {
		t.Fatalf("answered by %q, want the company deposit card", curatedID(a))
	}
	if a.Lang != "vi" || !strings.Contains(a.Note, "only available in Vietnamese") || !strings.Contains(a.PlainText(), "2 tỷ đồng") {
		t.Errorf("a card with no English answer, asked in English: lang %s, note %q, text %q", a.Lang, a.Note, a.PlainText())
	}
}

func TestVerifiedAnswerLifecycleAndPrecedence(t *testing.T) {
	s, db, ix := cardService(t)
	ctx := context.Background()
	const q = "di han eps ky quy bao nhieu"
	draft := store.CuratedAnswer{
		Question:  map[string]string{"vi": "Đi Hàn theo EPS ký quỹ bao nhiêu?"},
		Answer:    map[string]string{"vi": "Tư vấn viên đã xác nhận mức ký quỹ EPS với Trung tâm Lao động ngoài nước.", "en": ""},
		SourceIDs: []string{"labour-korea-eps"}, Author: "counsellor-1",
	}
	id, err := db.CreateVerifiedDraft(ctx, draft, []store.CuratedQuestion{{Lang: "vi", Text: q, Canonical: true, SearchText: curated.SearchText(q)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.LoadCards(ctx, os.DirFS("testdata/knowledge")); err != nil { // embeds the draft's question
		t.Fatal(err)
	}
	if got := curatedID(ask(t, s, q, "")); got != "card:labour-korea-eps.deposit" {
		t.Fatalf("with a draft: answered by %q, want the card (a draft never answers)", got)
	}
	if live := liveQuestionsOf(t, db, id); live != 0 {
		t.Errorf("the matcher's concept counts read %d questions of a draft", live)
	}
	if err := db.ApproveVerified(ctx, id, "editor-1", time.Time{}); err != nil {
		t.Fatal(err)
	}
	a := ask(t, s, q, "")
	if curatedID(a) != "verified:"+id || !strings.Contains(assistant.VerifiedLine("en", *a.Verified), "Verified by a counsellor") {
		t.Fatalf("approved: answered by %q, want the verified answer before the card", curatedID(a))
	}
	if live := liveQuestionsOf(t, db, id); live != 1 {
		t.Errorf("the matcher's concept counts read %d questions of the approved answer, want 1", live)
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE curated_answers SET expires_at = now() - interval '1 day' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := curatedID(ask(t, s, q, "")); got != "card:labour-korea-eps.deposit" {
		t.Errorf("expired: answered by %q, want the card again", got)
	}
	if exp, err := db.ListCuratedExpired(ctx); err != nil || len(exp) != 1 || exp[0].ID != id {
		t.Errorf("expired list = %v, %v; want %s", exp, err, id)
	}
	if live := liveQuestionsOf(t, db, id); live != 0 {
		t.Errorf("the matcher's concept counts read %d questions of an expired answer", live)
	}
	if err := db.RetireCurated(ctx, "labour-korea-eps.deposit"); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, s, q, ""); a.Verified != nil || a.Composer == assistant.ComposerCurated {
		t.Errorf("card retired: answered by %q, want a composed answer", curatedID(a))
	}
}

func TestCardsRemovedFromTheFilesAreRetired(t *testing.T) {
	s, _, ix := cardService(t)
	tree := fstest.MapFS{}
	src := os.DirFS("testdata/knowledge")
	for _, f := range []string{"labour/labour-taiwan.cards.yaml", "labour/labour-japan-routes.cards.yaml"} {
		data, err := fsReadFile(src, f)
		if err != nil {
			t.Fatal(err)
		}
		tree[f] = &fstest.MapFile{Data: data}
	}
	sum, err := ix.LoadCards(context.Background(), tree)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Retired != 5 || sum.Unchanged != 3 {
		t.Errorf("summary %s, want 5 retired and 3 unchanged", sum)
	}
	if got := curatedID(ask(t, s, "di han eps ky quy bao nhieu", "")); got != "" {
		t.Errorf("a card removed from the files still answers: %q", got)
	}
}

// liveQuestionsOf counts the questions of answer id among the store's
// live curated questions (what the matcher's concept counts read).
func liveQuestionsOf(t *testing.T, db *store.DB, id string) int {
	t.Helper()
	qs, err := db.LiveCuratedQuestions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range qs {
		if q.AnswerID == id {
			n++
		}
	}
	return n
}

func fsReadFile(fsys fs.FS, name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
