package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestReviewerApprovesThroughALink plays the client reviewer's part end
// to end: the agency's manager plans a post for a client that approves
// its own posts and sends a review link to a person of the client, who
// has no account; that person sees the client's posts and nothing else,
// approves the post with a comment, and is named in its audit trail; once
// the link is revoked, it signs no one in.
func TestReviewerApprovesThroughALink(t *testing.T) {
	f := newFixture(t)
	created := f.call(t, globexManage, http.MethodPost, "/api/clients/globex/posts",
		map[string]string{"account": "sandbox:globex-page", "at": "2027-03-05T09:30", "text": "Spring collection"})
	var post struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	created.decode(t, &post)
	if post.Status != "pending_approval" {
		t.Fatalf("planned post: got %s, want pending_approval", post.Status)
	}
	var link struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	f.call(t, globexManage, http.MethodPost, "/api/clients/globex/review-links", map[string]any{"reviewer": "Grace at Globex", "days": 7}).decode(t, &link)
	_, token, ok := strings.Cut(link.URL, links.ReviewPath)
	if !ok || !strings.HasPrefix(link.URL, origin) {
		t.Fatalf("review link URL: got %q, want one on the console %s", link.URL, origin)
	}
	// The link is the reviewer's credential.
	as := func(method, path string, body any, headers ...string) answer {
		return f.call(t, auth.Identity{}, method, path, body, append([]string{"Authorization", "Bearer " + token}, headers...)...)
	}
	var me struct {
		Name    string   `json:"name"`
		Role    string   `json:"role"`
		Clients []string `json:"clients"`
	}
	as(http.MethodGet, "/api/me", nil).decode(t, &me)
	if me.Name != "Grace at Globex" || me.Role != "reviewer" || len(me.Clients) != 1 || me.Clients[0] != "globex" {
		t.Errorf("the link signs in: got %+v, want Grace at Globex, reviewer of globex", me)
	}
	for _, tt := range []struct {
		method, path string
		body         any
		want         int
	}{
		{http.MethodGet, "/api/clients/globex/posts", nil, http.StatusOK},
		{http.MethodGet, "/api/clients/acme/posts", nil, http.StatusNotFound},
		{http.MethodPost, "/api/clients/globex/posts", map[string]string{"account": "sandbox:globex-page", "at": "2027-03-05T09:30", "text": "x"}, http.StatusForbidden},
		{http.MethodPost, "/api/clients/globex/review-links", map[string]any{"reviewer": "Mallory"}, http.StatusForbidden},
	} {
		if got := as(tt.method, tt.path, tt.body).status; got != tt.want {
			t.Errorf("%s %s through the link: got %d, want %d", tt.method, tt.path, got, tt.want)
		}
	}
	read := as(http.MethodGet, "/api/clients/globex/posts/"+post.ID, nil)
	approved := as(http.MethodPost, "/api/clients/globex/posts/"+post.ID+"/approve", map[string]string{"comment": "Parfait"}, "If-Match", read.header.Get("ETag"))
	var after struct {
		Status     string `json:"status"`
		ApprovedBy string `json:"approvedBy"`
		Audit      []struct {
			By  string `json:"by"`
			Why string `json:"why"`
		} `json:"audit"`
	}
	approved.decode(t, &after)
	last := after.Audit[len(after.Audit)-1]
	if after.Status != "scheduled" || after.ApprovedBy != "Grace at Globex" || last.By != "Grace at Globex" || last.Why != "approved: Parfait" {
		t.Errorf("approved through the link: got %+v", after)
	}

	if got := f.call(t, globexManage, http.MethodDelete, "/api/clients/globex/review-links/"+link.ID, nil).status; got != http.StatusNoContent {
		t.Fatalf("revoke: got %d, want 204", got)
	}
	if got := as(http.MethodGet, "/api/clients/globex/posts", nil).status; got != http.StatusUnauthorized {
		t.Errorf("a revoked link: got %d, want 401", got)
	}
}

// TestReportLinkSignsNoOneIn: a report link is no review link, and a
// review link opens no report.
func TestReportLinkSignsNoOneIn(t *testing.T) {
	f := newFixture(t)
	issued, err := f.links.Issue(t.Context(), links.Report{ClientID: "acme", Period: "2027-02", Format: "html"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := strings.Cut(issued.URL, links.PathUnderAPI)
	if got := f.call(t, auth.Identity{}, http.MethodGet, "/api/me", nil, "Authorization", "Bearer "+token).status; got != http.StatusUnauthorized {
		t.Errorf("a report link as a credential: got %d, want 401", got)
	}
	review, err := f.links.IssueReview(t.Context(), "acme", "Rita", 0, origin)
	if err != nil {
		t.Fatal(err)
	}
	_, rtoken, _ := strings.Cut(review.URL, links.ReviewPath)
	if got := f.call(t, auth.Identity{}, http.MethodGet, "/api/links/"+rtoken, nil).status; got != http.StatusNotFound {
		t.Errorf("a review link opened as a report: got %d, want 404", got)
	}
}

// TestReportDownload: a signed-in reviewer lists the client's reports and
// downloads a file through a fresh pre-signed URL.
func TestReportDownload(t *testing.T) {
	f := newFixture(t)
	seedPosts(t, f)
	page := []byte("<html>Rapport de février</html>")
	if err := f.bucket.Put(t.Context(), "reports/acme/2027-02/report.html", "text/html", page); err != nil {
		t.Fatal(err)
	}
	var reports struct {
		Items []struct {
			Files []string `json:"files"`
		} `json:"items"`
	}
	f.call(t, reviewer, http.MethodGet, "/api/clients/acme/reports", nil).decode(t, &reports)
	if len(reports.Items) != 1 || len(reports.Items[0].Files) != 1 {
		t.Fatalf("reports: got %+v, want February's", reports)
	}
	a := f.call(t, reviewer, http.MethodGet, "/api/clients/acme/reports/2027-02/report.html", nil)
	if a.status != http.StatusFound {
		t.Fatalf("download: got %d %s, want 302", a.status, a.body)
	}
	resp, err := http.Get(a.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(got) != string(page) {
		t.Errorf("the file through its URL: got %d %q, want the page", resp.StatusCode, got)
	}
	// A browser page asks for the URLs: one opens the file, the other
	// saves it under a name that says what it is.
	var links struct{ URL, Download string }
	f.call(t, reviewer, http.MethodGet, "/api/clients/acme/reports/2027-02/report.html", nil, "Accept", "application/json").decode(t, &links)
	for _, tt := range []struct{ url, disposition string }{
		{links.URL, ""},
		{links.Download, `attachment; filename=acme-2027-02-report.html`},
	} {
		resp, err := http.Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(got) != string(page) || resp.Header.Get("Content-Disposition") != tt.disposition {
			t.Errorf("%s: got %d %q, disposition %q; want the page, disposition %q", tt.url, resp.StatusCode, got, resp.Header.Get("Content-Disposition"), tt.disposition)
		}
	}
	if got := f.call(t, reviewer, http.MethodGet, "/api/clients/acme/reports/2027-02/secrets.txt", nil).status; got != http.StatusNotFound {
		t.Errorf("a file the report does not have: got %d, want 404", got)
	}
}

// TestInboxOverride: a manager shows again a comment moderation hid, and
// the network shows it; a reviewer may not.
func TestInboxOverride(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	_, err := f.network.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: "c1", PostID: "acme-page_1", AuthorID: "u1", Text: "Bande de connards"})
	relaistest.MustOK(t, err)
	in := relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "c1", PostID: "acme-page_1", ParentID: "acme-page_1",
		Kind: relais.KindComment, Text: "Bande de connards", CreatedAt: now, ReceivedAt: now}
	_, err = f.store.Ingest(ctx, []relais.Interaction{in}, map[string]string{"acme": "Europe/Paris"})
	relaistest.MustOK(t, err)
	detail, _ := json.Marshal(relais.InteractionReceived{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", InteractionID: "c1", Kind: relais.KindComment, ReceivedAt: now})
	relaistest.MustOK(t, f.moderator.Handle(ctx, events.EventBridgeEvent{ID: "ev-1", DetailType: relais.DetailInteractionReceived, Source: relais.EventSource, Detail: detail}))
	hidden := func() bool { c, _ := f.network.Comment("c1"); return c.Hidden }
	if !hidden() {
		t.Fatal("moderation did not hide the insult")
	}
	path := "/api/clients/acme/inbox/sandbox/c1/decision"
	if got := f.call(t, reviewer, http.MethodPost, path, map[string]string{"action": "unhide"}).status; got != http.StatusForbidden {
		t.Errorf("a reviewer overriding: got %d, want 403", got)
	}
	var d struct {
		Action  string `json:"action"`
		Applied bool   `json:"applied"`
	}
	f.call(t, manager, http.MethodPost, path, map[string]string{"action": "unhide"}).decode(t, &d)
	if d.Action != "review" || d.Applied || hidden() {
		t.Errorf("after unhide: got %+v, hidden on the network %v; want review and shown", d, hidden())
	}
	if got := f.call(t, manager, http.MethodPost, path, map[string]string{"action": "burn"}).status; got != http.StatusUnprocessableEntity {
		t.Errorf("an unknown action: got %d, want 422", got)
	}
}
