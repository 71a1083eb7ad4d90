// Package auth says who calls the Relais API and what they may do. A
// caller is known by an OpenID Connect ID token from the agency's user
// pool (Cognito in AWS, the local issuer under relais dev), verified here
// against the pool's published keys, so that the same code runs in both.
package auth

import (
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Role is what a person does for the agency.
type Role string

const (
	// Admin runs the agency's Relais: every client, users included.
	Admin Role = "admin"
	// Manager is a community manager: the clients they are granted.
	Manager Role = "manager"
	// Reviewer reviews one client's posts and reads its reports.
	Reviewer Role = "reviewer"
)

// Roles lists the roles, strongest first.
var Roles = []Role{Admin, Manager, Reviewer}

// ParseRole reads a role by name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(Roles, r) {
		return "", relais.Errorf(relais.EINVALID, "unknown role %q (want admin, manager or reviewer)", s)
	}
	return r, nil
}

// Identity is who calls, as a verified token or link says.
type Identity struct {
	// Subject is the user pool's stable id of the person.
	Subject string `json:"sub"`
	// Name is the person's user name, which the audit trail shows.
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Clients are the clients a manager is granted, or a reviewer's one
	// client; an admin's are all and this is empty.
	Clients []string `json:"clients,omitempty"`
}

// Validate checks that the identity is one Relais can act for: a named
// person in a known role, a reviewer with exactly one client, and client
// ids that are ids.
func (id Identity) Validate() error {
	switch {
	case id.Subject == "" || id.Name == "":
		return relais.Errorf(relais.EUNAUTHORIZED, "the token names no user")
	case !slices.Contains(Roles, id.Role):
		return relais.Errorf(relais.EUNAUTHORIZED, "the token gives no Relais role")
	case id.Role == Reviewer && len(id.Clients) != 1:
		return relais.Errorf(relais.EUNAUTHORIZED, "a reviewer reviews exactly one client")
	}
	for _, c := range id.Clients {
		if err := relais.ValidateID("client", c); err != nil {
			return relais.Errorf(relais.EUNAUTHORIZED, "the token grants a client that is not a client id")
		}
	}
	return nil
}

// Sees reports whether the identity may see anything of a client.
func (id Identity) Sees(clientID string) bool {
	return id.Role == Admin || slices.Contains(id.Clients, clientID)
}

// splitClients reads the comma-separated client list of a token claim.
func splitClients(s string) []string {
	var out []string
	for c := range strings.SplitSeq(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
