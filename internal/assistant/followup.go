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
	// Places a follow-up may swap for the ones of the previous question,
	// and the programmes that belong to one place (EPS is Korea's).
	placeRE = regexp.MustCompile(`\b(han quoc|nhat ban|dai loan|trung quoc|hong kong|ma lai|malaysia|singapore|duc|uc|korea|japan|taiwan|china|germany|australia|hq|nb|dl|tq|han|nhat|eps|topik|titp|ssw|tokutei|f6|arc)\b`)
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
//
// The place the follow-up names is spelled out in both languages, so that
// it outweighs the words carried over ("còn Nhật" searches for Nhật Bản and
// Japan).
func MergeFollowUp(previous, question string) string {
	prev := strings.Join(vitext.FoldedTokens(previous), " ")
	q := strings.Join(vitext.FoldedTokens(question), " ")
	places := placeRE.FindAllString(q, -1)
	if len(places) == 0 {
		return question + " " + prev
	}
	prev = strings.Join(strings.Fields(placeRE.ReplaceAllString(prev, " ")), " ")
	var names []string
	for _, p := range places {
		if n, ok := placeNames[p]; ok {
			names = append(names, n)
		}
	}
	return strings.TrimSpace(question + " " + strings.Join(names, " ") + " " + prev)
}

// placeNames spells out the places people name in a few letters.
var placeNames = map[string]string{
	"han quoc": "Hàn Quốc Korea", "han": "Hàn Quốc Korea", "hq": "Hàn Quốc Korea", "korea": "Hàn Quốc Korea",
	"nhat ban": "Nhật Bản Japan", "nhat": "Nhật Bản Japan", "nb": "Nhật Bản Japan", "japan": "Nhật Bản Japan",
	"dai loan": "Đài Loan Taiwan", "dl": "Đài Loan Taiwan", "taiwan": "Đài Loan Taiwan",
	"trung quoc": "Trung Quốc China", "tq": "Trung Quốc China", "china": "Trung Quốc China",
}

// probeRE matches attempts to get at prompts, configuration or secrets,
// on folded text: a prompt or a secret only as the service's own ("your
// system prompt", "API secret"), since "prompt payment of wages" and "the
// broker told me to keep the contract secret" are questions. A password
// is matched apart (passwordRE): people ask about their own ("tôi quên mật
// khẩu tài khoản thi EPS", "I forgot my password"), which is a question,
// not a probe, unless the message also names the service's own
// (ownPasswordRE without servicePasswordRE).
var (
	probeRE           = regexp.MustCompile(`(ignore|disregard|forget) (all |any |your |the |previous |prior |above )*(instruction|rule|prompt)|system prompt|your (prompt|instruction|configuration|config|rules)|api ?key|(your|bot|bot s|api|client|app|webhook|signing|hmac|jwt) secret|secret (key|token)|access token|bot token|environment variable|database url|\bdsn\b|jailbreak|developer mode|bo qua .{0,30}(huong dan|chi dan|lenh|quy tac)|(system|your|initial|hidden|original) prompt|prompt (cua|he thong|injection)|(show|print|reveal|repeat|xem|in ra|tiet lo|cho toi) .{0,20}prompt|khoa api|cau hinh|bien moi truong|lenh he thong|chi dan he thong`)
	passwordRE        = regexp.MustCompile(`password|passcode|mat khau`)
	ownPasswordRE     = regexp.MustCompile(`\b(i|my|me)\b.{0,40}\b(password|passcode)|\b(toi|em|minh|tui|tao|con|chau)\b.{0,30}\b(quen|mat|doi|lay lai|dat lai|nhap sai|bi khoa)\b.{0,10}mat khau|mat khau (tai khoan )?(cua )?(toi|em|minh|tui)\b`)
	servicePasswordRE = regexp.MustCompile(`\b(your|admin|administrator|bot|database|db|server|system|cua ban|cua bot|quan tri|he thong|co so du lieu)\b`)
)

// probe reports whether a question tries to make the assistant reveal its
// prompts, configuration or secrets, or drop its rules.
func probe(question string) bool {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	if probeRE.MatchString(folded) {
		return true
	}
	return passwordRE.MatchString(folded) && (!ownPasswordRE.MatchString(folded) || servicePasswordRE.MatchString(folded))
}
