package meta

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	otherPageID    = "1002"
	otherPageToken = "EAAG-other-page-secret"
)

// commenter is what both Meta adapters offer for a first comment.
type commenter interface {
	relais.NetworkCommenter
	RecentComments(ctx context.Context, token, account, postID string) ([]relais.PublishedPost, error)
}

// publish makes a post of a kind on the fake through the adapter and
// returns its id: a Page "text", "photo" or "video" post, another page's
// post ("other page"), or an Instagram "media".
func (s *stack) publish(t *testing.T, kind string) string {
	t.Helper()
	var p relais.NetworkPublisher = s.fb
	token, account := pageToken, pageID
	c := relais.Content{Text: "Nouvelle collection " + kind}
	switch kind {
	case "photo":
		c.ImageURL = "https://cdn.example/p.jpg"
	case "video":
		c.Attachments = []relais.Attachment{{URL: "https://cdn.example/v.mp4", Kind: relais.FormatVideo, ContentType: "video/mp4"}}
	case "media":
		p, token, account, c.ImageURL = s.ig, igToken, igID, "https://cdn.example/m.jpg"
	case "other page":
		s.fake.RegisterPage(otherPageID, otherPageToken)
		token, account = otherPageToken, otherPageID
	}
	id, err := p.Publish(t.Context(), token, account, kind, c)
	if err != nil {
		t.Fatalf("publish %s: %v", kind, err)
	}
	return id
}

// words repeats w n times, separated by spaces.
func words(w string, n int) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }

func TestComment(t *testing.T) {
	const link = "Le lien de la collection : https://acme.example/automne #automne"
	tests := []struct {
		name    string
		network relais.Network
		post    string // what publish makes, or "unknown"
		text    string // link when empty
		token   string // the account's when empty
		fault   netfake.Fault
		want    relais.Failure
		// wantCode is the relais error code of a refusal made before any
		// call; wantWait the wait a transient failure asks.
		wantCode string
		wantWait time.Duration
		// wantDone: the comment is under the post despite the failure.
		wantDone bool
	}{
		{name: "facebook text post", network: relais.Facebook, post: "text"},
		{name: "facebook photo post", network: relais.Facebook, post: "photo"},
		{name: "facebook video by its id", network: relais.Facebook, post: "video"},
		{name: "instagram media", network: relais.Instagram, post: "media"},
		{name: "facebook at its limit", network: relais.Facebook, post: "text", text: strings.Repeat("é", maxFacebookComment)},
		{name: "instagram at its limits", network: relais.Instagram, post: "media", text: words("#tag", 30) + " " + words("@ami", 20)},

		{name: "facebook over its limit", network: relais.Facebook, post: "text", text: strings.Repeat("é", maxFacebookComment+1), want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "instagram over its limit", network: relais.Instagram, post: "media", text: strings.Repeat("a", maxInstagramComment+1), want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "instagram with 31 hashtags", network: relais.Instagram, post: "media", text: words("#tag", 31), want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "instagram with 21 @ tags", network: relais.Instagram, post: "media", text: words("@ami", 21), want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "no text", network: relais.Facebook, post: "text", text: " \n ", want: relais.FailPermanent, wantCode: relais.EINVALID},

		{name: "facebook unknown post", network: relais.Facebook, post: "unknown", want: relais.FailPermanent},
		{name: "instagram unknown media", network: relais.Instagram, post: "unknown", want: relais.FailPermanent},
		{name: "another page's post", network: relais.Facebook, post: "other page", want: relais.FailPermanent},
		{name: "instagram token on a page post", network: relais.Instagram, post: "text", want: relais.FailPermanent},
		{name: "bad token", network: relais.Facebook, post: "text", token: "EAAG-wrong", want: relais.FailPermanent},

		{name: "throttled", network: relais.Facebook, post: "text", fault: netfake.RateLimit, want: relais.FailTransient, wantWait: time.Minute},
		{name: "facebook 5xx", network: relais.Facebook, post: "text", fault: netfake.ServerError, want: relais.FailAmbiguous},
		{name: "instagram 5xx", network: relais.Instagram, post: "media", fault: netfake.ServerError, want: relais.FailAmbiguous},
		{name: "no answer", network: relais.Facebook, post: "text", fault: netfake.Timeout, want: relais.FailAmbiguous},
		{name: "facebook answer lost after the comment", network: relais.Facebook, post: "text", fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantDone: true},
		{name: "instagram answer lost after the comment", network: relais.Instagram, post: "media", fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantDone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			var adapter commenter = s.fb
			account, token := pageID, pageToken
			if tt.network == relais.Instagram {
				adapter, account, token = s.ig, igID, igToken
			}
			postID := "17849999999"
			if tt.post != "unknown" {
				postID = s.publish(t, tt.post)
			}
			if tt.token != "" {
				token = tt.token
			}
			text := tt.text
			if text == "" {
				text = link
			}
			s.forget()
			s.fake.Faults.FailNext(1, tt.fault)

			id, err := adapter.Comment(t.Context(), token, account, postID, text)

			got := s.fake.PostComments(postID)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("comment: %v", err)
				}
				want := []metafake.PostComment{{ID: id, Author: account, Message: text}}
				if len(got) != 1 || got[0].ID != want[0].ID || got[0].Author != want[0].Author || got[0].Message != want[0].Message {
					t.Errorf("comments: got %+v, want %+v", got, want)
				}
				if seen, want := s.seen(), []string{"POST /v21.0/" + postID + "/comments"}; len(seen) != 1 || seen[0] != want[0] {
					t.Errorf("requests: got %q, want %q", seen, want)
				}
				return
			}
			e := mustMetaError(t, err, tt.want)
			if got := e.Wait(); got != tt.wantWait {
				t.Errorf("wait: got %s, want %s", got, tt.wantWait)
			}
			if tt.wantCode != "" {
				if got := relais.ErrorCode(err); got != tt.wantCode {
					t.Errorf("code: got %q, want %q", got, tt.wantCode)
				}
				if seen := s.seen(); len(seen) != 0 {
					t.Errorf("requests: got %q, want none", seen)
				}
			}
			if done := len(got) > 0; done != tt.wantDone {
				t.Fatalf("commented: got %v, want %v (%+v)", done, tt.wantDone, got)
			}
			if !tt.wantDone {
				return
			}
			// The publisher looks before trying again, and finds it.
			mine, err := adapter.RecentComments(t.Context(), token, account, postID)
			if err != nil {
				t.Fatalf("recent comments: %v", err)
			}
			if want := (relais.Content{Text: text}).Hash(); len(mine) != 1 || mine[0].ID != got[0].ID || mine[0].Hash != want {
				t.Errorf("recent comments: got %+v, want %s with hash %s", mine, got[0].ID, want)
			}
		})
	}
}

// TestRecentComments lists, among other people's comments read page by
// page, only the account's own, with the hash of their text.
func TestRecentComments(t *testing.T) {
	tests := []struct {
		name    string
		network relais.Network
		post    string
	}{
		{name: "facebook", network: relais.Facebook, post: "text"},
		{name: "facebook video", network: relais.Facebook, post: "video"},
		{name: "instagram", network: relais.Instagram, post: "media"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			var adapter commenter = s.fb
			account, token := pageID, pageToken
			if tt.network == relais.Instagram {
				adapter, account, token = s.ig, igID, igToken
			}
			postID := s.publish(t, tt.post)
			s.fake.AddPostComment(postID, "c-lea", "6283749102837465", "Superbe !")
			first, err := adapter.Comment(t.Context(), token, account, postID, "Tous les modèles : https://acme.example")
			if err != nil {
				t.Fatalf("comment: %v", err)
			}
			s.fake.AddPostComment(postID, "c-hugo", "5192837465019283", "Dispo en 38 ?")
			second, err := adapter.Comment(t.Context(), token, account, postID, "Oui, en 38 aussi.")
			if err != nil {
				t.Fatalf("comment: %v", err)
			}
			s.fake.MaxLimit = 1 // a page per comment

			got, err := adapter.RecentComments(t.Context(), token, account, postID)
			if err != nil {
				t.Fatalf("recent comments: %v", err)
			}
			want := map[string]string{
				first:  relais.Content{Text: "Tous les modèles : https://acme.example"}.Hash(),
				second: relais.Content{Text: "Oui, en 38 aussi."}.Hash(),
			}
			if len(got) != len(want) {
				t.Fatalf("recent comments: got %+v, want %d", got, len(want))
			}
			for _, c := range got {
				if c.Hash != want[c.ID] || c.CreatedAt.IsZero() {
					t.Errorf("comment %s: got hash %s at %s, want %s at a time", c.ID, c.Hash, c.CreatedAt, want[c.ID])
				}
			}
		})
	}
}

// A listing that fails is never mistaken for no comment: its error is
// classified, and a bad token is permanent.
func TestRecentCommentsFailures(t *testing.T) {
	tests := []struct {
		name  string
		token string
		fault netfake.Fault
		want  relais.Failure
	}{
		{name: "5xx", fault: netfake.ServerError, want: relais.FailTransient},
		{name: "throttled", fault: netfake.RateLimit, want: relais.FailTransient},
		{name: "bad token", token: "EAAG-wrong", want: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			postID := s.publish(t, "text")
			token := pageToken
			if tt.token != "" {
				token = tt.token
			}
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.RecentComments(t.Context(), token, pageID, postID)
			mustMetaError(t, err, tt.want)
		})
	}
}
