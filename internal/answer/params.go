package answer

// MaxWords is the default bound of an extractive answer's body (Params.MaxWords).
const MaxWords = 120

// Params are the tuning numbers of the extractive composer. The evidence
// for each default is in docs/benchmarks.md, "Answers" (the table of what
// moved the fact rate) and "Tuning parameters". `assistant eval --param
// answer.NAME=VALUE` overrides one for a run (NAME is the field's param
// tag); the service always uses DefaultParams.
type Params struct {
	// MaxWords bounds the answer's body. Words. 120: 200 words raise the
	// fact rate to 0.861 / 0.856 / 0.908 but quote half a document
	// ("Answers", word budget).
	MaxWords int `param:"max_words"`
	// MaxPassages: sentences come from the best this many passages.
	// Passages. 10 ("Answers": the whole best document offered).
	MaxPassages int `param:"max_passages"`
	// MinScoreShare: after the best sentence, others are added while their
	// score is at least this share of the best's. Share, 0..1. 0.3.
	MinScoreShare float64 `param:"min_score_share"`
	// DocPriorStep lowers the score of sentences of the k-th document (from
	// 0) by 1/(1+DocPriorStep·k). Unitless. 0.2.
	DocPriorStep float64 `param:"doc_prior_step"`
	// HeadingWeight: a sentence scores its section heading's matching words
	// at this share of its own. Unitless. 0.6 with SectionWeight 0.4
	// ("2026-11-29, evening"); 0.8 alone: fact rate 0.687 → 0.726 (public,
	// "Answers").
	HeadingWeight float64 `param:"heading_weight"`
	// SectionWeight: a sentence scores the words of its section's own
	// heading (the heading's last part, "Title › Section") at this share
	// of its own words, on top of HeadingWeight for the whole heading: the
	// title is shared by every section of a document, the section's name
	// tells which part answers ("Quyền chính của người lao động" for "có
	// quyền gì"). Unitless. 0.4, with HeadingWeight 0.8 → 0.6: public /
	// training / gaps 0.779 / 0.814 / 0.769 → 0.783 / 0.821 / 0.769
	// ("2026-11-29, evening").
	SectionWeight float64 `param:"section_weight"`
	// LengthScale: a sentence's score is divided by √(1 + words/LengthScale),
	// so shorter sentences win a little. Words. 30: with anaphora and the
	// frequency ask, 15 → 30 moved public / training / gaps 0.775 / 0.805 /
	// 0.754 → 0.775 / 0.812 / 0.769 (25: 0.775 / 0.809 / 0.754; 35 and 50
	// cost public a question) ("2026-11-29, evening"); 15 was 0.774 → 0.778
	// with the next-sentence rule ("Answers").
	LengthScale float64 `param:"length_scale"`

	// Answer-type boosts multiply the score of a sentence that holds what
	// the question asks for: a percentage, a number, a year, a web
	// address, an office, a rule. Unitless factors. Numbers and dates:
	// 0.687 ("Answers", numbers preferred); offices, web addresses,
	// legality: 0.786 → 0.790 public, 0.778 → 0.800 held-out.
	PercentBoost float64 `param:"percent_boost"`
	NumberBoost  float64 `param:"number_boost"`
	DateBoost    float64 `param:"date_boost"`
	WebBoost     float64 `param:"web_boost"`
	AgencyBoost  float64 `param:"agency_boost"`
	LegalBoost   float64 `param:"legal_boost"`
	// AgeBoost multiplies the score of a sentence that states an age limit
	// ("từ đủ 18 tuổi", "under 18", "aged 18 to 39") when the question
	// speaks of an age ("17 tuổi", "how old", "my 16 year old"): a girl of
	// 17 asking whether she may marry must read the minimum age first.
	// Unitless. 2 (2026-11-29, late: see docs/benchmarks.md).
	AgeBoost float64 `param:"age_boost"`
	// FrequencyBoost multiplies the score of a sentence that says how
	// often ("every 6 months", "định kỳ", "hằng năm") when the question
	// asks how often ("how often", "bao lâu một lần", "mấy lần"); it
	// comes before the number boost, a frequency being more than a number.
	// Unitless. 2 ("2026-11-29, evening").
	FrequencyBoost float64 `param:"frequency_boost"`
	// ChargeBoost multiplies the score of a sentence that says whether
	// something costs money ("là dịch vụ có tính cước", "free of
	// charge") when the question asks it ("gọi có mất tiền không", "is
	// the call free"); before the other boosts. Unitless. 2: "Nhà ở Hậu
	// Giang cũ, nghe nói gọi 1088 để hỏi thủ tục, vậy gọi có mất tiền
	// không?" opened with who the former residents are and never said
	// the call is charged; training 0.833 → 0.835, first fresh gap set
	// 0.762 → 0.775, no set lower; 3 the same ("2026-12-01, midday").
	ChargeBoost float64 `param:"charge_boost"`
	// FocusBoost multiplies, for choosing sentences, the weight of the
	// words that name what the question asks about, read from its
	// question word ("which groups", "what kinds of jobs", "những
	// hoạt động gì", "có mấy nhóm"; focusTerms). Unitless. 1.5: public
	// 0.829 → 0.833, training (677) 0.835 → 0.838, no set lower; 1.3
	// moved nothing, 1.75 and 2 lost the fourth fresh gap set and the
	// two-question set a row or two, 3 public too ("2026-12-01,
	// afternoon" in docs/benchmarks.md). 1 (or 0) turns it off.
	FocusBoost float64 `param:"focus_boost"`
	// LeadWeight is what a sentence gains, for being chosen, when it
	// holds its passage's lead (Passage.Lead, a near card's answer): times
	// the share of the lead's word pairs it holds, 0..1, in the units of
	// the question's term weights. 10 (with retrieve.Params.LeadMinSim
	// 0.3): public 0.833 → 0.837, training (677) 0.843 → 0.846, three
	// fresh gap sets a row up each, no set lower; 15 gained training a
	// row more and lost the third fresh set one, 20 lost the second and
	// fourth a row each ("2026-12-01, night" in docs/benchmarks.md). 0
	// turns it off.
	LeadWeight float64 `param:"lead_weight"`
	// DurationBoost multiplies the score of a sentence that states a
	// duration ("12 ngày", "ba tháng", "within 180 days") when the
	// question asks how long ("bao lâu", "mất mấy ngày", "how many
	// months"); it comes before the number boost: "Điều 50 khoản 1" is a
	// number, not the 12 days asked for. Unitless. 2: training 0.819 →
	// 0.821, fresh gaps 0.662 → 0.675, public and gaps public level (1.5:
	// no change; 3: as 2) ("2026-11-30, afternoon").
	DurationBoost float64 `param:"duration_boost"`
	// PapersBoost multiplies the score of a sentence that names papers
	// ("giấy tờ", "hồ sơ", "bản sao", "documents", "certificate") when the
	// question asks which papers are needed ("giấy tờ gì", "hồ sơ gồm",
	// "what documents"). Unitless. 1.5: training (611) 0.805 → 0.807, second
	// fresh gap set 0.675 → 0.688, public and gaps level (2: training as
	// 1.5, fresh set level) ("2026-11-30, afternoon").
	PapersBoost float64 `param:"papers_boost"`
	// LimitBoost multiplies the score of a sentence that states a maximum
	// or a minimum ("không được vượt mức trần", "may not exceed", "tối
	// đa") when the question asks for one ("tối đa bao nhiêu", "is there
	// a cap"); it comes after the duration boost ("bao lâu tối đa" wants
	// the duration) and before the number boost, a legal citation being
	// a number too. Unitless. 2: public 0.814 → 0.818, training (671)
	// 0.803 → 0.806, gaps public level (1.3 and 1.5: as 2 or one row
	// less; 3: public back to 0.814) ("2026-11-30, evening" in
	// docs/benchmarks.md).
	LimitBoost float64 `param:"limit_boost"`
	// AmountBoost multiplies the score of a sentence that states an
	// amount of money (amountRE: "10.320 won", "ba tháng tiền lương",
	// "free") when the question asks for one ("bao nhiêu tiền", "bao
	// nhiêu won", "how much does it cost"; amountQRE); it comes before
	// the limit boost: "ít nhất bao nhiêu won" wants the wage, not "tối
	// đa 40 giờ". A question that names a currency ("bao nhiêu won")
	// boosts only figures in it, and no other figure is boosted for a
	// question about money. Unitless. 2: training (647) 0.852 → 0.855,
	// two-question training 0.700 → 0.740, fresh gap sets 1 and 4 +1
	// each, public level (1.5 and 3: as 2) ("2026-12-03, afternoon").
	AmountBoost float64 `param:"amount_boost"`
	// PermitBoost multiplies the score of a sentence that says one may,
	// may not or must do what the question asks whether one may do
	// (intent.echoes). Unitless. 2: against 1, public 0.822 → 0.826,
	// training (677) 0.824 → 0.826, the first and third fresh gap sets
	// 0.738 → 0.750 and 0.727 → 0.739; 1.3 and 1.5 gained the same but
	// public, 3 lost public and training a row each ("2026-12-01, day").
	PermitBoost float64 `param:"permit_boost"`
	// ActionBoost multiplies the score of a sentence that advises an act
	// ("Gia đình nên báo ngay cho doanh nghiệp…", "Call the police…") when
	// the question asks what to do ("gia đình phải làm gì", "what should
	// I do"). Unitless. 1.2: every tuning set level against 1 (1.5 level
	// too, 2 cost the fourth fresh gap set a row); it brings "Gia đình nên
	// báo ngay cho doanh nghiệp" into the answer to "… cty ko bao, gia dinh
	// phai lam gi" and keeps the Fund's 40,000,000 VND, which 1.3 and above
	// push out ("2026-12-02, day" in docs/benchmarks.md).
	ActionBoost float64 `param:"action_boost"`
	// ListOpenerFactor multiplies the score of a sentence ending in ":"
	// when the question does not ask for a list. Unitless. 0.6.
	ListOpenerFactor float64 `param:"list_opener_factor"`
	// ExampleFactor multiplies the score of a sentence that gives an
	// example ("Ví dụ, …", "For example, …"): the rule it illustrates
	// should be quoted first. Unitless. 0.7 ("Tuning parameters").
	ExampleFactor float64 `param:"example_factor"`
	// ListWords: when the question asks for a list or for papers ("những
	// giấy tờ gì", "what are the steps"), a quoted list's items may go
	// this far over MaxWords, so that the list is whole. Words. 40: of the
	// 258 public answers, 20 → 17 quote a list in part, every fact rate
	// level (80: the same) ("2026-12-01, evening").
	ListWords int `param:"list_words"`
	// ListItems: a best sentence that opens a list brings up to this many
	// following sentences of its passage. Sentences. 6 ("Answers": lists
	// kept whole).
	ListItems int `param:"list_items"`
	// Redundancy: a sentence sharing more than this share of its terms
	// (Jaccard) with a chosen one is left out. Share, 0..1. 0.6: a stricter
	// filter was worse ("Answers", tried and dropped).
	Redundancy float64 `param:"redundancy"`
	// FactSentences bounds the answer to a question that asks for one
	// fact (a number, a date, an office, a web address). Sentences; 0, the
	// default, for no bound but the word budget: 2 cost 0.085 of the public
	// fact rate, 3 cost 0.047, 5 nothing ("2026-11-29, later").
	FactSentences int `param:"fact_sentences"`
	// OtherYearFactor scales a sentence about other years than the one a
	// question asks about (its own year, or the present: the document's
	// year checked), when its document has a sentence about that year
	// (preferAskedYear). 0..1; 1 turns it off.
	OtherYearFactor float64 `param:"other_year_factor"`
	// UnaskedPlaceFactor scales a sentence about other countries only, in
	// a document about many, for a question that names no country
	// (foreignOnly). Factor; 1 turns it off.
	UnaskedPlaceFactor float64 `param:"unasked_place_factor"`
}

// DefaultParams are the measured defaults; a zero Params means these.
func DefaultParams() Params {
	return Params{
		MaxWords:           MaxWords,
		MaxPassages:        10,
		MinScoreShare:      0.3,
		DocPriorStep:       0.2,
		HeadingWeight:      0.6,
		SectionWeight:      0.4,
		LengthScale:        30,
		PercentBoost:       2,
		NumberBoost:        1.5,
		AgeBoost:           2,
		DateBoost:          1.5,
		WebBoost:           1.5,
		AgencyBoost:        1.3,
		LegalBoost:         1.3,
		FrequencyBoost:     2,
		ChargeBoost:        2,
		FocusBoost:         1.5,
		LeadWeight:         10,
		DurationBoost:      2,
		PapersBoost:        1.5,
		LimitBoost:         2,
		AmountBoost:        2,
		PermitBoost:        2,
		ActionBoost:        1.2,
		ListOpenerFactor:   0.6,
		ListWords:          40,
		ExampleFactor:      0.7,
		OtherYearFactor:    0.5,
		UnaskedPlaceFactor: 0.5,
		ListItems:          6,
		Redundancy:         0.6,
	}
}

// orDefault is p, or DefaultParams when p is zero.
func (p Params) orDefault() Params {
	if p == (Params{}) {
		return DefaultParams()
	}
	return p
}
