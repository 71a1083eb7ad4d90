package meta

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

func FuzzParse(f *testing.F) {
	for _, n := range []relais.Network{relais.Facebook, relais.Instagram} {
		for _, b := range inboundtest.Bodies(f, n) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ins, err := Parse(body, receivedAt)
		inboundtest.Parsed(t, ins, err)
		for i, in := range ins {
			// A private message can be answered only in its conversation.
			if in.Private && (in.Kind != relais.KindMessage || in.Conversation == "") {
				t.Fatalf("interaction %d: private %s in conversation %q, want a message with one", i, in.Kind, in.Conversation)
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	body := mustSample(f, relais.Facebook, "comment")
	f.Add(appSecret, Sign(appSecret, body), body)
	f.Add(appSecret, "sha256="+strings.Repeat("0", 64), body)
	f.Add([]byte{}, "sha1=00", []byte("{}"))
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte) {
		h := http.Header{SignatureHeader: {header}}
		inboundtest.Refused(t, Verify(secret, h, body, receivedAt), refusals...)
		want := Sign(secret, body)
		if len(secret) > 0 {
			inboundtest.OwnSignature(t, Verify(secret, http.Header{SignatureHeader: {want}}, body, receivedAt), body, ErrNotDelivery)
		}
	})
}

// BenchmarkVerifyAndParseOneComment measures the work the webhook handler
// does on a one-comment Facebook delivery before any I/O.
func BenchmarkVerifyAndParseOneComment(b *testing.B) {
	body := mustSample(b, relais.Facebook, "comment")
	h := signed(appSecret, body)
	now := time.Now()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := Verify(appSecret, h, body, now); err != nil {
			b.Fatal(err)
		}
		ins, err := Parse(body, now)
		if err != nil || len(ins) != 1 {
			b.Fatalf("got %d interactions and %v", len(ins), err)
		}
	}
}

func mustSample(tb testing.TB, n relais.Network, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(inboundtest.SamplesDir, string(n), name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
