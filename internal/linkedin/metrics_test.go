package linkedin

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	urn, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", relais.Content{Text: "Nous recrutons"})
	if err != nil {
		t.Fatal(err)
	}
	s.fake.Engagement.Set(urn, netfake.Metrics{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100})
	for _, account := range []string{acmeOrg, acmeURN} {
		got, err := s.client.Metrics(ctx, acmeToken, account, urn)
		if err != nil {
			t.Fatal(err)
		}
		if want := (relais.Engagement{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100}); got != want {
			t.Errorf("metrics as %s: got %+v, want %+v", account, got, want)
		}
	}
	tests := []struct {
		name, token, account, urn string
	}{
		{"another page's token", globexToken, acmeOrg, urn},
		{"an unknown post", acmeToken, acmeOrg, "urn:li:share:1"},
		{"an account that is no organization", acmeToken, "someone", urn},
	}
	for _, tt := range tests {
		_, err := s.client.Metrics(ctx, tt.token, tt.account, tt.urn)
		if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
			t.Errorf("%s: got %v (%s), want a permanent failure", tt.name, err, f)
		}
	}
}
