package threads

import (
	"net/http"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/inbound/inboundtest"
)

func FuzzParse(f *testing.F) {
	for _, b := range inboundtest.Bodies(f, Network) {
		f.Add(b)
	}
	f.Add([]byte(`{"values":[{"field":"replies","value":{"id":1,"root_post":{"owner_id":2}}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ins, err := Parse(body, receivedAt)
		inboundtest.Parsed(t, ins, err)
		for i, in := range ins {
			// Threads has no private messages, and every interaction is
			// under a post.
			if in.Private || in.PostID == "" || in.Network != Network {
				t.Fatalf("interaction %d: got %+v, want a public one under a post", i, in)
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	body := inboundtest.Bodies(f, Network)[0]
	f.Add(appSecret, Sign(appSecret, body), body)
	f.Add(appSecret, "sha256="+strings.Repeat("0", 64), body)
	f.Add([]byte{}, "sha1=00", []byte("{}"))
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte) {
		inboundtest.Refused(t, Verify(secret, http.Header{SignatureHeader: {header}}, body, receivedAt), refusals...)
		if len(secret) > 0 {
			inboundtest.OwnSignature(t, Verify(secret, signed(secret, body), body, receivedAt), body, ErrNotDelivery)
		}
	})
}
