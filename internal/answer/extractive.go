package answer

import (
	"context"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Extractive answers by quoting the sentences of the passages that best
// match the question. Every sentence of its body is a sentence of the
// knowledge base, followed by the marker of its passage; only the framing
// (language note, source list, next step) is template text.
type Extractive struct {
	Params Params // the zero value means DefaultParams
}

// Compose never fails.
func (e Extractive) Compose(_ context.Context, req Request) (Composition, error) {
	return composeExtractive(req, e.Params.orDefault()), nil
}

type sentence struct {
	passage, pos int
	text         string
	terms        map[string]bool
	score        float64
	words        int
}

var (
	// Sentences about the document rather than its subject.
	metaRE = regexp.MustCompile(`^(Tài liệu này|Bài viết này|Văn bản này|Phần này|This document|This page|This article|This section)\b`)
	// Questions that want a number (an age, an amount, a count), a date or
	// a percentage, and questions that want a list.
	quantityRE = regexp.MustCompile(`\b(bao nhieu|bao lau|may|so may|so nao|so gi|so dien thoai|duong day nong|how many|how much|how long|how old|how often|what number|which number|phone number|number|hotline)\b`)
	dateRE     = regexp.MustCompile(`\b(nam nao|khi nao|luc nao|ngay nao|tu bao gio|when|what year|which year|what date|since when)\b`)
	percentRE  = regexp.MustCompile(`\b(phan tram|percent|percentage)\b|%`)
	// Questions that want an office, and what names one.
	agencyQRE = regexp.MustCompile(`\b(ai|co quan nao|so nao|noi nao|don vi nao|lien he|who|whom|which office|which agency|which department|which body|contact|talk to)\b`)
	agencyRE  = regexp.MustCompile(`\b(Sở|Bộ|Cục|Ủy ban|UBND|Trung tâm|Hội|Liên hiệp|Phòng|Công an|Cảnh sát|Đại sứ quán|Lãnh sự quán|Ngân hàng|Department|Ministry|Committee|Centre|Center|Union|Association|Police|police|Embassy|embassy|Consulate|consulate|Bank|Fund|Quỹ)\b`)
	// Questions that want a place to look something up, and a web address.
	lookupQRE = regexp.MustCompile(`\b(o dau|tra cuu|kiem tra|xem|website|trang web|web|online|where|look up|check|find out|search)\b`)
	webRE     = regexp.MustCompile(`\b[a-z0-9-]+\.(gov\.vn|org\.vn|com\.vn|vn|org|com|int)\b`)
	// Questions that ask whether something is allowed, and what answers them.
	legalQRE = regexp.MustCompile(`\b(hop phap|trai phep|trai luat|co sao|co dung|duoc khong|co duoc|bat buoc|legal|illegal|allowed|lawful|is it ok|can they|must i|required|mandatory)\b`)
	legalRE  = regexp.MustCompile(`(?i)(pháp luật|trái phép|bất hợp pháp|nghiêm cấm|bị cấm|không được|bắt buộc|phải|illegal|unlawful|prohibited|forbidden|not allowed|against the law|crime|must|required|mandatory)`)
	listRE   = regexp.MustCompile(`\b(nhung gi|nhung gia?y to|gom nhung|can gi|dieu kien|giay to|ho so|cac buoc|thu tuc|what documents|what papers|which|what are|conditions|requirements|steps|what do i need|what should)\b`)
	// A number that is not a year, and a year.
	plainNumberRE = regexp.MustCompile(`\b(\d{1,3}([.,]\d+)?|\d{5,})\b|\d+ ?%`)
	yearRE        = regexp.MustCompile(`\b(19|20)\d\d\b`)
)

// ComposeExtractive picks the sentences that answer the question, with
// DefaultParams.
func ComposeExtractive(req Request) Composition {
	return composeExtractive(req, DefaultParams())
}

func composeExtractive(req Request, prm Params) Composition {
	if len(req.Passages) == 0 {
		return Composition{Composer: "extractive", NoAnswer: true}
	}
	folded := strings.Join(vitext.FoldedTokens(req.Question), " ")
	wantsNumber, wantsDate := quantityRE.MatchString(folded), dateRE.MatchString(folded)
	wantsPercent := percentRE.MatchString(folded) || strings.Contains(req.Question, "%")
	wantsList := listRE.MatchString(folded)
	wantsAgency, wantsWeb, wantsLegal := agencyQRE.MatchString(folded), lookupQRE.MatchString(folded), legalQRE.MatchString(folded)
	docRank := map[string]int{}
	var cands []sentence
	for pi, p := range req.Passages[:min(prm.MaxPassages, len(req.Passages))] {
		if _, ok := docRank[p.DocID]; !ok {
			docRank[p.DocID] = len(docRank)
		}
		prior := 1 / (1 + prm.DocPriorStep*float64(docRank[p.DocID]))
		headingScore := 0.0
		for t := range termSet(p.Heading) {
			headingScore += req.Weights[t]
		}
		pos := 0
		for _, line := range strings.Split(p.Text, "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			for _, s := range vitext.Sentences(line) {
				terms := termSet(s)
				score := 0.0
				for t := range terms {
					score += req.Weights[t]
				}
				words := len(strings.Fields(s))
				// Reward matching words, a little the section heading,
				// prefer better documents and sentences that are not long.
				score = (score + prm.HeadingWeight*headingScore) * prior / math.Sqrt(1+float64(words)/prm.LengthScale)
				switch {
				case wantsPercent && strings.Contains(s, "%"):
					score *= prm.PercentBoost
				case wantsNumber && plainNumberRE.MatchString(yearRE.ReplaceAllString(s, "")):
					score *= prm.NumberBoost
				case wantsDate && yearRE.MatchString(s):
					score *= prm.DateBoost
				case wantsWeb && webRE.MatchString(s):
					score *= prm.WebBoost
				case wantsAgency && agencyRE.MatchString(s):
					score *= prm.AgencyBoost
				case wantsLegal && legalRE.MatchString(s):
					score *= prm.LegalBoost
				}
				if strings.HasSuffix(s, ":") && !wantsList {
					// A list's opening line answers only when a list is asked for.
					score *= prm.ListOpenerFactor
				}
				if metaRE.MatchString(s) {
					score = 0
				}
				cands = append(cands, sentence{passage: pi, pos: pos, text: s, terms: terms, score: score, words: words})
				pos++
			}
		}
	}
	if len(cands) == 0 {
		return Composition{Composer: "extractive", NoAnswer: true}
	}
	ranked := append([]sentence(nil), cands...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	best := ranked[0]
	chosen := []sentence{best}
	words := best.words
	add := func(s sentence) bool {
		if words+s.words > prm.MaxWords || redundant(s, chosen, prm.Redundancy) || slices.ContainsFunc(chosen, func(c sentence) bool { return c.passage == s.passage && c.pos == s.pos }) {
			return false
		}
		chosen = append(chosen, s)
		words += s.words
		return true
	}
	// A sentence that introduces a list ("… các giấy tờ sau:") brings the
	// list with it.
	if strings.HasSuffix(best.text, ":") {
		for _, c := range cands {
			if c.passage == best.passage && c.pos > best.pos && c.pos <= best.pos+prm.ListItems {
				add(c)
			}
		}
	}
	// The sentence after the best one comes next when it shares any of
	// the question's words: the knowledge base states one fact per
	// sentence, and a fact's details follow it (measured: 0.770 of answers
	// carry the expected fact against 0.762 without; the sentence before,
	// or two after, did worse).
	for _, c := range cands {
		if c.passage == best.passage && c.pos == best.pos+1 && c.score > 0 {
			add(c)
		}
	}
	for _, s := range ranked[1:] {
		if s.score < prm.MinScoreShare*best.score || s.score <= 0 {
			break
		}
		add(s)
	}
	// Passages in the order of their best chosen sentence; sentences in
	// their order within the passage.
	rank := map[int]int{}
	for i, s := range chosen {
		if _, ok := rank[s.passage]; !ok {
			rank[s.passage] = i
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		if chosen[i].passage != chosen[j].passage {
			return rank[chosen[i].passage] < rank[chosen[j].passage]
		}
		return chosen[i].pos < chosen[j].pos
	})

	comp := Composition{Composer: "extractive", Note: langNote(req, chosen)}
	quotes := make([]quoted, len(chosen))
	for i, s := range chosen {
		quotes[i] = quoted{text: s.text, passages: []int{s.passage}}
	}
	cite(req, quotes, &comp)
	return comp
}

// langNote says so when the quoted passages are not in the asked language.
func langNote(req Request, chosen []sentence) string {
	other := ""
	for _, s := range chosen {
		if l := req.Passages[s.passage].Lang; l != req.Lang {
			other = l
		}
	}
	switch {
	case other == "":
		return ""
	case req.Lang == vitext.Vietnamese:
		return "(Thông tin này hiện chỉ có bằng " + LangName(other, vitext.Vietnamese) + ".)"
	default:
		return "(This information is only available in " + LangName(other, vitext.English) + ".)"
	}
}

// redundant reports whether s mostly repeats a chosen sentence (chunk
// overlap, or the same fact in two documents).
func redundant(s sentence, chosen []sentence, threshold float64) bool {
	for _, c := range chosen {
		inter := 0
		for t := range s.terms {
			if c.terms[t] {
				inter++
			}
		}
		union := len(s.terms) + len(c.terms) - inter
		if union > 0 && float64(inter)/float64(union) > threshold {
			return true
		}
	}
	return false
}

func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range vitext.SearchTerms(s) {
		m[t] = true
	}
	return m
}
