package x

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestHide(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		reply      string // hidden by the call
		wantHidden bool
		wantCode   Code
	}{
		{name: "reply to acme", token: acmeToken, reply: "9001", wantHidden: true},
		{name: "reply in another's conversation", token: globexToken, reply: "9001", wantCode: CodeForbidden},
		{name: "unknown reply", token: acmeToken, reply: "9999", wantCode: CodeNotFound},
		{name: "revoked token", token: "x-old-secret-token", reply: "9001", wantCode: CodeInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.AddReply(acmeID, "9001")
			err := s.client.Hide(context.Background(), tt.token, tt.reply)
			if got, want := s.fake.Hidden("9001"), tt.wantHidden; got != want {
				t.Errorf("hidden: got %t, want %t", got, want)
			}
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("hide: %v", err)
				}
				return
			}
			e := netfake.MustError(t, err)
			if got, want := e.Failure(), relais.FailPermanent; got != want {
				t.Errorf("failure: got %s, want %s", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q (%v)", got, want, err)
			}
		})
	}
}
