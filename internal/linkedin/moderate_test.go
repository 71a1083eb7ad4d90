package linkedin

import (
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const acmePost = "urn:li:share:7260000000000000042"

// thread is a comment c1 by a member on acme's post and a nested reply
// c2 under it, as the webhook gives them.
type thread struct{ c1, c2 relais.Interaction }

func (s *stack) thread(t *testing.T) thread {
	t.Helper()
	c1 := s.fake.AddComment(linkedinfake.Comment{OrgID: acmeOrg, Object: acmePost, Actor: "urn:li:person:ada", Text: "Arnaque !"})
	c2 := s.fake.AddComment(linkedinfake.Comment{OrgID: acmeOrg, Object: acmePost, Actor: "urn:li:person:bob", Text: "+1", ParentComment: c1})
	in := relais.Interaction{Network: relais.LinkedIn, AccountID: acmeURN, PostID: acmePost}
	th := thread{c1: in, c2: in}
	th.c1.ID, th.c1.ParentID, th.c1.Kind = c1, acmePost, relais.KindComment
	th.c2.ID, th.c2.ParentID, th.c2.Kind = c2, c1, relais.KindReply
	return th
}

// mustFail checks err's failure and status (0: refused before any call).
func mustFail(t *testing.T, err error, want relais.Failure, status int) {
	t.Helper()
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if e.Kind != want || e.Status != status {
		t.Errorf("got %s with status %d, want %s with %d (%v)", e.Kind, e.Status, want, status, err)
	}
}

func TestDelete(t *testing.T) {
	tests := []struct {
		name    string
		in      func(thread) relais.Interaction
		token   string
		deleted string // "c1" or "c2", "" for none
		status  int    // of a failure; 0 when refused before any call
		wantErr relais.Failure
	}{
		{name: "comment", in: func(th thread) relais.Interaction { return th.c1 }, deleted: "c1"},
		{name: "nested comment", in: func(th thread) relais.Interaction { return th.c2 }, deleted: "c2"},
		{name: "without its post", in: func(th thread) relais.Interaction { th.c1.PostID = ""; return th.c1 }, deleted: "c1"},
		{name: "organization id", in: func(th thread) relais.Interaction { th.c1.AccountID = acmeOrg; return th.c1 }, deleted: "c1"},
		{name: "another page's token", in: func(th thread) relais.Interaction { return th.c1 }, token: globexToken, status: 403, wantErr: relais.FailPermanent},
		{name: "another page's post", in: func(th thread) relais.Interaction { th.c1.AccountID = globexOrg; return th.c1 }, token: globexToken, status: 403, wantErr: relais.FailPermanent},
		{name: "not a comment", in: func(th thread) relais.Interaction { th.c1.ID = acmePost; return th.c1 }, wantErr: relais.FailPermanent},
		{name: "not an organization", in: func(th thread) relais.Interaction { th.c1.AccountID = "urn:li:person:ada"; return th.c1 }, wantErr: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := s.thread(t)
			token := acmeToken
			if tt.token != "" {
				token = tt.token
			}
			err := s.client.Delete(t.Context(), token, tt.in(th))
			if tt.wantErr != "" {
				mustFail(t, err, tt.wantErr, tt.status)
				if tt.status == 0 && s.requests.Load() != 0 {
					t.Errorf("requests: got %d, want none", s.requests.Load())
				}
			} else if err != nil {
				t.Fatalf("delete: %v", err)
			}
			want := map[string]string{"c1": th.c1.ID, "c2": th.c2.ID}[tt.deleted]
			for _, c := range s.fake.Comments() {
				if got := c.Deleted; got != (c.URN == want) {
					t.Errorf("%s deleted: got %v, want %v", c.URN, got, !got)
				}
			}
		})
	}
}

func TestReply(t *testing.T) {
	const text = "Bonjour, écrivez-nous en privé."
	tests := []struct {
		name       string
		in         func(thread) relais.Interaction
		wantParent func(thread) string
		wantErr    relais.Failure
		wantCode   string // relais error code of a refusal
	}{
		{name: "comment", in: func(th thread) relais.Interaction { return th.c1 }, wantParent: func(th thread) string { return th.c1.ID }},
		// LinkedIn nests one level deep: the answer goes under c1.
		{name: "nested comment", in: func(th thread) relais.Interaction { return th.c2 }, wantParent: func(th thread) string { return th.c1.ID }},
		{name: "mention in a post", in: func(th thread) relais.Interaction {
			return relais.Interaction{Network: relais.LinkedIn, AccountID: acmeURN, ID: acmePost, PostID: acmePost, Kind: relais.KindMention}
		}, wantParent: func(thread) string { return "" }},
		{name: "private", in: func(th thread) relais.Interaction { th.c1.Private = true; return th.c1 }, wantErr: relais.FailPermanent, wantCode: relais.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := s.thread(t)
			id, err := s.client.Reply(t.Context(), acmeToken, tt.in(th), text)
			comments := s.fake.Comments()
			if tt.wantErr != "" {
				mustFail(t, err, tt.wantErr, 0)
				if got := relais.ErrorCode(err); got != tt.wantCode {
					t.Errorf("code: got %q, want %q", got, tt.wantCode)
				}
				if s.requests.Load() != 0 || len(comments) != 2 {
					t.Errorf("got %d requests and %d comments, want none and 2", s.requests.Load(), len(comments))
				}
				return
			}
			if err != nil {
				t.Fatalf("reply: %v", err)
			}
			if len(comments) != 3 {
				t.Fatalf("comments: got %d, want 3", len(comments))
			}
			got := comments[2]
			if got.URN != id || got.Actor != acmeURN || got.Object != acmePost || got.Text != text || got.ParentComment != tt.wantParent(th) {
				t.Errorf("reply: got %+v, want %s by %s on %s under %q", got, id, acmeURN, acmePost, tt.wantParent(th))
			}
		})
	}
}

// TestModerationFaults: a delete makes nothing and is safe to retry; a
// reply that may have reached LinkedIn is ambiguous.
func TestModerationFaults(t *testing.T) {
	tests := []struct {
		action   string
		fault    netfake.Fault
		want     relais.Failure
		wantWait time.Duration
		wantDone bool // LinkedIn acted despite the failure
	}{
		{action: "delete", fault: netfake.ServerError, want: relais.FailTransient},
		{action: "delete", fault: netfake.TimeoutAfterEffect, want: relais.FailTransient, wantDone: true},
		{action: "reply", fault: netfake.ServerError, want: relais.FailAmbiguous},
		{action: "reply", fault: netfake.RateLimit, want: relais.FailTransient, wantWait: 150 * time.Minute},
		{action: "reply", fault: netfake.Timeout, want: relais.FailAmbiguous},
		{action: "reply", fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantDone: true},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+string(tt.fault), func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			th := s.thread(t)
			s.fake.Faults.FailNext(1, tt.fault)
			var err error
			if tt.action == "delete" {
				err = s.client.Delete(t.Context(), acmeToken, th.c1)
			} else {
				_, err = s.client.Reply(t.Context(), acmeToken, th.c1, "Merci !")
			}
			e := netfake.MustError(t, err, acmeToken)
			if e.Kind != tt.want || e.Wait() != tt.wantWait {
				t.Errorf("got %s after %s, want %s after %s (%v)", e.Kind, e.Wait(), tt.want, tt.wantWait, err)
			}
			comments := s.fake.Comments()
			done := comments[0].Deleted || len(comments) > 2
			if done != tt.wantDone {
				t.Errorf("acted: got %v, want %v", done, tt.wantDone)
			}
		})
	}
}
