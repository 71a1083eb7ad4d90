package blueskyfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// pds is the fake on a test server, with one account.
type pds struct {
	t   *testing.T
	s   *Server
	srv *httptest.Server
	did string
}

func newPDS(t *testing.T) *pds {
	t.Helper()
	s := New()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	did := s.RegisterAccount("acme.bsky.social", "app-pass")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &pds{t: t, s: s, srv: srv, did: did}
}

// call makes an XRPC call and returns the status and the decoded answer.
func (p *pds) call(method, path, bearer, body string) (int, map[string]any) {
	p.t.Helper()
	return p.callWith(nil, method, path, bearer, body)
}

// callWith is call with more headers.
func (p *pds) callWith(h http.Header, method, path, bearer, body string) (int, map[string]any) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.srv.URL+"/xrpc/"+path, strings.NewReader(body))
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

// login opens a session and returns its access and refresh tokens.
func (p *pds) login() (string, string) {
	p.t.Helper()
	status, out := p.call("POST", "com.atproto.server.createSession", "", `{"identifier":"acme.bsky.social","password":"app-pass"}`)
	if status != http.StatusOK {
		p.t.Fatalf("createSession: status %d: %v", status, out)
	}
	return out["accessJwt"].(string), out["refreshJwt"].(string)
}

// tidOf is a TID for a short name, sorting as the names do: posts take
// TIDs as record keys.
func tidOf(name string) string {
	return "3k" + name + strings.Repeat("a", 11-len(name))
}

// create makes a post under the TID of name.
func (p *pds) create(access, name, text string) (int, map[string]any) {
	p.t.Helper()
	body := `{"repo":"` + p.did + `","collection":"app.bsky.feed.post","rkey":"` + tidOf(name) + `","record":{"$type":"app.bsky.feed.post","text":"` + text + `","createdAt":"2026-11-22T09:00:00.000Z"}}`
	return p.call("POST", "com.atproto.repo.createRecord", access, body)
}

func TestErrors(t *testing.T) {
	p := newPDS(t)
	access, refresh := p.login()
	if status, _ := p.create(access, "taken", "first"); status != http.StatusOK {
		t.Fatalf("create: status %d", status)
	}
	tests := []struct {
		name       string
		method     string
		path       string
		bearer     string
		body       string
		wantStatus int
		wantError  string
	}{
		{"bad password", "POST", "com.atproto.server.createSession", "", `{"identifier":"acme.bsky.social","password":"nope"}`, 401, "AuthenticationRequired"},
		{"unknown account", "POST", "com.atproto.server.createSession", "", `{"identifier":"globex.bsky.social","password":"app-pass"}`, 401, "AuthenticationRequired"},
		{"no token", "POST", "com.atproto.repo.createRecord", "", `{}`, 401, "AuthenticationRequired"},
		{"unknown token", "POST", "com.atproto.repo.createRecord", "nope", `{"repo":"acme.bsky.social"}`, 400, "InvalidToken"},
		{"refresh token on a call", "POST", "com.atproto.repo.createRecord", refresh, `{"repo":"acme.bsky.social"}`, 400, "InvalidToken"},
		{"access token on refresh", "POST", "com.atproto.server.refreshSession", access, "", 400, "InvalidToken"},
		{"unknown repo", "POST", "com.atproto.repo.createRecord", access, `{"repo":"globex.bsky.social","collection":"app.bsky.feed.post","record":{}}`, 400, "InvalidRequest"},
		{"no text", "POST", "com.atproto.repo.createRecord", access, `{"repo":"acme.bsky.social","collection":"app.bsky.feed.post","record":{"createdAt":"2026-11-22T09:00:00Z"}}`, 400, "InvalidRequest"},
		{"bad createdAt", "POST", "com.atproto.repo.createRecord", access, `{"repo":"acme.bsky.social","collection":"app.bsky.feed.post","record":{"text":"a","createdAt":"yesterday"}}`, 400, "InvalidRequest"},
		{"bad record key", "POST", "com.atproto.repo.createRecord", access, `{"repo":"acme.bsky.social","collection":"app.bsky.feed.post","rkey":"a/b","record":{"text":"a","createdAt":"2026-11-22T09:00:00Z"}}`, 400, "InvalidRequest"},
		{"duplicate record key", "POST", "com.atproto.repo.createRecord", access, `{"repo":"acme.bsky.social","collection":"app.bsky.feed.post","rkey":"` + tidOf("taken") + `","record":{"text":"a","createdAt":"2026-11-22T09:00:00Z"}}`, 500, "InternalServerError"},
		{"a post's key not a TID", "POST", "com.atproto.repo.createRecord", access, `{"repo":"acme.bsky.social","collection":"app.bsky.feed.post","rkey":"p20261122224418886d2173","record":{"text":"a","createdAt":"2026-11-22T09:00:00Z"}}`, 400, "InvalidRequest"},
		{"record not found", "GET", "com.atproto.repo.getRecord?repo=acme.bsky.social&collection=app.bsky.feed.post&rkey=nope", "", "", 400, "RecordNotFound"},
		{"missing param", "GET", "com.atproto.repo.getRecord?repo=acme.bsky.social&collection=app.bsky.feed.post", "", "", 400, "InvalidRequest"},
		{"limit over 100", "GET", "com.atproto.repo.listRecords?repo=acme.bsky.social&collection=app.bsky.feed.post&limit=101", "", "", 400, "InvalidRequest"},
		{"wrong method", "GET", "com.atproto.repo.createRecord", access, "", 400, "InvalidRequest"},
		{"unknown method", "GET", "app.bsky.feed.getTimeline", access, "", 501, "MethodNotImplemented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := p.call(tt.method, tt.path, tt.bearer, tt.body)
			if status != tt.wantStatus || out["error"] != tt.wantError {
				t.Errorf("got %d %v, want %d %s", status, out["error"], tt.wantStatus, tt.wantError)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	p := newPDS(t)
	access, refresh := p.login()
	p.s.ExpireAccessTokens()
	if status, out := p.create(access, "a", "a"); status != 400 || out["error"] != "ExpiredToken" {
		t.Errorf("expired access token: got %d %v, want 400 ExpiredToken", status, out["error"])
	}
	status, out := p.call("POST", "com.atproto.server.refreshSession", refresh, "")
	if status != http.StatusOK {
		t.Fatalf("refresh: got %d %v", status, out)
	}
	if status, _ := p.create(out["accessJwt"].(string), "a", "a"); status != http.StatusOK {
		t.Errorf("create with the refreshed token: got %d", status)
	}
	if status, out := p.call("POST", "com.atproto.server.refreshSession", refresh, ""); status != 400 || out["error"] != "InvalidToken" {
		t.Errorf("refresh token used twice: got %d %v, want 400 InvalidToken", status, out["error"])
	}
	if got, want := p.s.Refreshes(), 1; got != want {
		t.Errorf("refreshes: got %d, want %d", got, want)
	}
}

// TestFaults checks that injected faults skip the session calls.
func TestFaults(t *testing.T) {
	p := newPDS(t)
	p.s.Faults.FailNext(1, netfake.RateLimit)
	access, _ := p.login()
	req, _ := http.NewRequest("GET", p.srv.URL+"/xrpc/com.atproto.repo.listRecords?repo=acme.bsky.social&collection=app.bsky.feed.post", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("listRecords: %v", err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusTooManyRequests; got != want {
		t.Errorf("status: got %d, want %d", got, want)
	}
	if got, want := resp.Header.Get("RateLimit-Reset"), "1795338300"; got != want {
		t.Errorf("ratelimit-reset: got %q, want %q (now + 5 min)", got, want)
	}
}

func TestListRecords(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	for _, k := range []string{"a", "c", "b", "d", "e"} {
		if status, _ := p.create(access, k, k); status != http.StatusOK {
			t.Fatalf("create %s: status %d", k, status)
		}
	}
	var got []string
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		_, out := p.call("GET", "com.atproto.repo.listRecords?repo="+p.did+"&collection=app.bsky.feed.post&limit=2&cursor="+cursor, "", "")
		recs := out["records"].([]any)
		for _, r := range recs {
			got = append(got, r.(map[string]any)["value"].(map[string]any)["text"].(string))
		}
		c, _ := out["cursor"].(string)
		if len(recs) == 0 {
			if c != "" {
				t.Errorf("empty page has cursor %q", c)
			}
			break
		}
		cursor = c
	}
	if want := "e d c b a"; strings.Join(got, " ") != want {
		t.Errorf("records: got %v, want %s", got, want)
	}
}

func TestListNotifications(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	if status, _ := p.create(access, "own", "our post"); status != http.StatusOK {
		t.Fatalf("create: status %d", status)
	}
	own := "at://" + p.did + "/app.bsky.feed.post/" + tidOf("own")
	// A second apart, so that they list in this order, newest first.
	clock := netfake.NewClock(p.s.Now())
	p.s.Now = func() time.Time { clock.Advance(time.Second); return clock.Now() }
	first := p.s.Mention("acme.bsky.social", "bob.example", "@acme.bsky.social hi", "")
	reply := p.s.Mention(p.did, "bob.example", "thanks!", own)
	deeper := p.s.Mention(p.did, "carol.example", "@acme.bsky.social agreed", reply.URI)
	p.s.Like(p.did, "carol.example", own)
	quote := p.s.Quote(p.did, "carol.example", "look at this", own)

	type entry struct {
		URI           string `json:"uri"`
		Reason        string `json:"reason"`
		ReasonSubject string `json:"reasonSubject"`
		Author        struct {
			DID    string `json:"did"`
			Handle string `json:"handle"`
		} `json:"author"`
		Record struct {
			Text  string `json:"text"`
			Reply *struct {
				Root, Parent struct {
					URI string `json:"uri"`
				}
			} `json:"reply"`
		} `json:"record"`
	}
	list := func(query string) ([]entry, string) {
		t.Helper()
		status, out := p.call("GET", "app.bsky.notification.listNotifications?"+query, access, "")
		if status != http.StatusOK {
			t.Fatalf("%s: status %d: %v", query, status, out)
		}
		b, _ := json.Marshal(out["notifications"])
		var page []entry
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		c, _ := out["cursor"].(string)
		return page, c
	}
	all, _ := list("")
	var got []string
	for _, e := range all {
		got = append(got, e.Reason+" "+e.Record.Text)
	}
	want := "quote look at this|like |reply @acme.bsky.social agreed|reply thanks!|mention @acme.bsky.social hi"
	if strings.Join(got, "|") != want {
		t.Fatalf("notifications: got %q, want %q", strings.Join(got, "|"), want)
	}
	if e := all[2]; e.URI != deeper.URI || e.ReasonSubject != own || e.Record.Reply == nil ||
		e.Record.Reply.Root.URI != own || e.Record.Reply.Parent.URI != reply.URI || e.Author.Handle != "carol.example" {
		t.Errorf("reply to a reply: got %+v, want root %s, parent %s, subject the root", e, own, reply.URI)
	}
	if e := all[0]; e.URI != quote.URI || e.ReasonSubject != own {
		t.Errorf("quote: got %+v, want subject %s", e, own)
	}

	// Paging by two, filtered by reason, ends with an empty page.
	var uris []string
	cursor := ""
	for range 5 {
		page, next := list("limit=2&reasons=reply&reasons=mention&cursor=" + cursor)
		for _, e := range page {
			uris = append(uris, e.URI)
		}
		if len(page) == 0 {
			if next != "" {
				t.Errorf("empty page has cursor %q", next)
			}
			break
		}
		cursor = next
	}
	if got, want := strings.Join(uris, " "), strings.Join([]string{deeper.URI, reply.URI, first.URI}, " "); got != want {
		t.Errorf("paged replies and mentions:\n got %s\nwant %s", got, want)
	}

	for query, wantStatus := range map[string]int{"limit=0": 400, "limit=101": 400, "cursor=nonsense": 400} {
		if status, _ := p.call("GET", "app.bsky.notification.listNotifications?"+query, access, ""); status != wantStatus {
			t.Errorf("%s: got %d, want %d", query, status, wantStatus)
		}
	}
	if status, _ := p.call("GET", "app.bsky.notification.listNotifications", "", ""); status != http.StatusUnauthorized {
		t.Errorf("no token: got %d, want 401", status)
	}
}
