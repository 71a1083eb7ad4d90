package gbp

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const photo = "https://media.relais.example/acme/p.jpg?X-Amz-Signature=abc"

func TestPublish(t *testing.T) {
	hello := relais.Content{Text: "Bonjour à tous", Link: "https://acme.example/news"}
	tests := []struct {
		name           string
		token, account string
		content        relais.Content
		want           gbpfake.LocalPost // as Google stores it; Name, Location and CreateTime aside
		wantKind       relais.Failure
		wantStatus     int
		wantCode       string // Google's status name
		wantRelais     string // the relais error code
		wantRequests   int64
	}{
		{name: "text", token: acmeToken, account: acme, content: relais.Content{Text: "Ouvert dimanche"},
			want: gbpfake.LocalPost{Summary: "Ouvert dimanche", TopicType: "STANDARD"}, wantRequests: 1},
		{name: "text and link", token: acmeToken, account: acme, content: hello,
			want: gbpfake.LocalPost{Summary: "Bonjour à tous", TopicType: "STANDARD",
				CallToAction: &gbpfake.CallToAction{ActionType: "LEARN_MORE", URL: "https://acme.example/news"}}, wantRequests: 1},
		{name: "image by URL", token: acmeToken, account: acme, content: relais.Content{Text: "Nouveau", ImageURL: photo},
			want: gbpfake.LocalPost{Summary: "Nouveau", TopicType: "STANDARD", Media: []gbpfake.Media{{MediaFormat: "PHOTO", SourceURL: photo}}}, wantRequests: 1},
		{name: "uploaded image", token: acmeToken, account: acme,
			content: relais.Content{Text: "Nouveau", Attachments: []relais.Attachment{{URL: photo, Kind: relais.FormatImage, ContentType: "image/png", Bytes: 5 << 20}}},
			want:    gbpfake.LocalPost{Summary: "Nouveau", TopicType: "STANDARD", Media: []gbpfake.Media{{MediaFormat: "PHOTO", SourceURL: photo}}}, wantRequests: 1},
		{name: "longest text, link aside", token: acmeToken, account: acme,
			content: relais.Content{Text: strings.Repeat("é", 1500), Link: "https://acme.example/" + strings.Repeat("a", 200)},
			want: gbpfake.LocalPost{Summary: strings.Repeat("é", 1500), TopicType: "STANDARD",
				CallToAction: &gbpfake.CallToAction{ActionType: "LEARN_MORE", URL: "https://acme.example/" + strings.Repeat("a", 200)}}, wantRequests: 1},
		{name: "name pasted with slashes", token: acmeToken, account: " /" + acme + "/ ", content: relais.Content{Text: "hi"},
			want: gbpfake.LocalPost{Summary: "hi", TopicType: "STANDARD"}, wantRequests: 1},

		{name: "text too long", token: acmeToken, account: acme, content: relais.Content{Text: strings.Repeat("é", 1501)}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "no text", token: acmeToken, account: acme, content: relais.Content{Text: " \n", Link: "https://acme.example"}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "two photos", token: acmeToken, account: acme, content: relais.Content{Text: "hi", Attachments: []relais.Attachment{
			{URL: photo, Kind: relais.FormatImage}, {URL: photo, Kind: relais.FormatImage}}}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "video", token: acmeToken, account: acme, content: relais.Content{Text: "hi", Attachments: []relais.Attachment{
			{URL: "https://media.relais.example/v.mp4", Kind: relais.FormatVideo, ContentType: "video/mp4"}}}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "gif", token: acmeToken, account: acme, content: relais.Content{Text: "hi", Attachments: []relais.Attachment{
			{URL: photo, Kind: relais.FormatImage, ContentType: "image/gif"}}}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "photo too big", token: acmeToken, account: acme, content: relais.Content{Text: "hi", Attachments: []relais.Attachment{
			{URL: photo, Kind: relais.FormatImage, ContentType: "image/jpeg", Bytes: 5<<20 + 1}}}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "photo not on the web", token: acmeToken, account: acme, content: relais.Content{Text: "hi", ImageURL: "/tmp/p.jpg"}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "link not on the web", token: acmeToken, account: acme, content: relais.Content{Text: "hi", Link: "acme.example"}, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "bare location", token: acmeToken, account: "locations/222", content: hello, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},
		{name: "not a location", token: acmeToken, account: "acme", content: hello, wantKind: relais.FailPermanent, wantRelais: relais.EINVALID},

		{name: "bad token", token: "nope", account: acme, content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: "UNAUTHENTICATED", wantRelais: relais.EUNAUTHORIZED, wantRequests: 1},
		{name: "other location's token", token: globexToken, account: acme, content: hello, wantKind: relais.FailPermanent, wantStatus: 403, wantCode: "PERMISSION_DENIED", wantRelais: relais.EUNAUTHORIZED, wantRequests: 1},
		{name: "unknown location", token: acmeToken, account: "accounts/111/locations/999", content: hello, wantKind: relais.FailPermanent, wantStatus: 404, wantCode: "NOT_FOUND", wantRelais: relais.ENOTFOUND, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id, err := s.client.Publish(context.Background(), tt.token, tt.account, "key-1", tt.content)
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if tt.wantKind != "" {
				e := netfake.MustError(t, err, acmeToken, globexToken)
				if e.Kind != tt.wantKind || e.Status != tt.wantStatus || e.Code != tt.wantCode {
					t.Errorf("got %s %d %q, want %s %d %q (%v)", e.Kind, e.Status, e.Code, tt.wantKind, tt.wantStatus, tt.wantCode, err)
				}
				if got := relais.ErrorCode(err); got != tt.wantRelais {
					t.Errorf("relais code: got %s, want %s", got, tt.wantRelais)
				}
				if got := len(s.fake.Posts(acme)); got != 0 {
					t.Errorf("posts: got %d, want none", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(acme)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			got := posts[0]
			if id != got.Name || !strings.HasPrefix(id, acme+"/localPosts/") {
				t.Errorf("id: got %q, want %q", id, got.Name)
			}
			got.Name, got.Location, got.CreateTime = "", "", time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("post:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestPublishFailures covers the failures that leave Relais unsure or
// asked to wait: the publisher's next move depends on each.
func TestPublishFailures(t *testing.T) {
	c := relais.Content{Text: "Soldes d'hiver (-30 %)", Link: "https://acme.example/soldes", ImageURL: photo}
	tests := []struct {
		name       string
		fault      netfake.Fault
		quota      bool // a per-minute quota of one call, spent by a first post
		wantKind   relais.Failure
		wantStatus int
		wantWait   time.Duration
		wantPosts  int
	}{
		{name: "server error", fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantStatus: 500},
		{name: "injected rate limit", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantStatus: 429, wantWait: time.Minute},
		{name: "quota", quota: true, wantKind: relais.FailTransient, wantStatus: 429, wantWait: time.Minute, wantPosts: 1},
		{name: "timeout", fault: netfake.Timeout, wantKind: relais.FailAmbiguous},
		{name: "timeout after the post", fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.quota {
				s.fake.SetPerMinuteQuota(1)
				if _, err := s.client.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "first"}); err != nil {
					t.Fatalf("publish first: %v", err)
				}
			}
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Publish(context.Background(), acmeToken, acme, "", c)
			// The photo's URL is signed: no error shows it.
			e := netfake.MustError(t, err, acmeToken, globexToken, "X-Amz-Signature")
			if e.Kind != tt.wantKind || e.Status != tt.wantStatus || e.Wait() != tt.wantWait {
				t.Errorf("got %s %d wait %v, want %s %d wait %v (%v)", e.Kind, e.Status, e.Wait(), tt.wantKind, tt.wantStatus, tt.wantWait, err)
			}
			if got := len(s.fake.Posts(acme)); got != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", got, tt.wantPosts)
			}
		})
	}
}

// TestPublishWithoutName: Google made the post but its answer names none.
func TestPublishWithoutName(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	_, err := New(srv.URL, nil).Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "hi"})
	mustFail(t, err, relais.FailAmbiguous, http.StatusOK)
}

// TestAmbiguousPublishIsFound is the reconciliation the publisher does
// after a lost answer: the post made must be listed with the content's
// hash, although Google keeps its link apart from its text. A listing
// that lags behind does not show it yet.
func TestAmbiguousPublishIsFound(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	c := relais.Content{Text: "Nouveau : la carte d'hiver\n\n#bistrot", Link: "https://acme.example/carte?saison=hiver#plats", ImageURL: photo}
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	_, err := s.client.Publish(ctx, acmeToken, acme, "", c)
	mustFail(t, err, relais.FailAmbiguous, 0)

	s.fake.Faults.FailNext(1, netfake.StaleListing)
	got, err := s.client.RecentPosts(ctx, acmeToken, acme, start.Add(-time.Hour))
	if err != nil || len(got) != 0 {
		t.Errorf("stale listing: got %+v, %v; want nothing yet", got, err)
	}
	got, err = s.client.RecentPosts(ctx, acmeToken, acme, start.Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	want := []relais.PublishedPost{{ID: s.fake.Posts(acme)[0].Name, Hash: c.Hash(), CreatedAt: start}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recent posts: got %+v, want %+v", got, want)
	}
}

func TestRecentPosts(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	var made []relais.Content
	for _, text := range []string{"ancien", "hier", "aujourd'hui"} {
		c := relais.Content{Text: text, Link: "https://acme.example/" + text}
		if _, err := s.client.Publish(ctx, acmeToken, acme, "", c); err != nil {
			t.Fatalf("publish %q: %v", text, err)
		}
		made = append(made, c)
		s.clock.Advance(time.Hour)
	}
	if _, err := s.client.Publish(ctx, globexToken, globex, "", relais.Content{Text: "globex"}); err != nil {
		t.Fatal(err)
	}
	posts := s.fake.Posts(acme)
	got, err := s.client.RecentPosts(ctx, acmeToken, acme, start.Add(time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	slices.SortFunc(got, func(a, b relais.PublishedPost) int { return a.CreatedAt.Compare(b.CreatedAt) })
	want := []relais.PublishedPost{
		{ID: posts[1].Name, Hash: made[1].Hash(), CreatedAt: start.Add(time.Hour)},
		{ID: posts[2].Name, Hash: made[2].Hash(), CreatedAt: start.Add(2 * time.Hour)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recent posts:\n got %+v\nwant %+v", got, want)
	}
}

// TestRecentPostsPages: every page is read, since Google does not say in
// which order it lists posts; a location with too many is refused.
func TestRecentPostsPages(t *testing.T) {
	tests := []struct {
		name         string
		posts        int
		wantPosts    int
		wantRequests int64
		wantErr      bool
	}{
		{name: "none", wantRequests: 1},
		{name: "one page", posts: 100, wantPosts: 100, wantRequests: 1},
		{name: "three pages", posts: 250, wantPosts: 250, wantRequests: 3},
		{name: "too many", posts: maxPostPages*postPage + 1, wantRequests: maxPostPages, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			for i := range tt.posts {
				if _, err := s.client.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "post " + strconv.Itoa(i)}); err != nil {
					t.Fatal(err)
				}
			}
			s.requests.Store(0)
			got, err := s.client.RecentPosts(context.Background(), acmeToken, acme, start)
			if tt.wantErr {
				mustFail(t, err, relais.FailPermanent, 0)
			} else if err != nil || len(got) != tt.wantPosts {
				t.Errorf("got %d posts, %v; want %d", len(got), err, tt.wantPosts)
			}
			if got := s.requests.Load(); got != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", got, tt.wantRequests)
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
		{name: "server error", fault: netfake.ServerError, token: acmeToken, account: acme, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "timeout", fault: netfake.Timeout, token: acmeToken, account: acme, wantKind: relais.FailTransient},
		{name: "rate limit", fault: netfake.RateLimit, token: acmeToken, account: acme, wantKind: relais.FailTransient, wantStatus: 429},
		{name: "bad token", token: "nope", account: acme, wantKind: relais.FailPermanent, wantStatus: 401},
		{name: "other location's token", token: globexToken, account: acme, wantKind: relais.FailPermanent, wantStatus: 403},
		{name: "not a location", token: acmeToken, account: "locations/222", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.RecentPosts(context.Background(), tt.token, tt.account, start)
			mustFail(t, err, tt.wantKind, tt.wantStatus)
		})
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
	in := relais.Interaction{Network: Network, AccountID: acme, ID: acme + "/reviews/r1"}
	_, perr := c.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "hi"})
	_, lerr := c.RecentPosts(context.Background(), acmeToken, acme, start)
	_, qerr := c.Poll(context.Background(), acmeToken, acme, "")
	_, rerr := c.Reply(context.Background(), acmeToken, in, "Merci")
	for name, err := range map[string]error{"publish": perr, "recent posts": lerr, "poll": qerr, "reply": rerr} {
		if got, want := netfake.MustError(t, err, acmeToken, globexToken).Kind, relais.FailTransient; got != want {
			t.Errorf("%s: kind: got %s, want %s (%v)", name, got, want, err)
		}
	}
}
