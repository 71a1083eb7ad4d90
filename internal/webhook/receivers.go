package webhook

import (
	"sort"
	"strings"
	"time"

	// The webhook function serves the networks the registry registers.
	_ "github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
)

// receivers maps each webhook path to the receiver the registered networks
// declare; networks that share a path (Facebook and Instagram) declare one
// receiver.
func receivers() map[string]*relais.Webhook {
	out := map[string]*relais.Webhook{}
	for _, s := range relais.Specs() {
		if s.Webhook != nil {
			out[s.Webhook.Path] = s.Webhook
		}
	}
	return out
}

// Paths lists the webhook paths, one per network or family of networks.
func Paths() []string {
	paths := make([]string, 0, len(receivers()))
	for p := range receivers() {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

func lookup(path string) (*relais.Webhook, error) {
	rcv, ok := receivers()[path]
	if !ok {
		return nil, relais.Errorf(relais.EINVALID, "unknown webhook %q (want one of %s)", path, strings.Join(Paths(), ", "))
	}
	return rcv, nil
}

// Secret names the secret a webhook path's deliveries are signed with.
func Secret(path string) (relais.Secret, error) {
	rcv, err := lookup(path)
	if err != nil {
		return relais.Secret{}, err
	}
	return rcv.Secret, nil
}

// Sign signs a delivery for a webhook path as its network would, at a
// time: it returns the header to send and its value.
func Sign(path string, secret, body []byte, at time.Time) (header, value string, err error) {
	rcv, err := lookup(path)
	if err != nil {
		return "", "", err
	}
	return rcv.Header, rcv.Sign(secret, body, at), nil
}
