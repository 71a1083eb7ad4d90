package tiktok

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	pub, err := s.client.PublishWith(ctx, acmeToken, s.video("Nous recrutons"), public)
	if err != nil {
		t.Fatal(err)
	}
	private, err := s.client.PublishWith(ctx, acmeToken, s.video("Entre nous"), PostOptions{Privacy: SelfOnly})
	if err != nil {
		t.Fatal(err)
	}
	s.fake.Engagement.Set(pub.ID, netfake.Metrics{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100})
	want := relais.Engagement{Likes: 31, Comments: 4, Shares: 6, Impressions: 2100}
	for name, id := range map[string]string{"by video id": pub.ID, "by publish id": pub.PublishID} {
		got, err := s.client.Metrics(ctx, acmeToken, acmeID, id)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	tests := []struct {
		name, token, id, wantSays string
	}{
		{"a private post", acmeToken, private.ID, "no public id"},
		{"another account's video", globexToken, pub.ID, "no public video"},
		{"an unknown video", acmeToken, "7440000000000000999", "no public video"},
		{"an unknown publish id", acmeToken, "v_pub_url~v2.1", "publish_id does not exist"},
	}
	for _, tt := range tests {
		_, err := s.client.Metrics(ctx, tt.token, acmeID, tt.id)
		if f, _ := relais.FailureOf(err); f != relais.FailPermanent || !strings.Contains(err.Error(), tt.wantSays) {
			t.Errorf("%s: got %v (%s), want a permanent failure saying %q", tt.name, err, f, tt.wantSays)
		}
	}
}
