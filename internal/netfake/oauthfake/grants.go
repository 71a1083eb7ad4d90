package oauthfake

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// grant is one consent of an account: every token issued from it dies
// with it.
type grant struct {
	account string
	scopes  []string
	// refreshExpires is when its refresh tokens stop working; zero: never.
	refreshExpires time.Time
	revoked        bool
}

type kind int

const (
	accessKind kind = iota
	refreshKind
)

type token struct {
	kind  kind
	grant *grant
	// issued is when it was issued; expires when an access token stops
	// working (zero: never).
	issued, expires time.Time
}

// code is an authorization code and the consent it stands for, which
// its exchange must repeat.
type code struct {
	account, redirectURI, challenge string
	scopes                          []string
	expires                         time.Time
	used                            bool
	// grant is what the code was exchanged for, revoked if the code comes
	// back (RFC 6749, 4.1.2).
	grant *grant
}

// random is a new unguessable code or token, prefixed with what it is
// so that a test failure is readable.
func random(prefix string) string {
	b := make([]byte, 24)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// live returns a token of kind k that works now, or nil. The caller holds
// s.mu.
func (s *Server) live(tok string, k kind) *token {
	t, ok := s.tokens[hash(tok)]
	now := s.now()
	switch {
	case !ok || t.kind != k || t.grant.revoked:
		return nil
	case !t.expires.IsZero() && !now.Before(t.expires):
		return nil
	case k == refreshKind && !t.grant.refreshExpires.IsZero() && !now.Before(t.grant.refreshExpires):
		return nil
	}
	return t
}

// putCode keeps a consent under a new code, forgetting codes that can no
// longer be exchanged nor reused. The caller holds s.mu.
func (s *Server) putCode(c *code) string {
	now := s.now()
	for k, old := range s.codes {
		if now.After(old.expires) && (old.grant == nil || old.grant.revoked) {
			delete(s.codes, k)
		}
	}
	c.expires = now.Add(s.opts.CodeTTL)
	v := random("code-")
	s.codes[hash(v)] = c
	return v
}

// issue gives the grant a new access token living ttl (zero: forever)
// and, when refresh is set, a new refresh token; it returns the token
// answer. The caller holds s.mu.
func (s *Server) issue(g *grant, ttl time.Duration, refresh bool) map[string]any {
	access := &token{kind: accessKind, grant: g, issued: s.now()}
	answer := map[string]any{"token_type": "Bearer"}
	if ttl > 0 {
		access.expires = access.issued.Add(ttl)
		answer["expires_in"] = int64(ttl / time.Second)
	}
	at := random("at-")
	s.tokens[hash(at)] = access
	answer["access_token"] = at
	if refresh {
		rt := random("rt-")
		s.tokens[hash(rt)] = &token{kind: refreshKind, grant: g}
		answer["refresh_token"] = rt
	}
	if len(g.scopes) > 0 {
		answer["scope"] = strings.Join(g.scopes, s.opts.ScopeSeparator)
	}
	if f := s.opts.RefreshExpiresField; f != "" && s.opts.RefreshTokens && !g.refreshExpires.IsZero() {
		answer[f] = int64(g.refreshExpires.Sub(s.now()) / time.Second)
	}
	return answer
}
