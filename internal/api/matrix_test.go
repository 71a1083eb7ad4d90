package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/localoidc"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// call is one route of the matrix, for a client: the request to make and
// the roles that may make it. The roles are written here, apart from the
// API's own table, so that a change there shows here.
type matrixRoute struct {
	method, path string
	body         func(client string) any
	roles        []auth.Role
}

var (
	all      = []auth.Role{auth.Admin, auth.Manager, auth.Reviewer}
	managers = []auth.Role{auth.Admin, auth.Manager}
)

var matrix = []matrixRoute{
	{http.MethodGet, "/api/clients/%s", nil, all},
	{http.MethodPut, "/api/clients/%s/branding", func(string) any { return map[string]string{"color": "#123456"} }, managers},
	{http.MethodPost, "/api/clients/%s/pause", nil, managers},
	{http.MethodPost, "/api/clients/%s/resume", nil, managers},
	{http.MethodGet, "/api/clients/%s/rules", nil, managers},
	{http.MethodPut, "/api/clients/%s/rules", func(string) any { return "actions:\n  insult: hide\n" }, managers},
	{http.MethodGet, "/api/clients/%s/crises", nil, managers},
	{http.MethodPut, "/api/clients/%s/targets", func(string) any { return map[string]any{"targets": []string{"complaint 1h mon-fri 09:00-18:00"}} }, managers},
	{http.MethodGet, "/api/clients/%s/accounts", nil, managers},
	{http.MethodPost, "/api/clients/%s/accounts", func(c string) any {
		return map[string]string{"network": "sandbox", "id": c + "-page", "token": secretToken}
	}, managers},
	{http.MethodGet, "/api/clients/%s/posts", nil, all},
	{http.MethodPost, "/api/clients/%s/posts", func(c string) any {
		return map[string]string{"account": "sandbox:" + c + "-page", "at": "2027-03-05T09:30", "text": "Bonjour"}
	}, managers},
	{http.MethodGet, "/api/clients/%s/posts/post-%[1]s", nil, all},
	{http.MethodPost, "/api/clients/%s/posts/post-%[1]s/approve", nil, []auth.Role{auth.Admin, auth.Reviewer}},
	{http.MethodPost, "/api/clients/%s/posts/post-%[1]s/reject", func(string) any { return map[string]string{"comment": "pas encore"} }, []auth.Role{auth.Admin, auth.Reviewer}},
	{http.MethodPost, "/api/clients/%s/posts/post-%[1]s/reschedule", func(string) any { return map[string]string{"at": "2027-03-06T10:00"} }, managers},
	{http.MethodPost, "/api/clients/%s/posts/post-%[1]s/cancel", nil, managers},
	{http.MethodPost, "/api/clients/%s/media", func(string) any { return map[string]any{"type": "image/png", "size": 1234, "alt": "Un croissant"} }, managers},
	{http.MethodGet, "/api/clients/%s/media/media-%[1]s", nil, all},
	{http.MethodPost, "/api/clients/%s/media/media-%[1]s/complete", nil, managers},
	{http.MethodGet, "/api/clients/%s/inbox", nil, managers},
	{http.MethodGet, "/api/clients/%s/inbox/sandbox/c-%[1]s", nil, managers},
	{http.MethodPost, "/api/clients/%s/inbox/sandbox/c-%[1]s/decision", func(string) any { return map[string]string{"action": "hide"} }, managers},
	{http.MethodPost, "/api/clients/%s/inbox/sandbox/c-%[1]s/replies", func(string) any { return map[string]string{"text": "Merci !"} }, managers},
	{http.MethodGet, "/api/clients/%s/threads", nil, managers},
	{http.MethodGet, "/api/clients/%s/threads/sandbox/c-%[1]s", nil, managers},
	{http.MethodPost, "/api/clients/%s/threads/sandbox/c-%[1]s/replies", func(string) any { return map[string]string{"text": "Merci beaucoup !"} }, managers},
	{http.MethodPost, "/api/clients/%s/threads/sandbox/c-%[1]s/assign", func(string) any { return map[string]string{"to": "camille"} }, managers},
	{http.MethodPost, "/api/clients/%s/threads/sandbox/c-%[1]s/status", func(string) any { return map[string]string{"status": "pending"} }, managers},
	{http.MethodPut, "/api/clients/%s/threads/sandbox/c-%[1]s/tags", func(string) any { return map[string]any{"tags": []string{"vip"}} }, managers},
	{http.MethodPost, "/api/clients/%s/threads/sandbox/c-%[1]s/notes", func(string) any { return map[string]string{"text": "Client VIP"} }, managers},
	{http.MethodGet, "/api/clients/%s/saved-replies", nil, managers},
	{http.MethodPut, "/api/clients/%s/saved-replies/thanks/fr", func(string) any { return map[string]string{"text": "Merci {first_name} !"} }, managers},
	{http.MethodDelete, "/api/clients/%s/saved-replies/thanks/fr", nil, managers},
	{http.MethodGet, "/api/clients/%s/reports", nil, all},
	{http.MethodGet, "/api/clients/%s/reports/2027-02", nil, all},
	{http.MethodGet, "/api/clients/%s/reports/2027-02/report.html", nil, all},
	{http.MethodGet, "/api/clients/%s/review-links", nil, managers},
	{http.MethodPost, "/api/clients/%s/review-links", func(string) any { return map[string]any{"reviewer": "Grace"} }, managers},
	{http.MethodDelete, "/api/clients/%s/review-links/0123456789abcdef0123456789abcdef", nil, managers},
}

// secretToken is an account token; no answer may show it.
const secretToken = "tok-Ne-Doit-Jamais-Sortir"

// seedPosts gives each client one post, acme's scheduled, globex's
// waiting for its approval, one written report and one image, ready.
func seedPosts(t *testing.T, f *fixture) {
	t.Helper()
	for _, c := range []relais.Client{acme, globex} {
		// A comment not moderated yet: overriding it is a conflict.
		in := relais.Interaction{ClientID: c.ID, Network: relais.Sandbox, AccountID: c.ID + "-page",
			ID: "c-" + c.ID, PostID: c.ID + "-page_1", ParentID: c.ID + "-page_1", Kind: relais.KindComment, Text: "Bonjour", CreatedAt: now, ReceivedAt: now}
		_, err := f.store.Ingest(context.Background(), []relais.Interaction{in}, map[string]string{c.ID: c.TimeZone})
		relaistest.MustOK(t, err)
		_, err = f.store.JoinThread(context.Background(), dynamo.Arrival{In: in, NeedsAnswer: true}, now)
		relaistest.MustOK(t, err)
		relaistest.MustOK(t, f.store.SaveReport(context.Background(), relais.ReportRecord{ClientID: c.ID, Files: []string{"report.html"},
			Period: relais.Period{Label: "2027-02", From: now.AddDate(0, -1, 0), To: now}, WrittenAt: now}))
		img := media.Item{ID: "media-" + c.ID, ClientID: c.ID, Type: "image/png", Size: 1234, Alt: "Un croissant", Status: media.Pending, CreatedAt: now}
		relaistest.MustOK(t, f.store.PutMedia(context.Background(), img))
		_, err = f.store.MarkMediaReady(context.Background(), img)
		relaistest.MustOK(t, err)
		status := relais.StatusScheduled
		if c.Approval == relais.ApprovalRequired {
			status = relais.StatusPendingApproval
		}
		relaistest.MustOK(t, f.store.CreatePost(context.Background(), relais.Post{ID: "post-" + c.ID, ClientID: c.ID,
			Account: relais.AccountRef{Network: relais.Sandbox, ID: c.ID + "-page"}, Text: "Bonjour", LocalTime: "2027-03-04T09:00:00",
			TimeZone: c.TimeZone, ScheduledAt: now.Add(72 * time.Hour), Status: status}, "test", "created"))
	}
}

// TestMatrix calls every client route with every role, on a client the
// caller works on and on one it does not: a role does only what is
// listed, anything else is 403, and another client's ids are 404 exactly
// as a client that does not exist.
func TestMatrix(t *testing.T) {
	f := newFixture(t)
	seedPosts(t, f)
	callers := []auth.Identity{admin, manager, reviewer, globexManage, globexReview}
	for _, rt := range matrix {
		for _, client := range []string{"acme", "globex"} {
			path := fmt.Sprintf(rt.path, client)
			var body any
			if rt.body != nil {
				body = rt.body(client)
			}
			t.Run(rt.method+" "+path+" unsigned", func(t *testing.T) {
				if got := f.call(t, auth.Identity{}, rt.method, path, body).status; got != http.StatusUnauthorized {
					t.Errorf("got %d, want 401", got)
				}
			})
			for _, id := range callers {
				t.Run(rt.method+" "+path+" as "+id.Name, func(t *testing.T) {
					a := f.call(t, id, rt.method, path, body, "If-Match", "*")
					if strings.Contains(string(a.body), secretToken) {
						t.Errorf("the answer shows the account's token: %s", a.body)
					}
					switch {
					case !id.Sees(client):
						if a.status != http.StatusNotFound || !strings.Contains(string(a.body), fmt.Sprintf(`unknown client \"%s\"`, client)) {
							t.Errorf("another client's route: got %d %s, want 404 as for a client that does not exist", a.status, a.body)
						}
					case !slices.Contains(rt.roles, id.Role):
						if a.status != http.StatusForbidden {
							t.Errorf("a route the role may not call: got %d %s, want 403", a.status, a.body)
						}
					default:
						if a.status == http.StatusUnauthorized || a.status == http.StatusForbidden || a.status == http.StatusNotFound {
							t.Errorf("a route the role may call: got %d %s", a.status, a.body)
						}
					}
				})
			}
		}
	}
	// A client that does not exist answers as another client's does.
	a := f.call(t, admin, http.MethodGet, "/api/clients/initech", nil)
	if a.status != http.StatusNotFound || !strings.Contains(string(a.body), `unknown client \"initech\"`) {
		t.Errorf("a client that does not exist: got %d %s", a.status, a.body)
	}
}

// TestAgencyRoutes: the routes outside any client.
func TestAgencyRoutes(t *testing.T) {
	f := newFixture(t)
	newClient := map[string]any{"id": "initech", "name": "Initech", "timezone": "Europe/Paris", "locale": "fr"}
	tests := []struct {
		id     auth.Identity
		method string
		path   string
		body   any
		want   int
	}{
		{admin, http.MethodPost, "/api/clients", newClient, http.StatusCreated},
		{manager, http.MethodPost, "/api/clients", newClient, http.StatusForbidden},
		{reviewer, http.MethodPost, "/api/clients", newClient, http.StatusForbidden},
		{auth.Identity{}, http.MethodPost, "/api/clients", newClient, http.StatusUnauthorized},
		{admin, http.MethodGet, "/api/me", nil, http.StatusOK},
		{reviewer, http.MethodGet, "/api/me", nil, http.StatusOK},
		{auth.Identity{}, http.MethodGet, "/api/me", nil, http.StatusUnauthorized},
		{auth.Identity{}, http.MethodGet, "/api/openapi.json", nil, http.StatusOK},
		{auth.Identity{}, http.MethodGet, "/api/config", nil, http.StatusOK},
		{reviewer, http.MethodGet, "/api/config", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" as "+tt.id.Name, func(t *testing.T) {
			if got := f.call(t, tt.id, tt.method, tt.path, tt.body).status; got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestConfig: anyone, signed in or not, learns where the console signs
// in: the issuer the API verifies tokens of, and the app client.
func TestConfig(t *testing.T) {
	f := newFixture(t)
	var got api.SignIn
	f.call(t, auth.Identity{}, http.MethodGet, "/api/config", nil).decode(t, &got)
	if want := (api.SignIn{Issuer: f.issuer.URL(), ClientID: localoidc.ClientID}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestListsOnlyWhatTheCallerSees: the client list names no client the
// caller does not work on.
func TestListsOnlyWhatTheCallerSees(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		id   auth.Identity
		want []string
	}{
		{admin, []string{"acme", "globex"}},
		{manager, []string{"acme"}},
		{globexReview, []string{"globex"}},
	}
	for _, tt := range tests {
		var got struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		f.call(t, tt.id, http.MethodGet, "/api/clients", nil).decode(t, &got)
		var ids []string
		for _, c := range got.Items {
			ids = append(ids, c.ID)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.id.Name, ids, tt.want)
		}
	}
}
