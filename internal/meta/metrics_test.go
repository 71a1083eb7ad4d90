package meta

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	fbPost, err := s.fb.Publish(ctx, pageToken, pageID, "", relais.Content{Text: "Bonjour"})
	if err != nil {
		t.Fatal(err)
	}
	media, err := s.ig.Publish(ctx, igToken, igID, "", relais.Content{Text: "Photo", ImageURL: "https://example.com/a.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	want := relais.Engagement{Likes: 40, Comments: 6, Shares: 3, Impressions: 1200}
	noShares := relais.Engagement{Likes: 7, Comments: 1, Impressions: 90}
	s.fake.Engagement.Set(fbPost, netfake.Metrics{Likes: 40, Comments: 6, Shares: 3, Impressions: 1200})
	s.fake.Engagement.Set(media, netfake.Metrics{Likes: 7, Comments: 1, Impressions: 90})
	tests := []struct {
		name string
		net  relais.NetworkMetrics
		tok  string
		id   string
		want relais.Engagement
	}{
		{"facebook post", s.fb, pageToken, fbPost, want},
		{"instagram media", s.ig, igToken, media, noShares},
	}
	for _, tt := range tests {
		got, err := tt.net.Metrics(ctx, tt.tok, "", tt.id)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
	_, err = s.fb.Metrics(ctx, igToken, "", fbPost)
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
		t.Errorf("facebook metrics with another account's token: got %v (%s), want a permanent failure", err, f)
	}
	_, err = s.ig.Metrics(ctx, igToken, "", "nope")
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent {
		t.Errorf("metrics of an unknown media: got %v (%s), want a permanent failure", err, f)
	}
}
