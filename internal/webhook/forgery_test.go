package webhook_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/relais-dev/relais/internal/webhook"
)

// challengeParams names the query parameters each handshake echoes or
// signs; an attacker fills them all with the delivery it wants signed.
var challengeParams = map[string][]string{
	"meta":     {"hub.challenge"},
	"x":        {"crc_token"},
	"linkedin": {"challengeCode"},
	"tiktok":   {"crc_token", "challengeCode", "hub.challenge"},
	"sandbox":  {"crc_token", "challengeCode", "hub.challenge"},
}

// TestHandshakeCannotSignADelivery plays the forgery end to end on every
// webhook path: ask the handshake to answer over the bytes of a delivery
// (or over a token that is itself a body), then post those bytes with
// whatever the handshake answered as their signature. One step or the
// other must be refused, and nothing may be stored. The attacker is given
// Meta's verify token, which is a shared value and not a key.
func TestHandshakeCannotSignADelivery(t *testing.T) {
	bodies := map[string][][]byte{"sandbox": {body(t, "dlv_forged", "acme-page", comment("c-forged", "forged"))}}
	for _, n := range networks {
		for _, s := range n.loadSamples(t) {
			bodies[n.path] = append(bodies[n.path], s.body)
		}
	}
	for path, params := range challengeParams {
		// Tokens in every handshake's alphabet that are also JSON values.
		attempts := append(bodies[path], []byte("1158201444"), []byte("-1"))
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, allSecrets())
			if path != "sandbox" {
				for _, n := range networks {
					if n.path == path {
						connectOwners(t, f, n.loadSamples(t))
					}
				}
			}
			header, _, err := webhook.Sign(path, []byte("k"), nil, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range attempts {
				q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {verifyToken}}
				for _, p := range params {
					q.Set(p, string(b))
				}
				get := httptest.NewRequest(http.MethodGet, webhook.Path+path+"?"+q.Encode(), nil)
				w := f.serve(t, get)
				if w.Code >= 400 && w.Code < 500 {
					continue
				}
				if w.Code != http.StatusOK {
					t.Fatalf("handshake over %.20q: status %d, want 200 or 4xx", b, w.Code)
				}
				for _, value := range answered(w.Body.Bytes()) {
					for _, v := range []string{value, "sha256=" + value, "hmacsha256=" + value, "t=" + strconv.FormatInt(now.Unix(), 10) + ",s=" + value} {
						r := httptest.NewRequest(http.MethodPost, webhook.Path+path, bytes.NewReader(b))
						r.Header.Set(header, v)
						if got := f.serve(t, r).Code; got < 400 || got >= 500 {
							t.Errorf("delivery %.20q signed with the handshake's %.20q: status %d, want 4xx", b, v, got)
						}
					}
				}
			}
			if got := f.inbox(t); len(got) != 0 {
				t.Errorf("forged deliveries stored %d interactions, want none", len(got))
			}
		})
	}
}

// answered lists what a handshake answer holds that could serve as a
// signature: every string of a JSON answer, or the plain-text answer.
func answered(body []byte) []string {
	var fields map[string]any
	if json.Unmarshal(body, &fields) != nil {
		return []string{string(body)}
	}
	var out []string
	for _, v := range fields {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
