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
}

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
