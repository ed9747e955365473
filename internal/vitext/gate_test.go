package vitext

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func TestGate(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
		err            error
	}{
		{"plain Vietnamese", "Phí dịch vụ tối đa?", "Phí dịch vụ tối đa?", nil},
		{"newline and tab kept", "dòng 1\n\tdòng 2", "dòng 1\n\tdòng 2", nil},
		{"NUL refused", "visa\x00exemption", "", ErrNUL},
		{"NUL alone", "\x00", "", ErrNUL},
		{"invalid UTF-8 refused", "ph\xedi", "", ErrInvalidUTF8},
		{"lone surrogate bytes refused", "a\xed\xa0\x80b", "", ErrInvalidUTF8},
		{"escape and bell removed", "vi\x1b[31msa\x07", "vi[31msa", nil},
		{"DEL and C1 removed", "vi\x7fsa\u0085\u009b", "visa", nil},
		{"CR VT FF separate words", "visa\rexemption\vcard\fnow", "visa exemption card now", nil},
		{"format characters are not controls", "a\u200bb", "a\u200bb", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Gate(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("Gate(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func FuzzGate(f *testing.F) {
	for _, s := range []string{"", "visa", "a\x00b", "\xff", "x\x1by\r\n", "Cần Thơ\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Gate(s)
		if err != nil {
			if got != "" {
				t.Fatalf("Gate(%q) returned text with an error", s)
			}
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Gate(%q) = %q: invalid UTF-8", s, got)
		}
		for _, r := range got {
			if isControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("Gate(%q) = %q keeps control %U", s, got, r)
			}
		}
		if again, err := Gate(got); err != nil || again != got {
			t.Fatalf("Gate is not idempotent on %q: %q, %v", got, again, err)
		}
	})
}
