package safety

// countryName is one way of naming a country: its name, a demonym, a city.
type countryName struct {
	code   string
	phrase phrase
}

// Country is the ISO 3166-1 alpha-2 code of the place a message names
// where the person is, or "". A country other than Vietnam wins over
// Vietnam ("I am in Korea and want to go back to Vietnam" is KR); between
// two others, the first named.
func (l *Lexicon) Country(question string) string {
	return l.country(typedTokens(question))
}

func (l *Lexicon) country(tokens typed) string {
	best, bestAt := "", len(tokens.words)+1
	found := tokens.findAll(l.countryPhrases, l.countryIndex)
	for i, c := range l.countries {
		at := found[i].start
		if at < 0 {
			continue
		}
		switch {
		case best == "", best == "VN" && c.code != "VN", c.code != "VN" && at < bestAt:
			best, bestAt = c.code, at
		}
	}
	return best
}
