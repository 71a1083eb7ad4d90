package relais

import "strings"

// Network is a social network's one name, used alike in the CLI, keys,
// events and logs.
type Network string

const (
	Facebook  Network = "facebook"
	Instagram Network = "instagram"
	X         Network = "x"
	LinkedIn  Network = "linkedin"
	TikTok    Network = "tiktok"
	Mastodon  Network = "mastodon"
	Bluesky   Network = "bluesky"
	Sandbox   Network = "sandbox"
)

// Networks lists every network Relais knows, in display order.
var Networks = []Network{Facebook, Instagram, X, LinkedIn, TikTok, Mastodon, Bluesky, Sandbox}

// ParseNetwork returns the network named s, or an EINVALID error listing the
// known names.
func ParseNetwork(s string) (Network, error) {
	for _, n := range Networks {
		if string(n) == s {
			return n, nil
		}
	}
	names := make([]string, len(Networks))
	for i, n := range Networks {
		names[i] = string(n)
	}
	return "", Errorf(EINVALID, "unknown network %q (want one of %s)", s, strings.Join(names, ", "))
}
