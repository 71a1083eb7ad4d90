package webhook

import (
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/linkedin"
	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/tiktok"
	"github.com/relais-dev/relais/internal/x"
)

// receiver is how one webhook path checks and reads its network's calls.
type receiver struct {
	secret config.WebhookSecret
	// token is a second secret the handshake checks (Meta's verify token).
	token  *config.WebhookSecret
	verify func(secret []byte, header http.Header, body []byte, now time.Time) error
	parse  func(body []byte, receivedAt time.Time) ([]relais.Interaction, error)
	// handshake answers the network's subscription check; nil when the
	// network has none.
	handshake func(secret, token string, query url.Values) (status int, contentType string, body []byte)
}

// receivers maps each webhook path to its receiver. Facebook and
// Instagram share Meta's.
func receivers() map[string]receiver {
	return map[string]receiver{
		"meta": {
			secret: config.MetaAppSecret, token: &config.MetaVerifyToken, verify: meta.Verify, parse: meta.Parse,
			handshake: func(_, token string, q url.Values) (int, string, []byte) { return meta.Handshake(token, q) },
		},
		"x": {
			secret: config.XConsumerSecret, verify: x.Verify, parse: x.Parse,
			handshake: func(secret, _ string, q url.Values) (int, string, []byte) { return x.Handshake([]byte(secret), q) },
		},
		"linkedin": {
			secret: config.LinkedInClientSecret, verify: linkedin.Verify, parse: linkedin.Parse,
			handshake: func(secret, _ string, q url.Values) (int, string, []byte) {
				return linkedin.Handshake([]byte(secret), q)
			},
		},
		"tiktok":  {secret: config.TikTokClientSecret, verify: tiktok.Verify, parse: tiktok.Parse},
		"sandbox": {secret: config.SandboxSecret, verify: verifySandbox, parse: parseSandbox},
	}
}

func verifySandbox(secret []byte, header http.Header, body []byte, _ time.Time) error {
	return sandbox.Verify(secret, header.Get(sandbox.SignatureHeader), body)
}

func parseSandbox(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	d, err := sandbox.ParseDelivery(body)
	if err != nil {
		return nil, err
	}
	out := make([]relais.Interaction, len(d.Events))
	for i, e := range d.Events {
		out[i] = e.Interaction(d.Account, receivedAt)
	}
	return out, nil
}
