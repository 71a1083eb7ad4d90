package oauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Token is an account's grant as Relais keeps it.
type Token struct {
	Access, Refresh string
	// ExpiresAt is when Access stops working; zero: the network gave no
	// expiry.
	ExpiresAt time.Time
	// RefreshExpiresAt is when Refresh stops working; zero: the network
	// gave no expiry.
	RefreshExpiresAt time.Time
	Scopes           []string
}

// String shows the token without its secrets, for %v and %+v.
func (t Token) String() string {
	return fmt.Sprintf("oauth.Token(access %s, refresh %s, expires %s, refresh expires %s, scopes %s)",
		redacted(t.Access), redacted(t.Refresh), when(t.ExpiresAt), when(t.RefreshExpiresAt), strings.Join(t.Scopes, " "))
}

// GoString is String, for %#v.
func (t Token) GoString() string { return t.String() }

// LogValue logs the token without its secrets.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("access", t.Access != ""), slog.Bool("refresh", t.Refresh != ""),
		slog.Time("expires_at", t.ExpiresAt), slog.Time("refresh_expires_at", t.RefreshExpiresAt),
		slog.Any("scopes", t.Scopes),
	)
}

func redacted(s string) string {
	if s == "" {
		return "none"
	}
	return "[redacted]"
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never said"
	}
	return t.UTC().Format(time.RFC3339)
}

// Due reports whether t's access token is to be renewed at now: it
// expires within ahead. A token without expiry is never due.
func Due(t Token, now time.Time, ahead time.Duration) bool {
	return !t.ExpiresAt.IsZero() && !now.Add(ahead).Before(t.ExpiresAt)
}

// ReconnectBy is when the person must connect the account again, as
// nothing Relais can do keeps it alive after: its refresh token's
// expiry, or without a refresh token, its access token's (an exchanged
// token cannot be exchanged once expired). Zero: no end is known.
func ReconnectBy(t Token) time.Time {
	if t.Refresh != "" {
		return t.RefreshExpiresAt
	}
	return t.ExpiresAt
}

// NeedsReconnectBy reports whether, at now, the account can only work
// again once its person connects it again.
func NeedsReconnectBy(t Token, now time.Time) bool {
	by := ReconnectBy(t)
	return !by.IsZero() && !now.Before(by)
}

// answer is a token endpoint's answer: tokens (RFC 6749, 5.1) or an
// error (5.2).
type answer struct {
	AccessToken  string  `json:"access_token"`
	TokenType    string  `json:"token_type"`
	ExpiresIn    seconds `json:"expires_in"`
	RefreshToken string  `json:"refresh_token"`
	// The refresh token's life, as LinkedIn and TikTok name it.
	RefreshTokenExpiresIn seconds `json:"refresh_token_expires_in"`
	RefreshExpiresIn      seconds `json:"refresh_expires_in"`
	Scope                 string  `json:"scope"`

	Error            answerError `json:"error"`
	ErrorDescription string      `json:"error_description"`
}

// tokenOf is the token an answer gives, read at now (before the request,
// so that a token never seems to live longer than it does). What the
// answer leaves out is prev's: a refresh token not rotated, its expiry,
// the scopes granted.
func (a answer) tokenOf(prev Token, now time.Time, sep string) Token {
	t := Token{Access: a.AccessToken, Refresh: prev.Refresh, RefreshExpiresAt: prev.RefreshExpiresAt, Scopes: prev.Scopes}
	if a.ExpiresIn > 0 {
		t.ExpiresAt = now.Add(a.ExpiresIn.Duration())
	}
	if a.RefreshToken != "" && a.RefreshToken != prev.Refresh {
		t.Refresh, t.RefreshExpiresAt = a.RefreshToken, time.Time{}
	}
	for _, left := range []seconds{a.RefreshTokenExpiresIn, a.RefreshExpiresIn} {
		if left > 0 && t.Refresh != "" {
			t.RefreshExpiresAt = now.Add(left.Duration())
		}
	}
	if a.Scope != "" {
		t.Scopes = splitScopes(a.Scope, sep)
	}
	return t
}

// splitScopes reads a granted scope, on the network's separator and on
// spaces.
func splitScopes(scope, sep string) []string {
	return strings.FieldsFunc(scope, func(r rune) bool {
		return r == ' ' || (sep != "" && strings.ContainsRune(sep, r))
	})
}

// seconds is a lifetime in seconds, which some networks send as a string.
type seconds int64

func (s *seconds) UnmarshalJSON(b []byte) error {
	v := strings.Trim(string(b), `"`)
	if v == "" || v == "null" {
		*s = 0
		return nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Errorf("a lifetime is not a number of seconds: %w", err)
	}
	*s = seconds(n)
	return nil
}

func (s seconds) Duration() time.Duration { return time.Duration(s) * time.Second }

// answerError is an answer's error: RFC 6749's code, or the object
// Meta's Graph API sends (its type as the code, its message as
// description).
type answerError struct {
	Code, Description string
}

func (f *answerError) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &f.Code); err == nil {
		return nil
	}
	var graph struct {
		Message string `json:"message"`
		Type    string `json:"type"`
	}
	if err := json.Unmarshal(b, &graph); err != nil {
		return fmt.Errorf("an error is neither a code nor an object: %w", err)
	}
	f.Code, f.Description = graph.Type, graph.Message
	return nil
}
