package gbp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestReachable(t *testing.T) {
	const token = "tok-manager-secret"
	tests := []struct {
		name      string
		locations []string // registered for token, in order; titled by SetTitle when titled
		titled    bool
		want      []relais.Reachable // nil: every location, titled "Location {id}"
	}{
		{
			name:      "two accounts",
			locations: []string{"accounts/111/locations/222", "accounts/111/locations/333", "accounts/444/locations/555"},
			titled:    true,
			want: []relais.Reachable{
				{ID: "accounts/111/locations/222", Name: "Title 222"},
				{ID: "accounts/111/locations/333", Name: "Title 333"},
				{ID: "accounts/444/locations/555", Name: "Title 555"},
			},
		},
		{
			// 25 accounts take two pages of accounts.list; 105 locations
			// of one account two pages of accounts.locations.list.
			name:      "paged",
			locations: paged(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			for _, l := range tt.locations {
				s.fake.RegisterAccount(l, token)
				if tt.titled {
					loc, _ := ParseLocation(l)
					s.fake.SetTitle(l, "Title "+loc.ID)
				}
			}
			want := tt.want
			if want == nil {
				for _, l := range tt.locations {
					loc, _ := ParseLocation(l)
					want = append(want, relais.Reachable{ID: l, Name: "Location " + loc.ID})
				}
			}
			got, err := s.client.Reachable(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %d %v, want %d %v", len(got), got, len(want), want)
			}
		})
	}
}

// paged is 25 accounts (accounts/a10 to a34) of one location each, then
// account z with 105 locations, in the fake's order (by name).
func paged() []string {
	var out []string
	for i := 10; i < 35; i++ {
		out = append(out, fmt.Sprintf("accounts/a%d/locations/1", i))
	}
	for i := 100; i < 205; i++ {
		out = append(out, fmt.Sprintf("accounts/z/locations/%d", i))
	}
	return out
}

func TestReachableFailures(t *testing.T) {
	tests := []struct {
		name       string
		fault      netfake.Fault
		failAfter  int // requests that succeed before the fault
		token      string
		wantKind   relais.Failure
		wantStatus int
	}{
		{name: "bad token", token: "nope", wantKind: relais.FailPermanent, wantStatus: 401},
		{name: "server error listing accounts", fault: netfake.ServerError, token: acmeToken, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "rate limit listing locations", fault: netfake.RateLimit, failAfter: 1, token: acmeToken, wantKind: relais.FailTransient, wantStatus: 429},
		{name: "timeout listing locations", fault: netfake.Timeout, failAfter: 1, token: acmeToken, wantKind: relais.FailTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.fault != "" {
				s.fake.Faults.FailNext(tt.failAfter, netfake.None)
				s.fake.Faults.FailNext(1, tt.fault)
			}
			got, err := s.client.Reachable(context.Background(), tt.token)
			if got != nil {
				t.Errorf("got %v with the error, want nothing", got)
			}
			mustFail(t, err, tt.wantKind, tt.wantStatus)
		})
	}
}

// sent records the requests a client sends: it answers accounts.list with
// one account, and refuses anything else with 401.
type sent []string

func (s *sent) RoundTrip(r *http.Request) (*http.Response, error) {
	*s = append(*s, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	status, body := http.StatusUnauthorized, "{}"
	if r.URL.Path == "/v1/accounts" {
		status, body = http.StatusOK, `{"accounts":[{"name":"accounts/111"}]}`
	}
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}, Request: r}, nil
}

// A client of production lists accounts and locations on the hosts of the
// Account Management and Business Information APIs, not the v4 one.
func TestReachableProductionHost(t *testing.T) {
	var got sent
	c := New(DefaultBaseURL, &http.Client{Transport: &got})
	_, err := c.Reachable(context.Background(), acmeToken)
	mustFail(t, err, relais.FailPermanent, 401)
	want := sent{AccountManagementURL + "/v1/accounts", BusinessInformationURL + "/v1/accounts/111/locations"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
