package linkedin

import (
	"fmt"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
)

// organizationPrefix starts an organization's URN.
const organizationPrefix = "urn:li:organization:"

// authorURN returns the URN a page posts as. Relais stores a LinkedIn
// account either as the organization's numeric id or as its full URN, as
// the person connecting it pasted it; both name the same page.
func authorURN(account string) (string, error) {
	id := strings.TrimPrefix(account, organizationPrefix)
	if !isDigits(id) {
		return "", fmt.Errorf("account %q is neither an organization id nor an %sN URN", netcall.Truncate(account, 80), organizationPrefix)
	}
	return organizationPrefix + id, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
