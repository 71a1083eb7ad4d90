package mastodon

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	// usernamePattern is Mastodon's rule for local usernames.
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_]+([A-Za-z0-9_.-]+[A-Za-z0-9_]+)?$`)
	// instancePattern is a host name, with a port for a development
	// instance.
	instancePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
)

// Account is a Mastodon account as Relais names it: user@instance.
type Account struct {
	Username string
	// Instance is the host of the account's server, in lower case.
	Instance string
}

func (a Account) String() string { return a.Username + "@" + a.Instance }

// ParseAccount parses a Relais account id for Mastodon: user@instance,
// with or without a leading @. Its error is EINVALID.
func ParseAccount(s string) (Account, error) {
	user, instance, ok := strings.Cut(strings.TrimPrefix(s, "@"), "@")
	instance = strings.ToLower(instance)
	if !ok || !usernamePattern.MatchString(user) || !instancePattern.MatchString(instance) {
		return Account{}, relais.Errorf(relais.EINVALID, "invalid Mastodon account %q: want user@instance, e.g. relais@mastodon.social", s)
	}
	return Account{Username: user, Instance: instance}, nil
}

// accountID returns the numeric id that listing an account's statuses
// needs. It asks the instance whom the token belongs to, which also makes
// sure that the posts listed are the token's: a token of another account
// is refused rather than searched in vain.
func (c *Client) accountID(ctx context.Context, op, token string, a Account) (string, error) {
	if id, ok := c.cachedID(token, a); ok {
		return id, nil
	}
	var me struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	}
	k := call{op: op, method: http.MethodGet, url: c.base(a) + "/api/v1/accounts/verify_credentials", token: token}
	if _, err := c.do(ctx, k, &me); err != nil {
		return "", err
	}
	if me.ID == "" {
		return "", k.nc().Refuse(errors.New("the instance did not say the account's id"))
	}
	if !strings.EqualFold(me.Username, a.Username) {
		return "", refuse(op, relais.Errorf(relais.EUNAUTHORIZED,
			"the token belongs to @%s, not to %s; connect the account again", netcall.Truncate(me.Username, 64), a))
	}
	c.cacheID(token, a, me.ID)
	return me.ID, nil
}

// base is the instance's API base URL.
func (c *Client) base(a Account) string {
	return strings.TrimSuffix(c.BaseURL(a.Instance), "/")
}
