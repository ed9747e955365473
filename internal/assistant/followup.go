package assistant

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

var (
	// Openings of a follow-up question, folded.
	followUpRE    = regexp.MustCompile(`^(con|the con|vay con|con ve|and|and for|and in|what about|how about|same for|va)\b`)
	followUpEndRE = regexp.MustCompile(`\b(thi sao|the nao|thi the nao|nua|too|then)\s*\??$`)
	// Places a follow-up may swap for the ones of the previous question.
	placeRE = regexp.MustCompile(`\b(han quoc|nhat ban|dai loan|trung quoc|hong kong|ma lai|malaysia|singapore|duc|uc|korea|japan|taiwan|china|germany|australia|hq|nb|dl|tq|han|nhat)\b`)
)

// isFollowUp reports whether a question reads as a follow-up: it opens or
// ends like one ("còn Nhật thì sao?", "and for Japan?") or is very short.
func isFollowUp(question string) bool {
	f := strings.Join(vitext.FoldedTokens(question), " ")
	return followUpRE.MatchString(f) || followUpEndRE.MatchString(f) || len(strings.Fields(f)) <= 3
}

// MergeFollowUp makes a follow-up searchable without an LLM: the previous
// question's words are added to it, except the places the previous
// question named when the follow-up names a place of its own ("đi Hàn Quốc
// cần gì" + "còn Nhật thì sao?" searches for Nhật, not Hàn Quốc).
func MergeFollowUp(previous, question string) string {
	prev := strings.Join(vitext.FoldedTokens(previous), " ")
	if placeRE.MatchString(strings.Join(vitext.FoldedTokens(question), " ")) {
		prev = placeRE.ReplaceAllString(prev, " ")
	}
	return question + " " + strings.Join(strings.Fields(prev), " ")
}

// probeRE matches attempts to get at prompts, configuration or secrets,
// on folded text.
var probeRE = regexp.MustCompile(`(ignore|disregard|forget) (all |any |your |the |previous |prior |above )*(instruction|rule|prompt)|system prompt|your (prompt|instruction|configuration|config|rules)|api ?key|secret|password|access token|bot token|environment variable|database url|\bdsn\b|jailbreak|developer mode|bo qua .{0,30}(huong dan|chi dan|lenh|quy tac)|prompt|khoa api|mat khau|cau hinh|bien moi truong|lenh he thong|chi dan he thong`)

// probe reports whether a question tries to make the assistant reveal its
// prompts, configuration or secrets, or drop its rules.
func probe(question string) bool {
	return probeRE.MatchString(strings.Join(vitext.FoldedTokens(question), " "))
}
