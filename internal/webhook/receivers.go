package webhook

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
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
	// header and sign are how the network signs a delivery, for the
	// tools that send one as it would.
	header string
	sign   func(secret, body []byte, at time.Time) string
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
			header: meta.SignatureHeader, sign: func(s, b []byte, _ time.Time) string { return meta.Sign(s, b) },
			handshake: func(_, token string, q url.Values) (int, string, []byte) { return meta.Handshake(token, q) },
		},
		"x": {
			secret: config.XConsumerSecret, verify: x.Verify, parse: x.Parse,
			header: x.SignatureHeader, sign: func(s, b []byte, _ time.Time) string { return x.Sign(s, b) },
			handshake: func(secret, _ string, q url.Values) (int, string, []byte) { return x.Handshake([]byte(secret), q) },
		},
		"linkedin": {
			secret: config.LinkedInClientSecret, verify: linkedin.Verify, parse: linkedin.Parse,
			header: linkedin.SignatureHeader, sign: func(s, b []byte, _ time.Time) string { return linkedin.Sign(s, b) },
			handshake: func(secret, _ string, q url.Values) (int, string, []byte) {
				return linkedin.Handshake([]byte(secret), q)
			},
		},
		"tiktok": {
			secret: config.TikTokClientSecret, verify: tiktok.Verify, parse: tiktok.Parse,
			header: tiktok.SignatureHeader, sign: tiktok.Sign,
		},
		"sandbox": {
			secret: config.SandboxSecret, verify: verifySandbox, parse: parseSandbox,
			header: sandbox.SignatureHeader, sign: func(s, b []byte, _ time.Time) string { return sandbox.Sign(s, b) },
		},
	}
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

func lookup(path string) (receiver, error) {
	rcv, ok := receivers()[path]
	if !ok {
		return rcv, relais.Errorf(relais.EINVALID, "unknown webhook %q (want one of %s)", path, strings.Join(Paths(), ", "))
	}
	return rcv, nil
}

// Secret names the secret a webhook path's deliveries are signed with.
func Secret(path string) (config.WebhookSecret, error) {
	rcv, err := lookup(path)
	return rcv.secret, err
}

// Sign signs a delivery for a webhook path as its network would, at a
// time: it returns the header to send and its value.
func Sign(path string, secret, body []byte, at time.Time) (header, value string, err error) {
	rcv, err := lookup(path)
	if err != nil {
		return "", "", err
	}
	return rcv.header, rcv.sign(secret, body, at), nil
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
