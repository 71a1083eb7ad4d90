package linkedin

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestPublish(t *testing.T) {
	ctx := context.Background()
	hello := relais.Content{Text: "Bonjour à tous", Link: "https://acme.example/news"}
	tests := []struct {
		name           string
		before         *relais.Content // published first on acme
		noVersion      bool
		token, account string
		content        relais.Content
		wantCommentary string // as LinkedIn stores it
		wantKind       relais.Failure
		wantStatus     int
		wantCode       string
		wantRequests   int64
	}{
		{name: "organization id", token: acmeToken, account: acmeOrg, content: hello, wantCommentary: "Bonjour à tous\n\nhttps://acme.example/news", wantRequests: 1},
		{name: "organization URN", token: acmeToken, account: acmeURN, content: hello, wantCommentary: "Bonjour à tous\n\nhttps://acme.example/news", wantRequests: 1},
		{name: "reserved characters", token: acmeToken, account: acmeOrg, content: relais.Content{Text: "Lancement (enfin) ! #relais @[x] a_b", Link: "https://acme.example/a_b(c)"},
			wantCommentary: `Lancement \(enfin\) ! #relais \@\[x\] a\_b` + "\n\n" + `https://acme.example/a_b\(c\)`, wantRequests: 1},
		{name: "longest text", token: acmeToken, account: acmeOrg, content: relais.Content{Text: strings.Repeat("é", 3000)}, wantCommentary: strings.Repeat("é", 3000), wantRequests: 1},
		{name: "same text on another page", before: &hello, token: globexToken, account: globexOrg, content: hello, wantCommentary: "Bonjour à tous\n\nhttps://acme.example/news", wantRequests: 2},

		{name: "text too long", token: acmeToken, account: acmeOrg, content: relais.Content{Text: strings.Repeat("é", 2990), Link: "https://acme.example"}, wantKind: relais.FailPermanent},
		{name: "no text", token: acmeToken, account: acmeOrg, content: relais.Content{Text: " \n"}, wantKind: relais.FailPermanent},
		{name: "not an organization", token: acmeToken, account: "urn:li:person:42", content: hello, wantKind: relais.FailPermanent},
		{name: "no version header", noVersion: true, token: acmeToken, account: acmeOrg, content: hello, wantKind: relais.FailPermanent, wantStatus: 400, wantCode: "VERSION_MISSING", wantRequests: 1},
		{name: "bad token", token: "nope", account: acmeOrg, content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: "INVALID_ACCESS_TOKEN", wantRequests: 1},
		{name: "other page's token", token: globexToken, account: acmeOrg, content: hello, wantKind: relais.FailPermanent, wantStatus: 403, wantCode: "ACCESS_DENIED", wantRequests: 1},
		{name: "unknown page", token: acmeToken, account: "999", content: hello, wantKind: relais.FailPermanent, wantStatus: 403, wantCode: "ACCESS_DENIED", wantRequests: 1},
		{name: "duplicate", before: &hello, token: acmeToken, account: acmeURN, content: hello, wantKind: relais.FailDuplicate, wantStatus: 422, wantCode: CodeDuplicatePost, wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			wantPosts := 0
			if tt.before != nil {
				if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", *tt.before); err != nil {
					t.Fatalf("publish first: %v", err)
				}
				wantPosts = 1
			}
			if tt.noVersion {
				s.client.Version = ""
			}
			org := strings.TrimPrefix(tt.account, "urn:li:organization:")
			id, err := s.client.Publish(ctx, tt.token, tt.account, "key-1", tt.content)
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if tt.wantKind != "" {
				e := netfake.MustError(t, err, acmeToken, globexToken)
				if got, want := e.Kind, tt.wantKind; got != want {
					t.Errorf("kind: got %s, want %s (%v)", got, want, err)
				}
				if got, want := e.Status, tt.wantStatus; got != want {
					t.Errorf("status: got %d, want %d", got, want)
				}
				if got, want := e.Code, tt.wantCode; got != want {
					t.Errorf("code: got %q, want %q", got, want)
				}
				if got, want := len(s.fake.Posts(acmeOrg)), wantPosts; got != want {
					t.Errorf("acme posts: got %d, want %d", got, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(org)
			if len(posts) != 1 {
				t.Fatalf("posts on %s: got %d, want 1", org, len(posts))
			}
			if got, want := id, posts[0].ID; got != want || !strings.HasPrefix(got, "urn:li:share:") {
				t.Errorf("id: got %q, want %q", got, want)
			}
			if got, want := posts[0].Commentary, tt.wantCommentary; got != want {
				t.Errorf("commentary: got %q, want %q", got, want)
			}
		})
	}
}

// TestPublishFailures covers failures that leave Relais unsure or asked
// to wait: the publisher's next move depends on each classification. A
// failure while a post's image goes up posted nothing and is transient;
// once the post call went out, failures are ambiguous, image or not.
func TestPublishFailures(t *testing.T) {
	ctx := context.Background()
	host := newImageHost(t)
	text := relais.Content{Text: "Soldes d'hiver (-30 %)", Link: "https://acme.example/soldes"}
	withImage := text
	withImage.ImageURL, withImage.ImageAlt = host.URL+"/photo.png", "affiche des soldes"
	// The calls of a publish with an image, in order: initializeUpload,
	// the upload, one read of the image's status, the post.
	const upload, status, post = 1, 2, 3
	tests := []struct {
		name            string
		image           bool // the post carries one
		before          int  // calls let through before the fault
		fault           netfake.Fault
		limit           int // daily calls per member; the first publish spends one
		processingReads int
		wantKind        relais.Failure
		wantWait        time.Duration
		wantPosts       int
	}{
		{name: "server error", fault: netfake.ServerError, wantKind: relais.FailAmbiguous},
		{name: "injected rate limit", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: 150 * time.Minute},
		{name: "daily limit", limit: 1, wantKind: relais.FailTransient, wantWait: 150 * time.Minute},
		{name: "timeout", fault: netfake.Timeout, wantKind: relais.FailAmbiguous},
		{name: "timeout after the post", fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPosts: 1},

		{name: "image: initialize fails", image: true, fault: netfake.ServerError, wantKind: relais.FailTransient},
		{name: "image: initialize times out", image: true, fault: netfake.Timeout, wantKind: relais.FailTransient},
		{name: "image: initialize rate limited", image: true, fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: 150 * time.Minute},
		{name: "image: upload fails", image: true, before: upload, fault: netfake.ServerError, wantKind: relais.FailTransient},
		{name: "image: upload times out", image: true, before: upload, fault: netfake.Timeout, wantKind: relais.FailTransient},
		{name: "image: upload answer lost", image: true, before: upload, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailTransient},
		{name: "image: status read fails", image: true, before: status, fault: netfake.ServerError, wantKind: relais.FailTransient},
		{name: "image: still processing", image: true, processingReads: maxImageReads, wantKind: relais.FailTransient},
		{name: "image: post fails", image: true, before: post, fault: netfake.ServerError, wantKind: relais.FailAmbiguous},
		{name: "image: post answer lost", image: true, before: post, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = tt.processingReads
			c := text
			if tt.image {
				c = withImage
			}
			if tt.limit > 0 {
				s.fake.SetDailyLimit(tt.limit)
				if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", relais.Content{Text: "first"}); err != nil {
					t.Fatalf("publish first: %v", err)
				}
				tt.wantPosts++
			}
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(tt.before, netfake.None)
				s.fake.Faults.FailNext(1, tt.fault)
			}
			_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", c)
			// The upload URL is signed: no error shows it.
			e := netfake.MustError(t, err, acmeToken, globexToken, "dms-uploads", "sig=")
			if got, want := e.Kind, tt.wantKind; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("wait: got %v, want %v", got, want)
			}
			if got, want := len(s.fake.Posts(acmeOrg)), tt.wantPosts; got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
		})
	}
}

// TestAmbiguousPublishIsFound is the reconciliation the publisher does
// after a lost answer: the post made must be listed with the content's
// hash, reserved characters and link included.
func TestAmbiguousPublishIsFound(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	c := relais.Content{Text: "Nouveau : #Relais (bêta) pour les CM_s ~ *enfin* <3 \\o/", Link: "https://acme.example/blog#relais"}
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", c)
	if got, want := netfake.MustError(t, err, acmeToken, globexToken).Kind, relais.FailAmbiguous; got != want {
		t.Fatalf("kind: got %s, want %s", got, want)
	}
	for _, account := range []string{acmeOrg, acmeURN} {
		got, err := s.client.RecentPosts(ctx, acmeToken, account, start.Add(-time.Hour))
		if err != nil {
			t.Fatalf("recent posts of %s: %v", account, err)
		}
		want := []relais.PublishedPost{{ID: s.fake.Posts(acmeOrg)[0].ID, Hash: c.Hash(), CreatedAt: start}}
		if len(got) != 1 || got[0] != want[0] {
			t.Errorf("recent posts of %s: got %+v, want %+v", account, got, want)
		}
	}
}

// TestPublishWithoutID: LinkedIn made the post but its answer names none.
func TestPublishWithoutID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	_, err := New(srv.URL, nil).Publish(context.Background(), acmeToken, acmeOrg, "", relais.Content{Text: "hi"})
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if got, want := e.Kind, relais.FailAmbiguous; got != want {
		t.Errorf("kind: got %s, want %s", got, want)
	}
	if got, want := e.Status, http.StatusCreated; got != want {
		t.Errorf("status: got %d, want %d", got, want)
	}
}

func TestRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := New("http://"+addr, &http.Client{Timeout: time.Second})
	_, perr := c.Publish(context.Background(), acmeToken, acmeOrg, "", relais.Content{Text: "hi"})
	_, lerr := c.RecentPosts(context.Background(), acmeToken, acmeOrg, start)
	for name, err := range map[string]error{"publish": perr, "recent posts": lerr} {
		if got, want := netfake.MustError(t, err, acmeToken, globexToken).Kind, relais.FailTransient; got != want {
			t.Errorf("%s: kind: got %s, want %s (%v)", name, got, want, err)
		}
	}
}

// TestRateLimitWait: LinkedIn says nothing of when to retry; its limits
// reset at midnight UTC, whatever the caller's zone.
func TestRateLimitWait(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		now  time.Time
		want time.Duration
	}{
		{start, 150 * time.Minute},
		{time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), 24 * time.Hour},
		{time.Date(2026, 11, 20, 23, 59, 59, 500e6, time.UTC), 500 * time.Millisecond},
		{time.Date(2026, 11, 21, 0, 30, 0, 0, paris), 30 * time.Minute},
		{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), 12 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.now.Format(time.RFC3339Nano), func(t *testing.T) {
			s := newStack(t)
			s.client.Now = func() time.Time { return tt.now }
			s.fake.Faults.FailNext(1, netfake.RateLimit)
			_, err := s.client.RecentPosts(context.Background(), acmeToken, acmeOrg, start)
			e := netfake.MustError(t, err, acmeToken, globexToken)
			if got, want := e.Kind, relais.FailTransient; got != want {
				t.Errorf("kind: got %s, want %s", got, want)
			}
			if got := e.Wait(); got != tt.want {
				t.Errorf("wait: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecentPosts(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	var made []relais.Content
	for _, text := range []string{"old", "hier (1/2)", "aujourd'hui #go"} {
		c := relais.Content{Text: text, Link: "https://acme.example/" + text}
		if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", c); err != nil {
			t.Fatalf("publish %q: %v", text, err)
		}
		made = append(made, c)
		s.clock.Advance(time.Hour)
	}
	if _, err := s.client.Publish(ctx, globexToken, globexOrg, "", relais.Content{Text: "globex"}); err != nil {
		t.Fatal(err)
	}
	posts := s.fake.Posts(acmeOrg)

	got, err := s.client.RecentPosts(ctx, acmeToken, acmeURN, start.Add(time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	want := []relais.PublishedPost{
		{ID: posts[2].ID, Hash: made[2].Hash(), CreatedAt: start.Add(2 * time.Hour)},
		{ID: posts[1].ID, Hash: made[1].Hash(), CreatedAt: start.Add(time.Hour)},
	}
	if len(got) != len(want) {
		t.Fatalf("recent posts: got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("post %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRecentPostsPages: a busy page's posts since a time span several
// list calls; the client stops once the rest are older.
func TestRecentPostsPages(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name         string
		since        time.Duration // after start
		wantPosts    int
		wantRequests int64
	}{
		{name: "all", since: -time.Hour, wantPosts: 120, wantRequests: 3},
		{name: "first page only", since: 75 * time.Minute, wantPosts: 45, wantRequests: 1},
		{name: "into the second page", since: 50 * time.Minute, wantPosts: 70, wantRequests: 2},
	}
	s := newStack(t)
	for i := range 120 {
		if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "", relais.Content{Text: "post " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(time.Minute)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.requests.Store(0)
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeOrg, start.Add(tt.since))
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if len(got) != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", len(got), tt.wantPosts)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
		})
	}
}

func TestRecentPostsFailures(t *testing.T) {
	tests := []struct {
		name       string
		fault      netfake.Fault
		token      string
		account    string
		wantKind   relais.Failure
		wantStatus int
	}{
		{name: "server error", fault: netfake.ServerError, token: acmeToken, account: acmeOrg, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "timeout", fault: netfake.Timeout, token: acmeToken, account: acmeOrg, wantKind: relais.FailTransient},
		{name: "bad token", token: "nope", account: acmeOrg, wantKind: relais.FailPermanent, wantStatus: 401},
		{name: "other page's token", token: globexToken, account: acmeOrg, wantKind: relais.FailPermanent, wantStatus: 403},
		{name: "not an organization", token: acmeToken, account: "acme", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(1, tt.fault)
			}
			_, err := s.client.RecentPosts(context.Background(), tt.token, tt.account, start)
			e := netfake.MustError(t, err, acmeToken, globexToken)
			if got, want := e.Kind, tt.wantKind; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if got, want := e.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
		})
	}
}
