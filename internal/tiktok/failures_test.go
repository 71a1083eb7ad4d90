package tiktok

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
)

// TestPublishFailures covers what leaves Relais unsure, asked to wait or
// refused: the publisher's next move depends on each classification.
// Until an init is accepted nothing is posted; after, TikTok makes the
// post on its own, so what goes wrong is ambiguous, unless TikTok says
// the post FAILED.
func TestPublishFailures(t *testing.T) {
	ctx := context.Background()
	// The calls of a video publish, in order.
	const creatorInfo, init, status = 0, 1, 2
	tests := []struct {
		name       string
		token      string
		setup      func(t *testing.T, s *stack)
		before     int // calls let through before the fault
		fault      netfake.Fault
		media      string
		wantKind   relais.Failure
		wantWait   time.Duration
		wantStatus int
		wantCode   string
		wantPosts  int // made, not failed
	}{
		{name: "bad token", token: "act.nope", wantKind: relais.FailPermanent, wantStatus: 401, wantCode: CodeTokenInvalid},
		{name: "rate limited", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantStatus: 429, wantCode: CodeRateLimited},
		{name: "creator info fails", fault: netfake.ServerError, wantKind: relais.FailTransient, wantStatus: 500, wantCode: CodeInternal},
		{name: "creator info times out", fault: netfake.Timeout, wantKind: relais.FailTransient},
		{name: "init fails", before: init, fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantStatus: 500, wantCode: CodeInternal},
		{name: "init times out", before: init, fault: netfake.Timeout, wantKind: relais.FailAmbiguous},
		{name: "init's answer lost", before: init, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantPosts: 1},
		{name: "init rate limited", before: init, fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: time.Minute, wantStatus: 429, wantCode: CodeRateLimited},
		{name: "status read fails", before: status, fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantStatus: 500, wantCode: CodeInternal, wantPosts: 1},
		{name: "status read times out", before: status, fault: netfake.Timeout, wantKind: relais.FailAmbiguous, wantPosts: 1},
		{name: "still processing", setup: func(_ *testing.T, s *stack) { s.fake.ProcessingReads = 20; s.client.MaxPolls = 3 }, wantKind: relais.FailAmbiguous, wantPosts: 1},
		{name: "media URL not verified", setup: func(_ *testing.T, s *stack) { s.fake.VerifyURLPrefix("https://cdn.acme.example/") },
			wantKind: relais.FailPermanent, wantStatus: 403, wantCode: CodeURLUnverified},
		{name: "media gone", media: "/gone.mp4", wantKind: relais.FailTransient, wantCode: "video_pull_failed"},
		{name: "media not a video", media: "/p.png", wantKind: relais.FailPermanent, wantCode: "file_format_check_failed"},
		{name: "daily cap", setup: func(t *testing.T, s *stack) {
			s.fake.DailyPostCap = 1
			if _, err := s.client.PublishWith(context.Background(), acmeToken, s.video("first"), public); err != nil {
				t.Fatal(err)
			}
			s.requests.Store(0)
		}, wantKind: relais.FailTransient, wantWait: time.Hour, wantStatus: 200, wantCode: CodeTooManyPosts, wantPosts: 1},
		{name: "banned", setup: func(_ *testing.T, s *stack) { s.fake.SetCreator(acmeID, tiktokfake.Creator{Banned: true}) },
			wantKind: relais.FailPermanent, wantStatus: 200, wantCode: CodeBanned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.setup != nil {
				tt.setup(t, s)
			}
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(tt.before, netfake.None)
				s.fake.Faults.FailNext(1, tt.fault)
			}
			c := s.video("Soldes d'hiver")
			if tt.media != "" {
				c.Attachments[0].URL = s.media.URL + tt.media
			}
			tok := acmeToken
			if tt.token != "" {
				tok = tt.token
			}
			_, err := s.client.PublishWith(ctx, tok, c, public)
			e := netfake.MustError(t, err, acmeToken, tok, s.media.URL)
			if e.Kind != tt.wantKind || e.Wait() != tt.wantWait {
				t.Errorf("got %s (wait %v), want %s (wait %v): %v", e.Kind, e.Wait(), tt.wantKind, tt.wantWait, err)
			}
			if e.Status != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("got status %d code %q, want %d %q", e.Status, e.Code, tt.wantStatus, tt.wantCode)
			}
			made := 0
			for _, p := range s.fake.Posts(acmeID) {
				if p.Status != tiktokfake.Failed {
					made++
				}
			}
			if made != tt.wantPosts {
				t.Errorf("posts made: got %d, want %d", made, tt.wantPosts)
			}
		})
	}
}

// TestRateLimitOnInit: TikTok takes 6 inits a minute per token; the
// seventh waits for the window to slide.
func TestRateLimitOnInit(t *testing.T) {
	s := newStack(t)
	s.client.MaxPolls = 1
	for range 6 {
		if _, err := s.client.PublishWith(context.Background(), acmeToken, s.video("hi"), PostOptions{Privacy: SelfOnly}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.client.PublishWith(context.Background(), acmeToken, s.video("hi"), PostOptions{Privacy: SelfOnly})
	if e := netfake.MustError(t, err, acmeToken); e.Kind != relais.FailTransient || e.Wait() != time.Minute || e.Code != CodeRateLimited {
		t.Errorf("got %s %s (wait %v), want transient %s after a minute", e.Kind, e.Code, e.Wait(), CodeRateLimited)
	}
	s.clock.Advance(time.Minute)
	if _, err := s.client.PublishWith(context.Background(), acmeToken, s.video("hi"), PostOptions{Privacy: SelfOnly}); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// TestModeration: a public post TikTok is still moderating after the
// reads is out, named by its publish id, which Metrics resolves once
// TikTok gives the public id.
func TestModeration(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.fake.ModerationReads = 5
	s.client.MaxPolls = 3
	got, err := s.client.PublishWith(ctx, acmeToken, s.video("Under review"), public)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != got.PublishID || !strings.Contains(got.Note, "moderating") {
		t.Errorf("got %+v, want the publish id and a note on moderation", got)
	}
	_, err = s.client.Metrics(ctx, acmeToken, acmeID, got.ID)
	if f, _ := relais.FailureOf(err); f != relais.FailPermanent || !strings.Contains(err.Error(), "no public id") {
		t.Errorf("metrics in moderation: got %v, want a permanent refusal", err)
	}
	for range 3 {
		_, _ = s.client.Metrics(ctx, acmeToken, acmeID, got.ID) // each reads the status once
	}
	if _, err := s.client.Metrics(ctx, acmeToken, acmeID, got.ID); err != nil {
		t.Errorf("metrics after moderation: %v", err)
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
	ctx := context.Background()
	_, perr := c.PublishWith(ctx, acmeToken, relais.Content{ImageURL: "https://media.example/p.jpg"}, public)
	_, lerr := c.RecentPosts(ctx, acmeToken, acmeID, start)
	_, merr := c.Metrics(ctx, acmeToken, acmeID, "7440000000000000001")
	for name, err := range map[string]error{"publish": perr, "recent posts": lerr, "metrics": merr} {
		if got := netfake.MustError(t, err, acmeToken).Kind; got != relais.FailTransient {
			t.Errorf("%s: got %s, want transient (%v)", name, got, err)
		}
	}
}

// TestErrorAnswers: TikTok's messages are kept short and without the
// token, with the log_id TikTok's support asks for; an answer that is
// not TikTok's envelope is classified by its status.
func TestErrorAnswers(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		wantKind relais.Failure
		wantCode string
		wantSays []string
	}{
		{"long message quoting the token", 400, `{"error":{"code":"invalid_param","message":"bad ` + acmeToken + ` ` + strings.Repeat("x", 1000) + `","log_id":"2026112009LOG"}}`,
			relais.FailPermanent, CodeInvalidParam, []string{"log_id 2026112009LOG", "[token]", "refused the request as invalid"}},
		{"a gateway's HTML", 502, `<html>bad gateway</html>`, relais.FailTransient, "", []string{"Bad Gateway"}},
		{"401 without a body", 401, ``, relais.FailPermanent, "", []string{"refresh it"}},
		{"an unknown code", 403, `{"error":{"code":"new_refusal","message":"no"}}`, relais.FailPermanent, "new_refusal", []string{"TikTok refused the request: no"}},
		{"200 with an error", 200, `{"data":{},"error":{"code":"scope_not_authorized","message":"grant it"}}`, relais.FailPermanent, CodeScopeNotAuthorized, []string{"video.publish"}},
		{"200 that is not JSON", 200, `ok`, relais.FailTransient, "", []string{"decode answer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, err := New(srv.URL, nil).RecentPosts(context.Background(), acmeToken, acmeID, start)
			e := netfake.MustError(t, err, acmeToken)
			if e.Kind != tt.wantKind || e.Code != tt.wantCode {
				t.Errorf("got %s %q, want %s %q (%v)", e.Kind, e.Code, tt.wantKind, tt.wantCode, err)
			}
			for _, s := range tt.wantSays {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not say %q", err.Error(), s)
				}
			}
			if n := utf8.RuneCountInString(e.Err.Error()); n > netcall.MaxMessage+200 {
				t.Errorf("message is %d bytes long", n)
			}
		})
	}
}
