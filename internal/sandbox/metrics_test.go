package sandbox

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	n := NewNetwork("http://127.0.0.1:1/unused", []byte("secret"))
	n.RegisterAccount("acme-page", "tok")
	srv := httptest.NewServer(n)
	defer srv.Close()
	c := NewClient(srv.URL, srv.Client())
	id, err := c.Publish(ctx, "tok", "acme-page", Content{Text: "Bonjour"})
	if err != nil {
		t.Fatal(err)
	}
	n.Engagement.Set(id, netfake.Metrics{Likes: 3, Comments: 1, Shares: 2, Impressions: 40})
	got, err := c.Metrics(ctx, "tok", "acme-page", id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Metrics{Likes: 3, Comments: 1, Shares: 2, Impressions: 40}); got != want {
		t.Errorf("metrics: got %+v, want %+v", got, want)
	}
	if _, err := c.Metrics(ctx, "tok", "acme-page", "acme-page_99"); err == nil {
		t.Errorf("metrics of an unknown post: no error")
	}
	if _, err := c.Metrics(ctx, "wrong", "acme-page", id); err == nil {
		t.Errorf("metrics with a wrong token: no error")
	}
}
