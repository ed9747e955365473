package curated

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/vitext"
)

// Embedder turns texts into vectors (the one the knowledge index uses).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Store is what the matcher reads.
type Store interface {
	SearchCurated(ctx context.Context, vec []float32, tsquery string, k int) ([]store.CuratedRank, error)
	CuratedCandidates(ctx context.Context, ids []string, vec []float32) ([]store.CuratedAnswer, error)
	DocumentsInfo(ctx context.Context, ids []string, lang string) ([]store.DocumentInfo, error)
	CuratedTermDF(ctx context.Context, terms []string) (answers int, df map[string]int, err error)
	LiveCuratedQuestions(ctx context.Context) ([]store.LiveCuratedQuestion, error)
}

// Matcher finds the curated answer to a question.
type Matcher struct {
	DB       Store
	Embedder Embedder
	// Params tune the score and the match threshold; the zero value means
	// DefaultParams.
	Params Params
	// NoCards leaves answer cards out: only verified answers match.
	NoCards bool
	// Concepts, when set, turns on question frames (frame.go) for
	// verified answers: one whose frame does not fit the question's never
	// matches, and one whose frame fits matches from Params.Floor when the
	// question names Params.Cover of its core concepts. Countries adds the country a
	// question names to its concepts.
	Concepts  ConceptReader
	Countries CountryReader

	// conceptDF caches how many live curated answers name each concept
	// (frames only).
	conceptDF conceptDF
}

// conceptDF is how many of answers live curated answers name each
// concept in their questions, read when live (the live count
// CuratedTermDF gives) changes: an approval, a retirement, an expiry.
type conceptDF struct {
	mu            sync.Mutex
	answers, live int
	df            map[string]int
}

// conceptIDF returns the weight ln(1 + n/df) of a concept that df of the
// n live curated answers name in their questions (a concept none names
// weighs as if one did, so every weight is above 0): a concept few
// answers name ("thông báo cư trú") says more about which answer is asked
// for than one many name ("về nước"). The counts are read again when
// live, the number of live answers CuratedTermDF counted, changes.
// Errors are the store's.
func (m *Matcher) conceptIDF(ctx context.Context, fr frameReader, live int) (func(concept string) float64, error) {
	c := &m.conceptDF
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.df == nil || c.live != live {
		qs, err := m.DB.LiveCuratedQuestions(ctx)
		if err != nil {
			return nil, err
		}
		df := map[string]int{}
		named := map[string]bool{}
		n := 0
		for i, q := range qs {
			if i == 0 || qs[i-1].AnswerID != q.AnswerID {
				clear(named)
				n++
			}
			for concept := range fr.read(q.Text).concepts {
				if !named[concept] {
					named[concept] = true
					df[concept]++
				}
			}
		}
		c.df, c.answers, c.live = df, max(n, 1), live
	}
	df, n := c.df, c.answers // replaced, never changed, when read again
	return func(concept string) float64 { return idf(n, max(df[concept], 1)) }, nil
}

// Params tune matching. See docs/curated.md for how the defaults were
// measured.
type Params struct {
	// Threshold is the least score that matches.
	Threshold float64
	// CosineWeight is the share of the vector similarity in a question's
	// similarity; the rest is the content-word overlap (Dice).
	CosineWeight float64
	// MissPenalty is taken off per share (by IDF weight) of the asked
	// content words that other curated answers' questions have and none
	// of this answer's: "ký quỹ đi Nhật" against a card about Korea
	// misses "Nhật", which the cards about Japan have. Words no curated
	// question has ("mấy chục triệu") are neutral.
	MissPenalty float64
	// Depth is how many questions each search branch returns, Candidates
	// how many fused answers are scored.
	Depth, Candidates int
	// Floor is the least similarity (the score before the miss penalty)
	// a frame-fitting answer matches with, when
	// the question names at least the share Cover of the answer's core
	// concepts (those of its canonical questions).
	Floor, Cover float64
}

// DefaultParams are the measured defaults. Cover was 0.45 until new cards
// moved a paraphrase's cover to 0.4497 (docs/curated.md, "Cover 0.45 →
// 0.44").
func DefaultParams() Params {
	return Params{Threshold: 0.50, CosineWeight: 0.5, MissPenalty: 0.5, Depth: 40, Candidates: 5, Floor: 0.2, Cover: 0.44}
}

// Match is a curated answer found for a question.
type Match struct {
	Answer store.CuratedAnswer
	// Score is the match score in about [-1, 1]; a match has at least
	// Params.Threshold, or Params.Floor with a fitting frame.
	Score float64
	// Similarity is the score before the miss penalty: what the frame
	// path compares with Params.Floor.
	Similarity float64
	// Fits says whether the question's frame fits the answer's (always
	// true without Matcher.Concepts), Cover the share of the answer's
	// core concepts the question names.
	Fits  bool
	Cover float64
	// framed says frames were read (Matcher.Concepts set).
	framed bool
}

// Candidate is a scored curated answer, matched or not (for tuning).
type Candidate struct {
	ID, Kind          string
	Score, Similarity float64
	Fits              bool
	Cover             float64
}

// matches says whether candidate c answers the question under p. A card
// matches when its score reaches the threshold; a verified answer read
// with frames when its frame fits, the question names at least p.Cover
// of its core concepts, and its score reaches the threshold or its
// similarity the floor (a high score alone let "how much does a worker
// pay into the Fund" take the Fund's death-support answer). Frames are not applied
// to cards: on the real eval sets the floor let cards answer questions
// they do not answer, and the frame veto alone cost correct card answers
// (docs/curated.md).
func (p Params) matches(c Match) bool {
	if !c.framed || c.Answer.Kind != store.KindVerified {
		return c.Score >= p.Threshold
	}
	return c.Fits && c.Cover >= p.Cover && (c.Score >= p.Threshold || c.Similarity >= p.Floor)
}

// Find returns the curated answer to question (already normalised): the
// best-scoring approved verified answer whose score reaches the
// threshold, else the best such card (unless NoCards); ok is false when
// none reaches it.
// Errors are the store's or the embedder's.
func (m *Matcher) Find(ctx context.Context, question string) (Match, bool, error) {
	cands, err := m.candidates(ctx, question, false)
	if err != nil {
		return Match{}, false, err
	}
	p := m.params()
	var best Match
	found := false
	for _, c := range cands {
		if !p.matches(c) || (m.NoCards && c.Answer.Kind == store.KindCard) {
			continue
		}
		better := !found ||
			(c.Answer.Kind == store.KindVerified && best.Answer.Kind != store.KindVerified) ||
			(c.Answer.Kind == best.Answer.Kind && c.Score > best.Score)
		if better {
			best, found = c, true
		}
	}
	return best, found, nil
}

// Scores returns every scored candidate for question, best first, matched
// or not: what tuning measures.
func (m *Matcher) Scores(ctx context.Context, question string) ([]Candidate, error) {
	cands, err := m.candidates(ctx, question, true)
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		out[i] = Candidate{ID: c.Answer.ID, Kind: c.Answer.Kind, Score: c.Score, Similarity: c.Similarity, Fits: c.Fits, Cover: c.Cover}
	}
	return out, err
}

// Sources returns the title and date checked of each of ids, in lang where
// the document has that version.
func (m *Matcher) Sources(ctx context.Context, ids []string, lang string) ([]store.DocumentInfo, error) {
	return m.DB.DocumentsInfo(ctx, ids, lang)
}

func (m *Matcher) params() Params {
	if m.Params == (Params{}) {
		return DefaultParams()
	}
	return m.Params
}

// candidates searches both branches, fuses them by reciprocal rank per
// answer, and scores the best Params.Candidates answers, best first. With
// Matcher.Concepts set, frames are read for verified answers (the only
// ones they decide), and for cards too when allFrames (tuning).
func (m *Matcher) candidates(ctx context.Context, question string, allFrames bool) ([]Match, error) {
	p := m.params()
	asked := newText(question)
	if len(asked.content) == 0 {
		return nil, nil
	}
	vecs, err := m.Embedder.Embed(ctx, []string{question})
	if err != nil {
		return nil, fmt.Errorf("curated match: %w", err)
	}
	ranks, err := m.DB.SearchCurated(ctx, vecs[0], tsquery(question), p.Depth)
	if err != nil {
		return nil, err
	}
	ids := fuse(ranks, p.Candidates)
	if len(ids) == 0 {
		return nil, nil
	}
	answers, err := m.DB.CuratedCandidates(ctx, ids, vecs[0])
	if err != nil {
		return nil, err
	}
	n, df, err := m.DB.CuratedTermDF(ctx, asked.terms())
	if err != nil {
		return nil, err
	}
	asked.weigh(n, df)
	out := make([]Match, len(answers))
	framed := func(a store.CuratedAnswer) bool {
		return m.Concepts != nil && (allFrames || a.Kind == store.KindVerified)
	}
	var fr frameReader
	var af frame
	if slices.ContainsFunc(answers, framed) {
		fr = frameReader{concepts: m.Concepts, countries: m.Countries}
		af = fr.read(question)
		if fr.idf, err = m.conceptIDF(ctx, fr, n); err != nil {
			return nil, err
		}
	}
	for i, a := range answers {
		sim, sc := score(p, asked, a)
		out[i] = Match{Answer: a, Score: sc, Similarity: sim, Fits: true, Cover: 1}
		if framed(a) {
			out[i].Fits, out[i].Cover = fit(af, fr.answer(a))
			out[i].framed = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

// fuse orders answer ids by reciprocal-rank fusion (k = 60) of their best
// ranks in the branches and keeps the first n.
func fuse(ranks []store.CuratedRank, n int) []string {
	const k = 60
	score := map[string]float64{}
	var ids []string
	for _, r := range ranks {
		if _, ok := score[r.AnswerID]; !ok {
			ids = append(ids, r.AnswerID)
		}
		score[r.AnswerID] += 1 / float64(k+r.Rank)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		if score[ids[i]] != score[ids[j]] {
			return score[ids[i]] > score[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return ids[:min(n, len(ids))]
}

// SearchText is the full-text search text stored for a curated question:
// its search terms, as chunks are indexed.
func SearchText(q string) string {
	return strings.Join(vitext.SearchTerms(q), " ")
}

// tsquery is the 'simple' text query for question: any of its content
// terms or their bigrams.
func tsquery(question string) string {
	terms := vitext.SearchTerms(question)
	slices.Sort(terms)
	terms = slices.Compact(terms)
	return strings.Join(terms, " | ")
}
