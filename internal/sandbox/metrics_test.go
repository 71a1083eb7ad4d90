package sandbox_test

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/sandbox"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	f := newFake(t)
	id, err := f.client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: "Bonjour"})
	if err != nil {
		t.Fatal(err)
	}
	f.net.Engagement.Set(id, netfake.Metrics{Likes: 3, Comments: 1, Shares: 2, Impressions: 40})
	got, err := f.client.Metrics(ctx, acmeToken, "acme", id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (sandbox.Metrics{Likes: 3, Comments: 1, Shares: 2, Impressions: 40}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	if _, err := f.client.Metrics(ctx, acmeToken, "acme", "acme_99"); err == nil {
		t.Errorf("metrics of an unknown post: no error")
	}
	if _, err := f.client.Metrics(ctx, "wrong", "acme", id); err == nil {
		t.Errorf("metrics with a wrong token: no error")
	}
}
