package tiktok

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestAudit: until the app passes TikTok's audit, TikTok refuses any
// privacy level but SELF_ONLY. A post that allows it then goes out
// SELF_ONLY, and says so; one that does not is refused, saying why, and
// nothing goes out.
func TestAudit(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name           string
		appAudited     bool // on TikTok
		clientAudited  bool // as Relais is told
		options        PostOptions
		wantPrivacy    Privacy // on TikTok; "" when refused
		wantUntilAudit bool
		wantInits      int
		wantNote       string
		wantErr        string // in the message of a refusal
		wantErrCode    string
	}{
		{name: "public post, private allowed", options: PostOptions{Privacy: PublicToEveryone, PrivateUntilAudit: true},
			wantPrivacy: SelfOnly, wantUntilAudit: true, wantInits: 2, wantNote: "private until TikTok's audit: TikTok refused PUBLIC_TO_EVERYONE"},
		{name: "friends post, private allowed", options: PostOptions{Privacy: MutualFollowFriends, PrivateUntilAudit: true},
			wantPrivacy: SelfOnly, wantUntilAudit: true, wantInits: 2, wantNote: "private until TikTok's audit"},
		{name: "public post, private not allowed", options: PostOptions{Privacy: PublicToEveryone}, wantInits: 1,
			wantErr: "private until TikTok's audit", wantErrCode: CodeUnaudited},
		{name: "private post", options: PostOptions{Privacy: SelfOnly}, wantPrivacy: SelfOnly, wantInits: 1},
		{name: "no privacy level, private allowed", options: PostOptions{PrivateUntilAudit: true},
			wantPrivacy: SelfOnly, wantUntilAudit: true, wantInits: 1, wantNote: "private until TikTok's audit: the post names no privacy level"},
		{name: "no privacy level, private allowed, Relais told the app is audited", clientAudited: true, options: PostOptions{PrivateUntilAudit: true},
			wantErr: "no default", wantErrCode: ""},
		{name: "audited app, public post", appAudited: true, clientAudited: true, options: PostOptions{Privacy: PublicToEveryone, PrivateUntilAudit: true},
			wantPrivacy: PublicToEveryone, wantInits: 1},
		{name: "audited app Relais was not told of, public post", appAudited: true, options: PostOptions{Privacy: PublicToEveryone, PrivateUntilAudit: true},
			wantPrivacy: PublicToEveryone, wantInits: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.SetAudited(tt.appAudited)
			s.client.Audited = tt.clientAudited
			got, err := s.client.PublishWith(ctx, acmeToken, s.video("Ouverture samedi"), tt.options)
			// creator info, the inits, then one status read if posted
			wantRequests := int64(1 + tt.wantInits)
			if tt.wantErr != "" {
				e := netfake.MustError(t, err, acmeToken)
				if e.Kind != relais.FailPermanent || e.Code != tt.wantErrCode || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got %s %q %v, want a permanent refusal %q saying %q", e.Kind, e.Code, err, tt.wantErrCode, tt.wantErr)
				}
				if n := len(s.fake.Posts(acmeID)); n != 0 {
					t.Errorf("posts: got %d, want none", n)
				}
			} else {
				wantRequests++
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				posts := s.fake.Posts(acmeID)
				if len(posts) != 1 || Privacy(posts[0].Privacy) != tt.wantPrivacy {
					t.Fatalf("posts: got %+v, want one %s", posts, tt.wantPrivacy)
				}
				if got.Privacy != tt.wantPrivacy || got.PrivateUntilAudit != tt.wantUntilAudit {
					t.Errorf("got %s (private until audit %v), want %s (%v)", got.Privacy, got.PrivateUntilAudit, tt.wantPrivacy, tt.wantUntilAudit)
				}
				if !strings.HasPrefix(got.Note, tt.wantNote) {
					t.Errorf("note: got %q, want it to start with %q", got.Note, tt.wantNote)
				}
			}
			if got := s.requests.Load(); got != wantRequests {
				t.Errorf("requests: got %d, want %d", got, wantRequests)
			}
		})
	}
}

// TestAuditMessage: the refusal says what to do, once.
func TestAuditMessage(t *testing.T) {
	s := newStack(t)
	s.fake.SetAudited(false)
	_, err := s.client.PublishWith(context.Background(), acmeToken, s.video("hi"), public)
	want := "private until TikTok's audit: TikTok lets an app that has not passed its audit post only SELF_ONLY, to private accounts: " +
		"Unaudited clients can only post to a private account. (log_id "
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "asked for PUBLIC_TO_EVERYONE and does not allow going out SELF_ONLY until then, so nothing was posted") {
		t.Errorf("got %q", err.Error())
	}
}
