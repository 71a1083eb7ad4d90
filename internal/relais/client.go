package relais

import (
	"strings"
	"time"
)

// ApprovalPolicy says whether a client's posts need a person's approval
// before they can be scheduled.
type ApprovalPolicy string

const (
	ApprovalNone     ApprovalPolicy = "none"
	ApprovalRequired ApprovalPolicy = "required"
)

// Client is a tenant: one of the agency's customers. Every item of a client
// is stored under its id.
type Client struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	TimeZone string         `json:"timezone"`
	Locale   string         `json:"locale"`
	Brands   []string       `json:"brands,omitempty"`
	Approval ApprovalPolicy `json:"approval"`
	// Approvers, when set, are the only people who may approve a post.
	Approvers []string `json:"approvers,omitempty"`
	// Paused holds every post of the client, for a crisis.
	Paused bool `json:"paused,omitempty"`
	// Rules is the client's moderation policy as its rules.yaml, empty for
	// the default policy.
	Rules string `json:"rules,omitempty"`
	// Branding overrides the deployment's branding in the client's reports.
	Branding Branding `json:"branding,omitzero"`
	// Targets are how soon the client's threads are answered, the first
	// that covers a thread applying.
	Targets   []ServiceTarget `json:"serviceTargets,omitempty"`
	CreatedAt time.Time       `json:"createdAt"`
	// Version counts the edits of the client's profile (rules,
	// branding), which an edit may require to be the one it read.
	Version int64 `json:"version"`
}

// ValidateID checks that id is a usable client id: lowercase letters,
// digits and dashes, so that it is safe inside keys and object names.
func ValidateID(kind, id string) error {
	if !validID(id) {
		return Errorf(EINVALID, "invalid %s id %q: use 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit", kind, id)
	}
	return nil
}

// Validate checks a client before it is stored.
func (c Client) Validate() error {
	if err := ValidateID("client", c.ID); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EINVALID, "client %s: a name is required", c.ID)
	}
	if _, err := LoadLocation(c.TimeZone); err != nil {
		return err
	}
	if c.Locale != "fr" && c.Locale != "en" {
		return Errorf(EINVALID, "client %s: locale %q is not supported (want fr or en)", c.ID, c.Locale)
	}
	if err := c.Branding.Validate(); err != nil {
		return Errorf(EINVALID, "client %s: %s", c.ID, ErrorMessage(err))
	}
	switch c.Approval {
	case ApprovalNone, ApprovalRequired:
	default:
		return Errorf(EINVALID, "client %s: approval policy %q is not supported (want none or required)", c.ID, c.Approval)
	}
	return nil
}

// Location returns the client's time zone.
func (c Client) Location() *time.Location {
	loc, err := LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// LoadLocation loads an IANA time zone, refusing the empty name that
// time.LoadLocation would silently read as UTC.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" {
		return nil, Errorf(EINVALID, "a time zone is required (an IANA name such as Europe/Paris)")
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, Errorf(EINVALID, "unknown time zone %q (want an IANA name such as Europe/Paris)", name)
	}
	return loc, nil
}

// validID matches ^[a-z0-9][a-z0-9-]{0,62}$ without a regular expression,
// whose compilation every function would pay for at start-up.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 63 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ClientAmong finds the client of an id in a listing of clients.
func ClientAmong(all []Client, id string) (Client, bool) {
	for _, c := range all {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}
