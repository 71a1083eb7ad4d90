package api_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/auth"
)

// TestDocumentCoversEveryRoute: every route is in the OpenAPI document
// and every documented operation is a route.
func TestDocumentCoversEveryRoute(t *testing.T) {
	f := newFixture(t)
	doc, _ := document()
	var documented []string
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	var routes []string
	for _, rt := range f.server.Routes() {
		routes = append(routes, rt[0]+" "+rt[1])
	}
	slices.Sort(documented)
	slices.Sort(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("documented operations and routes differ:\ndocumented %q\nroutes     %q", documented, routes)
	}
	if got := doc["openapi"]; got != "3.1.0" {
		t.Errorf("openapi: got %v, want 3.1.0", got)
	}
}

// TestIfMatch: two people change the same post; the second, whose ETag
// is stale, gets 412, and a change without If-Match gets 428.
func TestIfMatch(t *testing.T) {
	f := newFixture(t)
	seedPosts(t, f)
	read := f.call(t, manager, http.MethodGet, "/api/clients/acme/posts/post-acme", nil)
	tag := read.header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag on a post")
	}
	first := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts/post-acme/reschedule", map[string]string{"at": "2027-03-06T10:00"}, "If-Match", tag)
	if first.status != http.StatusOK || first.header.Get("ETag") == tag {
		t.Fatalf("first change: got %d with ETag %s, want 200 and a new ETag", first.status, first.header.Get("ETag"))
	}
	second := f.call(t, admin, http.MethodPost, "/api/clients/acme/posts/post-acme/cancel", nil, "If-Match", tag)
	if second.status != http.StatusPreconditionFailed {
		t.Errorf("second change on a stale ETag: got %d, want 412", second.status)
	}
	none := f.call(t, admin, http.MethodPost, "/api/clients/acme/posts/post-acme/cancel", nil)
	if none.status != http.StatusPreconditionRequired {
		t.Errorf("change without If-Match: got %d, want 428", none.status)
	}
	var p struct {
		Status string `json:"status"`
		Audit  []struct {
			By string `json:"by"`
		} `json:"audit"`
	}
	f.call(t, reviewer, http.MethodGet, "/api/clients/acme/posts/post-acme", nil).decode(t, &p)
	if p.Status != "scheduled" || p.Audit[len(p.Audit)-1].By != "max" {
		t.Errorf("post after: got %+v, want scheduled, last changed by max, who signed in", p)
	}
}

// TestIfMatchOnClients: two people edit the same client's rules; the
// second, whose ETag is stale, gets 412 and the first's rules stay.
func TestIfMatchOnClients(t *testing.T) {
	f := newFixture(t)
	tag := f.call(t, manager, http.MethodGet, "/api/clients/acme/rules", nil).header.Get("ETag")
	first := "actions:\n  insult: hide\n"
	if got := f.call(t, manager, http.MethodPut, "/api/clients/acme/rules", first, "If-Match", tag).status; got != http.StatusOK {
		t.Fatalf("first edit: got %d, want 200", got)
	}
	if got := f.call(t, admin, http.MethodPut, "/api/clients/acme/rules", "actions:\n  insult: review\n", "If-Match", tag).status; got != http.StatusPreconditionFailed {
		t.Errorf("second edit on a stale ETag: got %d, want 412", got)
	}
	if got := f.call(t, admin, http.MethodPut, "/api/clients/acme/branding", map[string]string{"color": "#123456"}).status; got != http.StatusPreconditionRequired {
		t.Errorf("an edit without If-Match: got %d, want 428", got)
	}
	c, err := f.store.Client(t.Context(), "acme")
	if err != nil || c.Rules != first {
		t.Errorf("rules after: got %q (%v), want the first edit's", c.Rules, err)
	}
}

// TestIdempotencyKey: a creation retried with its key is made once; the
// key with another request is refused.
func TestIdempotencyKey(t *testing.T) {
	f := newFixture(t)
	body := map[string]string{"account": "sandbox:acme-page", "at": "2027-03-05T09:30", "text": "Bonjour"}
	first := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", body, "Idempotency-Key", "k-1")
	again := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", body, "Idempotency-Key", "k-1")
	if first.status != http.StatusCreated || again.status != http.StatusCreated {
		t.Fatalf("got %d then %d, want 201 twice", first.status, again.status)
	}
	if string(first.body) != string(again.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the retry did not replay the first answer:\n%s\n%s", first.body, again.body)
	}
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	f.call(t, manager, http.MethodGet, "/api/clients/acme/posts", nil).decode(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("posts: got %d, want 1", len(list.Items))
	}
	other := map[string]string{"account": "sandbox:acme-page", "at": "2027-03-05T09:30", "text": "Autre chose"}
	if got := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", other, "Idempotency-Key", "k-1").status; got != http.StatusUnprocessableEntity {
		t.Errorf("the key with another request: got %d, want 422", got)
	}
	// A creation refused forgets its key: fixed and sent again, it runs.
	past := map[string]string{"account": "sandbox:acme-page", "at": "2027-02-01T09:30", "text": "Trop tard"}
	if got := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", past, "Idempotency-Key", "k-2").status; got != http.StatusUnprocessableEntity {
		t.Errorf("a post in the past: got %d, want 422", got)
	}
	if got := f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", body, "Idempotency-Key", "k-2").status; got != http.StatusCreated {
		t.Errorf("the refused key, its request fixed: got %d, want 201", got)
	}
}

// TestProblems: errors are problem details that say what is wrong with
// the call and nothing of the inside.
func TestProblems(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name    string
		id      auth.Identity
		method  string
		path    string
		body    any
		headers []string
		want    int
	}{
		{"unknown route", admin, http.MethodGet, "/api/nothing", nil, nil, http.StatusNotFound},
		{"wrong method", admin, http.MethodDelete, "/api/clients", nil, nil, http.StatusMethodNotAllowed},
		{"unknown field", admin, http.MethodPost, "/api/clients", map[string]any{"id": "x", "colour": "red"}, nil, http.StatusUnprocessableEntity},
		{"invalid client", admin, http.MethodPost, "/api/clients", map[string]any{"id": "Not An Id", "name": "x", "timezone": "Europe/Paris", "locale": "fr"}, nil, http.StatusUnprocessableEntity},
		{"rules that do not parse", manager, http.MethodPut, "/api/clients/acme/rules", "actions:\n  insult: explode\n", []string{"If-Match", "*"}, http.StatusUnprocessableEntity},
		{"bad page size", manager, http.MethodGet, "/api/clients/acme/posts?limit=5000", nil, nil, http.StatusUnprocessableEntity},
		{"forged cursor", manager, http.MethodGet, "/api/clients/acme/posts?cursor=eyJQSyI6IkNMSUVOVCNnbG9iZXgifQ", nil, nil, http.StatusUnprocessableEntity},
		{"bad idempotency key", manager, http.MethodPost, "/api/clients/acme/posts", map[string]string{}, []string{"Idempotency-Key", "a b"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.call(t, tt.id, tt.method, tt.path, tt.body, tt.headers...)
			if a.status != tt.want {
				t.Fatalf("got %d %s, want %d", a.status, a.body, tt.want)
			}
			var p api.Problem
			a.decode(t, &p)
			if a.header.Get("Content-Type") != "application/problem+json" || p.Status != tt.want || p.Title == "" || p.Type == "" {
				t.Errorf("got %s %+v, want a problem detail", a.header.Get("Content-Type"), p)
			}
			for _, inside := range []string{"dynamodb", "operation error", "goroutine", ".go:"} {
				if strings.Contains(strings.ToLower(p.Detail), inside) {
					t.Errorf("the detail tells of the inside: %q", p.Detail)
				}
			}
		})
	}
}

// TestBodyCap: a body over the cap is refused, unread.
func TestBodyCap(t *testing.T) {
	f := newFixture(t)
	big := "actions: {}\n# " + strings.Repeat("x", api.MaxBody) + "\n"
	if got := f.call(t, manager, http.MethodPut, "/api/clients/acme/rules", big).status; got != http.StatusRequestEntityTooLarge && got != http.StatusUnprocessableEntity {
		t.Errorf("got %d, want 413 or 422", got)
	}
	c, err := f.store.Client(t.Context(), "acme")
	if err != nil || c.Rules != "" {
		t.Errorf("rules after a body too large: got %q (%v), want none", c.Rules, err)
	}
}

// TestHeaders: every answer carries the security headers, and CORS lets
// the console's origin, and only it, call.
func TestHeaders(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		origin    string
		wantAllow string
	}{
		{origin, origin},
		{"https://evil.example", ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodOptions, f.url+"/api/clients", nil)
		req.Header.Set("Origin", tt.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
			t.Errorf("preflight from %s: got allow-origin %q, want %q", tt.origin, got, tt.wantAllow)
		}
	}
	a := f.call(t, admin, http.MethodGet, "/api/me", nil)
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
	} {
		if got := a.header.Get(h); got != want {
			t.Errorf("%s: got %q, want %q", h, got, want)
		}
	}
}

// TestRateLimit: one identity's calls beyond its burst are refused with
// 429 and Retry-After; another identity is not held back.
func TestRateLimit(t *testing.T) {
	f := newFixture(t)
	s := api.New(f.store, nil, nil, f.verifier, slog.New(slog.DiscardHandler), api.Options{Rate: 1, Burst: 3})
	s.Now = f.server.Now
	call := func(id auth.Identity) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+f.token(t, id))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	var got []int
	for range 5 {
		got = append(got, call(manager).Code)
	}
	if want := []int{200, 200, 200, 429, 429}; !slices.Equal(got, want) {
		t.Errorf("calls: got %v, want %v", got, want)
	}
	if w := call(reviewer); w.Code != http.StatusOK {
		t.Errorf("another identity: got %d, want 200", w.Code)
	}
}

// TestREADMEListsEveryRoute: the README's route table names every
// operation of the document.
func TestREADMEListsEveryRoute(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := document()
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if row := "`" + strings.ToUpper(method) + " " + path + "`"; !strings.Contains(string(readme), row) {
				t.Errorf("README: no row for %s", row)
			}
		}
	}
}
