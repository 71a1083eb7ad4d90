package pinterest

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestMetrics reads a Pin's analytics: reactions as likes, comments,
// saves as shares, impressions.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	s := newStack(t)
	id, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", relais.Content{Text: "Recette", ImageURL: host.at("/photo.png")})
	if err != nil {
		t.Fatal(err)
	}
	s.fake.Engagement.Set(id, netfake.Metrics{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100})
	got, err := s.client.Metrics(ctx, acmeToken, acmeBoard, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (relais.Engagement{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	tests := []struct {
		name, token, account, pin string
		wantStatus                int
	}{
		{"another person's token", globexToken, acmeBoard, id, 403},
		{"an unknown pin", acmeToken, acmeBoard, "1", 404},
		{"an account that is no board", acmeToken, "acme", id, 0},
	}
	for _, tt := range tests {
		_, err := s.client.Metrics(ctx, tt.token, tt.account, tt.pin)
		if e := mustError(t, err); e.Kind != relais.FailPermanent || e.Status != tt.wantStatus {
			t.Errorf("%s: got %s %d, want permanent %d (%v)", tt.name, e.Kind, e.Status, tt.wantStatus, err)
		}
	}
}
