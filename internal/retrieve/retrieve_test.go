package retrieve

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
	"github.com/cantho-connect/assistant/knowledge"
)

var (
	setupOnce sync.Once
	shared    *Retriever
	setupErr  error
)

// knowledgeRetriever indexes the real knowledge base, its answer cards
// included, once per test binary.
func knowledgeRetriever(t *testing.T) *Retriever {
	t.Helper()
	url := ""
	setupOnce.Do(func() {
		url = testdb.New(t, "retrieve")
		ctx := context.Background()
		db, err := store.Open(ctx, url, 4)
		if err != nil {
			setupErr = err
			return
		}
		if _, err = db.Migrate(ctx); err != nil {
			setupErr = err
			return
		}
		g, err := LoadGlossary(knowledge.FS)
		if err != nil {
			setupErr = err
			return
		}
		e := conceptEmbedder(g)
		ix := &index.Indexer{DB: db, Embedder: e, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if _, err = ix.Run(ctx, knowledge.FS, false); err != nil {
			setupErr = err
			return
		}
		if _, err = ix.LoadCards(ctx, knowledge.FS); err != nil {
			setupErr = err
			return
		}
		shared = &Retriever{DB: db, Embedder: e, Glossary: g}
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	if shared == nil {
		t.Skip("no test database")
	}
	return shared
}

func TestRetrieveFindsTheRightDocument(t *testing.T) {
	r := knowledgeRetriever(t)
	tests := []struct {
		question, wantDoc, wantLang string
	}{
		{"Phí dịch vụ đi làm việc ở nước ngoài tối đa bao nhiêu?", "labour-abroad-fees", "vi"},
		{"phi dich vu di lam viec o nuoc ngoai toi da bao nhieu", "labour-abroad-fees", "vi"},
		{"How can I check that a labour export company is licensed?", "labour-abroad-licensed-companies", "en"},
		{"What is ghi chú kết hôn?", "marriage-recording-abroad", ""},
		{"thi EPS-TOPIK để đi Hàn Quốc", "labour-korea-eps", "vi"},
		{"When did Cần Thơ merge with Hậu Giang and Sóc Trăng?", "cantho-merger-2025", "en"},
		{"đờn ca tài tử UNESCO", "cantho-culture-heritage", "vi"},
		{"visa exemption certificate for overseas Vietnamese", "diaspora-visa-exemption", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			res, err := r.Retrieve(context.Background(), tt.question, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var top []string
			for _, p := range res.Passages[:min(3, len(res.Passages))] {
				top = append(top, p.DocumentID)
			}
			if !strings.Contains(strings.Join(top, " "), tt.wantDoc) {
				t.Errorf("top 3 = %v, want %s", top, tt.wantDoc)
			}
			if tt.wantLang != "" && res.Lang != tt.wantLang {
				t.Errorf("lang = %s, want %s", res.Lang, tt.wantLang)
			}
		})
	}
}

func TestRetrievePrefersTheQuestionsLanguage(t *testing.T) {
	r := knowledgeRetriever(t)
	for _, lang := range []string{"vi", "en"} {
		res, err := r.Retrieve(context.Background(), "Korea EPS Hàn Quốc", Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Passages {
			if p.Lang != lang {
				t.Errorf("asked in %s, got a passage in %s (%s) although both versions exist", lang, p.Lang, p.DocumentID)
			}
		}
	}
}

func TestRetrieveCapsPassagesPerDocument(t *testing.T) {
	r := knowledgeRetriever(t)
	res, err := r.Retrieve(context.Background(), "EPS Korea employment permit system EPS-TOPIK", Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, p := range res.Passages {
		per[p.DocumentID]++
		if per[p.DocumentID] > DefaultParams().PassagesPerDoc {
			t.Errorf("%d passages of %s, want at most %d", per[p.DocumentID], p.DocumentID, DefaultParams().PassagesPerDoc)
		}
	}
}

func TestConfidenceSeparatesInScopeFromOutOfScope(t *testing.T) {
	r := knowledgeRetriever(t)
	ctx := context.Background()
	in, err := r.Retrieve(ctx, "Phí dịch vụ đưa người lao động đi làm việc ở nước ngoài tối đa bao nhiêu?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"What will the weather be like tomorrow?", "giá vàng hôm nay bao nhiêu", "write me a poem about cats"} {
		out, err := r.Retrieve(ctx, q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Confidence >= in.Confidence {
			t.Errorf("%q: confidence %.3f, not below the in-scope %.3f", q, out.Confidence, in.Confidence)
		}
	}
}

func TestEmptyQuestion(t *testing.T) {
	r := knowledgeRetriever(t)
	if _, err := r.Retrieve(context.Background(), " 🙂 !!! ", Options{}); err != ErrEmptyQuestion {
		t.Errorf("err = %v, want ErrEmptyQuestion", err)
	}
}

func TestGlossaryExpansion(t *testing.T) {
	g, err := ParseGlossary(strings.NewReader("en\tvi\tnote\n" +
		"working abroad | labour export\txuất khẩu lao động | XKLĐ\t\n" +
		"Korea | HQ\tHàn Quốc | Hàn\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(g.Expand("di xkld hq"), "|")
	for _, want := range []string{"working abroad", "xuất khẩu lao động", "Korea", "Hàn Quốc"} {
		if !strings.Contains(got, want) {
			t.Errorf("Expand = %s, want it to contain %s", got, want)
		}
	}
	if exp := g.Expand("gia hạn hợp đồng"); len(exp) != 0 {
		t.Errorf("a bare syllable ('hạn') must not expand to Korea: %q", exp)
	}
	if _, err := ParseGlossary(strings.NewReader("en\tvi\tnote\nonly two\tfields\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("malformed line: err = %v, want one naming line 2", err)
	}
}

func TestSynonymsAndEquivalents(t *testing.T) {
	g, err := ParseGlossary(strings.NewReader("en\tvi\tnote\n" +
		"marriage | marry\tkết hôn | cưới\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.AddSynonyms(strings.NewReader("# comment\ncousin\trelative | relation\nhang\tsuspend\n")); err != nil {
		t.Fatal(err)
	}
	if got := g.Expand("Can I marry my cousin?"); !slices.Contains(got, "relative") {
		t.Errorf("Expand(English) = %q, want the knowledge base's word for cousin", got)
	}
	// "hang" is also the folded "hàng" / "hãng": no English synonyms for
	// Vietnamese text.
	if got := g.Expand("hang xuat khau lao dong nao uy tin"); slices.Contains(got, "suspend") {
		t.Errorf("Expand(Vietnamese) = %q, want no English synonyms", got)
	}
	// A word typed with its marks stands for its concept in coverage;
	// typed without them it could be another word.
	if got := g.Equivalents("cưới"); !slices.Contains(got, "kết hôn") {
		t.Errorf("Equivalents(cưới) = %q, want kết hôn", got)
	}
	if got := g.Equivalents("cuoi"); slices.Contains(got, "kết hôn") {
		t.Errorf("Equivalents(cuoi) = %q: unmarked, it may be cười or cuối", got)
	}
	if got := g.Equivalents("cousin"); !slices.Contains(got, "relative") {
		t.Errorf("Equivalents(cousin) = %q, want relative", got)
	}
	if err := g.AddSynonyms(strings.NewReader("two words\tx\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed synonyms: err = %v, want one naming line 1", err)
	}
	if err := g.AddSynonyms(strings.NewReader("# WordNet\ncan\tkeep | fire\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("synonyms of a function word: err = %v, want one naming line 2", err)
	}
	// The knowledge base's own files: "how can I join" is not searched
	// for "fire".
	kb, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := kb.Expand("What is Xuân Quê hương and how can I join?"); slices.Contains(got, "fire") || slices.Contains(got, "send away") {
		t.Errorf("Expand = %q, want no synonyms of the modal can", got)
	}
}

// Everyday words lead to the documents' words, not the other way: a
// question already using "tổng đài" is not searched for "hotline".
func TestEverydayGlossaryIsDirectional(t *testing.T) {
	g := newGlossary()
	err := g.add(strings.NewReader("en\tvi\tnote\n"+
		"call centre | helpline | hotline\ttổng đài | số hotline | đường dây hỗ trợ\t\n"+
		"marry | get married\tkết hôn | cưới vợ | lấy chồng\t\n"), "glossary-everyday.tsv", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Expand("tổng đài việc làm là số mấy"); len(got) != 0 {
		t.Errorf("Expand(tổng đài …) = %q, want nothing: the documents say tổng đài", got)
	}
	got := g.Expand("lấy chồng Hàn cần giấy gì")
	if !slices.Contains(got, "kết hôn") || !slices.Contains(got, "marry") || slices.Contains(got, "cưới vợ") {
		t.Errorf("Expand(lấy chồng …) = %q, want the documents' words (kết hôn, marry) only", got)
	}
}

// A document the full-text branch ranks first by a clear lead is not lost
// to the documents both branches found when the vector branch misses it
// ("Công ty bắt tôi đưa sổ đỏ để thế chấp…" found the deposit document at
// 2.7 times the next text score, and sixteen others outranked it); a lead
// under Params.TextLead leaves the reciprocal ranks alone.
func TestTextLeadKeepsTheClearFirst(t *testing.T) {
	hit := func(id int64, doc string, score float64) store.Hit {
		return store.Hit{ChunkID: id, DocumentID: doc, Lang: "vi", Heading: doc, Text: doc, Score: score}
	}
	var vec, text []store.Hit
	for i, doc := range []string{"japan", "banned", "law", "fees", "loans"} {
		vec = append(vec, hit(int64(10+i), doc, 0.2))
	}
	text = append(text, hit(1, "deposit", 24.4))
	for i, doc := range []string{"fees", "japan", "loans", "law", "banned"} {
		text = append(text, hit(int64(20+i), doc, 9.2-float64(i)))
	}
	p := DefaultParams()
	if got := fuse(p, vec, text, "vi", 5, nil); got[0].DocumentID != "deposit" {
		t.Errorf("first document %s, want deposit (the text branch's first by 2.7 times)", got[0].DocumentID)
	}
	text[0].Score = 12 // 1.3 times the next: no clear lead
	if got := fuse(p, vec, text, "vi", 5, nil); got[0].DocumentID == "deposit" {
		t.Error("a lead under TextLead moved the text branch's first to the top")
	}
}

// A document that covers the whole question moves above one that only
// ranked a place higher in both searches; without coverage the ranks
// decide.
func TestCoverageBonusReordersDocuments(t *testing.T) {
	hit := func(id int64, doc, text string) store.Hit {
		return store.Hit{ChunkID: id, DocumentID: doc, Lang: "en", Heading: doc, Text: text}
	}
	vec := []store.Hit{hit(1, "fees", "The service fee is paid to the company."), hit(2, "loans", "Workers may borrow for the fee and the deposit.")}
	text := []store.Hit{hit(1, "fees", "The service fee is paid to the company."), hit(2, "loans", "Workers may borrow for the fee and the deposit.")}
	plan := textPlan{own: map[string]float64{"borrow": 3, "fee": 1, "deposit": 2}}
	p := DefaultParams()
	bonus := coverageBonus(p, candidates(newCoverer("can I borrow for the fee and deposit", plan, nil, &wordCache{}), vectorBranch{hits: vec}, text, fuse(p, vec, text, "en", 16, nil), ""))
	if bonus["loans"] != p.CoverageWeight || bonus["fees"] >= bonus["loans"] {
		t.Fatalf("bonus = %v, want loans covered fully and fees less", bonus)
	}
	if got := fuse(p, vec, text, "en", 5, nil); got[0].DocumentID != "fees" {
		t.Errorf("without coverage the first document is %s, want fees (ranked first in both searches)", got[0].DocumentID)
	}
	if got := fuse(p, vec, text, "en", 5, bonus); got[0].DocumentID != "loans" {
		t.Errorf("with coverage the first document is %s, want loans", got[0].DocumentID)
	}
}

func TestWordCache(t *testing.T) {
	var c wordCache
	h := store.Hit{ChunkID: 7, Heading: "Thẻ cư trú", Text: "Keep your residence card."}
	w := c.get(h)
	if !w.has("the", false) || !w.has("thẻ", true) || w.has("the", true) || !w.has("card", false) {
		t.Errorf("words %+v: want folded terms and, apart, the words typed with marks", w)
	}
	// The cache answers from memory: a changed text under the same id
	// (which indexing never produces) is not read again.
	if again := c.get(store.Hit{ChunkID: 7, Text: "other"}); !again.has("card", false) {
		t.Errorf("second get read the chunk again: %+v", again)
	}
	for i := range wordCacheSize + 10 {
		c.get(store.Hit{ChunkID: int64(100 + i), Text: "x"})
	}
	if n := len(c.m); n > wordCacheSize {
		t.Errorf("cache holds %d chunks, want at most %d", n, wordCacheSize)
	}
}

// Of two documents whose passages cover the question alike, the one whose
// title names what the question asks about comes first, even when the
// other ranked a place higher in both searches: a plan that mentions the
// hotline in passing must not answer a question about the hotline.
func TestTitleCoverageReordersDocuments(t *testing.T) {
	hit := func(id int64, doc, title, text string) store.Hit {
		return store.Hit{ChunkID: id, DocumentID: doc, Lang: "en", Title: title, Heading: title, Text: text}
	}
	plan2012 := hit(1, "plan-2012", "The labour department in the 2012 plan", "The plan asked the 1088 hotline to answer callers in English.")
	hotline := hit(2, "hotline-1088", "What the 1088 hotline answers", "Callers can ask the 1088 hotline in English.")
	vec, text := []store.Hit{plan2012, hotline}, []store.Hit{plan2012, hotline}
	plan := textPlan{own: map[string]float64{"1088": 3, "hotlin": 2, "english": 2}}
	cov := newCoverer("does the 1088 hotline answer in English", plan, nil, &wordCache{})
	p := DefaultParams()
	plain := fuse(p, vec, text, "en", 16, nil)
	if got := fuse(p, vec, text, "en", 5, coverageBonus(p, candidates(cov, vectorBranch{hits: vec}, text, plain, ""))); got[0].DocumentID != "hotline-1088" {
		t.Errorf("first document %s, want hotline-1088 (its title names the hotline)", got[0].DocumentID)
	}
	p.TitleWeight = 0
	if got := fuse(p, vec, text, "en", 5, coverageBonus(p, candidates(cov, vectorBranch{hits: vec}, text, plain, ""))); got[0].DocumentID != "plan-2012" {
		t.Errorf("without the title weight the first document is %s, want plan-2012 (first in both searches)", got[0].DocumentID)
	}
}

// A covered question whose right document the rerank lifted from second
// place is answered, although the document the searches ranked first
// covers none of it; when no document covers the question it is still
// handed off.
func TestConfidenceJudgesTheRerankedDocumentToo(t *testing.T) {
	hit := func(id int64, doc, text string, sim float64) store.Hit {
		return store.Hit{ChunkID: id, DocumentID: doc, Lang: "en", Heading: doc, Text: text, Score: sim}
	}
	generic := hit(1, "plan-2012", "The plan lists tasks for every department.", 0.3)
	orientation := hit(2, "orientation", "The pre-departure orientation course is compulsory.", 0.29)
	vec, text := []store.Hit{generic, orientation}, []store.Hit{generic, orientation}
	p := DefaultParams()
	judged := func(question string, own map[string]float64) (plainOnly, both float64) {
		cov := newCoverer(question, textPlan{own: own}, nil, &wordCache{})
		plain := fuse(p, vec, text, "en", 16, nil)
		final := fuse(p, vec, text, "en", 5, coverageBonus(p, candidates(cov, vectorBranch{hits: vec}, text, plain, "")))
		return confidence(p, cov, plain, vec, text), judge(p, cov, plain, final, vec, text)
	}
	plainOnly, both := judged("is the orientation course compulsory", map[string]float64{"orientation": 3, "cours": 2, "compulsory": 3})
	if plainOnly >= p.MinConfidence || both < p.MinConfidence {
		t.Errorf("covered question: confidence %.3f judged on the first document alone, %.3f with the reranked one; want below and at least %.2f", plainOnly, both, p.MinConfidence)
	}
	if _, both := judged("lottery results tonight", map[string]float64{"lottery": 4, "result": 2, "tonight": 3}); both >= p.MinConfidence {
		t.Errorf("uncovered question: confidence %.3f, want below %.2f", both, p.MinConfidence)
	}
}

// An abbreviation the index never uses but the glossary spells out
// ("DPI") is part of the question: a passage that spells it out covers
// more of the question than one that does not.
func TestAbbreviationCountsInCoverage(t *testing.T) {
	g, err := ParseGlossary(strings.NewReader("en\tvi\tnote\n" +
		"Department of Planning and Investment | DPI\tSở Kế hoạch và Đầu tư\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	question := "who took over investment from the DPI"
	cands, names := termCandidates(question, g.Expand(question), DefaultParams().ExpansionWeight)
	df := map[string]int{}
	for _, name := range names {
		if name != "dpi" {
			df[name] = 3
		}
	}
	plan := textPlan{own: map[string]float64{}, weights: map[string]float64{}}
	(&Retriever{Glossary: g}).weighCandidates(DefaultParams(), &plan, cands, 100, df, true)
	cov := newCoverer(question, plan, g, &wordCache{})
	spelled := store.Hit{ChunkID: 1, Text: "The Department of Finance took over investment from the Department of Planning and Investment."}
	silent := store.Hit{ChunkID: 2, Text: "The Department of Finance took over investment."}
	if a, b := cov.of([]store.Hit{spelled}), cov.of([]store.Hit{silent}); a <= b {
		t.Errorf("coverage %.2f with DPI spelled out, %.2f without: want more (own words %v)", a, b, plan.own)
	}
}

// TestCardQuestionsLeadToTheirSection: a question worded like an answer
// card's paraphrase reaches the section the card was written from and
// brings the card's answer as the passage's lead; without the cards the
// same section comes with no lead. (Until 2026-12-02 the cards alone also
// put the section first under the coverage rerank; with Decree 283/2026's
// registration rule written into the document the coverage rerank puts
// the law first with or without them, and the learned rerank finds the
// section either way.)
func TestCardQuestionsLeadToTheirSection(t *testing.T) {
	r := knowledgeRetriever(t)
	q := "Tự ký hợp đồng với chủ nước ngoài thì có phải đóng bảo hiểm xã hội và thuế thu nhập không?"
	const want = "labour-direct-contract-registration"
	res, err := r.Retrieve(context.Background(), q, Options{})
	if err != nil || len(res.Passages) == 0 || res.Passages[0].DocumentID != want {
		t.Fatalf("first passage %v, %v; want %s", firstDoc(res), err, want)
	}
	if lead := res.Passages[0].Lead; !strings.Contains(lead, "bảo hiểm xã hội") {
		t.Errorf("the card's section came with the lead %q; want the card's Vietnamese answer, which names bảo hiểm xã hội", lead)
	}
	noCards := &Retriever{DB: r.DB, Embedder: r.Embedder, Glossary: r.Glossary, Params: DefaultParams()}
	noCards.Params.CardQuestions = 0
	res, err = noCards.Retrieve(context.Background(), q, Options{})
	if err != nil || firstDoc(res) != want {
		t.Fatalf("without cards: first passage %v, %v; want %s (the learned rerank finds it from the chunks)", firstDoc(res), err, want)
	}
	if lead := res.Passages[0].Lead; lead != "" {
		t.Errorf("without cards the section came with the lead %q; want none: the lead is the card's", lead)
	}
}

func firstDoc(res Result) string {
	if len(res.Passages) == 0 {
		return ""
	}
	return res.Passages[0].DocumentID
}

// TestWithCardChunks: a chunk reached through a card ranks by the larger
// of its own similarity and the card's weighed one, the list keeps k, a
// card under the floor brings nothing, and every hit keeps its own
// similarity as its score.
func TestWithCardChunks(t *testing.T) {
	hit := func(doc string, ord int, sim float64) store.Hit {
		return store.Hit{ChunkID: int64(len(doc)*10 + ord), DocumentID: doc, Lang: "en", Ord: ord, Score: sim}
	}
	plain := []store.Hit{hit("fees", 0, 0.40), hit("law", 1, 0.35), hit("law", 2, 0.30)}
	cards := []store.CardHit{
		{Hit: hit("deposit", 3, 0.10), CardSim: 0.80}, // 0.72: first
		{Hit: hit("law", 2, 0.30), CardSim: 0.60},     // in plain: 0.54, second
		{Hit: hit("loans", 1, 0.20), CardSim: 0.50},   // under the floor
	}
	got := withCardChunks(plain, cards, 3, 0.9, 0.55)
	var order []string
	for _, h := range got {
		order = append(order, fmt.Sprintf("%s#%d %.2f", h.DocumentID, h.Ord, h.Score))
	}
	want := []string{"deposit#3 0.10", "law#2 0.30", "fees#0 0.40"}
	if !slices.Equal(order, want) {
		t.Errorf("merged = %v; want %v", order, want)
	}
	sameChunk := func(a, b store.Hit) bool { return a.ChunkID == b.ChunkID }
	if got := withCardChunks(plain, nil, 3, 0.9, 0.55); !slices.EqualFunc(got, plain, sameChunk) {
		t.Errorf("without cards = %v; want the nearest chunks as they were", got)
	}
}
