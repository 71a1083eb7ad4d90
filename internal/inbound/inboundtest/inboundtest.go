// Package inboundtest holds the checks the networks' webhook tests share:
// loading every sample delivery of a network, comparing normalised
// interactions, tampering with signed bodies, and the invariants the fuzz
// targets hold Parse and Verify to.
package inboundtest

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// SamplesDir is where the sample deliveries live, seen from a network
// package's directory: SamplesDir/<network>/<kind>.json.
const SamplesDir = "../../events/webhooks"

// Sample is one sample delivery: its file name without .json, and its
// raw bytes as the network signs them.
type Sample struct {
	Name string
	Body []byte
}

// Samples reads every sample of a network and checks that the files and
// the expectations match one to one: a sample nobody checks, or an
// expectation without its sample, fails the test.
func Samples(tb testing.TB, network relais.Network, want []string) []Sample {
	tb.Helper()
	dir := filepath.Join(SamplesDir, string(network))
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("samples of %s: got %d files (err %v), want some in %s", network, len(paths), err, dir)
	}
	var out []Sample
	var names []string
	for _, p := range paths {
		body, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		names = append(names, name)
		out = append(out, Sample{Name: name, Body: body})
	}
	slices.Sort(names)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(names, want) {
		tb.Fatalf("samples of %s: got files %q, want exactly %q (add the expectation or the file)", network, names, want)
	}
	return out
}

// Bodies returns the raw bodies of every sample of a network, to seed a
// fuzz target.
func Bodies(tb testing.TB, network relais.Network) [][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(SamplesDir, string(network), "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// Equal reports every field that differs between got and want.
func Equal(tb testing.TB, got, want []relais.Interaction) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("got %d interactions, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			tb.Errorf("interaction %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// Tampered calls verify on body, which must pass, then on copies with
// one byte changed at a few places (first, middle, last), which must all
// be refused as unauthorized.
func Tampered(tb testing.TB, body []byte, verify func(body []byte) error) {
	tb.Helper()
	if err := verify(body); err != nil {
		tb.Fatalf("verify the signed body: got %v, want nil", err)
	}
	for _, at := range []int{0, len(body) / 2, len(body) - 1} {
		b := slices.Clone(body)
		b[at] ^= 0x01
		if err := verify(b); relais.ErrorCode(err) != relais.EUNAUTHORIZED {
			tb.Errorf("verify with byte %d changed: got %v, want an unauthorized error", at, err)
		}
	}
}

// Parsed checks what Parse returned on any input: an invalid-delivery
// error, or interactions that all carry an id and an account id.
func Parsed(tb testing.TB, ins []relais.Interaction, err error) {
	tb.Helper()
	if err != nil {
		if code := relais.ErrorCode(err); code != relais.EINVALID {
			tb.Fatalf("parse error %v: got code %s, want %s", err, code, relais.EINVALID)
		}
		return
	}
	for i, in := range ins {
		if in.ID == "" || in.AccountID == "" {
			tb.Fatalf("interaction %d: got id %q and account %q, want both", i, in.ID, in.AccountID)
		}
	}
}

// Refused checks what Verify returned on any input: nil or one of the
// network's fixed refusals (whose messages hold no secret, no expected
// signature and nothing of the request), or the missing-secret fault.
func Refused(tb testing.TB, err error, refusals ...error) {
	tb.Helper()
	if err == nil || errors.Is(err, inbound.ErrNoSecret) {
		return
	}
	for _, r := range refusals {
		if err == r {
			return
		}
	}
	tb.Fatalf("verify: got %v, want nil or one of %q", err, refusals)
}

// OwnSignature checks what Verify said of a body under its own valid
// signature: nil for a JSON object, and notDelivery for any other body,
// since only those can be a handshake's challenge.
func OwnSignature(tb testing.TB, err error, body []byte, notDelivery error) {
	tb.Helper()
	var want error
	if !inbound.IsObject(body) {
		want = notDelivery
	}
	if err != want {
		tb.Fatalf("verify its own signature: got %v, want %v", err, want)
	}
}

// Signature runs, as subtest name, verify on a delivery whose header
// named header holds value (no header when it is ""), and checks that it
// answers want, nil or one of the network's refusals.
func Signature(t *testing.T, name, header, value string, verify func(http.Header) error, want error, refusals ...error) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		h := http.Header{}
		if value != "" {
			h.Set(header, value)
		}
		err := verify(h)
		if !errors.Is(err, want) {
			t.Fatalf("got %v, want %v", err, want)
		}
		Refused(t, err, refusals...)
	})
}
