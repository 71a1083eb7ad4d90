package bluesky

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	uri, err := s.client.Publish(ctx, password, handle, postKey, relais.Content{Text: "Bonjour Bluesky"})
	if err != nil {
		t.Fatal(err)
	}
	s.pds.Engagement.Set(uri, netfake.Metrics{Likes: 14, Comments: 3, Shares: 2, Impressions: 500})
	got, err := s.client.Metrics(ctx, password, handle, uri)
	if err != nil {
		t.Fatal(err)
	}
	// Bluesky counts no impressions.
	if want := (relais.Engagement{Likes: 14, Comments: 3, Shares: 2}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	_, err = s.client.Metrics(ctx, password, handle, "at://"+s.did+"/app.bsky.feed.post/nope")
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
		t.Errorf("metrics of an unknown post: got %v (%s), want a permanent failure", err, f)
	}
}
