package relais

import (
	"strings"
	"testing"
)

func TestCheckReply(t *testing.T) {
	tests := []struct {
		name string
		in   Interaction
		text string
		want string // error code, "" for none
	}{
		{name: "comment", in: Interaction{Network: X, ID: "1"}, text: "Merci !"},
		{name: "private message", in: Interaction{Network: X, ID: "1", Kind: KindMessage, Private: true}, text: "Merci !", want: EINVALID},
		{name: "blank", in: Interaction{Network: X, ID: "1"}, text: " \n", want: EINVALID},
		{name: "at the limit", in: Interaction{Network: X, ID: "1"}, text: strings.Repeat("é", 280)},
		{name: "over the limit", in: Interaction{Network: X, ID: "1"}, text: strings.Repeat("é", 281), want: EINVALID},
		// Instagram posts need an image; its replies do not.
		{name: "instagram", in: Interaction{Network: Instagram, ID: "1"}, text: "Merci !"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(CheckReply(tt.in, tt.text)); got != tt.want {
				t.Errorf("code: got %q, want %q", got, tt.want)
			}
		})
	}
}
