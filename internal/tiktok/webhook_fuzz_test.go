package tiktok

import (
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

func FuzzParse(f *testing.F) {
	for _, b := range inboundtest.Bodies(f, relais.TikTok) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ins, err := Parse(body, receivedAt)
		inboundtest.Parsed(t, ins, err)
	})
}

// FuzzVerify takes the signing time as seconds from now, to reach both
// sides of the freshness window.
func FuzzVerify(f *testing.F) {
	body := []byte(`{"event":"authorization.removed","user_openid":"act.1","content":"{}"}`)
	f.Add(clientSecret, Sign(clientSecret, body, receivedAt), body, int64(0))
	f.Add(clientSecret, "t=1,s=00", body, int64(-301))
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte, offset int64) {
		inboundtest.Refused(t, Verify(secret, http.Header{SignatureHeader: {header}}, body, receivedAt), refusals...)
		if len(secret) == 0 {
			return
		}
		at := receivedAt.Add(time.Duration(offset%1000) * time.Second)
		err := Verify(secret, signed(secret, body, at), body, receivedAt)
		if !inbound.IsObject(body) {
			if err == nil {
				t.Fatalf("verified a body that is no JSON object")
			}
			return
		}
		if fresh := offset%1000 >= -300 && offset%1000 <= 300; fresh != (err == nil) {
			t.Fatalf("signed %ds from now: got %v, want fresh %v", offset%1000, err, fresh)
		}
	})
}
