package links

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/relais"
)

// minKeyLength is the shortest signing key accepted: 32 bytes, the size of
// an HMAC-SHA256 block's worth of entropy when the key is 64 hex digits.
const minKeyLength = 32

// Key is the deployment's link signing key, a SecureString parameter read
// on first use (relais.Parameters keeps it for the life of the process).
type Key struct {
	params relais.Parameters
	name   string
}

// NewKey returns the signing key kept in the parameter name.
func NewKey(params relais.Parameters, name string) Key { return Key{params: params, name: name} }

// bytes reads the key. Errors name the parameter, never its value.
func (k Key) bytes(ctx context.Context) ([]byte, error) {
	v, err := k.params.Get(ctx, k.name)
	if err != nil {
		return nil, fmt.Errorf("links: read the signing key %s: %w", k.name, err)
	}
	if len(v) < minKeyLength {
		return nil, fmt.Errorf("links: the signing key %s is shorter than %d characters", k.name, minKeyLength)
	}
	return []byte(v), nil
}
