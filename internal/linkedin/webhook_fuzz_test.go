package linkedin

import (
	"net/http"
	"testing"

	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

func FuzzParse(f *testing.F) {
	for _, b := range inboundtest.Bodies(f, relais.LinkedIn) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ins, err := Parse(body, receivedAt)
		inboundtest.Parsed(t, ins, err)
	})
}

func FuzzVerify(f *testing.F) {
	body := []byte(`{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}`)
	f.Add(clientSecret, Sign(clientSecret, body), body)
	f.Add(clientSecret, "hmacsha256="+Sign(clientSecret, body), body)
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte) {
		inboundtest.Refused(t, Verify(secret, http.Header{SignatureHeader: {header}}, body, receivedAt), refusals...)
		if len(secret) > 0 {
			inboundtest.OwnSignature(t, Verify(secret, signed(secret, body), body, receivedAt), body, ErrNotDelivery)
		}
	})
}
