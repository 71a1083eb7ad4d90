package tid

import (
	"testing"
	"time"
)

func TestEncode(t *testing.T) {
	at := time.Date(2023, 5, 1, 12, 0, 0, 0, time.UTC).UnixMicro()
	for _, c := range []struct {
		name   string
		micros int64
		clock  uint16
		want   string
	}{
		{"zero", 0, 0, "2222222222222"},
		{"a clock id", 0, 1, "2222222222223"},
		{"only its low 10 bits", 0, 1024 + 1, "2222222222223"},
	} {
		if got := Encode(c.micros, c.clock); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
	a, b := Encode(at, 0), Encode(at+1, 0)
	if !(a < b) || !Valid(a) || !Valid(b) {
		t.Errorf("%s then %s: want valid and sorting by time", a, b)
	}
}

func TestValid(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"3jzfcijpj2z2a", true},
		{"2222222222222", true},
		{"p20261122224418886d2173", false},
		{"3jzfcijpj2z2", false},
		{"kjzfcijpj2z2a", false}, // the top bit set
		{"3jzfcijpj2z21", false}, // 1 is not base32-sortable
		{"3JZFCIJPJ2Z2A", false},
	} {
		if got := Valid(c.s); got != c.want {
			t.Errorf("Valid(%q): got %v, want %v", c.s, got, c.want)
		}
	}
}
