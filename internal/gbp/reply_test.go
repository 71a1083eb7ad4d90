package gbp

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// reviewed is a review of acme as a poll gives it.
func (s *stack) reviewed(reply *gbpfake.Reply) relais.Interaction {
	name := s.fake.AddReview(gbpfake.Review{Location: acme, Reviewer: "Ada", Comment: "Accueil froid", Reply: reply})
	return relais.Interaction{Network: Network, AccountID: acme, ID: name, Kind: relais.KindComment, Text: "Accueil froid"}
}

func TestReply(t *testing.T) {
	tests := []struct {
		name         string
		existing     string // the review's answer before
		change       func(*relais.Interaction)
		token, text  string
		wantReply    string // the review's answer after
		wantKind     relais.Failure
		wantStatus   int
		wantRequests int64
	}{
		{name: "answer", text: "Désolés, revenez !", wantReply: "Désolés, revenez !", wantRequests: 2},
		{name: "longest answer", text: strings.Repeat("é", 2048), wantReply: strings.Repeat("é", 2048), wantRequests: 2},
		{name: "already answered so", existing: "Merci", text: "Merci", wantReply: "Merci", wantRequests: 1},
		{name: "pasted with slashes", change: func(in *relais.Interaction) { in.AccountID = "/" + acme + "/" }, text: "Merci", wantReply: "Merci", wantRequests: 2},

		{name: "already answered otherwise", existing: "Merci", text: "Désolés", wantReply: "Merci", wantKind: relais.FailPermanent, wantRequests: 1},
		{name: "too long", text: strings.Repeat("é", 2049), wantKind: relais.FailPermanent},
		{name: "no text", text: " ", wantKind: relais.FailPermanent},
		{name: "private", change: func(in *relais.Interaction) { in.Private = true }, text: "Merci", wantKind: relais.FailPermanent},
		{name: "an answer", change: func(in *relais.Interaction) { in.ID += "/reply" }, text: "Merci", wantKind: relais.FailPermanent},
		{name: "another location's review", change: func(in *relais.Interaction) { in.AccountID = globex }, token: globexToken, text: "Merci", wantKind: relais.FailPermanent},
		{name: "bare location", change: func(in *relais.Interaction) { in.AccountID = "locations/222" }, text: "Merci", wantKind: relais.FailPermanent},
		{name: "unknown review", change: func(in *relais.Interaction) { in.ID = acme + "/reviews/nope" }, text: "Merci", wantKind: relais.FailPermanent, wantStatus: 404, wantRequests: 1},
		{name: "another location's token", token: globexToken, text: "Merci", wantKind: relais.FailPermanent, wantStatus: 403, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			var existing *gbpfake.Reply
			if tt.existing != "" {
				existing = &gbpfake.Reply{Comment: tt.existing, UpdateTime: start}
			}
			in := s.reviewed(existing)
			review := in.ID
			if tt.change != nil {
				tt.change(&in)
			}
			token := acmeToken
			if tt.token != "" {
				token = tt.token
			}
			id, err := s.client.Reply(context.Background(), token, in, tt.text)
			if tt.wantKind != "" {
				mustFail(t, err, tt.wantKind, tt.wantStatus)
			} else if err != nil || id != review+"/reply" {
				t.Errorf("reply: got %q, %v; want %s/reply", id, err, review)
			}
			if got := s.requests.Load(); got != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", got, tt.wantRequests)
			}
			rv, _ := s.fake.Review(review)
			if got := rv.Reply; (got == nil) != (tt.wantReply == "") || got != nil && got.Comment != tt.wantReply {
				t.Errorf("answer: got %+v, want %q", got, tt.wantReply)
			}
		})
	}
}

// TestReplyRetried: an answer whose PUT failed is retried safely: a lost
// answer is found made, a failed one is made.
func TestReplyRetried(t *testing.T) {
	tests := []struct {
		name       string
		fault      netfake.Fault
		wantKind   relais.Failure
		wantStatus int
	}{
		{name: "server error", fault: netfake.ServerError, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "timeout", fault: netfake.Timeout, wantKind: relais.FailTransient},
		{name: "answer lost", fault: netfake.TimeoutAfterEffect, wantKind: relais.FailTransient},
		{name: "rate limit", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantStatus: 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			in := s.reviewed(nil)
			s.fake.Faults.FailNext(1, netfake.None) // the read
			s.fake.Faults.FailNext(1, tt.fault)     // the PUT
			_, err := s.client.Reply(context.Background(), acmeToken, in, "Désolés")
			mustFail(t, err, tt.wantKind, tt.wantStatus)
			id, err := s.client.Reply(context.Background(), acmeToken, in, "Désolés")
			if err != nil || id != in.ID+"/reply" {
				t.Fatalf("retry: got %q, %v", id, err)
			}
			if rv, _ := s.fake.Review(in.ID); rv.Reply == nil || rv.Reply.Comment != "Désolés" {
				t.Errorf("answer: got %+v, want Désolés", rv.Reply)
			}
		})
	}
}

func TestDeleteReply(t *testing.T) {
	s := newStack(t)
	in := s.reviewed(&gbpfake.Reply{Comment: "Merci", UpdateTime: start})
	for i := range 2 { // the second finds it gone, which is no error
		if err := s.client.DeleteReply(context.Background(), acmeToken, in); err != nil {
			t.Fatalf("delete %d: %v", i, err)
		}
	}
	if rv, _ := s.fake.Review(in.ID); rv.Reply != nil {
		t.Errorf("answer: got %+v, want none", rv.Reply)
	}
	err := s.client.DeleteReply(context.Background(), globexToken, in)
	mustFail(t, err, relais.FailPermanent, 403)
	in.ID += "/reply"
	err = s.client.DeleteReply(context.Background(), acmeToken, in)
	mustFail(t, err, relais.FailPermanent, 0)
}
