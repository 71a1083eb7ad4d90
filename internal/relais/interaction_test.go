package relais

import "testing"

func TestByAccount(t *testing.T) {
	tests := []struct {
		name string
		in   Interaction
		want bool
	}{
		{"a fan's comment", Interaction{Network: Facebook, AccountID: "104", Author: Author{ID: "7"}}, false},
		{"the page's answer", Interaction{Network: Facebook, AccountID: "104", Author: Author{ID: "104"}}, true},
		{"a LinkedIn page known by number, writing as its URN", Interaction{Network: LinkedIn, AccountID: "2414183", Author: Author{ID: "urn:li:organization:2414183"}}, true},
		{"no author", Interaction{Network: TikTok, AccountID: "open-1"}, false},
	}
	for _, tt := range tests {
		if got := tt.in.ByAccount(); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
