package index

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/internal/vitext"
)

func doc(id, lang, title, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nlang: " + lang + "\ntitle: " + title +
		"\ntopic: labour\naudience: [workers]\nsources:\n  - Law 69/2020/QH14\nas_of: 2026-11-01\n---\n\n" + body)}
}

func newIndexer(t *testing.T, name string, e Embedder) (*Indexer, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.New(t, name), 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return &Indexer{DB: db, Embedder: e, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, db
}

func TestIncrementalIndexing(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_incremental", embed.NewHashing(64))
	tree := fstest.MapFS{
		"labour/fees.en.md":    doc("fees", "en", "Fees", "## Service fee\nThe service fee is at most one month of salary per year of contract."),
		"labour/fees.vi.md":    doc("fees", "vi", "Chi phí", "## Tiền dịch vụ\nTiền dịch vụ tối đa một tháng lương cho mỗi năm hợp đồng."),
		"labour/deposit.en.md": doc("deposit", "en", "Deposit", "## Deposit\nThe deposit is returned with interest."),
	}
	sum, err := ix.Run(ctx, tree, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 3 || sum.Chunks != 3 {
		t.Fatalf("first run: %s", sum)
	}

	sum, err = ix.Run(ctx, tree, false)
	if err != nil || sum.Unchanged != 3 || sum.Added+sum.Updated+sum.Removed != 0 {
		t.Fatalf("second run: %s, %v; want everything unchanged", sum, err)
	}

	tree["labour/fees.en.md"] = doc("fees", "en", "Fees", "## Service fee\nThe fee is capped at three months of salary.")
	delete(tree, "labour/deposit.en.md")
	sum, err = ix.Run(ctx, tree, false)
	if err != nil || sum.Updated != 1 || sum.Removed != 1 || sum.Unchanged != 1 {
		t.Fatalf("third run: %s, %v; want 1 updated, 1 removed, 1 unchanged", sum, err)
	}
	hits, err := db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("three"), Weight: 1}}, 5)
	if err != nil || len(hits) != 1 || hits[0].DocumentID != "fees" {
		t.Fatalf("search after update: %v, %v", hits, err)
	}
	hits, _ = db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("interest"), Weight: 1}}, 5)
	if len(hits) != 0 {
		t.Errorf("removed document still found: %v", hits)
	}
}

// TestGlossaryChangeReembeds checks that a change of what the embedder's
// concept features know (the glossary's version), which keeps its name,
// re-embeds every document on the next run, without --rebuild: otherwise
// the stored passages would lack the concepts questions now carry.
func TestGlossaryChangeReembeds(t *testing.T) {
	ctx := context.Background()
	mentions := func(text string) []string {
		if strings.Contains(text, "deposit") {
			return []string{"deposit"}
		}
		return nil
	}
	withGlossary := func(version string) *embed.Hashing {
		return embed.NewHashingConcepts(64, embed.Concepts{Mentions: mentions, Weight: 1, Version: version})
	}
	ix, _ := newIndexer(t, "index_glossary_change", withGlossary("v1"))
	tree := fstest.MapFS{
		"labour/deposit.en.md": doc("deposit", "en", "Deposit", "## Deposit\nThe deposit is returned with interest."),
		"labour/fees.en.md":    doc("fees", "en", "Fees", "## Service fee\nThe fee is capped at three months of salary."),
	}
	if sum, err := ix.Run(ctx, tree, false); err != nil || sum.Added != 2 {
		t.Fatalf("first run: %s, %v", sum, err)
	}
	if sum, err := ix.Run(ctx, tree, false); err != nil || sum.Unchanged != 2 {
		t.Fatalf("same glossary: %s, %v; want both unchanged", sum, err)
	}
	ix.Embedder = withGlossary("v2")
	if sum, err := ix.Run(ctx, tree, false); err != nil || sum.Updated != 2 {
		t.Fatalf("edited glossary: %s, %v; want both re-embedded", sum, err)
	}
}

func TestBadFileKeepsPreviousVersion(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_bad_file", embed.NewHashing(64))
	tree := fstest.MapFS{
		"labour/fees.en.md":    doc("fees", "en", "Fees", "## Service fee\nThe service fee is capped."),
		"labour/deposit.en.md": doc("deposit", "en", "Deposit", "## Deposit\nThe deposit is returned with interest."),
	}
	if _, err := ix.Run(ctx, tree, false); err != nil {
		t.Fatal(err)
	}
	// The edit breaks the front matter of one file and improves another.
	tree["labour/fees.en.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(tree["labour/fees.en.md"].Data), "as_of: 2026-11-01", "as_of: someday", 1))}
	tree["labour/deposit.en.md"] = doc("deposit", "en", "Deposit", "## Deposit\nThe deposit sits in a bank account.")
	sum, err := ix.Run(ctx, tree, false)
	if !errors.Is(err, ErrSomeFailed) || !strings.Contains(err.Error(), "labour/fees.en.md") || !strings.Contains(err.Error(), "as_of") {
		t.Fatalf("err = %v; want ErrSomeFailed naming the file and the field", err)
	}
	if sum.Updated != 1 || sum.Removed != 0 {
		t.Errorf("summary %s: the good file must be updated and the bad one kept", sum)
	}
	hits, _ := db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("capped"), Weight: 1}}, 5)
	if len(hits) != 1 {
		t.Errorf("the previous version of the bad file is no longer answering: %v", hits)
	}
	hits, _ = db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("bank"), Weight: 1}}, 5)
	if len(hits) != 1 {
		t.Errorf("the good file was not updated: %v", hits)
	}
}

// failingEmbedder fails for any text containing "poison".
type failingEmbedder struct{ *embed.Hashing }

var _ Embedder = failingEmbedder{}

func (f failingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for _, t := range texts {
		if strings.Contains(t, "poison") {
			return nil, errors.New("embedding server refused the text")
		}
	}
	return f.Hashing.Embed(ctx, texts)
}

func TestEmbedFailureIsAtomicPerDocument(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_embed_failure", failingEmbedder{embed.NewHashing(64)})
	tree := fstest.MapFS{"labour/fees.en.md": doc("fees", "en", "Fees", "## Fee\nThe original text about fees.")}
	if _, err := ix.Run(ctx, tree, false); err != nil {
		t.Fatal(err)
	}
	tree["labour/fees.en.md"] = doc("fees", "en", "Fees", "## Fee\nA new first chunk.\n\n## Second\nThis one has poison in it.")
	if _, err := ix.Run(ctx, tree, false); err == nil {
		t.Fatal("want an error when the embedder fails")
	}
	hits, _ := db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("original"), Weight: 1}}, 5)
	if len(hits) != 1 {
		t.Errorf("the previous version must still answer after a failed update: %v", hits)
	}
}

func TestEmbedderMismatchNeedsRebuild(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_mismatch", embed.NewHashing(64))
	tree := fstest.MapFS{"labour/fees.en.md": doc("fees", "en", "Fees", "## Fee\nThe fee is capped.")}
	if _, err := ix.Run(ctx, tree, false); err != nil {
		t.Fatal(err)
	}
	other := &Indexer{DB: db, Embedder: embed.NewHashing(128), Log: ix.Log}
	_, err := other.Run(ctx, tree, false)
	var mm *store.ErrEmbedderMismatch
	if !errors.As(err, &mm) || !strings.Contains(err.Error(), "--rebuild") {
		t.Fatalf("err = %v; want ErrEmbedderMismatch telling to re-index with --rebuild", err)
	}
	sum, err := other.Run(ctx, tree, true)
	if err != nil || sum.Added != 1 {
		t.Fatalf("rebuild: %s, %v", sum, err)
	}
	if name, dim, _, _ := db.Embedder(ctx); dim != 128 || name != "hashing-v1" {
		t.Errorf("index embedder after rebuild: %s/%d", name, dim)
	}
}

// Chunks that score alike come back in the order of what they are
// (document, language, position), not in the order they were written:
// two databases holding the same knowledge base answer alike.
func TestEqualScoresRankByDocumentNotByWriteOrder(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_tie_order", embed.NewHashing(64))
	tree := fstest.MapFS{"labour/zeta.en.md": doc("zeta", "en", "Zeta", "## Deposit\nThe deposit is returned with interest.")}
	if _, err := ix.Run(ctx, tree, false); err != nil {
		t.Fatal(err)
	}
	tree["labour/alpha.en.md"] = doc("alpha", "en", "Alpha", "## Deposit\nThe deposit is returned with interest.")
	if _, err := ix.Run(ctx, tree, false); err != nil {
		t.Fatal(err)
	}
	hits, err := db.SearchText(ctx, []store.TermQuery{{Query: vitext.Term("interest"), Weight: 1}}, 1)
	if err != nil || len(hits) != 1 || hits[0].DocumentID != "alpha" {
		t.Fatalf("SearchText = %v, %v; want alpha, written second, first by document order", hits, err)
	}
}

// TestGlossaryChangeReembedsVerifiedAnswers: a counsellor's verified
// answer, stored in the database and in no card file, has its questions
// embedded again when the embedder's version changes (a glossary edit,
// same name and dimension); otherwise its vectors would come from the old
// embedder and paraphrases would stop finding it. The next run with the
// same version embeds nothing.
func TestGlossaryChangeReembedsVerifiedAnswers(t *testing.T) {
	ctx := context.Background()
	withGlossary := func(version string) *embed.Hashing {
		return embed.NewHashingConcepts(64, embed.Concepts{Mentions: func(string) []string { return nil }, Weight: 1, Version: version})
	}
	ix, db := newIndexer(t, "index_verified_reembed", withGlossary("v1"))
	qs := []store.CuratedQuestion{
		{Lang: "vi", Text: "Ký quỹ đi Hàn bao nhiêu?", Canonical: true},
		{Lang: "en", Text: "How much is the EPS deposit?", Canonical: true},
	}
	a := store.CuratedAnswer{Question: map[string]string{"vi": qs[0].Text, "en": qs[1].Text},
		Answer: map[string]string{"vi": "100 triệu đồng.", "en": "100 million VND."}, Author: "counsellor"}
	if _, err := db.CreateVerifiedDraft(ctx, a, qs); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		version string
		want    int
	}{{"v1", 2}, {"v1", 0}, {"v2", 2}, {"v2", 0}} {
		ix.Embedder = withGlossary(step.version)
		sum, err := ix.LoadCards(ctx, fstest.MapFS{})
		if err != nil || sum.Embedded != step.want {
			t.Fatalf("embedder %s: %d questions embedded, %v; want %d", step.version, sum.Embedded, err, step.want)
		}
	}
}

// TestCardsTiedToTheSectionTheyAnswer: `assistant index` ties each card to
// the chunk of its document whose words its answer shares, in each
// language; a document rewritten with its sections in another order moves
// the tie with the section, and a question asked as the card's paraphrase
// reaches that chunk through the card, with the card's answer in the
// chunk's language; a card whose document loses a language is untied in
// it with a warning.
func TestCardsTiedToTheSectionTheyAnswer(t *testing.T) {
	ctx := context.Background()
	ix, db := newIndexer(t, "index_card_ties", embed.NewHashing(64))
	feeEN := "## Service fee\nThe service fee is at most one month of salary for each year of the contract."
	depEN := "## Deposit\nThe deposit sits in a blocked account in the worker's own name and is returned with interest."
	feeVI := "## Tiền dịch vụ\nTiền dịch vụ tối đa một tháng lương cho mỗi năm hợp đồng."
	depVI := "## Tiền ký quỹ\nTiền ký quỹ nằm trong tài khoản phong tỏa đứng tên người lao động và được trả lại cả lãi."
	tree := fstest.MapFS{
		"labour/fees.en.md": doc("fees", "en", "Fees", feeEN+"\n\n"+depEN),
		"labour/fees.vi.md": doc("fees", "vi", "Chi phí", feeVI+"\n\n"+depVI),
		"labour/fees.cards.yaml": {Data: []byte(`cards:
  - id: fees.deposit-account
    question:
      en: Whose name is the deposit account in?
      vi: Tài khoản ký quỹ đứng tên ai?
    paraphrases:
      en: ["is the deposit money kept in my own name"]
    answer:
      en: In a blocked account in the worker's own name, returned with interest.
      vi: Trong tài khoản phong tỏa đứng tên người lao động, được trả lại cả lãi.
    sources: [fees]
`)},
	}
	ties := func() map[string]int {
		t.Helper()
		if _, err := ix.Run(ctx, tree, false); err != nil {
			t.Fatal(err)
		}
		sum, err := ix.LoadCards(ctx, tree)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.CardChunks(ctx)
		if err != nil || sum.Tied != len(got) {
			t.Fatalf("ties %v (%d reported), %v", got, sum.Tied, err)
		}
		out := map[string]int{}
		for _, c := range got {
			out[c.Lang] = c.Ord
		}
		return out
	}
	if got := ties(); got["en"] != 1 || got["vi"] != 1 || len(got) != 2 {
		t.Fatalf("ties by language to positions %v; want the deposit section, position 1, in en and vi", got)
	}
	tree["labour/fees.en.md"] = doc("fees", "en", "Fees", depEN+"\n\n"+feeEN)
	if got := ties(); got["en"] != 0 || got["vi"] != 1 {
		t.Fatalf("after the en sections swapped: %v; want en at position 0, vi still at 1", got)
	}

	vecs, err := ix.Embedder.Embed(ctx, []string{"is the deposit money kept in my own name"})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := db.SearchCardChunks(ctx, vecs[0], 5)
	if err != nil || len(hits) != 2 {
		t.Fatalf("SearchCardChunks = %v, %v; want the deposit section in both languages", hits, err)
	}
	for _, h := range hits {
		if !strings.Contains(h.Text, "ký quỹ") && !strings.Contains(h.Text, "deposit") || h.CardSim < 0.99 {
			t.Errorf("reached %s/%s#%d %q at card similarity %.3f; want the deposit section through the paraphrase itself", h.DocumentID, h.Lang, h.Ord, h.Text, h.CardSim)
		}
		if want := map[string]string{"en": "worker's own name", "vi": "đứng tên người lao động"}[h.Lang]; !strings.Contains(h.CardAnswer, want) {
			t.Errorf("the %s chunk came with the card answer %q; want the card's %s answer (%q)", h.Lang, h.CardAnswer, h.Lang, want)
		}
	}

	// The English version withdrawn: the card keeps its Vietnamese tie,
	// and the content team is told which card lost its English one.
	delete(tree, "labour/fees.en.md")
	var logged strings.Builder
	ix.Log = slog.New(slog.NewTextHandler(&logged, nil))
	if got := ties(); len(got) != 1 || got["vi"] != 1 {
		t.Fatalf("without the English document: ties %v; want vi at position 1 only", got)
	}
	if l := logged.String(); !strings.Contains(l, "card not tied") || !strings.Contains(l, "card=fees.deposit-account") || !strings.Contains(l, "lang=en") {
		t.Errorf("log %q; want a warning naming the card left without its English tie", l)
	}
}
