package vitext

import "regexp"

// DeathRE matches a death told, in folded text (FoldedTokens joined by
// spaces): the words for dying, and "mất" after an accident or an illness
// ("bị tai nạn mất rồi", "đột quỵ mất ở bên đó"), for "mất" alone is also
// losing a thing ("mất hộ chiếu"). The query plan searches for what a
// dead worker's family does, and the next step speaks to that family.
var DeathRE = regexp.MustCompile(`\b(chet|qua doi|tu vong|thiet mang|mat mang|da mat|thi hai|tro cot|hai cot|died|dies|dead|passed away|killed|death|body home)\b|` +
	`\b(tai nan|dot quy|dau tim|benh)( [a-z]+){0,6} (mat|da mat|vua mat) (roi|luon|tai cho|ngay|o ben do|ben do)\b`)
