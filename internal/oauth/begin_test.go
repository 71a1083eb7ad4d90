package oauth

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

var unreserved = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

func TestBegin(t *testing.T) {
	tests := []struct {
		name      string
		n         network
		authURL   string
		extra     url.Values
		wantQuery url.Values // besides state and the challenge
		wantRaw   string     // in the raw query
	}{
		{"space-separated scopes", linkedinLike(), "https://net.example/oauth/v2/authorization", nil, url.Values{
			"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirectURI},
			"scope": {"w_organization_social r_organization_social"},
		}, "scope=w_organization_social%20r_organization_social"},
		{"PKCE", xLike(), "https://net.example/i/oauth2/authorize", nil, url.Values{
			"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirectURI},
			"scope": {"tweet.read tweet.write users.read offline.access"}, "code_challenge_method": {"S256"},
		}, "code_challenge_method=S256"},
		{"client_key and commas", tiktokLike(), "https://net.example/v2/auth/authorize/", nil, url.Values{
			"response_type": {"code"}, "client_key": {clientID}, "redirect_uri": {redirectURI},
			"scope": {"user.info.basic,video.publish"}, "code_challenge_method": {"S256"},
		}, "scope=user.info.basic%2Cvideo.publish"},
		{"the network's own parameters", metaLike(), "https://net.example/dialog/oauth?display=page", url.Values{"account": {"acme"}, "state": {"mine"}}, url.Values{
			"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirectURI},
			"scope": {"pages_manage_posts,pages_read_engagement"}, "display": {"page"}, "account": {"acme"},
		}, "display=page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.n.o
			o.AuthURL = tt.authURL
			c := New("testnet", o, clientID, clientSecret, redirectURI, nil)
			consent, err := c.Begin(tt.extra)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(consent.URL)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := u.Scheme+"://"+u.Host+u.Path, strings.Split(tt.authURL, "?")[0]; got != want {
				t.Errorf("endpoint: got %s, want %s", got, want)
			}
			q := u.Query()
			for k := range tt.wantQuery {
				if got, want := q.Get(k), tt.wantQuery.Get(k); got != want {
					t.Errorf("%s: got %q, want %q", k, got, want)
				}
			}
			if !strings.Contains(u.RawQuery, tt.wantRaw) {
				t.Errorf("raw query %q lacks %q", u.RawQuery, tt.wantRaw)
			}
			if got := q.Get("state"); got != consent.State || !unreserved.MatchString(got) {
				t.Errorf("state: got %q, want Consent.State %q, 43 unreserved characters", got, consent.State)
			}
			if !o.PKCE {
				if consent.Verifier != "" || q.Has("code_challenge") {
					t.Errorf("got a verifier %q and challenge %q without PKCE", consent.Verifier, q.Get("code_challenge"))
				}
				return
			}
			if !unreserved.MatchString(consent.Verifier) {
				t.Errorf("verifier %q is not 43 to 128 unreserved characters", consent.Verifier)
			}
			if got, want := q.Get("code_challenge"), challengeOf(consent.Verifier); got != want {
				t.Errorf("challenge: got %q, want %q", got, want)
			}
		})
	}
}

// TestBeginIsRandom: each consent has its own state and verifier.
func TestBeginIsRandom(t *testing.T) {
	o := xLike().o
	o.AuthURL = "https://net.example/i/oauth2/authorize"
	c := New("testnet", o, clientID, clientSecret, redirectURI, nil)
	a, _ := c.Begin(nil)
	b, _ := c.Begin(nil)
	if a.State == b.State || a.Verifier == b.Verifier {
		t.Errorf("two consents share a state or a verifier")
	}
}

// TestChallenge is RFC 7636's example (appendix B).
func TestChallenge(t *testing.T) {
	if got, want := challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestBeginRefusesABadURL(t *testing.T) {
	for _, authURL := range []string{"", "/oauth/authorize", "::"} {
		c := New("testnet", relais.OAuth{AuthURL: authURL}, clientID, clientSecret, redirectURI, nil)
		if _, err := c.Begin(nil); err == nil {
			t.Errorf("Begin with %q: got no error", authURL)
		}
	}
}

func TestCheckState(t *testing.T) {
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"abc", "abc", true},
		{"abd", "abc", false},
		{"ab", "abc", false},
		{"", "abc", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if ok := CheckState(tt.got, tt.want); ok != tt.ok {
			t.Errorf("CheckState(%q, %q): got %v, want %v", tt.got, tt.want, ok, tt.ok)
		}
	}
}
