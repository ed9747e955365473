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

// A question asking whether one may do something is answered by the
// sentence that says one may (or may not) do it, not by a rule that only
// names the same words: "có được tự ý chấm dứt hợp đồng không" got the
// company's duty to settle the contract after the worker ends it.
func TestPermissionEchoed(t *testing.T) {
	read := func(s string) []string { return readText("", s).sentences[0].permits }
	right := read("Người lao động được đơn phương chấm dứt hợp đồng khi bị người sử dụng lao động ngược đãi hoặc cưỡng bức lao động (Luật 69/2020/QH14, Điều 6 khoản 1 điểm đ).")
	neighbour := read("Doanh nghiệp dịch vụ phải thanh lý hợp đồng với người lao động trong thời hạn 180 ngày kể từ ngày người lao động chấm dứt hợp đồng lao động.")
	vi := intentOf("chủ bắt làm không cho nghỉ, tôi có được tự ý chấm dứt hợp đồng không")
	if !vi.echoes(right) || vi.echoes(neighbour) {
		t.Errorf("vi asks %q: echoes the right %v (want true), the neighbour %v (want false)", vi.permits, vi.echoes(right), vi.echoes(neighbour))
	}
	en := intentOf("my boss forces me to work without rest, can I end my contract myself?")
	enRight := read("Workers may end the contract on their own if the employer abuses them (Law 69/2020/QH14, Art 6 cl. 1(đ)).")
	enNeighbour := read("Korea lets a committed EPS worker re-enter after 3 months when the worker completed 4 years 10 months and the employer asks for re-employment.")
	if !en.echoes(enRight) || en.echoes(enNeighbour) {
		t.Errorf("en asks %q: echoes the right %v (want true), the neighbour %v (want false)", en.permits, en.echoes(enRight), en.echoes(enNeighbour))
	}
	if none := intentOf("Phí dịch vụ đi Nhật tối đa bao nhiêu?"); none.permits != nil || none.echoes(right) {
		t.Errorf("a question asking no permission reads one: %q", none.permits)
	}
}
