package bluesky

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestSessionRenewal(t *testing.T) {
	tests := []struct {
		name          string
		expire        func(s *stack)
		wantSessions  int
		wantRefreshes int
	}{
		{name: "cached", expire: func(*stack) {}, wantSessions: 1},
		{name: "access token expired: refreshed", expire: func(s *stack) { s.pds.ExpireAccessTokens() }, wantSessions: 1, wantRefreshes: 1},
		{name: "both tokens expired: new session", expire: func(s *stack) {
			s.pds.ExpireAccessTokens()
			s.pds.ExpireRefreshTokens()
		}, wantSessions: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.mustPublish(t, "p1", relais.Content{Text: "first"})
			tt.expire(s)
			if got, want := s.mustPublish(t, "p2", relais.Content{Text: "second"}), s.postURI("p2"); got != want {
				t.Errorf("uri: got %q, want %q", got, want)
			}
			if got, want := s.pds.SessionsCreated(), tt.wantSessions; got != want {
				t.Errorf("sessions: got %d, want %d", got, want)
			}
			if got, want := s.pds.Refreshes(), tt.wantRefreshes; got != want {
				t.Errorf("refreshes: got %d, want %d", got, want)
			}
			if got, want := len(s.pds.Records(s.did)), 2; got != want {
				t.Errorf("records: got %d, want %d", got, want)
			}
		})
	}
}

func TestSessionRefusedPassword(t *testing.T) {
	tests := []struct {
		name   string
		before bool // publish first with the right password
	}{
		{name: "no session yet"},
		{name: "a cached session does not serve another password", before: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			want := 0
			if tt.before {
				s.mustPublish(t, "p1", relais.Content{Text: "first"})
				want = 1
			}
			_, err := s.client.Publish(t.Context(), "wrong-pass-word-xyz", handle, "p2", relais.Content{Text: "second"})
			e := netfake.MustError(t, err)
			if e.Kind != relais.FailPermanent || e.Status != 401 {
				t.Errorf("failure: got %s (status %d), want %s (status 401)", e.Kind, e.Status, relais.FailPermanent)
			}
			if msg := err.Error(); !strings.Contains(msg, "app password refused: reconnect the account") || strings.Contains(msg, "wrong-pass-word-xyz") {
				t.Errorf("error %q: want the reconnect advice and no password", msg)
			}
			checkNoSecret(t, s.pds, err)
			if got := len(s.pds.Records(s.did)); got != want {
				t.Errorf("records: got %d, want %d", got, want)
			}
		})
	}
}

// TestSessionShared runs concurrent publishes on one account: they share
// one session, and one refresh when it expires.
func TestSessionShared(t *testing.T) {
	s := newStack(t)
	publishAll := func(round string) {
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				key := fmt.Sprintf("p%s%d", round, i)
				if _, err := s.client.Publish(t.Context(), password, handle, key, relais.Content{Text: key}); err != nil {
					t.Errorf("publish %s: %v", key, err)
				}
			})
		}
		wg.Wait()
	}
	publishAll("a")
	s.pds.ExpireAccessTokens()
	publishAll("b")
	if got, want := len(s.pds.Records(s.did)), 16; got != want {
		t.Errorf("records: got %d, want %d", got, want)
	}
	if got, want := s.pds.SessionsCreated(), 1; got != want {
		t.Errorf("sessions: got %d, want %d", got, want)
	}
	if got, want := s.pds.Refreshes(), 1; got != want {
		t.Errorf("refreshes: got %d, want %d", got, want)
	}
}

// TestSessionPDS: the account's PDS is the one its DID document names,
// else the one the client calls.
func TestSessionPDS(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		want   string
	}{
		{"DID document", `{"service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"https://morel.us-east.host.bsky.network"}]}`, "morel.us-east.host.bsky.network"},
		{"full service id", `{"service":[{"id":"did:plc:abc#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"https://pds.example:2583"}]}`, "pds.example"},
		{"another service only", `{"service":[{"id":"#bsky_chat","type":"BskyChatService","serviceEndpoint":"https://api.bsky.chat"}]}`, "bsky.social"},
		{"no DID document", `null`, "bsky.social"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a sessionAnswer
			body := `{"did":"did:plc:abc","accessJwt":"a","refreshJwt":"r","didDoc":` + tt.answer + `}`
			if err := json.Unmarshal([]byte(body), &a); err != nil {
				t.Fatal(err)
			}
			s, err := New(DefaultPDS, nil).newSession(a, "open session", [32]byte{})
			if err != nil {
				t.Fatalf("newSession: %v", err)
			}
			if s.pds != tt.want {
				t.Errorf("pds: got %q, want %q", s.pds, tt.want)
			}
		})
	}
}
