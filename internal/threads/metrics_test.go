package threads

import (
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMetrics(t *testing.T) {
	s := newStack(t)
	post, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", relais.Content{Text: "Brunch"})
	if err != nil {
		t.Fatal(err)
	}
	// The fake gives a quarter of the shares as quotes, the rest as
	// reposts: Relais adds them up again.
	s.fake.Engagement.Set(post, netfake.Metrics{Likes: 42, Comments: 7, Shares: 9, Impressions: 1300})
	got, err := s.client.Metrics(t.Context(), acctToken, acct, post)
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	want := relais.Engagement{Likes: 42, Comments: 7, Shares: 9, Impressions: 1300}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}

	_, err = s.client.Metrics(t.Context(), otherToken, otherAcct, post)
	if e := mustFail(t, err, relais.FailPermanent); e.Code != "100/33" {
		t.Errorf("another account's post: code %q, want 100/33", e.Code)
	}
	s.fake.Faults.FailNext(1, netfake.RateLimit)
	_, err = s.client.Metrics(t.Context(), acctToken, acct, post)
	mustFail(t, err, relais.FailTransient)
}
