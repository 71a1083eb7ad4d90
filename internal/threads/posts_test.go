package threads

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/threads/threadsfake"
)

// TestPublish publishes each format and checks what Threads made of it.
func TestPublish(t *testing.T) {
	hello := relais.Content{Text: "Brunch dimanche ☀️ réservez !", Link: "https://cafe.example/brunch"}
	composed := "Brunch dimanche ☀️ réservez !\n\nhttps://cafe.example/brunch"
	a, b, v := image("a"), image("b"), video("v")
	item := func(m relais.Attachment, typ string) threadsfake.Item {
		return threadsfake.Item{Type: typ, URL: m.URL, Alt: m.Alt}
	}
	tests := []struct {
		name      string
		content   relais.Content
		wantType  string
		wantText  string
		wantItems []threadsfake.Item
		// wantStatusReads are the container status reads: a video is read
		// IN_PROGRESS twice before it is FINISHED.
		wantStatusReads int
	}{
		{"text with link", hello, "TEXT_POST", composed, nil, 1},
		{"image", relais.Content{Text: hello.Text, Attachments: []relais.Attachment{a}}, "IMAGE", hello.Text, []threadsfake.Item{item(a, "IMAGE")}, 1},
		{"image without text", relais.Content{Attachments: []relais.Attachment{a}}, "IMAGE", "", []threadsfake.Item{item(a, "IMAGE")}, 1},
		{"image by URL", relais.Content{Text: "Vue", ImageURL: a.URL, ImageAlt: "la terrasse"}, "IMAGE", "Vue", []threadsfake.Item{{Type: "IMAGE", URL: a.URL, Alt: "la terrasse"}}, 1},
		{"video", relais.Content{Text: "En cuisine", Attachments: []relais.Attachment{v}}, "VIDEO", "En cuisine", []threadsfake.Item{item(v, "VIDEO")}, 3},
		{"carousel", relais.Content{Text: "Le menu", Link: "https://cafe.example/menu", Attachments: []relais.Attachment{a, v, b}}, "CAROUSEL_ALBUM",
			"Le menu\n\nhttps://cafe.example/menu", []threadsfake.Item{item(a, "IMAGE"), item(v, "VIDEO"), item(b, "IMAGE")}, 3 + 1 + 1 + 1},
		{"longest text, emoji as bytes", relais.Content{Text: strings.Repeat("é", 492) + "😍😍"}, "TEXT_POST", strings.Repeat("é", 492) + "😍😍", nil, 1},
		{"five links", relais.Content{Text: "https://a.example https://b.example www.c.example https://a.example", Link: "https://d.example/x?y=1"}, "TEXT_POST",
			"https://a.example https://b.example www.c.example https://a.example\n\nhttps://d.example/x?y=1", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(acct)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			if got, want := id, p.ID; got != want {
				t.Errorf("id: got %q, want %q", got, want)
			}
			if got, want := p.Type, tt.wantType; got != want {
				t.Errorf("type: got %s, want %s", got, want)
			}
			if got, want := p.Text, tt.wantText; got != want {
				t.Errorf("text: got %q, want %q", got, want)
			}
			if got, want := p.Items, tt.wantItems; !slices.Equal(got, want) {
				t.Errorf("items: got %+v, want %+v", got, want)
			}
			// A status read is the only GET of one id, with no edge.
			reads := 0
			for _, r := range s.seen() {
				if strings.HasPrefix(r, "GET /") && !strings.Contains(r[len("GET /"):], "/") {
					reads++
				}
			}
			if got, want := reads, tt.wantStatusReads; got != want {
				t.Errorf("status reads: got %d, want %d (%q)", got, want, s.seen())
			}
		})
	}
}

// TestPublishCalls checks the calls of a carousel, in order: the limit,
// the items, their status, the carousel, its status, the publish.
func TestPublishCalls(t *testing.T) {
	s := newStack(t)
	s.fake.ProcessingReads = 0
	c := relais.Content{Text: "Deux photos", Attachments: []relais.Attachment{image("a"), image("b")}}
	if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c); err != nil {
		t.Fatalf("publish: %v", err)
	}
	var got []string
	for _, r := range s.seen() {
		if strings.HasPrefix(r, "GET /18") {
			r = "GET /{container}"
		}
		got = append(got, r)
	}
	want := []string{
		"GET /" + acct + "/threads_publishing_limit",
		"POST /" + acct + "/threads", "POST /" + acct + "/threads",
		"GET /{container}", "GET /{container}",
		"POST /" + acct + "/threads",
		"GET /{container}",
		"POST /" + acct + "/threads_publish",
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n got %q\nwant %q", got, want)
	}
}

// TestPublishRefused covers what Relais or Threads refuses for good: the
// publisher marks the post failed with the reason.
func TestPublishRefused(t *testing.T) {
	many := make([]relais.Attachment, 21)
	for i := range many {
		many[i] = image(fmt.Sprint(i))
	}
	gif := image("g")
	gif.ContentType = "image/gif"
	big := image("big")
	big.Bytes = 9 << 20
	longVideo := video("v")
	longVideo.Bytes = 2 << 30
	longAlt := image("alt")
	longAlt.Alt = strings.Repeat("a", 1001)
	odd := image("odd")
	odd.Kind = "carousel"
	ftp := image("ftp")
	ftp.URL = "ftp://media.relais.example/a.jpg"
	tests := []struct {
		name         string
		token        string
		account      string
		content      relais.Content
		wantStatus   int
		wantCode     string
		wantRequests int
	}{
		{name: "text too long", content: relais.Content{Text: strings.Repeat("a", 501)}},
		{name: "text too long with its link", content: relais.Content{Text: strings.Repeat("a", 480), Link: "https://cafe.example/brunch"}},
		{name: "emoji count as their bytes", content: relais.Content{Text: strings.Repeat("😍", 126)}},
		{name: "six links", content: relais.Content{Text: "https://a.example https://b.example https://c.example https://d.example www.e.example", Link: "https://f.example"}},
		{name: "nothing to post", content: relais.Content{Text: " \n"}},
		{name: "21 attachments", content: relais.Content{Attachments: many}},
		{name: "gif", content: relais.Content{Attachments: []relais.Attachment{gif}}},
		{name: "image too big", content: relais.Content{Attachments: []relais.Attachment{big}}},
		{name: "video too big", content: relais.Content{Attachments: []relais.Attachment{longVideo}}},
		{name: "alt text too long", content: relais.Content{Attachments: []relais.Attachment{longAlt}}},
		{name: "neither image nor video", content: relais.Content{Attachments: []relais.Attachment{odd}}},
		{name: "bad token", token: "THAA-nope", content: relais.Content{Text: "hi"}, wantStatus: 400, wantCode: "190", wantRequests: 1},
		{name: "another account's token", token: otherToken, content: relais.Content{Text: "hi"}, wantStatus: 400, wantCode: "100/33", wantRequests: 1},
		{name: "media URL Threads cannot fetch", content: relais.Content{Attachments: []relais.Attachment{ftp}}, wantStatus: 400, wantCode: "100", wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.token == "" {
				tt.token = acctToken
			}
			_, err := s.client.Publish(t.Context(), tt.token, acct, "post-1", tt.content)
			e := mustFail(t, err, relais.FailPermanent)
			if got, want := e.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q (%v)", got, want, err)
			}
			if got, want := len(s.seen()), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d (%q)", got, want, s.seen())
			}
			if n := len(s.fake.Posts(acct)); n != 0 {
				t.Errorf("posts: got %d, want none", n)
			}
		})
	}
}

// TestPublishFailures covers failures that leave Relais unsure or asked
// to wait. Before threads_publish nothing is posted: failures are
// transient. Once it went out, they are ambiguous.
func TestPublishFailures(t *testing.T) {
	// The calls of a text post, in order: the limit, the container, its
	// status, the publish.
	const container, status, publish = 1, 2, 3
	tests := []struct {
		name      string
		before    int // calls let through before the fault
		fault     netfake.Fault
		wantKind  relais.Failure
		wantWait  time.Duration
		wantCode  string
		wantPosts int
	}{
		{name: "limit read throttled", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantCode: "4"},
		{name: "limit read fails", fault: netfake.ServerError, wantKind: relais.FailTransient, wantCode: "2"},
		{name: "container refused by a server error", before: container, fault: netfake.ServerError, wantKind: relais.FailTransient, wantCode: "2"},
		{name: "container times out", before: container, fault: netfake.Timeout, wantKind: relais.FailTransient},
		{name: "container answer lost", before: container, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailTransient},
		{name: "container throttled", before: container, fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantCode: "4"},
		{name: "status read fails", before: status, fault: netfake.ServerError, wantKind: relais.FailTransient, wantCode: "2"},
		{name: "publish throttled", before: publish, fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantCode: "4"},
		{name: "publish fails", before: publish, fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantCode: "2"},
		{name: "publish times out", before: publish, fault: netfake.Timeout, wantKind: relais.FailAmbiguous},
		{name: "publish answer lost", before: publish, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.Faults.FailNext(tt.before, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Publish(t.Context(), acctToken, acct, "", relais.Content{Text: "Ouvert ce soir"})
			e := mustFail(t, err, tt.wantKind)
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("wait: got %v, want %v", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if got, want := len(s.fake.Posts(acct)), tt.wantPosts; got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
		})
	}
}

// TestPublishLimit: past 250 posts in 24 hours the publisher waits an
// hour, and no container is made that could not be published.
func TestPublishLimit(t *testing.T) {
	s := newStack(t)
	s.fake.PostLimit = 1
	if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", relais.Content{Text: "un"}); err != nil {
		t.Fatalf("publish first: %v", err)
	}
	_, err := s.client.Publish(t.Context(), acctToken, acct, "post-2", relais.Content{Text: "deux"})
	e := mustFail(t, err, relais.FailTransient)
	if got, want := e.Wait(), time.Hour; got != want {
		t.Errorf("wait: got %v, want %v", got, want)
	}
	if got, want := s.count("POST /"+acct+"/threads"), 1; got != want {
		t.Errorf("containers: got %d, want %d", got, want)
	}
	s.clock.Advance(24 * time.Hour)
	if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-2", relais.Content{Text: "deux"}); err != nil {
		t.Errorf("publish a day later: %v", err)
	}
}

// TestPublishLimitUnchecked: Threads itself refuses a post past the
// limit, which another app may have spent since the check.
func TestPublishLimitUnchecked(t *testing.T) {
	s := newStack(t)
	s.fake.PostLimit = 0
	_, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", relais.Content{Text: "un"})
	if e := mustFail(t, err, relais.FailTransient); e.Code != "17" {
		t.Errorf("code: got %q, want 17 (%v)", e.Code, err)
	}
}

// TestRetryReusesContainer: a video still processing when an attempt
// gives up is published by the retry, from the same container.
func TestRetryReusesContainer(t *testing.T) {
	s := newStack(t)
	s.fake.ProcessingReads = 5
	s.client.MaxPolls = 3
	c := relais.Content{Text: "La recette", Attachments: []relais.Attachment{video("v")}}
	_, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c)
	if e := mustFail(t, err, relais.FailTransient); e.Wait() != time.Minute {
		t.Errorf("wait: got %v, want 1m", e.Wait())
	}
	s.clock.Advance(time.Minute)
	if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got, want := s.count("POST /"+acct+"/threads"), 1; got != want {
		t.Errorf("containers: got %d, want %d", got, want)
	}
	if got := len(s.fake.Posts(acct)); got != 1 {
		t.Errorf("posts: got %d, want 1", got)
	}
}

// TestRetryMakesNewContainer: a container that can no longer be
// published, or content edited since, is not reused.
func TestRetryMakesNewContainer(t *testing.T) {
	v := relais.Content{Text: "La recette", Attachments: []relais.Attachment{video("v")}}
	edited := v
	edited.Text = "La recette du chef"
	tests := []struct {
		name    string
		advance time.Duration
		key     string
		retry   relais.Content
	}{
		{name: "expired after 24 hours", advance: 25 * time.Hour, key: "post-1", retry: v},
		{name: "content edited", key: "post-1", retry: edited},
		{name: "another post", key: "post-2", retry: v},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = 3
			s.client.MaxPolls = 2
			if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", v); err == nil {
				t.Fatal("first attempt: got no error, want the video still processing")
			}
			s.clock.Advance(tt.advance)
			s.client.MaxPolls = 10
			if _, err := s.client.Publish(t.Context(), acctToken, acct, tt.key, tt.retry); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, want := s.count("POST /"+acct+"/threads"), 2; got != want {
				t.Errorf("containers: got %d, want %d", got, want)
			}
			if posts := s.fake.Posts(acct); len(posts) != 1 || posts[0].Text != tt.retry.Text {
				t.Errorf("posts: got %+v, want one with the retry's text", posts)
			}
		})
	}
}

// TestContainerErrors: Threads' processing verdict decides whether a
// retry can help; either way the failed container is not reused.
func TestContainerErrors(t *testing.T) {
	tests := []struct {
		reason string
		want   relais.Failure
	}{
		{"FAILED_DOWNLOADING_VIDEO", relais.FailTransient},
		{"UNKNOWN", relais.FailTransient},
		{"INVALID_DURATION", relais.FailPermanent},
		{"FAILED_PROCESSING_VIDEO", relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			s := newStack(t)
			s.fake.FailNextContainers(1, tt.reason)
			c := relais.Content{Attachments: []relais.Attachment{video("v")}}
			_, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c)
			e := mustFail(t, err, tt.want)
			if !strings.Contains(e.Error(), tt.reason) {
				t.Errorf("error %q does not say why", e.Error())
			}
			if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, want := s.count("POST /"+acct+"/threads"), 2; got != want {
				t.Errorf("containers: got %d, want %d", got, want)
			}
		})
	}
}

// TestRetryAfterLostAnswer: once threads_publish's answer is lost, a
// retry finds the container published and stops as a duplicate, for the
// publisher to find the post, instead of posting it twice.
func TestRetryAfterLostAnswer(t *testing.T) {
	s := newStack(t)
	c := relais.Content{Text: "Nouvelle carte", Link: "https://cafe.example/carte"}
	s.fake.Faults.FailNext(3, netfake.None)
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	_, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c)
	mustFail(t, err, relais.FailAmbiguous)
	_, err = s.client.Publish(t.Context(), acctToken, acct, "post-1", c)
	mustFail(t, err, relais.FailDuplicate)
	if got := len(s.fake.Posts(acct)); got != 1 {
		t.Errorf("posts: got %d, want 1", got)
	}
	if got, want := s.count("POST /"+acct+"/threads_publish"), 1; got != want {
		t.Errorf("publish calls: got %d, want %d", got, want)
	}
	if id := mustFind(t, s, c); id != s.fake.Posts(acct)[0].ID {
		t.Errorf("found %s, want the post", id)
	}
}

// TestPublishedElsewhere: Threads refuses to publish a container twice
// (how is not documented); the container's status says the post is out.
func TestPublishedElsewhere(t *testing.T) {
	s := newStack(t)
	s.publishFirst = true
	_, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", relais.Content{Text: "Une fois"})
	mustFail(t, err, relais.FailDuplicate)
	if got := len(s.fake.Posts(acct)); got != 1 {
		t.Errorf("posts: got %d, want 1", got)
	}
}

// mustFind returns the id RecentPosts lists with c's hash.
func mustFind(t *testing.T, s *stack, c relais.Content) string {
	t.Helper()
	posts, err := s.client.RecentPosts(t.Context(), acctToken, acct, start.Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	for _, p := range posts {
		if p.Hash == c.Hash() {
			return p.ID
		}
	}
	t.Fatalf("recent posts: none with the content's hash among %d", len(posts))
	return ""
}

// TestRecentPosts lists posts since a time, newest first, across pages,
// with the hashes Publish's content had.
func TestRecentPosts(t *testing.T) {
	s := newStack(t)
	s.fake.MaxLimit = 2
	var contents []relais.Content
	var ids []string
	for i := range 5 {
		c := relais.Content{Text: fmt.Sprintf("Plat du jour n°%d 🍲", i), Link: "https://cafe.example/plat"}
		if i%2 == 1 {
			c.Attachments = []relais.Attachment{image(fmt.Sprint(i))}
		}
		id, err := s.client.Publish(t.Context(), acctToken, acct, fmt.Sprint(i), c)
		if err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
		contents, ids = append(contents, c), append(ids, id)
		s.clock.Advance(time.Hour)
	}
	// Another account's posts are not listed.
	if _, err := s.client.Publish(t.Context(), otherToken, otherAcct, "x", relais.Content{Text: "ailleurs"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.client.RecentPosts(t.Context(), acctToken, acct, start.Add(time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	var want []relais.PublishedPost
	for i := 4; i >= 1; i-- {
		want = append(want, relais.PublishedPost{ID: ids[i], Hash: contents[i].Hash(), CreatedAt: start.Add(time.Duration(i) * time.Hour)})
	}
	if !slices.Equal(got, want) {
		t.Errorf("recent posts:\n got %+v\nwant %+v", got, want)
	}

	s.client.MaxPages = 1
	_, err = s.client.RecentPosts(t.Context(), acctToken, acct, start)
	mustFail(t, err, relais.FailPermanent)
}

// TestRecentPostsStale: a listing that lags behind misses the newest
// post, which the publisher then cannot find.
func TestRecentPostsStale(t *testing.T) {
	s := newStack(t)
	c := relais.Content{Text: "Tout juste publié"}
	if _, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", c); err != nil {
		t.Fatal(err)
	}
	s.fake.Faults.FailNext(1, netfake.StaleListing)
	got, err := s.client.RecentPosts(t.Context(), acctToken, acct, start)
	if err != nil || len(got) != 0 {
		t.Errorf("stale listing: got %+v and %v, want nothing", got, err)
	}
}
