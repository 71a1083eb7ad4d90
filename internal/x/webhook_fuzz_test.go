package x

import (
	"net/http"
	"testing"

	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

func FuzzParse(f *testing.F) {
	for _, b := range inboundtest.Bodies(f, relais.X) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ins, err := Parse(body, receivedAt)
		inboundtest.Parsed(t, ins, err)
	})
}

func FuzzVerify(f *testing.F) {
	body := []byte(`{"for_user_id":"1","tweet_delete_events":[{"status":{"id":"3"}}]}`)
	f.Add(consumerSecret, Sign(consumerSecret, body), body)
	f.Add(consumerSecret, "sha256=====", body)
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte) {
		inboundtest.Refused(t, Verify(secret, http.Header{SignatureHeader: {header}}, body, receivedAt), refusals...)
		if len(secret) > 0 {
			inboundtest.OwnSignature(t, Verify(secret, signed(secret, body), body, receivedAt), body, ErrNotDelivery)
		}
	})
}
