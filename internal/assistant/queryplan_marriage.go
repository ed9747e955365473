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
	// Thrown out of the house counts: "chị tôi lấy chồng Hàn, giờ bị đuổi
	// ra khỏi nhà, visa F6 sắp hết hạn" (eleventh audit) got the steps
	// and no document.
	violenceRE = regexp.MustCompile(`\b(bi danh|(chong|ck|vo|vk) (danh|dap)|danh (toi|em|tui|minh|vo|chi|con|me|dap)|dap pha|bao luc|bao hanh|hanh hung|hit|hits|hitting|beat|beats|beaten|beating|abuse|abused|abusive|violence|violent|duoi ([a-z]+ )?ra khoi nha|duoi ra duong|kicked (me|her) out|threw (me|her) out)\b`)
	// stayRE: the fear of losing the right to stay abroad.
	// A visa named is not that fear: "đang visa F-6-1 … muốn ly hôn thì
	// làm ở bên Hàn hay về Việt Nam" asks where to divorce.
	// "If I divorce, I must go back Vietnam?" (eighth audit) is that fear too.
	// So is a visa running out.
	stayRE = regexp.MustCompile(`\b(truc xuat|duoi ve|dua ve|bat ve|mat visa|mat thi thuc|(visa|thi thuc)( [a-z0-9]+){0,2} het han|visa (expires|expiring|runs out|ends)|o lai|phai ve (nuoc|vn|viet nam)|deport|deported|deportation|send me back|sent back|send back|go back|must go back|have to go back|leave korea|immigration|stay|(lose|losing) (my |her |the )?visa)\b`)
	// prepareRE: getting ready before the next time.
	prepareRE = regexp.MustCompile(`\b(chuan bi|phong khi|phong truoc|de phong|ke hoach an toan|bang chung|prepare|prepared|ahead|safety plan|in case|evidence)\b`)
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

// divorceWhere is a question of where to divorce, abroad or in Vietnam
// (Law 52/2014/QH13 Art 127): "Em muốn ly hôn thì làm ở bên Hàn hay phải
// về Việt Nam làm?" got the F-6 visa's kinds (sixth audit).
var divorceWhere = situation{
	// "tôi ở Cần Thơ thì ly hôn ở đâu" (eleventh audit, got the 1088
	// line): the place asked right after.
	told: regexp.MustCompile(`\b(muon ly hon|ly hon thi|ly hon o|to divorce|get a divorce|get divorced|file for divorce)\b.{0,60}\b(o dau|hay|where|which country|or)\b|\bly hon (o|tai) (dau|nuoc nao)\b|\bwhere (do|can|should|to) (i |we )?(file for |get a |apply for )?divorce\b`),
	vi:   "khi người Việt Nam không thường trú ở Việt Nam, việc ly hôn theo pháp luật của nước nơi vợ chồng thường trú chung",
	en:   "when the Vietnamese spouse does not permanently reside in Vietnam, the divorce follows the law of the country where the couple have their common permanent residence",
}

// brokeringForPay is a matchmaker, or someone asked to be one, asking
// whether taking money for it is punished: "toi lam mai moi cho may co
// lay chong han lay tien cam on thi co bi phat ko" got the labour
// brokers' sanctions and the lost passport (seventh audit).
var brokeringForPay = situation{
	told: regexp.MustCompile(`\b(mai moi|lam mai|ba moi|moi gioi ket hon|moi gioi hon nhan|matchmaker|matchmaking|marriage broker|broker marriages|brokering marriages)\b.{0,80}\b(tien|phat|trai phap luat|co sao|co toi|money|fee|paid|fine|fined|illegal|legal|punish)`),
	vi:   "môi giới kết hôn nhằm trục lợi là trái pháp luật; hậu quả pháp lý đối với người môi giới",
	en:   "brokering marriages for profit is against the law; legal consequences for brokers",
}

// controlledBySpouse is a wife kept from calling, going out or leaving by
// her husband: "chồng Hàn không cho em gọi về nhà, em sợ lắm" got the F-6
// visa's conditions under the steps (tenth audit); the guide to violence
// in a marriage abroad says whom she can call.
var controlledBySpouse = situation{
	told: regexp.MustCompile(`\b(khong|ko|k|hong|hok) (cho|duoc) (em|e|toi|tui|t|minh|chi|vo|co ay|no)? ?(goi|lien lac|ra ngoai|ra khoi nha|di dau|di ra|ve nha|ve que|ve viet nam|ve vn|dung dien thoai|gap ai|noi chuyen)|` +
		`\b(won ?t|wont|will not|doesn ?t|does not|don ?t|do not) (let|allow) me (to )?(call|phone|go out|leave|contact|talk|see|use)|\bnot allowed to (call|phone|go out|leave|contact|talk|see|use)|\b(took|takes|take|keeps|kept) my phone\b`),
	vi: "bị chồng hoặc người nhà bạo hành ở nước ngoài: gọi cảnh sát nước sở tại, đường dây nóng bảo hộ công dân, giữ an toàn và giữ bằng chứng",
	en: "violence from a husband or family member abroad: call the local police, the citizen protection hotline, keep safe and keep evidence",
}

// soldRE (folded): a question of being sold, which the trafficking
// documents answer ("… nhà chồng … lấy hộ chiếu, không cho ra khỏi nhà.
// Như vậy có phải bị mua bán không?").
var soldRE = regexp.MustCompile(`\b(mua ban|bi ban|ban sang|ban qua|trafficking|trafficked|sold|sells|selling)\b`)

// divorceRE (folded): a divorce named.
var divorceRE = regexp.MustCompile(`\b(ly hon|bo chong|divorce|divorced|divorcing)\b`)

// custody is a mother asking who keeps a child after a divorce, or how to
// bring the child home: "muốn ly hôn và đưa con 2 tuổi về VN… thủ tục
// cho con về thế nào?" got Taiwan's naturalisation (eighth audit); a
// child under 36 months is given to the mother (Law 52/2014/QH13 Art 81
// cl. 3).
var custody = situation{
	told: regexp.MustCompile(`\b(nuoi con|quyen nuoi|giu con|gianh con|dua con|mang con|cho con ve|con ve|custody|(keep|keeps|gets|raises) (my |the )?(child|children|baby|kids?|son|daughter)|bring (my |the )?(child|children|baby|kids?|son|daughter)|take (my |the )?(child|children|baby|kids?|son|daughter))\b`),
	vi:   "ai nuôi con sau ly hôn: con dưới 36 tháng tuổi được giao cho mẹ trực tiếp nuôi; Tòa án quyết định theo quyền lợi của con",
	en:   "who raises the children after a divorce: a child under 36 months is given to the mother to raise; the court decides in the child's interests",
}

// registerInVietnam is a couple registering their marriage in Vietnam
// and asking for the papers: "Chồng sắp cưới của em người Trung Quốc …
// Đăng ký kết hôn ở Cần Thơ cần giấy gì của bên đó?" got how marriages
// are registered in China (eighth audit): the partner's nationality names
// a person, the place is Vietnam.
var registerInVietnam = situation{
	told: regexp.MustCompile(`\b(dang ky ket hon|dkkh|register (our |the |my )?marriage|marry|get married) (o|tai|in|at) (can tho|viet nam|vn|vietnam)\b.{0,60}\b(giay|ho so|papers?|documents?|need|can gi)`),
	vi:   "hồ sơ đăng ký kết hôn với người nước ngoài tại Việt Nam: giấy tờ thường phải chuẩn bị",
	en:   "papers for registering a marriage with a foreigner in Vietnam: the papers usually needed",
}

// soldAfterMarriage is a bride sold or resold by the husband's family:
// "Caller says her daughter married a Chinese man through a broker and
// now the husband's family sells her to another man" got the conditions
// for a marriage (eleventh audit); the guide to a relative sold abroad
// after a "marriage" says what the family does.
var soldAfterMarriage = situation{
	told: soldRE,
	vi:   "người thân bị bán ở nước ngoài sau một cuộc hôn nhân: gia đình ở Việt Nam cần làm gì ngay",
	en:   "a relative sold abroad after a marriage: what the family in Vietnam does at once",
}

// paidToMarry is money paid or promised to a woman's family for a
// marriage: "my daughter 19 wants to marry a Chinese man she met on tiktok
// 2 weeks ago, he will pay her family 100 million" got the conditions for
// a marriage (eleventh audit); the trafficking guide names it a warning
// sign. (The glossary leads "hứa đưa tiền" to the same words.)
var paidToMarry = situation{
	told: regexp.MustCompile(`\b(pay|pays|paid|give|gives|gave|promise|promises|promised)( to pay| to give)? (her |my |his |the |our |their )?(family|parents)\b|\b(dua|cho|tra)( cho)? (gia dinh|nha|bo me|ba me|cha me)( [a-z]+){0,2} \d+ ?(trieu|tr|do|usd)\b`),
	vi:   "dấu hiệu mua bán người núp bóng hôn nhân: gia đình bạn được trả tiền hoặc được hứa trả tiền khi bạn đồng ý kết hôn",
	en:   "warning signs of trafficking disguised as marriage: your family is paid, or promised money, when you agree to marry",
}

// registrationFee is a fee asked to register a marriage: "My
// mother-in-law in Can Tho says I must pay 3 million to the commune to
// register my marriage. Is that right?" got the ban on brokering
// marriages for profit (eleventh audit); the papers guide says the fee
// is the commune's to confirm and no broker need be paid.
var registrationFee = situation{
	told: either(
		`le phi|phi|tien|trieu|fee|fees|pay|paid|charge|charges|cost|costs|million`,
		`dang ky ket hon|dkkh|register (my |our |the |a )?marriage|marriage registration|registering (my |our |the |a )?marriage`,
		60),
	vi: "lệ phí và thời gian giải quyết đăng ký kết hôn: xác nhận với UBND cấp xã; không cần trả tiền cho người môi giới để đăng ký kết hôn",
	en: "fees and processing times for registering a marriage: confirm the current fee with your commune People's Committee; you do not need to pay a broker to register a marriage",
}

// viaMatchmaker is a marriage arranged through a matchmaker or broker:
// "co nen cho con gai 18 tuoi lay chong dai loan qua mai moi khong" got
// Taiwan's interview and family customs (eleventh audit); brokering a
// marriage with a foreigner for profit is against the law, and the
// trafficking guide gives the warning signs.
var viaMatchmaker = situation{
	told: regexp.MustCompile(`\b(qua|nho|thong qua|through|via|using|use) (a |the )?(mai moi|moi gioi|ba moi|co moi|ong moi|cong ty mai moi|matchmaker|matchmaking agency|marriage broker|marriage agency|broker)\b`),
	vi:   "môi giới kết hôn nhằm trục lợi là trái pháp luật; dấu hiệu mua bán người núp bóng hôn nhân",
	en:   "brokering marriages for profit is against the law; warning signs of trafficking disguised as marriage",
}

// marriageSituationSearch is what to add to the searched text of a
// message that asks where to divorce (divorceWhere), whether brokering a
// marriage for money is punished (brokeringForPay), or tells of violence
// by a spouse and asks about staying abroad (korea: the message names
// Korea; stayAfterViolence) or about preparing for the next time
// (safetyPlan), or tells of a spouse who keeps the wife from calling or
// leaving (controlledBySpouse), of a bride sold (soldAfterMarriage) or
// of money paid to her family (paidToMarry), or asks of the fee to
// register a marriage (registrationFee) or of a marriage arranged by a
// matchmaker (viaMatchmaker): that situation's document words, in the
// message's language; "" for any other message.
func marriageSituationSearch(question string, korea bool) string {
	folded := strings.Join(vitext.FoldedTokens(question), " ")
	folded = strings.ReplaceAll(folded, "danh thue", "thue") // taxed, not beaten
	beaten := violenceRE.MatchString(folded) && spouseRE.MatchString(folded)
	var sit situation
	switch {
	case divorceWhere.told.MatchString(folded):
		sit = divorceWhere
	case brokeringForPay.told.MatchString(folded):
		sit = brokeringForPay
	case registerInVietnam.told.MatchString(folded):
		sit = registerInVietnam
	case (beaten || divorceRE.MatchString(folded)) && korea && stayAfterViolence.told.MatchString(folded):
		// A divorce feared for the visa too: "Caller's sister married a
		// Korean man and wants to divorce but fears losing her visa"
		// got the F-6's conditions for the husband (eleventh audit).
		sit = stayAfterViolence
	case (beaten || divorceRE.MatchString(folded)) && custody.told.MatchString(folded):
		sit = custody
	case beaten && safetyPlan.told.MatchString(folded):
		sit = safetyPlan
	case spouseRE.MatchString(folded) && controlledBySpouse.told.MatchString(folded) && !papersRE.MatchString(folded) && !soldRE.MatchString(folded):
		sit = controlledBySpouse
	case (marryWordRE.MatchString(folded) || spouseRE.MatchString(folded)) && soldAfterMarriage.told.MatchString(folded):
		sit = soldAfterMarriage
	case marryWordRE.MatchString(folded) && paidToMarry.told.MatchString(folded):
		sit = paidToMarry
	case registrationFee.told.MatchString(folded):
		sit = registrationFee
	case marryWordRE.MatchString(folded) && viaMatchmaker.told.MatchString(folded):
		sit = viaMatchmaker
	default:
		return ""
	}
	return sit.in(question)
}
