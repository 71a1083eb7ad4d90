package x

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	id, err := s.client.Publish(ctx, acmeToken, acmeID, "k", relais.Content{Text: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	s.fake.Engagement.Set(id, netfake.Metrics{Likes: 12, Comments: 3, Shares: 4, Impressions: 900})
	got, err := s.client.Metrics(ctx, acmeToken, acmeID, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (relais.Engagement{Likes: 12, Comments: 3, Shares: 4, Impressions: 900}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	_, err = s.client.Metrics(ctx, acmeToken, acmeID, "999999")
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
		t.Errorf("metrics of an unknown post: got %v (%s), want a permanent failure", err, f)
	}
	_, err = s.client.Metrics(ctx, "nope", acmeID, id)
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
		t.Errorf("metrics with a bad token: got %v (%s), want a permanent failure", err, f)
	}
}
