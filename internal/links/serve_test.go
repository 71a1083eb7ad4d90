package links_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/links"
)

var (
	acmeW47      = links.Report{ClientID: "acme", Period: "2026-W47", Format: "html"}
	acmeW47CSV   = links.Report{ClientID: "acme", Period: "2026-W47", Format: "csv"}
	acmeW48      = links.Report{ClientID: "acme", Period: "2026-W48", Format: "html"}
	globexW47    = links.Report{ClientID: "globex", Period: "2026-W47", Format: "html"}
	acmeW47Key   = "reports/acme/2026-W47/report.html"
	globexW47Key = "reports/globex/2026-W47/report.html"
)

// TestLinkOutlivesTheCredentialsThatMadeIt issues a link with one access
// key, expires that key as Lambda's credentials expire within hours, and
// follows the link: the API signs a fresh URL with its current key, which
// downloads the report. The seven-day URL pre-signed with the first key,
// which Report Ready carried before, no longer works.
func TestLinkOutlivesTheCredentialsThatMadeIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	is := f.issue(t, acmeW47, 0)
	if got, want := is.Link.Expires, time.Now().Add(links.DefaultTTL); got.Before(want.Add(-time.Minute)) || got.After(want) {
		t.Errorf("expiry of a link by default: got %s, want seven days from now (%s)", got, want)
	}
	presigned, err := f.bucket.Link(ctx, acmeW47Key, links.DefaultTTL)
	must(t, err)

	f.rotate("ASIASECOND")
	if got, want := f.follow(t, is.URL), redirected(acmeW47Key); got != want {
		t.Errorf("the link after its issuer's credentials expired: got %+v, want %+v", got, want)
	}
	resp, err := f.client().Get(presigned)
	must(t, err)
	resp.Body.Close()
	if got, want := resp.StatusCode, 400; got != want {
		t.Errorf("a seven-day pre-signed URL after its credentials expired: got %d, want %d (ExpiredToken)", got, want)
	}

	f.rotate("ASIATHIRD")
	if got, want := f.follow(t, is.URL), redirected(acmeW47Key); got != want {
		t.Errorf("the link after a second rotation: got %+v, want %+v", got, want)
	}
}

// TestExpiredLinkRefused follows a link before and after its expiry.
func TestExpiredLinkRefused(t *testing.T) {
	f := newFixture(t)
	is := f.issue(t, acmeW47, time.Hour)
	tests := []struct {
		name  string
		after time.Duration
		want  opened
	}{
		{"at once", 0, redirected(acmeW47Key)},
		{"a second before its expiry", time.Hour - time.Second, redirected(acmeW47Key)},
		{"at its expiry", time.Hour, refused()},
		{"a week later", time.Hour + 7*24*time.Hour, refused()},
	}
	// Times count from the expiry the token carries, in whole seconds, not
	// from a clock read after issuing, which may have ticked past one.
	start := is.Link.Expires.Add(-time.Hour)
	for _, tt := range tests {
		f.handler.Now = func() time.Time { return start.Add(tt.after) }
		if got := f.follow(t, is.URL); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestTamperedTokenRefused edits a valid token in every way short of
// knowing the deployment's key.
func TestTamperedTokenRefused(t *testing.T) {
	f := newFixture(t)
	is := f.issue(t, acmeW47, 0)
	other := newFixture(t).issue(t, acmeW47, 0) // another deployment's key
	version, claims, sig := split(t, is.URL)
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	base := apiURL + links.PathUnderAPI
	tests := []struct{ name, url string }{
		{"a claim's byte changed", base + version + "." + flip(claims, 5) + "." + sig},
		{"the signature's first byte changed", base + version + "." + claims + "." + flip(sig, 0)},
		{"the signature's last byte changed", base + version + "." + claims + "." + flip(sig, len(sig)-1)},
		{"the signature cut short", base + version + "." + claims + "." + sig[:len(sig)/2]},
		{"no signature", base + version + "." + claims + "."},
		{"no signature part", base + version + "." + claims},
		{"another version", base + "v2." + claims + "." + sig},
		{"signed by another deployment", other.URL},
		{"garbage", base + "not-a-token"},
		{"oversized", base + version + "." + claims + strings.Repeat("A", 2048) + "." + sig},
		{"expiry pushed back", base + version + "." + edit(t, claims, "x", time.Now().Add(365*24*time.Hour).Unix()) + "." + sig},
	}
	if got, want := f.follow(t, is.URL), redirected(acmeW47Key); got != want {
		t.Fatalf("the untouched link: got %+v, want %+v", got, want)
	}
	for _, tt := range tests {
		if got, want := f.follow(t, tt.url), refused(); got != want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, want)
		}
	}
}

// TestRevokedLinkRefused revokes one link, then every link of a client:
// revoked links answer as invalid ones, other clients' keep working.
func TestRevokedLinkRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	w47, csv, w48, globex := f.issue(t, acmeW47, 0), f.issue(t, acmeW47CSV, 0), f.issue(t, acmeW48, 0), f.issue(t, globexW47, 0)

	must(t, f.issuer.Revoke(ctx, "acme", w47.Link.ID))
	must(t, f.issuer.Revoke(ctx, "acme", w47.Link.ID)) // twice is no error
	n, err := f.issuer.RevokeClient(ctx, "globex")
	must(t, err)
	if got, want := n, 1; got != want {
		t.Errorf("links of globex revoked: got %d, want %d", got, want)
	}
	tests := []struct {
		name string
		url  string
		want opened
	}{
		{"the revoked link", w47.URL, refused()},
		{"another link to the same report", csv.URL, redirected("reports/acme/2026-W47/report.csv")},
		{"another report's link", w48.URL, redirected("reports/acme/2026-W48/report.html")},
		{"a link of the client who left", globex.URL, refused()},
	}
	for _, tt := range tests {
		if got := f.follow(t, tt.url); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestLinkCannotReachAnotherClient edits each part of acme's link toward
// globex's report, and splices the two clients' links together.
func TestLinkCannotReachAnotherClient(t *testing.T) {
	f := newFixture(t)
	acme, globex := f.issue(t, acmeW47, 0), f.issue(t, globexW47, 0)
	version, claims, sig := split(t, acme.URL)
	_, globexClaims, globexSig := split(t, globex.URL)
	base := apiURL + links.PathUnderAPI
	tests := []struct{ name, url string }{
		{"the client", base + version + "." + edit(t, claims, "c", "globex") + "." + sig},
		{"the link id, to globex's", base + version + "." + edit(t, claims, "i", globex.Link.ID) + "." + sig},
		{"the period, through the path", base + version + "." + edit(t, claims, "p", "../../globex/2026-W47") + "." + sig},
		{"the format, through the path", base + version + "." + edit(t, claims, "f", "html/../../../globex/2026-W47/report.html") + "." + sig},
		{"acme's claims with globex's signature", base + version + "." + claims + "." + globexSig},
		{"globex's claims with acme's signature", base + version + "." + globexClaims + "." + sig},
	}
	for _, tt := range tests {
		if got, want := f.follow(t, tt.url), refused(); got != want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, want)
		}
	}
	if got, want := f.follow(t, acme.URL), redirected(acmeW47Key); got != want {
		t.Errorf("acme's own link: got %+v, want %+v", got, want)
	}
	if got, want := f.follow(t, globex.URL), redirected(globexW47Key); got != want {
		t.Errorf("globex's own link: got %+v, want %+v", got, want)
	}
}

// split cuts a link's URL into its token's three parts.
func split(t *testing.T, url string) (version, claims, sig string) {
	t.Helper()
	token := strings.TrimPrefix(url, apiURL+links.PathUnderAPI)
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q: got %d parts, want 3", token, len(parts))
	}
	return parts[0], parts[1], parts[2]
}

// edit returns claims with one claim set to v, encoded as a token's are.
func edit(t *testing.T, claims, name string, v any) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(claims)
	must(t, err)
	var m map[string]any
	must(t, json.Unmarshal(b, &m))
	m[name] = v
	b, err = json.Marshal(m)
	must(t, err)
	return base64.RawURLEncoding.EncodeToString(b)
}
