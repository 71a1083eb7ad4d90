package dynamo_test

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// The store refuses a branding the domain refuses, whoever writes it.
func TestBrandingIsValidatedWhenStored(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	tests := []struct {
		name  string
		brand relais.Branding
		want  string
	}{
		{"colour breaking out of the style sheet", relais.Branding{Color: "red}</style><script>alert(1)</script>"}, relais.EINVALID},
		{"colour that is a word", relais.Branding{Color: "blue"}, relais.EINVALID},
		{"logo that loads a URL", relais.Branding{Logo: "https://evil.example/x.png"}, relais.EINVALID},
		{"logo breaking out of its attribute", relais.Branding{Logo: `data:image/png;base64,AA" onerror="alert(1)`}, relais.EINVALID},
		{"valid colour", relais.Branding{Color: "#008060"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "set branding", s.SetBranding(ctx, "acme", tt.brand), tt.want)
		})
	}
	c, err := s.Client(ctx, "acme")
	mustOK(t, err)
	if got, want := c.Branding, (relais.Branding{Color: "#008060"}); got != want {
		t.Errorf("stored branding: got %+v, want %+v", got, want)
	}
}
