package relais

import (
	"strings"
	"time"
)

// Account is a network account connected to one client. The token itself
// is never part of it: it lives in the parameter store, under the name
// config.Settings.TokenParameter gives.
type Account struct {
	ClientID    string    `json:"clientId"`
	Network     Network   `json:"network"`
	ID          string    `json:"id"`
	ConnectedAt time.Time `json:"connectedAt"`
	// PollCursor is where the last poll of a network without webhooks
	// stopped reading the account's mentions.
	PollCursor string `json:"pollCursor,omitempty"`
	// Grant says when the token of an account connected with OAuth
	// expires; nil for a token pasted by hand.
	Grant *Grant `json:"grant,omitempty"`
	// DisconnectedAt is when the network stopped taking the account's
	// token (revoked, expired, refused), and DisconnectReason why; zero
	// while it is connected. Connecting it again clears them.
	DisconnectedAt   time.Time `json:"disconnectedAt,omitzero"`
	DisconnectReason string    `json:"disconnectReason,omitempty"`
}

// Grant is what an OAuth grant says of an account's token, which lives in
// the parameter store with its refresh token.
type Grant struct {
	// ExpiresAt is when the access token stops working; zero if never.
	ExpiresAt time.Time `json:"expiresAt,omitzero"`
	// RefreshExpiresAt is when the grant cannot be renewed any more and
	// the person must consent again; zero if never (or unknown).
	RefreshExpiresAt time.Time `json:"refreshExpiresAt,omitzero"`
	// HasRefresh is true when a refresh token is kept beside the token.
	HasRefresh bool `json:"hasRefresh,omitempty"`
	// Person is the network's id of the person who granted the token
	// (Meta's app-scoped user id), by which the network may later say
	// they removed the app; empty where the network names accounts.
	Person    string    `json:"person,omitempty"`
	Scopes    []string  `json:"scopes,omitempty"`
	RenewedAt time.Time `json:"renewedAt,omitzero"`
}

// Connected reports whether the account's token is still taken.
func (a Account) Connected() bool { return a.DisconnectedAt.IsZero() }

// Ref returns the account's network and id.
func (a Account) Ref() AccountRef { return AccountRef{Network: a.Network, ID: a.ID} }

// AccountRef names an account on a network, written network:id.
type AccountRef struct {
	Network Network `json:"network"`
	ID      string  `json:"id"`
}

func (r AccountRef) String() string { return string(r.Network) + ":" + r.ID }

// ParseAccountRef parses network:id.
func ParseAccountRef(s string) (AccountRef, error) {
	name, id, ok := strings.Cut(s, ":")
	if !ok || id == "" {
		return AccountRef{}, Errorf(EINVALID, "invalid account %q: want <network>:<account id>, e.g. sandbox:acme-page", s)
	}
	n, err := ParseNetwork(name)
	if err != nil {
		return AccountRef{}, err
	}
	ref := AccountRef{Network: n, ID: id}.Canonical()
	return ref, ref.Validate()
}

// Canonical returns the one spelling of an account id that keys use, so
// that one account is never owned by two clients under two spellings: the
// network's spec says how it compares ids (a LinkedIn page by its
// organization number, a Mastodon user@instance in lower case...). The
// store applies it to every account key; the intake and the CLI apply it
// to what they are given.
func (r AccountRef) Canonical() AccountRef {
	if s, ok := SpecOf(r.Network); ok && s.Canonical != nil {
		r.ID = s.Canonical(r.ID)
	}
	return r
}

// Validate checks the account id is usable in keys.
func (r AccountRef) Validate() error {
	if r.ID == "" || len(r.ID) > 256 || strings.ContainsAny(r.ID, "# \t\n") {
		return Errorf(EINVALID, "invalid %s account id %q", r.Network, r.ID)
	}
	return nil
}
