package oauth

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	linkedin := Token{Access: "at", ExpiresAt: start.Add(60 * day)}
	tests := []struct {
		name  string
		t     Token
		at    time.Duration // from start
		ahead time.Duration
		want  bool
	}{
		{"fresh", linkedin, 0, 7 * day, false},
		{"a second before the week ahead", linkedin, 53*day - time.Second, 7 * day, false},
		{"the week ahead", linkedin, 53 * day, 7 * day, true},
		{"expired", linkedin, 61 * day, 7 * day, true},
		{"at expiry, nothing ahead", linkedin, 60 * day, 0, true},
		{"no expiry", Token{Access: "at"}, 1000 * day, 7 * day, false},
	}
	for _, tt := range tests {
		if got := Due(tt.t, start.Add(tt.at), tt.ahead); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReconnectBy(t *testing.T) {
	tests := []struct {
		name   string
		t      Token
		wantBy time.Time
		at     time.Duration // from start
		want   bool
	}{
		{"refresh token's end", Token{Access: "at", Refresh: "rt", ExpiresAt: start.Add(60 * day), RefreshExpiresAt: start.Add(365 * day)}, start.Add(365 * day), 364 * day, false},
		{"refresh token ended", Token{Access: "at", Refresh: "rt", ExpiresAt: start.Add(60 * day), RefreshExpiresAt: start.Add(365 * day)}, start.Add(365 * day), 365 * day, true},
		{"refresh token without end", Token{Access: "at", Refresh: "rt", ExpiresAt: start.Add(2 * time.Hour)}, time.Time{}, 1000 * day, false},
		{"exchanged token's end", Token{Access: "at", ExpiresAt: start.Add(60 * day)}, start.Add(60 * day), 60 * day, true},
		{"token without end", Token{Access: "at"}, time.Time{}, 1000 * day, false},
	}
	for _, tt := range tests {
		if got := ReconnectBy(tt.t); !got.Equal(tt.wantBy) {
			t.Errorf("%s: ReconnectBy got %v, want %v", tt.name, got, tt.wantBy)
		}
		if got := NeedsReconnectBy(tt.t, start.Add(tt.at)); got != tt.want {
			t.Errorf("%s: NeedsReconnectBy got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRedacted: a token, a consent or a callback printed or logged by
// mistake shows no secret.
func TestRedacted(t *testing.T) {
	tok := Token{Access: "at-secret", Refresh: "rt-secret", ExpiresAt: start, Scopes: []string{"read"}}
	consent := Consent{URL: "https://net.example/auth", State: "state-secret", Verifier: "verifier-secret"}
	cb := Callback{Code: "code-secret", State: "state-secret"}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("connected", "token", tok)
	c := New("testnet", linkedinLike().o, clientID, clientSecret, redirectURI, nil)
	shown := []string{
		fmt.Sprint(tok), fmt.Sprintf("%+v", tok), fmt.Sprintf("%#v", tok), fmt.Sprintf("%v", &tok),
		fmt.Sprintf("%+v", consent), fmt.Sprintf("%#v", consent),
		fmt.Sprintf("%+v", cb), fmt.Sprintf("%#v", cb),
		fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
		logged.String(),
	}
	for _, s := range shown {
		for _, secret := range []string{"at-secret", "rt-secret", "state-secret", "verifier-secret", "code-secret", clientSecret} {
			if strings.Contains(s, secret) {
				t.Errorf("%q shows %s", s, secret)
			}
		}
	}
	if !strings.Contains(logged.String(), `"expires_at":"2026-11-20T09:00:00Z"`) {
		t.Errorf("log %s lacks the expiry", logged.String())
	}
}
