package score

import (
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestCheckOutgoing(t *testing.T) {
	acme := relais.Client{ID: "acme", Brands: []string{"Acme"}}
	tests := []struct {
		text string
		want string
	}{
		{"Nouvelle collection en boutique demain, -20% avec le code HIVER sur acme.example/hiver", ""},
		{"Merci à tous pour vos messages, on vous répond dans la journée !", ""},
		{"Ceux qui se plaignent sont des abrutis", "insult"},
		{"Our critics are a bunch of morons", "insult"},
	}
	for _, tt := range tests {
		got := CheckOutgoing(tt.text, acme)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%q: got %q, want a refusal naming %q", tt.text, got, tt.want)
		}
	}
}
