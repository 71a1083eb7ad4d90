package linkedinfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const token = "tok-acme"

func newServer(t *testing.T, now *time.Time) *httptest.Server {
	t.Helper()
	s := New()
	s.Now = func() time.Time { return *now }
	s.RegisterOrganization("urn:li:organization:42", token)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

const post = `{"author":"urn:li:organization:42","commentary":"hi","visibility":"PUBLIC",
	"distribution":{"feedDistribution":"MAIN_FEED","targetEntities":[],"thirdPartyDistributionChannels":[]},
	"lifecycleState":"PUBLISHED","isReshareDisabledByAuthor":false}`

// send makes a request with the headers LinkedIn wants, less those named
// in drop, and returns the status and the error code.
func send(t *testing.T, srv *httptest.Server, method, path, body string, drop ...string) (int, string) {
	t.Helper()
	status, b := do(t, method, srv.URL+path, token, body, drop...)
	return status, errorCode(b)
}

// do makes a request as tok with the headers LinkedIn wants, less those
// named in drop, and returns the status and the body.
func do(t *testing.T, method, url, tok, body string, drop ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("LinkedIn-Version", "202605")
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	for _, h := range drop {
		req.Header.Del(h)
	}
	resp, b := netfake.Send(t, req)
	return resp.StatusCode, b
}

// errorCode is the code of LinkedIn's error answer, or "".
func errorCode(body []byte) string {
	var eb errorBody
	_ = json.Unmarshal(body, &eb)
	if eb.ErrorDetails != nil {
		return eb.ErrorDetails.InputErrors[0].Code
	}
	return eb.Code
}

func TestRequests(t *testing.T) {
	list := "/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A42&count=50"
	tests := []struct {
		name, method, path, body string
		drop                     []string
		wantStatus               int
		wantCode                 string
	}{
		{"create", "POST", "/rest/posts", post, nil, 201, ""},
		{"list", "GET", list, "", nil, 200, ""},
		{"no version", "POST", "/rest/posts", post, []string{"LinkedIn-Version"}, 400, "VERSION_MISSING"},
		{"no protocol version", "GET", list, "", []string{"X-Restli-Protocol-Version"}, 400, "ILLEGAL_ARGUMENT"},
		{"no token", "POST", "/rest/posts", post, []string{"Authorization"}, 401, "INVALID_ACCESS_TOKEN"},
		{"other page", "POST", "/rest/posts", strings.Replace(post, ":42", ":43", 1), nil, 403, "ACCESS_DENIED"},
		{"draft", "POST", "/rest/posts", strings.Replace(post, "PUBLISHED", "DRAFT", 1), nil, 422, "INVALID_VALUE"},
		{"no distribution", "POST", "/rest/posts", `{"author":"urn:li:organization:42","commentary":"hi","visibility":"PUBLIC","lifecycleState":"PUBLISHED"}`, nil, 422, "INVALID_VALUE"},
		{"too long", "POST", "/rest/posts", strings.Replace(post, `"hi"`, `"`+strings.Repeat(`\\(`, 3001)+`"`, 1), nil, 422, "INVALID_VALUE"},
		{"longest, escapes not counted", "POST", "/rest/posts", strings.Replace(post, `"hi"`, `"`+strings.Repeat(`\\(`, 3000)+`"`, 1), nil, 201, ""},
		{"bad finder", "GET", strings.Replace(list, "q=author", "q=authors", 1), "", nil, 400, "ILLEGAL_ARGUMENT"},
		{"bad count", "GET", strings.Replace(list, "count=50", "count=500", 1), "", nil, 400, "ILLEGAL_ARGUMENT"},
		{"unknown path", "GET", "/rest/ugcPosts", "", nil, 404, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			status, code := send(t, newServer(t, &now), tt.method, tt.path, tt.body, tt.drop...)
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

// TestDuplicateWindow: the same commentary is refused on a page for 24 h.
func TestDuplicateWindow(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	srv := newServer(t, &now)
	steps := []struct {
		advance    time.Duration
		wantStatus int
		wantCode   string
	}{
		{0, 201, ""},
		{23 * time.Hour, 422, "DUPLICATE_POST"},
		{time.Hour, 201, ""},
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		if status, code := send(t, srv, "POST", "/rest/posts", post); status != st.wantStatus || code != st.wantCode {
			t.Errorf("step %d: got %d %q, want %d %q", i, status, code, st.wantStatus, st.wantCode)
		}
	}
}

// TestDailyLimit: calls past the limit get 429 until midnight UTC.
func TestDailyLimit(t *testing.T) {
	now := time.Date(2026, 11, 20, 23, 0, 0, 0, time.UTC)
	s := New()
	s.Now = func() time.Time { return now }
	s.RegisterOrganization("42", token)
	s.SetDailyLimit(2)
	srv := httptest.NewServer(s)
	defer srv.Close()
	list := "/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A42"
	steps := []struct {
		advance    time.Duration
		wantStatus int
	}{{0, 200}, {0, 200}, {59 * time.Minute, 429}, {time.Minute, 200}}
	for i, st := range steps {
		now = now.Add(st.advance)
		if status, _ := send(t, srv, "GET", list, ""); status != st.wantStatus {
			t.Errorf("step %d: got %d, want %d", i, status, st.wantStatus)
		}
	}
}
