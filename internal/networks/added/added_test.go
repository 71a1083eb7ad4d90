// Package added_test proves that a network is added by its package and its
// registration alone: a network made up here, registered as the list
// registers the real ones, is parsed, guarded, spelled, labelled, wired
// to adapters, served a webhook route and given its secret, with no other
// change anywhere.
package added_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/webhook"
)

func TestMain(m *testing.M) {
	relais.Register(lettre)
	os.Exit(dynamotest.Main(m))
}

// Lettre is the made-up network: a newsletter platform that takes text,
// answers comments and signs its webhooks with an HMAC.
const name relais.Network = "lettre"

var secret = relais.Secret{Name: "lettre/signing-secret", Env: "RELAIS_LETTRE_SIGNING_SECRET"}

var lettre = relais.Spec{
	Name: name, Label: "Lettre", Color: "#123456",
	Formats:     []relais.Format{relais.FormatText},
	Limits:      relais.Limits{MaxText: 40},
	NoMessaging: "Lettre has no messages",
	Canonical:   func(id string) string { return strings.ToLower(id) },
	Adapter:     func(baseURL string, _ *http.Client) any { return client{baseURL} },
	Webhook: &relais.Webhook{
		Path: "lettre", Secret: secret, Header: "X-Lettre-Signature",
		Sign: func(key, body []byte, _ time.Time) string { return sign(key, body) },
		Verify: func(key []byte, h http.Header, body []byte, _ time.Time) error {
			if !hmac.Equal([]byte(h.Get("X-Lettre-Signature")), []byte(sign(key, body))) {
				return relais.Errorf(relais.EUNAUTHORIZED, "bad signature")
			}
			return nil
		},
		Parse: func(body []byte, at time.Time) ([]relais.Interaction, error) {
			var d struct{ Account, ID, Text string }
			if err := json.Unmarshal(body, &d); err != nil {
				return nil, relais.Errorf(relais.EINVALID, "not a Lettre delivery")
			}
			return []relais.Interaction{{ID: d.ID, Network: name, AccountID: d.Account, Kind: relais.KindComment,
				Text: d.Text, CreatedAt: at, ReceivedAt: at}}, nil
		},
	},
}

func sign(key, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// client is Lettre's adapter: it publishes and replies.
type client struct{ baseURL string }

func (c client) Publish(context.Context, string, string, string, relais.Content) (string, error) {
	return "l1", nil
}

func (c client) RecentPosts(context.Context, string, string, time.Time) ([]relais.PublishedPost, error) {
	return nil, nil
}

func (c client) Reply(context.Context, string, relais.Interaction, string) (string, error) {
	return "r1", nil
}

func TestTheDomainKnowsIt(t *testing.T) {
	if n, err := relais.ParseNetwork("lettre"); err != nil || n != name {
		t.Errorf("parse: got %q, %v", n, err)
	}
	if got := relais.Networks(); got[len(got)-1] != name {
		t.Errorf("networks: got %v, want lettre last", got)
	}
	if err := relais.CheckLimits(relais.Content{Text: strings.Repeat("a", 41)}, name); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("41 characters: got %v, want refused", err)
	}
	if err := relais.CheckLimits(relais.Content{Text: "Bonjour"}, name); err != nil {
		t.Errorf("a short text: %v", err)
	}
	if got, want := (relais.AccountRef{Network: name, ID: "Acme"}).Canonical().ID, "acme"; got != want {
		t.Errorf("canonical: got %q, want %q", got, want)
	}
	if got, want := name.Label(), "Lettre"; got != want {
		t.Errorf("label: got %q, want %q", got, want)
	}
	_, err := relais.MessageWindow(relais.Interaction{Network: name, Private: true}, time.Time{}, time.Now())
	if err == nil || !strings.Contains(err.Error(), "Lettre has no messages") {
		t.Errorf("message window: got %v, want the network's reason", err)
	}
}

func TestItsAdapterIsWired(t *testing.T) {
	a := networks.New(networks.URLs{"lettre": "http://127.0.0.1:1"}, time.Second)
	_, publishes := a.Publishers[name]
	_, replies := a.Repliers[name]
	_, hides := a.Hiders[name]
	if !publishes || !replies || hides {
		t.Errorf("got publish %v, reply %v, hide %v; want publish and reply only", publishes, replies, hides)
	}
	if !slices.Contains(networks.Secrets(), secret) {
		t.Errorf("secrets %v lack Lettre's", networks.Secrets())
	}
}

func TestItsWebhookIsServed(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	store := relaistest.NewStore(t, now, []relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}},
		relais.Account{ClientID: "acme", Network: name, ID: "acme"})
	settings := config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
	key := "lettre-key-1234"
	params := relaistest.NewParameters(map[string]string{settings.SecretParameter(secret): key})
	bus := &relaistest.Bus{}
	h := webhook.New(intake.New(store, bus), params, settings, (&relaistest.LogBuffer{}).Logger())
	h.Now = func() time.Time { return now }
	if !slices.Contains(webhook.Paths(), "lettre") {
		t.Fatalf("paths %v lack lettre", webhook.Paths())
	}
	body := []byte(`{"Account":"acme","ID":"c1","Text":"Super lettre !"}`)
	for _, tt := range []struct {
		signature string
		want      int
	}{
		{"0000", http.StatusUnauthorized},
		{sign([]byte(key), body), http.StatusOK},
	} {
		r := httptest.NewRequest(http.MethodPost, webhook.Path+"lettre", bytes.NewReader(body))
		r.Header.Set("X-Lettre-Signature", tt.signature)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if got := w.Code; got != tt.want {
			t.Errorf("signature %q: got %d, want %d (%s)", tt.signature, got, tt.want, w.Body)
		}
	}
	events := bus.Events()
	if len(events) != 1 {
		t.Fatalf("events: got %d, want the comment's", len(events))
	}
	got, ok := events[0].(relais.InteractionReceived)
	if !ok || got.InteractionID != "c1" || got.Network != name || got.ClientID != "acme" {
		t.Errorf("event: got %+v, want acme's lettre comment c1", events[0])
	}
}
