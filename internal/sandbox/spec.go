package sandbox

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Secret signs the sandbox network's deliveries; the local stack makes it
// up at each start.
var Secret = relais.Secret{Name: "sandbox"}

// Spec declares the sandbox network. It has no production API: its
// adapter exists only where a stack serves it, and answers in private
// within Meta's windows.
var Spec = relais.Spec{
	Name: relais.Sandbox, Label: "Sandbox", Color: "#8a6d3b",
	Formats: []relais.Format{relais.FormatText, relais.FormatImage},
	Limits:  relais.Limits{MaxText: relais.MaxPostText},
	Messaging: &relais.Windows{Standard: 24 * time.Hour, Tagged: 7 * 24 * time.Hour, PrivateReply: 7 * 24 * time.Hour,
		MaxText: 2000},
	Adapter: func(baseURL string, hc *http.Client) any {
		if baseURL == "" {
			return nil
		}
		return adapter{NewClient(baseURL, hc)}
	},
	Webhook: &relais.Webhook{
		Path: "sandbox", Secret: Secret, Verify: verify, Parse: parse,
		Header: SignatureHeader, Sign: func(s, b []byte, _ time.Time) string { return Sign(s, b) },
	},
}

func verify(secret []byte, header http.Header, body []byte, _ time.Time) error {
	return Verify(secret, header.Get(SignatureHeader), body)
}

func parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	d, err := ParseDelivery(body)
	if err != nil {
		return nil, err
	}
	out := make([]relais.Interaction, len(d.Events))
	for i, e := range d.Events {
		out[i] = e.Interaction(d.Account, receivedAt)
	}
	return out, nil
}
