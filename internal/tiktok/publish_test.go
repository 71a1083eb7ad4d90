package tiktok

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
)

// onTikTok is what TikTok keeps of a post that Relais decides.
type onTikTok struct {
	Photo                                      bool
	Title, Description, Privacy                string
	DisableComment, DisableDuet, DisableStitch bool
}

// TestPublish covers each format on the wire: what TikTok stores of the
// post, and the id Relais keeps.
func TestPublish(t *testing.T) {
	ctx := context.Background()
	const link = "https://acme.example/brunch"
	tests := []struct {
		name      string
		content   func(s *stack) relais.Content
		options   PostOptions
		creator   *tiktokfake.Creator
		want      onTikTok
		wantMedia int
		wantID    string // "video": a public video id; "publish": the publish id
		wantNote  string
	}{
		{name: "video", content: func(s *stack) relais.Content { c := s.video("Brunch à Lyon #food"); c.Link = link; return c }, options: public,
			want:      onTikTok{Title: "Brunch à Lyon #food\n\n" + link, Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true, DisableDuet: true, DisableStitch: true},
			wantMedia: 1, wantID: "video"},
		{name: "video, interactions allowed", content: func(s *stack) relais.Content { return s.video("Duet this") },
			options: PostOptions{Privacy: PublicToEveryone, AllowComment: true, AllowDuet: true, AllowStitch: true},
			want:    onTikTok{Title: "Duet this", Privacy: "PUBLIC_TO_EVERYONE"}, wantMedia: 1, wantID: "video"},
		{name: "video, comments off in the creator's settings", content: func(s *stack) relais.Content { return s.video("Hi") },
			options: PostOptions{Privacy: PublicToEveryone, AllowComment: true, AllowDuet: true, AllowStitch: true},
			creator: &tiktokfake.Creator{CommentDisabled: true},
			want:    onTikTok{Title: "Hi", Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true}, wantMedia: 1, wantID: "video"},
		{name: "video, longest caption in UTF-16 units", content: func(s *stack) relais.Content { return s.video(strings.Repeat("é", 2198) + "🥐") }, options: public,
			want:      onTikTok{Title: strings.Repeat("é", 2198) + "🥐", Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true, DisableDuet: true, DisableStitch: true},
			wantMedia: 1, wantID: "video"},
		{name: "one photo", content: func(s *stack) relais.Content { return s.photos("Nouvelle carte", "/p1.jpg") }, options: public,
			want:      onTikTok{Photo: true, Description: "Nouvelle carte", Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true},
			wantMedia: 1, wantID: "video"},
		{name: "carousel with a long description", content: func(s *stack) relais.Content { return s.photos(strings.Repeat("a", 3990), "/p1.jpg", "/p2.webp") }, options: public,
			want:      onTikTok{Photo: true, Description: strings.Repeat("a", 3990), Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true},
			wantMedia: 2, wantID: "video"},
		{name: "image by URL", content: func(s *stack) relais.Content { return relais.Content{Text: "Menu", ImageURL: s.media.URL + "/p1.jpg"} }, options: public,
			want: onTikTok{Photo: true, Description: "Menu", Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true}, wantMedia: 1, wantID: "video"},
		{name: "friends only", content: func(s *stack) relais.Content { return s.video("Pour les amis") }, options: PostOptions{Privacy: MutualFollowFriends},
			want:      onTikTok{Title: "Pour les amis", Privacy: "MUTUAL_FOLLOW_FRIENDS", DisableComment: true, DisableDuet: true, DisableStitch: true},
			wantMedia: 1, wantID: "publish", wantNote: "no public id"},
		{name: "followers of a private account", content: func(s *stack) relais.Content { return s.video("Abonnés") }, options: PostOptions{Privacy: FollowerOfCreator, AllowDuet: true},
			creator: &tiktokfake.Creator{Private: true},
			want:    onTikTok{Title: "Abonnés", Privacy: "FOLLOWER_OF_CREATOR", DisableComment: true, DisableDuet: true, DisableStitch: true}, wantMedia: 1, wantID: "publish", wantNote: "no public id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.creator != nil {
				s.fake.SetCreator(acmeID, *tt.creator)
			}
			got, err := s.client.PublishWith(ctx, acmeToken, tt.content(s), tt.options)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			// creator info, init, one status read
			if got, want := s.requests.Load(), int64(3); got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			posts := s.fake.Posts(acmeID)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			wire := onTikTok{Photo: p.Photo, Title: p.Title, Description: p.Description, Privacy: p.Privacy,
				DisableComment: p.DisableComment, DisableDuet: p.DisableDuet, DisableStitch: p.DisableStitch}
			if wire.Photo {
				wire.DisableDuet, wire.DisableStitch = false, false
			}
			if wire != tt.want {
				t.Errorf("on TikTok: got %+v, want %+v", wire, tt.want)
			}
			if len(p.Media) != tt.wantMedia {
				t.Errorf("media: got %d, want %d", len(p.Media), tt.wantMedia)
			}
			wantID := p.VideoID
			if tt.wantID == "publish" {
				wantID = p.PublishID
			}
			if got.ID != wantID || got.PublishID != p.PublishID || wantID == "" {
				t.Errorf("ids: got %q and %q, want %q and %q", got.ID, got.PublishID, wantID, p.PublishID)
			}
			if got.Privacy != Privacy(p.Privacy) || got.PrivateUntilAudit {
				t.Errorf("privacy: got %s (private until audit %v), want %s", got.Privacy, got.PrivateUntilAudit, p.Privacy)
			}
			if !strings.Contains(got.Note, tt.wantNote) || (tt.wantNote == "") != (got.Note == "") {
				t.Errorf("note: got %q, want one saying %q", got.Note, tt.wantNote)
			}
		})
	}
}

// TestPublishOptions: the port's Publish takes the post's options, as
// the guards checked them against the spec.
func TestPublishOptions(t *testing.T) {
	s := newStack(t)
	c := s.video("Hi")
	c.Options = map[string]string{OptionPrivacy: string(SelfOnly)}
	if err := Spec.CheckOptions(c.Options); err != nil {
		t.Fatal(err)
	}
	id, err := s.client.Publish(context.Background(), acmeToken, acmeID, "post-1", c)
	if err != nil {
		t.Fatal(err)
	}
	if p := s.fake.Posts(acmeID)[0]; id != p.PublishID || p.Privacy != "SELF_ONLY" {
		t.Errorf("got id %q and privacy %s, want the publish id and SELF_ONLY", id, p.Privacy)
	}
	_, err = s.client.Publish(context.Background(), acmeToken, acmeID, "post-2", s.video("Hi"))
	if relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("no options: got %v, want an invalid error", err)
	}
}

// TestPublishRefusals: content TikTok would refuse is refused before any
// call, and a privacy level that is missing or not the account's after
// reading creator info, which the message lists.
func TestPublishRefusals(t *testing.T) {
	ctx := context.Background()
	video := func(s *stack) relais.Attachment { return s.video("").Attachments[0] }
	photo := func(s *stack) relais.Attachment { return s.photos("", "/p1.jpg").Attachments[0] }
	tests := []struct {
		name         string
		content      func(s *stack) relais.Content
		options      PostOptions
		wantRequests int64
		wantMessage  string
	}{
		{name: "text alone", content: func(*stack) relais.Content { return relais.Content{Text: "Bonjour"} }, options: public, wantMessage: "video or photos"},
		{name: "a video and a photo", content: func(s *stack) relais.Content {
			return relais.Content{Attachments: []relais.Attachment{video(s), photo(s)}}
		}, options: public, wantMessage: "not both"},
		{name: "two videos", content: func(s *stack) relais.Content {
			return relais.Content{Attachments: []relais.Attachment{video(s), video(s)}}
		}, options: public, wantMessage: "one video"},
		{name: "36 photos", content: func(s *stack) relais.Content {
			c := relais.Content{}
			for range 36 {
				c.Attachments = append(c.Attachments, photo(s))
			}
			return c
		}, options: public, wantMessage: "35 photos"},
		{name: "a PNG photo", content: func(s *stack) relais.Content {
			a := photo(s)
			a.ContentType = "image/png"
			return relais.Content{Attachments: []relais.Attachment{a}}
		}, options: public, wantMessage: "not image/png"},
		{name: "an AVI video", content: func(s *stack) relais.Content {
			a := video(s)
			a.ContentType = "video/x-msvideo"
			return relais.Content{Attachments: []relais.Attachment{a}}
		}, options: public, wantMessage: "not video/x-msvideo"},
		{name: "a video over 4 GB", content: func(s *stack) relais.Content {
			a := video(s)
			a.Bytes = 4_000_000_001
			return relais.Content{Attachments: []relais.Attachment{a}}
		}, options: public, wantMessage: "4000000000 at most"},
		{name: "a photo over 20 MB", content: func(s *stack) relais.Content {
			a := photo(s)
			a.Bytes = 20_000_001
			return relais.Content{Attachments: []relais.Attachment{a}}
		}, options: public, wantMessage: "20000000 at most"},
		{name: "a caption over 2200 UTF-16 units", content: func(s *stack) relais.Content { return s.video(strings.Repeat("é", 2199) + "🥐") }, options: public, wantMessage: "2201 UTF-16 units"},
		{name: "a description over 4000 UTF-16 units", content: func(s *stack) relais.Content {
			c := s.photos(strings.Repeat("a", 3990), "/p1.jpg")
			c.Link = "https://acme.example/"
			return c
		}, options: public, wantMessage: "4013 UTF-16 units"},
		{name: "an attachment without URL", content: func(s *stack) relais.Content {
			return relais.Content{Attachments: []relais.Attachment{{Kind: relais.FormatVideo}}}
		}, options: public, wantMessage: "no URL"},
		{name: "an unknown privacy level", content: func(s *stack) relais.Content { return s.video("") }, options: PostOptions{Privacy: "PUBLIC"}, wantMessage: `"PUBLIC"`},
		{name: "no privacy level", content: func(s *stack) relais.Content { return s.video("") }, wantRequests: 1,
			wantMessage: "no default; this account offers PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY"},
		{name: "no privacy level on an audited app, private allowed", content: func(s *stack) relais.Content { return s.video("") },
			options: PostOptions{PrivateUntilAudit: true}, wantRequests: 1, wantMessage: "no default"},
		{name: "a privacy level the account does not offer", content: func(s *stack) relais.Content { return s.video("") },
			options: PostOptions{Privacy: FollowerOfCreator}, wantRequests: 1, wantMessage: "does not offer FOLLOWER_OF_CREATOR now; it offers PUBLIC_TO_EVERYONE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.client.Audited = true
			_, err := s.client.PublishWith(ctx, acmeToken, tt.content(s), tt.options)
			e := netfake.MustError(t, err, acmeToken)
			if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EINVALID {
				t.Errorf("got %s %s, want a permanent invalid error", e.Kind, relais.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("message %q does not say %q", err.Error(), tt.wantMessage)
			}
			if got := s.requests.Load(); got != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", got, tt.wantRequests)
			}
			if n := len(s.fake.Posts(acmeID)); n != 0 {
				t.Errorf("posts: got %d, want none", n)
			}
		})
	}
}
