package links

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// PathUnderAPI is where links are served, under the API's public URL.
const PathUnderAPI = "/links/"

// Issuer makes report links and revokes them.
type Issuer struct {
	store Store
	key   Key
	base  string
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// NewIssuer returns an issuer of links served under apiURL, the API's
// public base URL (https://console.example.com/api).
func NewIssuer(store Store, key Key, apiURL string) *Issuer {
	return &Issuer{store: store, key: key, base: strings.TrimSuffix(apiURL, "/"), Now: time.Now}
}

// Issued is a new link and the URL that opens it.
type Issued struct {
	Link Link
	URL  string
}

// Issue stores a new link to a client's report file, valid for ttl
// (DefaultTTL when zero), and returns its URL.
func (is *Issuer) Issue(ctx context.Context, r Report, ttl time.Duration) (Issued, error) {
	if is.base == "" {
		return Issued{}, relais.Errorf(relais.EINVALID, "report links need the API's public URL")
	}
	l, token, err := is.issue(ctx, Link{Report: r}, ttl)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Link: l, URL: is.base + PathUnderAPI + token}, nil
}

// ReviewPath is where the console opens a review link, with its token in
// the URL's fragment, which browsers never send to a server or in a
// Referer.
const ReviewPath = "/review#token="

// IssueReview stores a new link that lets reviewer review a client's
// posts without an account, valid for ttl (DefaultTTL when zero), and
// returns its URL on the console at console.
func (is *Issuer) IssueReview(ctx context.Context, clientID, reviewer string, ttl time.Duration, console string) (Issued, error) {
	l, token, err := is.issue(ctx, Link{Report: Report{ClientID: clientID}, Reviewer: reviewer}, ttl)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Link: l, URL: strings.TrimSuffix(console, "/") + ReviewPath + token}, nil
}

// issue signs and stores a new link.
func (is *Issuer) issue(ctx context.Context, l Link, ttl time.Duration) (Link, string, error) {
	if ttl == 0 {
		ttl = DefaultTTL
	}
	if ttl < 0 || ttl > MaxTTL {
		return Link{}, "", relais.Errorf(relais.EINVALID, "a link lives from a second to %d days", int(MaxTTL.Hours()/24))
	}
	key, err := is.key.bytes(ctx)
	if err != nil {
		return Link{}, "", err
	}
	// Tokens carry whole seconds: the link expires when its token says.
	l.ID, l.Expires = newID(), is.Now().Add(ttl).Truncate(time.Second).UTC()
	token, err := sign(key, l)
	if err != nil {
		return Link{}, "", fmt.Errorf("links: sign link %s of %s: %w", l.ID, l.ClientID, err)
	}
	if err := is.store.PutLink(ctx, l); err != nil {
		return Link{}, "", fmt.Errorf("links: store link %s of %s: %w", l.ID, l.ClientID, err)
	}
	return l, token, nil
}

// Revoke revokes one link of a client: it then answers as an invalid one.
func (is *Issuer) Revoke(ctx context.Context, clientID, id string) error {
	if err := is.store.DeleteLink(ctx, clientID, id); err != nil {
		return fmt.Errorf("links: revoke link %s of %s: %w", id, clientID, err)
	}
	return nil
}

// RevokeClient revokes every link of a client, as when the client leaves
// the agency, and says how many it revoked.
func (is *Issuer) RevokeClient(ctx context.Context, clientID string) (int, error) {
	n, err := is.store.DeleteLinks(ctx, clientID)
	if err != nil {
		return n, fmt.Errorf("links: revoke the links of %s: %w", clientID, err)
	}
	return n, nil
}

// newID returns a random link id: 32 hex digits, a valid relais id.
func newID() string {
	b := make([]byte, 16)
	// crypto/rand.Read never fails on supported platforms.
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
