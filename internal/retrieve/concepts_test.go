package retrieve

import (
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/knowledge"
)

// conceptEmbedder is the service's default embedder over g (cmd/assistant
// hashingEmbedder), for the tests that index the knowledge base.
func conceptEmbedder(g *Glossary) *embed.Hashing {
	return embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{
		Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
}

// TestConcepts checks that the ways to name one concept, in either
// glossary file, with or without marks, in English, give one name, and
// that a folded match typed otherwise with marks is not read ("ký thì"
// is not "kỳ thi").
func TestConcepts(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	deposit := g.Concepts("ký quỹ")
	if len(deposit) != 1 {
		t.Fatalf(`Concepts("ký quỹ") = %v, want one concept`, deposit)
	}
	for _, q := range []string{"tiền cọc", "ky quy", "deposit", "tiền đặt cọc"} {
		if got := g.Concepts(q); !slices.Equal(got, deposit) {
			t.Errorf("Concepts(%q) = %v, want %v", q, got, deposit)
		}
	}
	korea := g.Concepts("Hàn Quốc")
	for _, q := range []string{"Korea", "xứ Hàn", "han quoc"} {
		if got := g.Concepts(q); !slices.Equal(got, korea) {
			t.Errorf("Concepts(%q) = %v, want %v (Korea)", q, got, korea)
		}
	}
	if got := g.Concepts("hợp đồng tự ký thì đăng ký"); slices.Contains(got, g.Concepts("kỳ thi")[0]) {
		t.Errorf(`"ký thì" read as "kỳ thi": %v`, got)
	}
	if got := g.Concepts("ký quỹ đi Nhật"); len(got) < 2 || !slices.Contains(got, deposit[0]) {
		t.Errorf(`Concepts("ký quỹ đi Nhật") = %v, want the deposit and Japan`, got)
	}
}

// TestAbbreviationInCapitals checks that "NGO", which folds to a
// Vietnamese syllable, names foreign NGOs typed in capitals only: "ghe
// ngo" is the boat race and "ngõ 5" an alley.
func TestAbbreviationInCapitals(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	ngo := g.Concepts("tổ chức phi chính phủ nước ngoài")
	if len(ngo) != 1 {
		t.Fatalf("Concepts(tổ chức phi chính phủ nước ngoài) = %v, want one concept", ngo)
	}
	for _, q := range []string{"I represent a Korean NGO", "several NGOs work in Can Tho"} {
		if got := g.Concepts(q); !slices.Contains(got, ngo[0]) {
			t.Errorf("Concepts(%q) = %v, want %s", q, got, ngo[0])
		}
		if got := g.Expand(q); !slices.Contains(got, "tổ chức phi chính phủ nước ngoài") {
			t.Errorf("Expand(%q) = %v, want the Vietnamese name", q, got)
		}
	}
	for _, q := range []string{"lễ hội đua ghe ngo", "nhà ở ngõ 5", "a korean ngo"} {
		if got := g.Concepts(q); slices.Contains(got, ngo[0]) {
			t.Errorf("Concepts(%q) = %v: not an NGO", q, got)
		}
	}
}

// TestConceptMentions checks that a concept counts once per sentence that
// names it, however each sentence names it.
func TestConceptMentions(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	deposit := g.Concepts("deposit")[0]
	got := g.ConceptMentions("Tiền ký quỹ được trả lại. The deposit, the whole deposit, is returned.\nKhông nộp tiền cọc bằng tiền mặt.")
	n := 0
	for _, c := range got {
		if c == deposit {
			n++
		}
	}
	if n != 3 {
		t.Errorf("ConceptMentions named %q %d times in %v, want 3 (one per sentence)", deposit, n, got)
	}
}

// TestGroundedDocument checks which document a question is grounded in:
// the first, in rank order, that names at least two of the question's
// concepts and twice as many as it leaves out; scene concepts ("fee",
// "processing time") do not count.
func TestGroundedDocument(t *testing.T) {
	g, err := LoadGlossary(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	hit := func(id int64, doc, text string) store.Hit {
		return store.Hit{ChunkID: id, DocumentID: doc, Text: text}
	}
	hits := []store.Hit{
		hit(1, "fees", "The service fee is capped. Processing takes 15 days."),
		hit(2, "deposit", "The deposit for the Employment Permit System is held at the bank."),
		hit(3, "registration", "Register your labour contract with the Department of Overseas Labour (DOLAB) online."),
		hit(4, "merger", "Ở Cần Thơ, giấy tờ cấp trước khi sáp nhập vẫn có giá trị."),
		hit(5, "emergency", "Ở Cần Thơ, khi có cháy hãy gọi số cứu hỏa."),
	}
	ps := []Passage{{Hit: hits[0]}, {Hit: hits[1]}, {Hit: hits[2]}, {Hit: hits[3]}, {Hit: hits[4]}}
	p := DefaultParams()
	for _, tt := range []struct {
		q, want string
		ok      bool
	}{
		{"I registered my labour contract on DOLAB, what next?", "registration", true},                       // the third document, not the first
		{"my labour contract on DOLAB says a deposit and a brokerage fee, for sexual harassment", "", false}, // at most 2 of 5 named
		{"how many days does the fee take", "", false},                                                       // scene concepts only
		{"Can I bring my dog on a flight to Korea?", "", false},                                              // one concept
		{"tiền ký quỹ EPS gửi ở đâu", "deposit", true},                                                       // "ở đâu" (address) sets the scene
		{"đăng ký xe ô tô ở Cần Thơ cần giấy tờ gì", "", false},                                              // Cần Thơ and papers: most documents name them
		{"o can tho nha hang xom bi chay thi goi so may", "emergency", true},                                 // a fire is named by few
	} {
		got, ok := groundedDocument(p, g, tt.q, ps, hits, nil)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: got %q %v, want %q %v (concepts %q)", tt.q, got, ok, tt.want, tt.ok, g.Concepts(tt.q))
		}
	}
}

// LoadGlossary counts, for each concept, the share of the knowledge
// base's documents naming it, as the index reads them: both languages of
// an id are one document; a file that is not a document, or does not
// parse, is not counted.
func TestDocumentShare(t *testing.T) {
	doc := func(id, lang, topic, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nlang: " + lang + "\ntitle: T\ntopic: " + topic +
			"\naudience: [everyone]\nsources: [S]\nas_of: 2026-11-01\n---\n" + body + "\n")}
	}
	fsys := fstest.MapFS{
		"glossary.tsv":              {Data: []byte("en\tvi\tnote\nfire | blaze\tcháy | hỏa hoạn\t\ndeposit\ttiền ký quỹ\t\n")},
		"cantho/fire.vi.md":         doc("fire", "vi", "cantho", "Khi có cháy, gọi 114."),
		"cantho/fire.en.md":         doc("fire", "en", "cantho", "In a fire, call 114. The deposit is not asked."),
		"labour/deposit.vi.md":      doc("deposit", "vi", "labour", "Tiền ký quỹ được hoàn lại."),
		"labour/deposit.en.md":      doc("deposit", "en", "labour", "The deposit is refunded."),
		"labour/other.vi.md":        doc("other", "vi", "labour", "Không nói gì về chủ đề này."),
		"labour/README.txt":         {Data: []byte("fire fire fire")},
		"labour/broken.vi.md":       {Data: []byte("cháy, no front matter")},
		"eval/fire-questions.vi.md": {Data: []byte("cháy")},
	}
	g, err := LoadGlossary(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		concept string
		want    float64
	}{{"fire", 1.0 / 3}, {"deposit", 2.0 / 3}, {"nothing", 0}} {
		if got, ok := g.DocumentShare(tt.concept); !ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("DocumentShare(%q) = %v %v, want %v", tt.concept, got, ok, tt.want)
		}
	}
	parsed, err := ParseGlossary(strings.NewReader("en\tvi\tnote\nfire\tcháy\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := parsed.DocumentShare("fire"); ok {
		t.Error("a glossary parsed without documents claims to know a document share")
	}
}

// serve counts the documents' concepts while it prepares the index
// (CountDocumentShares), so no question waits for the count.
func TestCountDocumentSharesCountsAhead(t *testing.T) {
	g, err := LoadGlossary(fstest.MapFS{
		"glossary.tsv":   {Data: []byte("en\tvi\tnote\nfire\tcháy\t\n")},
		"cantho/f.en.md": {Data: []byte("---\nid: f\nlang: en\ntitle: T\ntopic: cantho\naudience: [everyone]\nsources: [S]\nas_of: 2026-11-01\n---\nIn a fire, call 114.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.shares.share != nil {
		t.Fatal("counted on load")
	}
	g.CountDocumentShares()
	if g.shares.share["fire"] != 1 || g.shares.texts != nil {
		t.Errorf("after CountDocumentShares: share %v, texts kept %v", g.shares.share, g.shares.texts != nil)
	}
}

// "right away", "right now", "all right" are not the rights the glossary
// names: "what number do I call right away?" was read as asking about
// rights and answered with the emergency numbers abroad.
func TestRightAsAnAdverbIsNotRights(t *testing.T) {
	g, err := ParseGlossary(strings.NewReader("en\tvi\tnote\nrights | my rights\tquyền lợi\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]bool{
		"What number do I call right away?":       false,
		"Call the police right now":               false,
		"Is it all right to keep my passport?":    false,
		"What are my rights as a worker?":         true,
		"Do I have the right to end my contract?": true,
	} {
		if got := slices.Contains(g.Concepts(q), "rights"); got != want {
			t.Errorf("%q: rights read %v, want %v", q, got, want)
		}
	}
}
