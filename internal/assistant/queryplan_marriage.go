package assistant

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Folded words of a marriage in danger: violence by a spouse, and what a
// wife then asks about.
var (
	spouseRE = regexp.MustCompile(`\b(chong|vo|ck|vk|husband|wife|spouse)\b`)
	// violenceRE: "đánh" typed without marks is also "đánh thuế" (taxed)
	// and "danh sách" (a list), so only its phrases of a blow count.
	violenceRE = regexp.MustCompile(`\b(bi danh|danh (toi|em|tui|minh|vo|chi|con|me|dap)|dap pha|bao luc|bao hanh|hanh hung|hit|hits|hitting|beat|beats|beaten|beating|abuse|abused|abusive|violence|violent)\b`)
	// stayRE: the fear of losing the right to stay abroad.
	stayRE = regexp.MustCompile(`\b(truc xuat|duoi ve|dua ve|bat ve|visa|thi thuc|cu tru|o lai|gia han|f 6|deport|deported|deportation|send me back|sent back|send back|immigration|stay|residence)\b`)
	// prepareRE: getting ready before the next time.
	prepareRE = regexp.MustCompile(`\b(chuan bi|phong khi|phong truoc|de phong|ke hoach an toan|prepare|prepared|ahead|safety plan|in case)\b`)
)

// stayAfterViolence is a wife beaten in Korea who fears being sent home:
// "my korean husband hit me many times and i left the house, now im
// scared immigration send me back to vietnam" got the safety steps alone;
// the F-6-3 status answers her. Its rule is Korea's, so it needs Korea
// named.
var stayAfterViolence = situation{
	told: stayRE,
	vi:   "khi hôn nhân đổ vỡ vì lỗi của chồng, ví dụ bạo lực gia đình, người vợ nước ngoài không mất quyền ở lại Hàn Quốc (F-6-3)",
	en:   "a foreign wife whose marriage broke down through her husband's fault, such as domestic violence, keeps the right to stay in Korea (F-6-3)",
}

// safetyPlan is getting ready before the next time: "ck tui hễ say là đập
// phá, tui sợ lúc nguy hiểm ko gọi được ai, giờ nên chuẩn bị trước cái
// gì" got the safety steps alone.
var safetyPlan = situation{
	told: prepareRE,
	vi:   "giữ an toàn và giữ bằng chứng: lưu sẵn số điện thoại khẩn cấp, hẹn với gia đình một từ ám hiệu",
	en:   "keeping safe and keeping evidence: save the emergency numbers, agree a code word with your family",
}

// marriageSituationSearch is what to add to the searched text of a
// message that tells of violence by a spouse and asks about staying
// abroad (korea: the message names Korea; stayAfterViolence) or about
// preparing for the next time (safetyPlan): that situation's document
// words, in the message's language; "" for any other message.
func marriageSituationSearch(question string, korea bool) string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	folded = strings.ReplaceAll(folded, "danh thue", "thue") // taxed, not beaten
	if !violenceRE.MatchString(folded) || !spouseRE.MatchString(folded) {
		return ""
	}
	sit := safetyPlan
	if korea && stayAfterViolence.told.MatchString(folded) {
		sit = stayAfterViolence
	} else if !safetyPlan.told.MatchString(folded) {
		return ""
	}
	if vitext.DetectLang(question) == vitext.English {
		return sit.en
	}
	return sit.vi
}
