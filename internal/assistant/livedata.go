package assistant

import (
	"regexp"
	"strings"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// ReasonLiveData marks a question for figures that change by the day —
// prices, exchange rates, the weather, lottery results, power cuts —
// which no document of the knowledge base holds: a hand-off, never an
// answer from a document that happens to share a word ("Cần Thơ hôm nay"
// is a section of a 2012 plan, not today's gold price).
const ReasonLiveData = "live_data"

var (
	// liveDataRE matches the folded words of such a question. The
	// weather counts only for a day ("thời tiết ngày mai", "tomorrow's
	// weather"): the climate and the seasons are in the tourism guide.
	// Air fares and flight schedules too ("vé máy bay Cần Thơ đi Seoul
	// tháng sau giá bao nhiêu, hãng nào bay thẳng" was answered with the
	// opening of the Cần Thơ bridge). A ticket price counts only for a
	// flight: a sight's ticket is in the landmarks document, with the
	// advice to confirm it there (seventh audit).
	liveDataRE = regexp.MustCompile(`\b(gia (vang|xang|dau|usd|do|do la|dola|bac|lua|gao|heo|ca phe|sau rieng|nha dat|dat) (hom nay|bay gio|hien nay|tuan nay|thang nay|sjc|9999|mot luong|bao nhieu|the nao|ra sao)|ty gia|ti gia|thoi tiet( \w+){0,3} (hom nay|ngay mai|tuan nay|bay gio|hien tai)|du bao thoi tiet|troi (co )?mua khong|nhiet do (hom nay|ngay mai)|xo so|ket qua xo so|lich cup dien|lich cat dien|lich mat dien|gold price|price of gold|petrol price|gas price|fuel price|exchange rate|stock price|weather( \w+){0,3} (today|tomorrow|this week|now|right now|forecast)|forecast|lottery|power cut|power outage|gia ve may bay|ve may bay .{0,40}gia (bao nhieu|the nao|ra sao)|hang nao bay thang|flight prices?|airfares?|(air|flight|plane|airline) tickets? prices?|tickets? prices? .{0,40}\b(fly|flights?|airlines?|airport)|price of (a|the) (flight|plane ticket|air ticket)|which airlines? fl(y|ies) direct)\b|\b(today|tomorrow|this week)\W*s? weather\b`)
	// aboutServiceRE: a question about what the service can do ("bot có
	// xem được tỷ giá không") is answered from the assistant's own
	// document, which says it has no live figures.
	aboutServiceRE = regexp.MustCompile(`\b(bot|tro ly|assistant|you|ban co the|ban xem|ad)\b`)
)

// liveData reports whether expanded (a question, shorthand spelled out)
// asks for a figure that changes by the day.
func liveData(expanded string) bool {
	folded := strings.Join(vitext.FoldedTokens(expanded), " ")
	return liveDataRE.MatchString(folded) && !aboutServiceRE.MatchString(folded)
}
