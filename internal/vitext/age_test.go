package vitext

import (
	"strings"
	"testing"
)

// TestStatesMinorAge: the ages a message states, in the forms people and
// 1088 counsellors write them, and the numbers that are no age.
func TestStatesMinorAge(t *testing.T) {
	for q, want := range map[string]bool{
		"con gái tôi 16 tuổi":                                true,
		"my daughter is 15":                                  true,
		"she's 17 and wants to go":                           true,
		"Caller's niece, 16, was promised a job in Malaysia": true,
		"my son 17 wants to work in Japan":                   true,
		"my daughter 19 wants to marry a Chinese man":        false,
		"my son 2 years ago went to Korea":                   false,
		"the fee is 15 million":                              false,
		"em 25 tuổi muốn đi Nhật":                            false,
	} {
		if got := StatesMinorAge(strings.Join(FoldedTokens(q), " ")); got != want {
			t.Errorf("StatesMinorAge(%q) = %v, want %v", q, got, want)
		}
	}
}
