package pinterest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// photo is an attachment of the media library: an image with its type,
// size and description.
func photo(url, typ string, size int64, alt string) relais.Attachment {
	return relais.Attachment{URL: url, Kind: relais.FormatImage, ContentType: typ, Bytes: size, Alt: alt}
}

func clip(url string, size int64, alt string) relais.Attachment {
	return relais.Attachment{URL: url, Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: size, Alt: alt}
}

// TestPublishImages: one image goes as image_url and two to five as a
// carousel, Pinterest reading each from its URL; the text is the Pin's
// description, the link its link, and the first description its alt text.
func TestPublishImages(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	png, jpg := host.at("/photo.png"), host.at("/photo.jpg")
	tests := []struct {
		name          string
		content       relais.Content
		wantMediaType string
		wantImages    []string
		wantAlt       string
	}{
		{name: "one image", content: relais.Content{Text: "Nouvelle collection", Link: "https://acme.example/hiver",
			Attachments: []relais.Attachment{photo(png, "image/png", 100, "Un manteau rouge")}},
			wantMediaType: "image", wantImages: []string{png}, wantAlt: "Un manteau rouge"},
		{name: "an image by URL", content: relais.Content{Text: "Soldes", ImageURL: jpg, ImageAlt: "affiche"},
			wantMediaType: "image", wantImages: []string{jpg}, wantAlt: "affiche"},
		{name: "carousel", content: relais.Content{Text: "Trois looks", Link: "https://acme.example/looks",
			Attachments: []relais.Attachment{photo(png, "image/png", 100, ""), photo(jpg, "image/jpeg", 100, "look 2"), photo(png, "image/png", 100, "look 3")}},
			wantMediaType: "multiple_images", wantImages: []string{png, jpg, png}, wantAlt: "look 2"},
		{name: "largest carousel, longest texts", content: relais.Content{Text: strings.Repeat("é", 800), Link: "https://acme.example/" + strings.Repeat("a", 2048-21),
			Attachments: slices.Repeat([]relais.Attachment{photo(png, "image/png", 20_000_000, strings.Repeat("à", 500))}, 5)},
			wantMediaType: "multiple_images", wantImages: slices.Repeat([]string{png}, 5), wantAlt: strings.Repeat("à", 500)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id, err := s.client.Publish(ctx, acmeToken, acmeBoard, "key-1", tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := s.requests.Load(), int64(1); got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			pins := s.fake.Pins(acmeBoard)
			if len(pins) != 1 || pins[0].ID != id {
				t.Fatalf("pins: got %+v, want one with id %s", pins, id)
			}
			p := pins[0]
			if p.Description != tt.content.Text || p.Link != tt.content.Link || p.AltText != tt.wantAlt || p.Title != "" {
				t.Errorf("pin: got description %q, link %q, alt %q, title %q; want %q, %q, %q and none",
					p.Description, p.Link, p.AltText, p.Title, tt.content.Text, tt.content.Link, tt.wantAlt)
			}
			if p.MediaType != tt.wantMediaType || !slices.Equal(p.Images, tt.wantImages) {
				t.Errorf("media: got %s %v, want %s %v", p.MediaType, p.Images, tt.wantMediaType, tt.wantImages)
			}
		})
	}
}

// TestPublishRefused: a post Pinterest cannot take is refused for good,
// before any call when Relais can tell, and nothing is pinned.
func TestPublishRefused(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	png := photo(host.at("/photo.png"), "image/png", 100, "")
	mp4 := clip(host.at("/clip.mp4"), 3000, "")
	with := func(c relais.Content, a ...relais.Attachment) relais.Content { c.Attachments = a; return c }
	hello := relais.Content{Text: "Bonjour", Link: "https://acme.example"}
	tests := []struct {
		name           string
		token, account string
		content        relais.Content
		wantStatus     int
		wantCode       string
		wantRequests   int64
	}{
		{name: "no media", token: acmeToken, account: acmeBoard, content: hello},
		{name: "text too long", token: acmeToken, account: acmeBoard, content: with(relais.Content{Text: strings.Repeat("é", 801)}, png)},
		{name: "link too long", token: acmeToken, account: acmeBoard, content: with(relais.Content{Link: "https://" + strings.Repeat("a", 2041)}, png)},
		{name: "alt text too long", token: acmeToken, account: acmeBoard, content: with(hello, photo(png.URL, "image/png", 100, strings.Repeat("é", 501)))},
		{name: "six images", token: acmeToken, account: acmeBoard, content: with(hello, slices.Repeat([]relais.Attachment{png}, 6)...)},
		{name: "a type pinterest does not take", token: acmeToken, account: acmeBoard, content: with(hello, photo(host.at("/photo.webp"), "image/webp", 100, ""))},
		{name: "an image too big", token: acmeToken, account: acmeBoard, content: with(hello, photo(png.URL, "image/png", 20_000_001, ""))},
		{name: "a video too big", token: acmeToken, account: acmeBoard, content: with(hello, clip(mp4.URL, 2_000_000_001, ""))},
		{name: "two videos", token: acmeToken, account: acmeBoard, content: with(hello, mp4, mp4)},
		{name: "a video after an image", token: acmeToken, account: acmeBoard, content: with(hello, png, mp4)},
		{name: "a video and two images", token: acmeToken, account: acmeBoard, content: with(hello, mp4, png, png)},
		{name: "neither image nor video", token: acmeToken, account: acmeBoard, content: with(hello, relais.Attachment{URL: png.URL, Kind: relais.FormatText})},
		{name: "not a board id", token: acmeToken, account: "acme/boards", content: with(hello, png)},

		{name: "bad token", token: "nope", account: acmeBoard, content: with(hello, png), wantStatus: 401, wantCode: CodeInvalidToken, wantRequests: 1},
		{name: "another person's board", token: globexToken, account: acmeBoard, content: with(hello, png), wantStatus: 403, wantCode: CodeForbidden, wantRequests: 1},
		{name: "unknown board", token: acmeToken, account: "999", content: with(hello, png), wantStatus: 404, wantCode: CodeNotFound, wantRequests: 1},
		{name: "image link expired", token: acmeToken, account: acmeBoard, content: with(hello, photo(host.at("/gone.png"), "image/png", 100, "")), wantStatus: 400, wantCode: CodeInvalid, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			_, err := s.client.Publish(ctx, tt.token, tt.account, "key-1", tt.content)
			e := mustError(t, err)
			if e.Kind != relais.FailPermanent || e.Status != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("got %s %d %q, want permanent %d %q (%v)", e.Kind, e.Status, e.Code, tt.wantStatus, tt.wantCode, err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			// What Relais refuses itself says why to the person.
			if got := relais.ErrorCode(err); tt.wantRequests == 0 && got != relais.EINVALID {
				t.Errorf("error code: got %q, want %q", got, relais.EINVALID)
			}
			if got := len(s.fake.Pins(acmeBoard)); got != 0 {
				t.Errorf("pins: got %d, want 0", got)
			}
		})
	}
}

// TestPublishFailures covers the failures that leave Relais unsure or
// asked to wait: the publisher's next move depends on each.
func TestPublishFailures(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	c := relais.Content{Text: "Idées cadeaux", Link: "https://acme.example/cadeaux",
		Attachments: []relais.Attachment{photo(host.at("/photo.png"), "image/png", 100, "")}}
	tests := []struct {
		name       string
		fault      netfake.Fault
		limit      int // calls per minute; the first publish spends one
		wantKind   relais.Failure
		wantWait   time.Duration
		wantCode   string
		wantPins   int
		wantStatus int
	}{
		{name: "server error", fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantCode: CodeUnavailable, wantStatus: 500},
		{name: "injected rate limit", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantCode: CodeRateLimited, wantStatus: 429},
		{name: "per-minute limit", limit: 1, wantKind: relais.FailTransient, wantWait: time.Minute, wantCode: CodeRateLimited, wantStatus: 429, wantPins: 1},
		{name: "timeout", fault: netfake.Timeout, wantKind: relais.FailAmbiguous},
		{name: "timeout after the pin", fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPins: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.limit > 0 {
				s.fake.SetRateLimit(tt.limit)
				first := c
				first.Text = "premier"
				if _, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", first); err != nil {
					t.Fatalf("publish first: %v", err)
				}
			}
			if tt.fault != "" {
				s.fake.Faults.FailNext(1, tt.fault)
			}
			_, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", c)
			e := mustError(t, err)
			if e.Kind != tt.wantKind || e.Wait() != tt.wantWait || e.Code != tt.wantCode || e.Status != tt.wantStatus {
				t.Errorf("got %s wait %v %q %d, want %s wait %v %q %d (%v)", e.Kind, e.Wait(), e.Code, e.Status, tt.wantKind, tt.wantWait, tt.wantCode, tt.wantStatus, err)
			}
			if got := len(s.fake.Pins(acmeBoard)); got != tt.wantPins {
				t.Errorf("pins: got %d, want %d", got, tt.wantPins)
			}
		})
	}
}

// TestAmbiguousPublishIsFound is the reconciliation the publisher does
// after a lost answer: the Pin made is listed with the content's hash.
func TestAmbiguousPublishIsFound(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	s := newStack(t)
	c := relais.Content{Text: "Nouveau : #Relais (bêta)\n\npour les CM", Link: "https://acme.example/blog?x=1#relais",
		Attachments: []relais.Attachment{photo(host.at("/photo.png"), "image/png", 100, "logo")}}
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	_, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", c)
	if got, want := mustError(t, err).Kind, relais.FailAmbiguous; got != want {
		t.Fatalf("kind: got %s, want %s", got, want)
	}
	got, err := s.client.RecentPosts(ctx, acmeToken, acmeBoard, start.Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	want := relais.PublishedPost{ID: s.fake.Pins(acmeBoard)[0].ID, Hash: c.Hash(), CreatedAt: start}
	if len(got) != 1 || got[0] != want {
		t.Errorf("recent posts: got %+v, want %+v", got, want)
	}
}

// TestPublishWithoutID: Pinterest made the Pin but its answer names none.
func TestPublishWithoutID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c := relais.Content{Text: "hi", ImageURL: "https://media.example/a.png"}
	_, err := New(srv.URL, nil).Publish(context.Background(), acmeToken, acmeBoard, "", c)
	if got, want := mustError(t, err).Kind, relais.FailAmbiguous; got != want {
		t.Errorf("kind: got %s, want %s", got, want)
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
	_, perr := c.Publish(context.Background(), acmeToken, acmeBoard, "", relais.Content{Text: "hi", ImageURL: "https://media.example/a.png"})
	_, lerr := c.RecentPosts(context.Background(), acmeToken, acmeBoard, start)
	for name, err := range map[string]error{"publish": perr, "recent posts": lerr} {
		if got, want := mustError(t, err).Kind, relais.FailTransient; got != want {
			t.Errorf("%s: kind: got %s, want %s (%v)", name, got, want, err)
		}
	}
}

// TestRecentPosts lists the board's Pins made since a time, newest first,
// and none of another board's.
func TestRecentPosts(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	s := newStack(t)
	img := []relais.Attachment{photo(host.at("/photo.png"), "image/png", 100, "")}
	var made []relais.Content
	for _, text := range []string{"ancien", "hier (1/2)", ""} {
		c := relais.Content{Text: text, Link: "https://acme.example/" + text, Attachments: img}
		if _, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", c); err != nil {
			t.Fatalf("publish %q: %v", text, err)
		}
		made = append(made, c)
		s.clock.Advance(time.Hour)
	}
	if _, err := s.client.Publish(ctx, acmeToken, acmeBoard2, "", relais.Content{Text: "autre tableau", Attachments: img}); err != nil {
		t.Fatal(err)
	}
	pins := s.fake.Pins(acmeBoard)
	got, err := s.client.RecentPosts(ctx, acmeToken, acmeBoard, start.Add(time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	want := []relais.PublishedPost{
		{ID: pins[2].ID, Hash: made[2].Hash(), CreatedAt: start.Add(2 * time.Hour)},
		{ID: pins[1].ID, Hash: made[1].Hash(), CreatedAt: start.Add(time.Hour)},
	}
	if !slices.Equal(got, want) {
		t.Errorf("recent posts: got %+v, want %+v", got, want)
	}

	// A listing that lags leaves out the newest Pin.
	s.fake.Faults.FailNext(1, netfake.StaleListing)
	if got, err = s.client.RecentPosts(ctx, acmeToken, acmeBoard, start.Add(time.Hour)); err != nil || !slices.Equal(got, want[1:]) {
		t.Errorf("stale listing: got %+v %v, want %+v", got, err, want[1:])
	}
}

// TestRecentPostsPages: a busy board's Pins since a time span several
// pages; the client stops at the first page that reaches an older Pin.
func TestRecentPostsPages(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	s := newStack(t)
	img := []relais.Attachment{photo(host.at("/photo.png"), "image/png", 100, "")}
	// 260 older Pins, then 260 recent ones: the recent fill page 1 and
	// spill into page 2, which also holds older ones; page 3 is never read.
	for i := range 520 {
		if i == 260 {
			s.clock.Advance(time.Hour)
		}
		if _, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", relais.Content{Text: "pin " + strings.Repeat("i", i%7), Attachments: img}); err != nil {
			t.Fatal(err)
		}
	}
	s.requests.Store(0)
	got, err := s.client.RecentPosts(ctx, acmeToken, acmeBoard, start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 260 {
		t.Errorf("recent posts: got %d, want 260", len(got))
	}
	if got, want := s.requests.Load(), int64(2); got != want {
		t.Errorf("pages read: got %d, want %d", got, want)
	}
}

func TestRecentPostsFailures(t *testing.T) {
	tests := []struct {
		name           string
		fault          netfake.Fault
		token, account string
		wantKind       relais.Failure
		wantStatus     int
	}{
		{name: "server error", fault: netfake.ServerError, token: acmeToken, account: acmeBoard, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "timeout", fault: netfake.Timeout, token: acmeToken, account: acmeBoard, wantKind: relais.FailTransient},
		{name: "bad token", token: "nope", account: acmeBoard, wantKind: relais.FailPermanent, wantStatus: 401},
		{name: "another person's board", token: globexToken, account: acmeBoard, wantKind: relais.FailPermanent, wantStatus: 403},
		{name: "not a board id", token: acmeToken, account: "acme", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.fault != "" {
				s.fake.Faults.FailNext(1, tt.fault)
			}
			_, err := s.client.RecentPosts(context.Background(), tt.token, tt.account, start)
			e := mustError(t, err)
			if e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Errorf("got %s %d, want %s %d (%v)", e.Kind, e.Status, tt.wantKind, tt.wantStatus, err)
			}
		})
	}
}
