package vitext

import (
	"regexp"
	"strconv"
)

var (
	// An age a message states, on folded words: "16 tuổi", "16t", "16
	// years old", "16yo", "aged 16", "she is 16", "she's 16", and a
	// relative's age after the word, as a 1088 counsellor writes it
	// ("Caller's niece, 16, was promised a job in Malaysia"). Group 1 or
	// 4 is the number.
	statedAgeRE = regexp.MustCompile(`\b(\d{1,2}) ?(tuoi|t|year old|years old|yo)\b|\b(aged|age|is|am|im|only|she s|he s|niece|nephew|daughter|son|sister|brother|cousin|granddaughter|grandson|girl|boy) (\d{1,2})\b`)
	// ageUnitRE is a word after a number that makes it an amount or a
	// length of time, not an age: "the fee is 15 million".
	ageUnitRE = regexp.MustCompile(`^ ?(trieu|tr|nghin|ngan|k|usd|do|dong|thang|ngay|nam|tuan|gio|million|millions|thousand|dollars|months?|days?|years?|weeks?|hours?|percent)\b`)
	// childRE names a child without an age: "trẻ em", "vị thành niên",
	// "bé gái", "underage".
	childRE = regexp.MustCompile(`\b(tre em|tre vi thanh nien|vi thanh nien|chua thanh nien|chua du tuoi|chua du 18|be gai|be trai|underage|under 18|under age)\b`)
)

// StatesMinorAge reports whether folded text (FoldedTokens joined by
// spaces) states an age under 18, and over 9: a "5t" is more often a
// quantity than a person's age.
func StatesMinorAge(folded string) bool {
	for _, m := range statedAgeRE.FindAllStringSubmatchIndex(folded, -1) {
		n := ""
		if m[2] >= 0 {
			n = folded[m[2]:m[3]]
		} else if ageUnitRE.MatchString(folded[m[1]:]) {
			continue // "is 15 million": an amount
		} else {
			n = folded[m[8]:m[9]]
		}
		if age, err := strconv.Atoi(n); err == nil && age >= 10 && age < 18 {
			return true
		}
	}
	return false
}

// NamesMinor reports whether folded text speaks of someone under 18: an
// age it states (StatesMinorAge) or a word for a child ("trẻ em", "vị
// thành niên", "underage").
func NamesMinor(folded string) bool {
	return StatesMinorAge(folded) || childRE.MatchString(folded)
}
