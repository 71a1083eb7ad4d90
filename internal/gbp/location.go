package gbp

import (
	"fmt"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
)

// Location is a Business Profile location as the v4 API names it.
type Location struct {
	Account, ID string
}

// String is the location's resource name,
// accounts/{accountId}/locations/{locationId}: its Relais account id.
func (l Location) String() string { return "accounts/" + l.Account + "/locations/" + l.ID }

// CanonicalAccount spells a location's name as Relais keys it: without
// the spaces and slashes a paste may carry around it.
func CanonicalAccount(id string) string {
	return strings.Trim(strings.TrimSpace(id), "/")
}

// ParseLocation reads a Relais account id. A bare locations/{id}, as the
// newer Business Information API spells a location, is refused: the v4
// methods that post and read reviews need the account the location
// belongs to, which it does not say.
func ParseLocation(id string) (Location, error) {
	s := CanonicalAccount(id)
	parts := strings.Split(s, "/")
	switch {
	case len(parts) == 2 && parts[0] == "locations":
		return Location{}, fmt.Errorf("%q names no account: spell the location accounts/{accountId}/locations/{locationId}, as the Business Profile API's accounts.locations.list names it", netcall.Truncate(s, 80))
	case len(parts) != 4 || parts[0] != "accounts" || parts[2] != "locations" || !isID(parts[1]) || !isID(parts[3]):
		return Location{}, fmt.Errorf("%q is not a location name, accounts/{accountId}/locations/{locationId}", netcall.Truncate(s, 80))
	}
	return Location{Account: parts[1], ID: parts[3]}, nil
}

// parseReview reads a review's resource name,
// accounts/{accountId}/locations/{locationId}/reviews/{reviewId}.
func parseReview(name string) (Location, bool) {
	loc, id, ok := strings.Cut(name, "/reviews/")
	if !ok || !isID(id) {
		return Location{}, false
	}
	// The name is Google's, never pasted: it is taken exactly as spelled.
	l, err := ParseLocation(loc)
	if err != nil || l.String() != loc {
		return Location{}, false
	}
	return l, true
}

// isID reports whether s can be one segment of a resource name: Google's
// ids are numbers, and review ids letters, digits, - and _, none of which
// a path escapes.
func isID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
