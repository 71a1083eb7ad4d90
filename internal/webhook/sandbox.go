package webhook

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/sandbox"
)

// sandboxReceiver takes the sandbox network's deliveries.
type sandboxReceiver struct{}

func (sandboxReceiver) verify(secret []byte, header http.Header, body []byte) error {
	return sandbox.Verify(secret, header.Get(sandbox.SignatureHeader), body)
}

func (sandboxReceiver) parse(body []byte, receivedAt time.Time) (delivery, error) {
	d, err := sandbox.ParseDelivery(body)
	if err != nil {
		return delivery{}, err
	}
	out := delivery{id: d.DeliveryID, account: d.Account}
	for _, e := range d.Events {
		// Edits and removals update stored interactions, which comes with
		// the networks' intake; new comments are stored here.
		if e.Verb != sandbox.VerbAdd {
			continue
		}
		out.interactions = append(out.interactions, e.Interaction(d.Account, receivedAt))
	}
	return out, nil
}
