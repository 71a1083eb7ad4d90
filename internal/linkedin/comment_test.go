package linkedin

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// published makes a text post on acme's page and returns its URN.
func (s *stack) published(t *testing.T) string {
	t.Helper()
	id, err := s.client.Publish(t.Context(), acmeToken, acmeOrg, "post", relais.Content{Text: "La collection d'automne est là."})
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return id
}

func TestComment(t *testing.T) {
	const link = "Tous les modèles : https://acme.example/automne #automne (et @acme)"
	tests := []struct {
		name    string
		account string // acmeOrg when empty
		token   string // acme's when empty
		post    string // the published post's URN when empty
		text    string // link when empty
		fault   netfake.Fault
		want    relais.Failure
		// status is a failure's HTTP status, 0 when refused before any
		// call, then with wantCode's relais error code; wantWait the wait
		// a transient failure asks.
		status   int
		wantCode string
		wantWait time.Duration
		// wantDone: the comment is under the post despite the failure.
		wantDone bool
	}{
		{name: "comment"},
		{name: "page named by its URN", account: acmeURN},
		{name: "at its limit", text: strings.Repeat("é", maxComment)},

		{name: "over its limit", text: strings.Repeat("é", maxComment+1), want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "no text", text: "\t ", want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "not a post", post: "urn:li:comment:(urn:li:activity:1,2)", want: relais.FailPermanent, wantCode: relais.EINVALID},
		{name: "not an organization", account: "urn:li:person:ada", want: relais.FailPermanent},

		{name: "unknown post", post: "urn:li:share:7269999999999999999", want: relais.FailPermanent, status: 404},
		{name: "as another page", token: globexToken, want: relais.FailPermanent, status: 403},
		{name: "bad token", token: "tok-revoked", want: relais.FailPermanent, status: 401},

		{name: "daily limit", fault: netfake.RateLimit, want: relais.FailTransient, status: 429, wantWait: 150 * time.Minute},
		{name: "5xx", fault: netfake.ServerError, want: relais.FailAmbiguous, status: 500},
		{name: "no answer", fault: netfake.Timeout, want: relais.FailAmbiguous},
		{name: "answer lost after the comment", fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantDone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			post := s.published(t)
			postID, account := cmp.Or(tt.post, post), cmp.Or(tt.account, acmeOrg)
			token, text := cmp.Or(tt.token, acmeToken), cmp.Or(tt.text, link)
			s.requests.Store(0)
			s.fake.Faults.FailNext(1, tt.fault)

			id, err := s.client.Comment(t.Context(), token, account, postID, text)

			got := s.fake.PostComments(post)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("comment: %v", err)
				}
				if len(got) != 1 || got[0].URN != id || got[0].Actor != acmeURN || got[0].Object != post || got[0].Text != text || got[0].ParentComment != "" {
					t.Errorf("comments: got %+v, want %s by %s on %s", got, id, acmeURN, post)
				}
				return
			}
			mustFail(t, err, tt.want, tt.status)
			if got := relais.ErrorCode(err); tt.wantCode != "" && got != tt.wantCode {
				t.Errorf("code: got %q, want %q", got, tt.wantCode)
			}
			if e := netfake.MustError(t, err, acmeToken); e.Wait() != tt.wantWait {
				t.Errorf("wait: got %s, want %s", e.Wait(), tt.wantWait)
			}
			if tt.status == 0 && tt.fault == "" && s.requests.Load() != 0 {
				t.Errorf("requests: got %d, want none", s.requests.Load())
			}
			if done := len(got) > 0; done != tt.wantDone {
				t.Fatalf("commented: got %v, want %v (%+v)", done, tt.wantDone, got)
			}
			if !tt.wantDone {
				return
			}
			// The publisher looks before trying again, and finds it.
			mine, err := s.client.RecentComments(t.Context(), acmeToken, acmeOrg, post)
			if err != nil {
				t.Fatalf("recent comments: %v", err)
			}
			if want := (relais.Content{Text: text}).Hash(); len(mine) != 1 || mine[0].ID != got[0].URN || mine[0].Hash != want || !mine[0].CreatedAt.Equal(start) {
				t.Errorf("recent comments: got %+v, want %s with hash %s at %s", mine, got[0].URN, want, start)
			}
		})
	}
}

// TestRecentComments lists, among other people's comments and the page's
// answers to them, read page by page, only the page's own top-level
// comments; past maxPages pages it refuses rather than say none.
func TestRecentComments(t *testing.T) {
	tests := []struct {
		name    string
		others  int // comments by other people before the page's
		wantErr bool
	}{
		{name: "one page", others: 3},
		{name: "several pages", others: 2*pageSize + 7},
		{name: "too many comments", others: maxPages * pageSize, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			post := s.published(t)
			var lea string
			for i := range tt.others {
				lea = s.fake.AddComment(linkedinfake.Comment{OrgID: acmeOrg, Object: post, Actor: "urn:li:person:lea", Text: fmt.Sprint("Superbe ", i)})
			}
			// The page answers Léa: no first comment, and no top-level one.
			if _, err := s.client.Reply(t.Context(), acmeToken, relais.Interaction{Network: relais.LinkedIn, AccountID: acmeOrg, ID: lea, PostID: post, ParentID: post, Kind: relais.KindComment}, "Merci !"); err != nil {
				t.Fatalf("reply: %v", err)
			}
			first, err := s.client.Comment(t.Context(), acmeToken, acmeOrg, post, "Le lien : https://acme.example")
			if err != nil {
				t.Fatalf("comment: %v", err)
			}
			before := s.requests.Load()

			got, err := s.client.RecentComments(t.Context(), acmeToken, acmeURN, post)

			if tt.wantErr {
				mustFail(t, err, relais.FailPermanent, 0)
				return
			}
			if err != nil {
				t.Fatalf("recent comments: %v", err)
			}
			want := relais.PublishedPost{ID: first, Hash: relais.Content{Text: "Le lien : https://acme.example"}.Hash(), CreatedAt: start}
			if len(got) != 1 || got[0].ID != want.ID || got[0].Hash != want.Hash || !got[0].CreatedAt.Equal(want.CreatedAt) {
				t.Errorf("recent comments: got %+v, want %+v", got, want)
			}
			// Each page read: the comments not nested under another.
			if calls, want := s.requests.Load()-before, int64(tt.others+1)/pageSize+1; calls != want {
				t.Errorf("calls: got %d, want %d", calls, want)
			}
		})
	}
}

// A listing that fails is never mistaken for no comment.
func TestRecentCommentsFailures(t *testing.T) {
	tests := []struct {
		name   string
		token  string
		post   string
		fault  netfake.Fault
		want   relais.Failure
		status int
	}{
		{name: "5xx", fault: netfake.ServerError, want: relais.FailTransient, status: 500},
		{name: "daily limit", fault: netfake.RateLimit, want: relais.FailTransient, status: 429},
		{name: "bad token", token: "tok-revoked", want: relais.FailPermanent, status: 401},
		{name: "unknown post", post: "urn:li:share:7269999999999999999", want: relais.FailPermanent, status: 404},
		{name: "not a post", post: "urn:li:organization:1", want: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			post, token := s.published(t), acmeToken
			if tt.post != "" {
				post = tt.post
			}
			if tt.token != "" {
				token = tt.token
			}
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.RecentComments(t.Context(), token, acmeOrg, post)
			mustFail(t, err, tt.want, tt.status)
		})
	}
}
