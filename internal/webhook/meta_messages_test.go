package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// TestMetaMessagesStoredPrivate posts Meta's signed message samples and
// finds each customer's message in the inbox as a private message of its
// conversation, beside the comment of the same delivery, and the page's
// own answer (an echo) nowhere in the inbox.
func TestMetaMessagesStoredPrivate(t *testing.T) {
	f := newFixture(t, allSecrets())
	for _, a := range []relais.Account{
		{ClientID: "acme", Network: relais.Facebook, ID: "104857392018375"},
		{ClientID: "acme", Network: relais.Instagram, ID: "17841405822304914"},
	} {
		relaistest.MustOK(t, f.store.ConnectAccount(context.Background(), a))
	}
	for _, sample := range []string{"facebook/message.json", "facebook/message-echo.json", "instagram/message.json"} {
		body, err := os.ReadFile(filepath.Join("..", "..", "events", "webhooks", sample))
		relaistest.MustOK(t, err)
		if got, want := f.serve(t, networks[0].request(body, networkSecret)).Code, http.StatusOK; got != want {
			t.Fatalf("%s: status %d, want %d", sample, got, want)
		}
	}
	var got []string
	for _, e := range f.inbox(t) {
		got = append(got, fmt.Sprintf("%s %s private=%v conversation=%s", e.Network, e.Kind, e.Private, e.Conversation))
	}
	slices.Sort(got)
	want := []string{
		"facebook comment private=false conversation=",
		"facebook message private=true conversation=5192837465019283",
		"facebook message private=true conversation=6283749102837465",
		"instagram message private=true conversation=1029384756473829",
		"instagram message private=true conversation=1029384756473829",
	}
	if !slices.Equal(got, want) {
		t.Errorf("inbox:\n got %q\nwant %q", got, want)
	}
}
