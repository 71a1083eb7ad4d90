package mastodon

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestPublish(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		account string
		content relais.Content
	}{
		{"text", testAccount, relais.Content{Text: "Hello, fediverse"}},
		{"link and accents", testAccount, relais.Content{Text: "Café crème à 8 € — on ouvre !", Link: "https://acme.example/menu?jour=lundi&x=1"}},
		{"leading @, upper-case instance", "@relais@Social.Example", relais.Content{Text: "hi"}},
		{"longest text", testAccount, relais.Content{Text: strings.Repeat("é", 500)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			id, err := f.client.Publish(ctx, testToken, tt.account, "post-1", tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			got := f.fake.Statuses(testUser)
			if len(got) != 1 {
				t.Fatalf("statuses: got %d, want 1", len(got))
			}
			if got[0].ID != id {
				t.Errorf("id: got %q, want %q", id, got[0].ID)
			}
			if got[0].Text != tt.content.Compose() {
				t.Errorf("text: got %q, want %q", got[0].Text, tt.content.Compose())
			}
			if got[0].Visibility != "public" || got[0].IdempotencyKey != "post-1" {
				t.Errorf("visibility, key: got %q, %q, want public, post-1", got[0].Visibility, got[0].IdempotencyKey)
			}
		})
	}
}

func TestPublishSameKey(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	c := relais.Content{Text: "once"}
	first, err := f.client.Publish(ctx, testToken, testAccount, "post-1", c)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	f.clock.Advance(59 * time.Minute)
	again, err := f.client.Publish(ctx, testToken, testAccount, "post-1", c)
	if err != nil {
		t.Fatalf("publish again: %v", err)
	}
	if again != first {
		t.Errorf("id of the repeat: got %q, want %q", again, first)
	}
	if got := len(f.fake.Statuses(testUser)); got != 1 {
		t.Errorf("statuses after a repeat: got %d, want 1", got)
	}
	// Mastodon does not refuse duplicate content: only the key protects.
	if _, err := f.client.Publish(ctx, testToken, testAccount, "post-2", c); err != nil {
		t.Fatalf("publish with another key: %v", err)
	}
	if got := len(f.fake.Statuses(testUser)); got != 2 {
		t.Errorf("statuses after another key: got %d, want 2", got)
	}
}

// afterEffect5xx lets the fake make the status, then answers 500 in its
// place, as when Mastodon fails after saving: netfake's ServerError has
// no effect, this one has.
func afterEffect5xx(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if r.Method+" "+r.URL.Path == postStatuses && rec.Code == http.StatusOK {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":"We're sorry, but something went wrong on our end."}`))
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// onlyFirst applies a front to the first status posted only.
func onlyFirst(front func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		failing, done := front(h), make(chan struct{}, 1)
		done <- struct{}{}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method+" "+r.URL.Path == postStatuses {
				select {
				case <-done:
					failing.ServeHTTP(w, r)
					return
				default:
				}
			}
			h.ServeHTTP(w, r)
		})
	}
}

// ambiguity is a way the status call fails after its request went out.
type ambiguity struct {
	name  string
	fault netfake.Fault
	front func(http.Handler) http.Handler
	// timeout bounds each call, as the publisher's client does; a video's
	// upload has its own, so that only the status call times out.
	timeout   time.Duration
	wantAfter int // statuses after the failed call
}

// TestPublishAmbiguous plays the publisher's part after an ambiguous
// failure of the status call, with or without images or a video uploaded
// before it: look among recent posts, then retry with the same key.
// Either way the account ends with exactly one status, with its media,
// each uploaded once.
func TestPublishAmbiguous(t *testing.T) {
	image, video := imageHost(t), videoHost(t)
	tests := []ambiguity{
		{name: "5xx before the effect", fault: netfake.ServerError},
		{name: "5xx after the effect", front: onlyFirst(afterEffect5xx), wantAfter: 1},
		{name: "timeout before the effect", fault: netfake.Timeout, timeout: 200 * time.Millisecond},
		{name: "timeout after the effect", fault: netfake.TimeoutAfterEffect, timeout: 200 * time.Millisecond, wantAfter: 1},
	}
	text := relais.Content{Text: "Soirée jazz ce vendredi", Link: "https://acme.example/jazz"}
	photo := text
	photo.ImageURL, photo.ImageAlt = image("/photo.png"), "Le trio sur scène"
	carousel := text
	carousel.Attachments = photos(image, 4)
	clip := videoPost(video, "/clip.mp4", "video/mp4")
	for _, tt := range tests {
		for _, c := range []relais.Content{text, photo, carousel, clip} {
			t.Run(fmt.Sprintf("%s, %d media", tt.name, len(c.Attached())), func(t *testing.T) { testAmbiguous(t, tt, c) })
		}
	}
}

func testAmbiguous(t *testing.T, tt ambiguity, c relais.Content) {
	f := newFixture(t, tt.front)
	atts := c.Attached()
	if tt.fault != netfake.None {
		// The uploads, and a look at each video, go through; the status
		// call fails.
		before := len(atts)
		for _, a := range atts {
			if a.Kind == relais.FormatVideo {
				before++
			}
		}
		f.fake.Faults.FailNext(before, netfake.None)
		f.fake.Faults.FailNext(1, tt.fault)
	}
	if tt.timeout > 0 {
		hc := *f.srv.Client()
		hc.Timeout = tt.timeout
		f.client.http = &hc
	}
	_, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c)
	f.client.http = f.srv.Client()
	if got := mustFailure(t, err).Kind; got != relais.FailAmbiguous {
		t.Fatalf("failure: got %s (%v), want ambiguous", got, err)
	}
	if got := len(f.fake.Statuses(testUser)); got != tt.wantAfter {
		t.Fatalf("statuses after the failure: got %d, want %d", got, tt.wantAfter)
	}

	ctx := context.Background()
	recent, err := f.client.RecentPosts(ctx, testToken, testAccount, start.Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	found := 0
	for _, p := range recent {
		if p.Hash == c.Hash() {
			found++
		}
	}
	if found != tt.wantAfter {
		t.Errorf("posts found by hash: got %d, want %d", found, tt.wantAfter)
	}
	id, err := f.client.Publish(ctx, testToken, testAccount, "post-1", c)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	got := f.fake.Statuses(testUser)
	if len(got) != 1 || got[0].ID != id {
		t.Fatalf("statuses after the retry: got %d, want one with id %q", len(got), id)
	}
	if n := len(got[0].Media); n != len(atts) {
		t.Errorf("the status's media: got %d, want %d", n, len(atts))
	}
	if n := f.count(postMedia); n != len(atts) {
		t.Errorf("uploads: got %d, want %d", n, len(atts))
	}
}

func TestPublishRefusedBeforeAnyCall(t *testing.T) {
	tests := []struct {
		name    string
		account string
		content relais.Content
	}{
		{"too long", testAccount, relais.Content{Text: strings.Repeat("é", 501)}},
		{"too long with its link", testAccount, relais.Content{Text: strings.Repeat("a", 480), Link: "https://acme.example/x"}},
		{"alt text alone", testAccount, relais.Content{ImageAlt: "a photo"}},
		{"blank", testAccount, relais.Content{Text: " \n "}},
		{"no instance", "relais", relais.Content{Text: "hi"}},
		{"no user", "@social.example", relais.Content{Text: "hi"}},
		{"two @", "relais@social.example@x", relais.Content{Text: "hi"}},
		{"URL as instance", "relais@https://social.example", relais.Content{Text: "hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			_, err := f.client.Publish(context.Background(), testToken, tt.account, "post-1", tt.content)
			e := mustFailure(t, err)
			if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EINVALID {
				t.Errorf("failure, code: got %s, %s, want permanent, %s (%v)", e.Kind, relais.ErrorCode(err), relais.EINVALID, err)
			}
			if got := f.count(""); got != 0 {
				t.Errorf("requests: got %d, want 0", got)
			}
		})
	}
}

func TestPublishRefused(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		setup    func(*fixture)
		wantKind relais.Failure
		wantCode string
		wantWait time.Duration
		wantMsg  string
	}{
		{name: "revoked token", token: "tok-revoked", wantKind: relais.FailPermanent, wantCode: relais.EUNAUTHORIZED, wantMsg: "The access token is invalid"},
		{name: "validation", token: testToken, setup: func(f *fixture) { f.fake.MaxCharacters = 10 },
			wantKind: relais.FailPermanent, wantCode: relais.EINVALID, wantMsg: "Validation failed: Text character limit of 10 exceeded"},
		{name: "rate limited", token: testToken, setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.RateLimit) },
			wantKind: relais.FailTransient, wantCode: relais.EINTERNAL, wantWait: 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			_, err := f.client.Publish(context.Background(), tt.token, testAccount, "post-1", relais.Content{Text: "Hello, fediverse"})
			e := mustFailure(t, err)
			if e.Kind != tt.wantKind || relais.ErrorCode(err) != tt.wantCode || e.Wait() != tt.wantWait {
				t.Errorf("failure, code, wait: got %s, %s, %v, want %s, %s, %v (%v)",
					e.Kind, relais.ErrorCode(err), e.Wait(), tt.wantKind, tt.wantCode, tt.wantWait, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message: got %q, want it to hold %q", err.Error(), tt.wantMsg)
			}
			if got := len(f.fake.Statuses(testUser)); got != 0 {
				t.Errorf("statuses: got %d, want 0", got)
			}
		})
	}
}
