package retrieve

// Params are the tuning numbers of retrieval. The evidence for each default
// is in docs/benchmarks.md: the section named in the field's comment, and
// the table under "Tuning parameters". `assistant eval --param
// retrieve.NAME=VALUE` overrides one for a run (NAME is the field's param
// tag); an operator sets only MinConfidence (MIN_CONFIDENCE).
type Params struct {
	// RRFK is the reciprocal-rank fusion constant k: rank r in a branch
	// scores 1/(k+r). Unitless. 60, pgvector-go's hybrid example; not
	// tuned here.
	RRFK int `param:"rrf_k"`
	// VectorWeight multiplies the vector branch's reciprocal ranks in the
	// fusion. Unitless. 0.7: hybrid recall@1 0.798 against 0.750 at equal
	// weights (public set; "Retrieval quality"), re-measured in "Tuning
	// parameters".
	VectorWeight float64 `param:"vector_weight"`
	// TextWeight multiplies the full-text branch's reciprocal ranks.
	// Unitless. 1: the reference the vector weight is measured against.
	TextWeight float64 `param:"text_weight"`
	// TextLead: a document whose full-text score is at least TextLead
	// times that of the next document in the text branch also gets the
	// vector branch's first-rank share (VectorWeight/(RRFK+1)). Ratio of
	// ts_rank scores; 0 turns it off. 2: the hashing embedder missed
	// "Công ty bắt tôi đưa sổ đỏ để thế chấp…", whose text branch ranked
	// the deposit document first at 2.7 times the next, and sixteen
	// documents found by both branches outranked it; recall@1 public
	// 0.767 → 0.771, training 0.739 → 0.743, second and fourth fresh gap
	// sets 0.675 → 0.700 and 0.588 → 0.598, no set lower (1.5: fresh3,
	// two-question and training hand-offs lost; docs/benchmarks.md,
	// "2026-12-01, midday").
	TextLead float64 `param:"text_lead"`
	// BranchDepth is how many chunks each search branch returns before
	// fusion. Chunks. 30: enough for recall@5 ≥ 0.98 on the public set with
	// hybrid p95 20.9 ms on 100,000 chunks ("Retrieval on 100,000 chunks").
	BranchDepth int `param:"branch_depth"`
	// CardQuestions is how many curated questions nearest to the question
	// the vector branch reads: the chunks the live answer cards among them
	// were written from join the branch (withCardChunks). Questions; 0
	// turns it off. CardWeight is what a card question's cosine similarity
	// is worth against a chunk's own, for the branch's order only
	// (unitless), and CardMinSim the similarity under which a card
	// question brings nothing (cosine). 10, 0.9 and 0.55: training (677)
	// fact 0.838 → 0.843, first and fourth fresh gap sets 0.775 → 0.800
	// and 0.824 → 0.833, recall@1 public 0.771 → 0.791, no fact rate
	// lower; without the floor public lost two rows, 0.6 gained a row
	// less, 0.4 lost training rows; 20 questions gave the same figures
	// (docs/benchmarks.md, "2026-12-01, late evening").
	CardQuestions int     `param:"card_questions"`
	CardWeight    float64 `param:"card_weight"`
	CardMinSim    float64 `param:"card_min_sim"`
	// LeadMinSim is the cosine similarity of a card question (among the
	// CardQuestions nearest) to the question at which the card's answer
	// becomes its chunk's lead (Passage.Lead), which steers the sentences
	// quoted, never the ranking or the confidence: unitless, 0..1; above 1
	// turns leads off. 0.3: with answer.Params.LeadWeight 10, the figures
	// there; at 0.55, the ranking's floor, 92% of the training questions
	// had no lead and no set gained; 0.25 measured as 0.3 (at weight 15).
	LeadMinSim float64 `param:"lead_min_sim"`
	// PassagesPerDoc caps the passages of one document in a result (and
	// the passages fetched to replace another language's). Passages. 2
	// ("Retrieval quality").
	PassagesPerDoc int `param:"passages_per_doc"`

	// ExpansionWeight multiplies the IDF weight of a glossary expansion's
	// terms, and that of an abbreviation of the question the index never
	// uses but the glossary spells out ("DPI": gaps public fact 0.785 →
	// 0.800, the other sets level; "2026-11-29, evening"). Unitless. 0.7:
	// 0.85 and 1.0 were worse ("Answers", tried and dropped).
	ExpansionWeight float64 `param:"expansion_weight"`
	// CommonShare: a term in more than this share of all chunks is too
	// common to search. Share of chunks, 0..1. 0.30 ("Retrieval on 100,000
	// chunks", bounded candidate set).
	CommonShare float64 `param:"common_share"`
	// MinChunksToPrune: below this many chunks no term is dropped as too
	// common (a tiny index has no statistics worth trusting). Chunks. 50.
	MinChunksToPrune int `param:"min_chunks_to_prune"`
	// DFBudget bounds the summed document frequency of the searched terms,
	// rarest first; when even the rarest term is over it, the two rarest
	// are required together. Chunks. 2,000: text p95 from 68 ms to ~20 ms
	// on 100,000 chunks ("Retrieval on 100,000 chunks").
	DFBudget int `param:"df_budget"`
	// MaxTerms caps the searched terms. Terms. 16 (same section).
	MaxTerms int `param:"max_terms"`

	// CoverageWeight is added to a document's fused score per unit of
	// question coverage (0..1). Score units of the fusion (one place near
	// the top is ~0.0005). 0.002: recall@1 0.782 → 0.806 public, 0.811 →
	// 0.844 held-out, 0.772 → 0.798 training; 0.001–0.003 within a question
	// or two ("Retrieval quality", coverage rerank).
	CoverageWeight float64 `param:"coverage_weight"`
	// TitleWeight is added to a document's fused score per unit of
	// question coverage by the document's title alone (0..1, the better
	// of its languages). Score units of the fusion. 0.00075 ("2026-11-29,
	// evening"): recall@1 0.767 → 0.775
	// public, 0.735 → 0.744 training, 0.738 → 0.785 gaps public, fact
	// rate level or up on each; 0.0005 gave the same fact rates summed,
	// 0.001 and 0.002 lowered the public fact rate.
	TitleWeight float64 `param:"title_weight"`
	// LearnedRerank: 1 orders the documents at the top of the fusion by
	// the learned rerank (rerank_learned.go) instead of the coverage and
	// title bonuses; 0 keeps those. The confidence is judged on the
	// coverage order either way. 1: recall@1 public 0.791 → 0.826,
	// training 0.753 → 0.787, fact rate public 0.837 → 0.841, training
	// 0.846 → 0.851, out-of-scope probes handed off the same 25/40
	// (docs/benchmarks.md, "2026-12-01, last hour").
	LearnedRerank float64 `param:"learned_rerank"`
	// RerankDocs is how many documents, from the top of the fusion, the
	// coverage rerank may reorder. Documents. 8: the bonus is worth about
	// four places at most (same section).
	RerankDocs int `param:"rerank_docs"`

	// ConfidenceCoverage and ConfidenceSimilarity weigh the two parts of
	// the confidence figure: how much of the question the best document
	// covers and how close its vector is. Unitless, summing to 1. 0.6 and
	// 0.4 ("Retrieval quality": out-of-scope questions under the threshold).
	ConfidenceCoverage   float64 `param:"confidence_coverage"`
	ConfidenceSimilarity float64 `param:"confidence_similarity"`
	// RerankedConfidence is the share of the confidence figure judged on
	// the document the rerank put first rather than the one the searches
	// ranked first (judge, confidence.go). Share, 0..1. 0.5 ("2026-11-29,
	// evening"): in-scope hand-offs 6 → 4 public, 11 → 8 training, fact
	// rate 0.809 → 0.816 training, level elsewhere; public out of scope
	// still 23/24 handed off and small talk still never answered. 1 gave
	// the same figures but answered "oke bạn" from the knowledge base.
	RerankedConfidence float64 `param:"reranked_confidence"`
	// SimFloor and SimCeil map the best vector's cosine similarity to 0..1
	// for confidence: 0 at or below SimFloor, 1 at or above SimCeil.
	// Cosine similarity. 0.15 and 0.50, for the hashing embedder: an
	// embedding model needs its own (re-measure with eval).
	SimFloor float64 `param:"sim_floor"`
	SimCeil  float64 `param:"sim_ceil"`
	// MinConfidence: below this confidence the service hands off to 1088
	// instead of answering. Confidence, 0..1. 0.35: at 0.30 a lottery
	// question and a maths exercise got answers; 0.33 checked on all three
	// sets and not taken ("Retrieval quality"). Set by MIN_CONFIDENCE;
	// Retrieve reads it only to decide whether to judge grounding.
	MinConfidence float64 `param:"min_confidence"`
	// GroundedConcepts and GroundedMargin: a retrieval under MinConfidence
	// by less than GroundedMargin is still answered when a document it
	// found names at least GroundedConcepts of the glossary concepts the
	// question names, and twice as many as it leaves out (groundedDocument,
	// confidence.go). Concepts, and confidence 0..1; 0 concepts turns it
	// off. The margin follows MinConfidence, so an operator who raises the
	// threshold raises both. 2 and 0.15 (down to 0.20 at the default
	// threshold): training (677) hand-offs 9 → 6, fact 0.827 → 0.832; 0.25
	// and 0.2 the same, 0.1 one row less; 1 concept answered 6 more
	// out-of-scope questions, 1 public and 5 of the probe
	// (docs/benchmarks.md, "2026-12-01, evening").
	GroundedConcepts int     `param:"grounded_concepts"`
	GroundedMargin   float64 `param:"grounded_margin"`
	// GroundedCommonShare: of the concepts a grounded document names, at
	// least one must be named by no more than this share of the
	// knowledge base's documents (Glossary.DocumentShare): "Cần Thơ" and
	// "giấy tờ" (papers), named by about half and four in five of them,
	// ground nothing together ("đăng ký xe ô tô mới ở Cần Thơ cần giấy tờ
	// gì" was answered from the merger's note on old papers). Share,
	// 0..1; 1 turns it off. 0.34 and 0.4 measured the same; 0.25 lost a
	// training and a fresh-4 row, 0.5 answered that probe again
	// (docs/benchmarks.md, "2026-12-02, late").
	GroundedCommonShare float64 `param:"grounded_common_share"`
}

// DefaultParams are the measured defaults; a zero Params means these.
func DefaultParams() Params {
	return Params{
		RRFK:                 60,
		VectorWeight:         0.7,
		TextWeight:           1,
		TextLead:             2,
		BranchDepth:          30,
		CardQuestions:        10,
		CardWeight:           0.9,
		CardMinSim:           0.55,
		LeadMinSim:           0.3,
		PassagesPerDoc:       2,
		ExpansionWeight:      0.7,
		CommonShare:          0.30,
		MinChunksToPrune:     50,
		DFBudget:             2000,
		MaxTerms:             16,
		CoverageWeight:       0.002,
		TitleWeight:          0.00075,
		LearnedRerank:        1,
		RerankDocs:           8,
		ConfidenceCoverage:   0.6,
		ConfidenceSimilarity: 0.4,
		RerankedConfidence:   0.5,
		SimFloor:             0.15,
		SimCeil:              0.50,
		MinConfidence:        0.35,
		GroundedConcepts:     2,
		GroundedMargin:       0.15,
		GroundedCommonShare:  0.34,
	}
}

// params is r.Params, or DefaultParams when r.Params is zero.
func (r *Retriever) params() Params {
	if r.Params == (Params{}) {
		return DefaultParams()
	}
	return r.Params
}
