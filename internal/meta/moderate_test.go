package meta

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// moderator is what both Meta adapters offer.
type moderator interface {
	relais.NetworkHider
	relais.NetworkDeleter
	relais.NetworkReplier
}

// withComments gives the account a top-level comment c1 and a reply c2
// under it, and returns the adapter and interactions for them.
func (s *stack) withComments(n relais.Network) (moderator, string, map[string]relais.Interaction) {
	account, token, mod := pageID, pageToken, moderator(s.fb)
	if n == relais.Instagram {
		account, token, mod = igID, igToken, s.ig
	}
	s.fake.AddComment(account, "c1")
	s.fake.AddReply(account, "c1", "c2")
	ins := map[string]relais.Interaction{
		"c1": {Network: n, AccountID: account, ID: "c1", PostID: "m1", ParentID: "m1", Kind: relais.KindComment},
		"c2": {Network: n, AccountID: account, ID: "c2", PostID: "m1", ParentID: "c1", Kind: relais.KindReply},
	}
	return mod, token, ins
}

// act runs one action and returns the reply's id for a reply.
func act(ctx context.Context, mod moderator, action, token string, in relais.Interaction) (string, error) {
	switch action {
	case "hide":
		return "", mod.Hide(ctx, token, in)
	case "unhide":
		if err := mod.Hide(ctx, token, in); err != nil {
			return "", err
		}
		return "", mod.(relais.NetworkUnhider).Unhide(ctx, token, in)
	case "delete":
		return "", mod.Delete(ctx, token, in)
	}
	return mod.Reply(ctx, token, in, "Merci, nous regardons.")
}

func TestModerate(t *testing.T) {
	tests := []struct {
		name    string
		network relais.Network
		action  string
		comment string // c1, or c2 which replies to it
		token   string // the account's when empty
		hideC1  bool   // hide c1 first
		wantErr relais.Failure
		// wantUnder is the comment a reply lands under.
		wantUnder string
	}{
		{name: "facebook hide", network: relais.Facebook, action: "hide", comment: "c1"},
		{name: "facebook delete", network: relais.Facebook, action: "delete", comment: "c1"},
		{name: "facebook reply", network: relais.Facebook, action: "reply", comment: "c1", wantUnder: "c1"},
		{name: "facebook reply to a reply", network: relais.Facebook, action: "reply", comment: "c2", wantUnder: "c2"},
		{name: "facebook unhide", network: relais.Facebook, action: "unhide", comment: "c1"},
		{name: "instagram hide", network: relais.Instagram, action: "hide", comment: "c2"},
		{name: "instagram unhide", network: relais.Instagram, action: "unhide", comment: "c2"},
		{name: "instagram delete", network: relais.Instagram, action: "delete", comment: "c2"},
		{name: "instagram reply", network: relais.Instagram, action: "reply", comment: "c1", wantUnder: "c1"},
		{name: "instagram reply to a reply goes under its comment", network: relais.Instagram, action: "reply", comment: "c2", wantUnder: "c1"},
		{name: "instagram reply to a hidden comment", network: relais.Instagram, action: "reply", comment: "c1", hideC1: true, wantErr: relais.FailPermanent},
		{name: "wrong token", network: relais.Facebook, action: "delete", comment: "c1", token: "EAAG-wrong", wantErr: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			mod, token, ins := s.withComments(tt.network)
			if tt.hideC1 {
				if err := mod.Hide(t.Context(), token, ins["c1"]); err != nil {
					t.Fatalf("hide c1: %v", err)
				}
			}
			if tt.token != "" {
				token = tt.token
			}
			id, err := act(t.Context(), mod, tt.action, token, ins[tt.comment])
			if tt.wantErr != "" {
				mustMetaError(t, err, tt.wantErr)
			} else if err != nil {
				t.Fatalf("%s: %v", tt.action, err)
			}
			done := tt.wantErr == ""
			switch tt.action {
			case "hide":
				if got := s.fake.Hidden(tt.comment); got != done {
					t.Errorf("hidden: got %v, want %v", got, done)
				}
			case "unhide":
				if got := s.fake.Hidden(tt.comment); got {
					t.Errorf("hidden after unhide: got %v, want false", got)
				}
			case "delete":
				if got := s.fake.Deleted(tt.comment); got != done {
					t.Errorf("deleted: got %v, want %v", got, done)
				}
			case "reply":
				var replies []string
				for _, c := range []string{"c1", "c2"} {
					for _, r := range s.fake.Replies(c) {
						replies = append(replies, c+": "+r.ID+" "+r.Message)
					}
				}
				var want []string
				if done {
					want = []string{tt.wantUnder + ": " + id + " Merci, nous regardons."}
				}
				if !slices.Equal(replies, want) {
					t.Errorf("replies: got %q, want %q", replies, want)
				}
			}
		})
	}
}

// A private message is never answered in public: the adapter refuses it
// without calling Meta.
func TestReplyRefusesPrivate(t *testing.T) {
	for _, n := range []relais.Network{relais.Facebook, relais.Instagram} {
		t.Run(string(n), func(t *testing.T) {
			s := newStack(t)
			mod, token, ins := s.withComments(n)
			in := ins["c1"]
			in.Kind, in.Private = relais.KindMessage, true
			_, err := mod.Reply(t.Context(), token, in, "Bonjour")
			mustMetaError(t, err, relais.FailPermanent)
			if got := relais.ErrorCode(err); got != relais.EINVALID {
				t.Errorf("code: got %q, want %q", got, relais.EINVALID)
			}
			if got := s.seen(); len(got) != 0 {
				t.Errorf("requests: got %q, want none", got)
			}
		})
	}
}

// TestModerationFaults runs netfake's faults through each action: only a
// reply, which makes something, can be ambiguous.
func TestModerationFaults(t *testing.T) {
	tests := []struct {
		action   string
		fault    netfake.Fault
		want     relais.Failure
		wantWait time.Duration
		wantDone bool // the network acted despite the failure
	}{
		{action: "hide", fault: netfake.ServerError, want: relais.FailTransient},
		{action: "hide", fault: netfake.RateLimit, want: relais.FailTransient, wantWait: time.Minute},
		{action: "delete", fault: netfake.ServerError, want: relais.FailTransient},
		{action: "delete", fault: netfake.Timeout, want: relais.FailTransient},
		{action: "delete", fault: netfake.TimeoutAfterEffect, want: relais.FailTransient, wantDone: true},
		{action: "reply", fault: netfake.ServerError, want: relais.FailAmbiguous},
		{action: "reply", fault: netfake.RateLimit, want: relais.FailTransient, wantWait: time.Minute},
		{action: "reply", fault: netfake.Timeout, want: relais.FailAmbiguous},
		{action: "reply", fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantDone: true},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+string(tt.fault), func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			mod, token, ins := s.withComments(relais.Facebook)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := act(t.Context(), mod, tt.action, token, ins["c1"])
			e := mustMetaError(t, err, tt.want)
			if got := e.Wait(); got != tt.wantWait {
				t.Errorf("wait: got %s, want %s", got, tt.wantWait)
			}
			done := map[string]bool{"hide": s.fake.Hidden("c1"), "delete": s.fake.Deleted("c1"), "reply": len(s.fake.Replies("c1")) > 0}[tt.action]
			if done != tt.wantDone {
				t.Errorf("acted: got %v, want %v", done, tt.wantDone)
			}
		})
	}
}
