package mastodon

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	id, err := f.client.Publish(ctx, testToken, testAccount, "k1", relais.Content{Text: "Bonjour le fédiverse"})
	if err != nil {
		t.Fatal(err)
	}
	f.fake.Engagement.Set(id, netfake.Metrics{Likes: 9, Comments: 2, Shares: 5, Impressions: 999})
	got, err := f.client.Metrics(ctx, testToken, testAccount, id)
	if err != nil {
		t.Fatal(err)
	}
	// Mastodon counts no impressions.
	if want := (relais.Engagement{Likes: 9, Comments: 2, Shares: 5}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	_, err = f.client.Metrics(ctx, testToken, testAccount, "12345")
	if e := mustFailure(t, err); e.Kind != relais.FailPermanent {
		t.Errorf("metrics of an unknown status: got %s, want permanent", e.Kind)
	}
}
