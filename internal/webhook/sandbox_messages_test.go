package webhook_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/webhook"
)

// sandboxSendingTwice is the real sandbox network sending its webhooks to
// f's handler behind an HTTP server, its next delivery twice over.
func sandboxSendingTwice(t *testing.T, f *fixture) *sandboxfake.Network {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(webhook.Path, f.handler)
	network := sandboxfake.NewNetwork(relaistest.Serve(t, mux)+webhook.Path+"sandbox", []byte(secret))
	network.Now = func() time.Time { return now }
	network.WebhookBackoff = time.Millisecond
	network.FailNext(1, sandboxfake.DuplicateWebhooks)
	return network
}

// TestSandboxNetworkMessages has the real sandbox network send a
// customer's private message, written eight days ago, twice over: Relais
// stores one private message of its conversation, with its own date.
func TestSandboxNetworkMessages(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, withSecret())
	network := sandboxSendingTwice(t, f)
	written := now.Add(-8 * 24 * time.Hour)
	d, err := network.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", ID: "m1", AuthorID: "u-42", Text: "Écrivez-moi " + marker, CreatedAt: written})
	relaistest.MustOK(t, err)

	got, err := f.store.Interaction(ctx, "acme", relais.Sandbox, "m1")
	relaistest.MustOK(t, err)
	want := relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "m1", Kind: relais.KindMessage,
		Private: true, Conversation: d.Events[0].ConversationID, Author: relais.Author{ID: "u-42"}, Text: "Écrivez-moi " + marker}
	g := got.Interaction
	if !g.CreatedAt.Equal(written) {
		t.Errorf("created at: got %s, want %s", g.CreatedAt, written)
	}
	g.CreatedAt, g.ReceivedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("stored:\n got %+v\nwant %+v", g, want)
	}
	if got, want := len(f.inbox(t)), 1; got != want {
		t.Errorf("stored interactions: got %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 1; got != want {
		t.Errorf("events: got %d, want %d", got, want)
	}
}
