package answer

import "testing"

// The service-fee cap for ship crews answers a question about ships only.
func TestCrewRuleOnlyForCrews(t *testing.T) {
	crew := readText("", "Với sĩ quan và thuyền viên làm việc trên tàu vận tải biển, tiền dịch vụ không được quá 1,5 tháng tiền lương cho mỗi 12 tháng làm việc.").sentences[0].crewRule
	if !intentOf("Đi Đài Loan làm nhà máy thì tiền dịch vụ tối đa bao nhiêu?").otherGroup(crew) {
		t.Error("a factory worker's question got the crew rule")
	}
	if intentOf("Thuyền viên tàu vận tải biển thì tiền dịch vụ tối đa bao nhiêu?").otherGroup(crew) {
		t.Error("a crew member's question lost the crew rule")
	}
}
