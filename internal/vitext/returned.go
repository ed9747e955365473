package vitext

import "regexp"

// ReturnedRE matches, in folded text (FoldedTokens joined by spaces), a
// worker already back from abroad: "về nước được 2 tháng", "đi Nhật về
// được 2 tháng", "về nước trước hạn", "bị về sớm", "came back from
// Korea". For them "ask before you sign or pay" comes too late (the
// answer's next step), and a question for work at home asks for the help
// a returned worker gets (the query plan).
var ReturnedRE = regexp.MustCompile(`\b(ve (duoc|dc) (\d+|mot|hai|ba|may|vai) (ngay|tuan|thang|nam)|ve nuoc truoc han|ve truoc han|ve nuoc (duoc|dc)|da ve (nuoc|viet nam|vn)|vua ve (nuoc|viet nam|vn)|moi ve (nuoc|viet nam|vn)|bi (cho )?ve (nuoc )?som|bi ve nuoc truoc han|came back|come back from|back from|returned (home|to vietnam|early|from)|have returned|since i returned|after returning)\b`)
