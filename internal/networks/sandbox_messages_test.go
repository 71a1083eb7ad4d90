package networks

import (
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// dm has a customer write to acme, ago before now, and returns the
// interaction intake makes of its webhook.
func (s sandboxStack) dm(t *testing.T, ago time.Duration) relais.Interaction {
	t.Helper()
	d, err := s.net.SendMessage(t.Context(), sandboxfake.DM{Account: "acme", AuthorID: "u1", Text: "Colis abîmé", CreatedAt: s.clock.Now().Add(-ago)})
	if err != nil {
		t.Fatalf("message: %v", err)
	}
	return d.Events[0].Interaction(d.Account, s.clock.Now())
}

func TestSandboxMessenger(t *testing.T) {
	const day = 24 * time.Hour
	dm := func(ago time.Duration) func(*testing.T, sandboxStack) relais.Interaction {
		return func(t *testing.T, s sandboxStack) relais.Interaction { return s.dm(t, ago) }
	}
	comment := func(t *testing.T, s sandboxStack) relais.Interaction { return s.comment(t) }
	changed := func(target func(*testing.T, sandboxStack) relais.Interaction, f func(*relais.Interaction)) func(*testing.T, sandboxStack) relais.Interaction {
		return func(t *testing.T, s sandboxStack) relais.Interaction {
			in := target(t, s)
			f(&in)
			return in
		}
	}
	tests := []struct {
		name   string
		target func(*testing.T, sandboxStack) relais.Interaction
		// public answers with the replier instead of the messenger.
		public bool
		tag    relais.MessageTag
		fault  sandboxfake.Fault
		// want is "" for success; wantInvalid says Relais refused it
		// before any call, wantCode is the network's refusal.
		want        relais.Failure
		wantInvalid bool
		wantCode    string
		wantWait    time.Duration
		// wantActions are what the network carried out.
		wantActions []sandboxfake.ActionKind
	}{
		{name: "message in the day", target: dm(time.Hour), wantActions: []sandboxfake.ActionKind{sandboxfake.ActionMessage}},
		{name: "message with the tag", target: dm(3 * day), tag: relais.TagHumanAgent, wantActions: []sandboxfake.ActionKind{sandboxfake.ActionMessage}},
		{name: "message without the tag after a day", target: dm(3 * day), want: relais.FailPermanent, wantCode: sandboxfake.CodeWindowClosed},
		{name: "message after seven days", target: dm(8 * day), tag: relais.TagHumanAgent, want: relais.FailPermanent, wantCode: sandboxfake.CodeWindowClosed},
		{name: "private reply", target: comment, wantActions: []sandboxfake.ActionKind{sandboxfake.ActionPrivateReply}},
		{name: "private reply to a reply", target: changed(comment, func(in *relais.Interaction) { in.Kind = relais.KindReply }),
			wantActions: []sandboxfake.ActionKind{sandboxfake.ActionPrivateReply}},

		// Private under public, and the reverse: refused before any call.
		{name: "public answer to a message", target: dm(time.Hour), public: true, want: relais.FailPermanent, wantInvalid: true},
		{name: "private answer to a mention", target: changed(comment, func(in *relais.Interaction) { in.Kind = relais.KindMention }),
			want: relais.FailPermanent, wantInvalid: true},
		{name: "private answer to a private comment", target: changed(comment, func(in *relais.Interaction) { in.Private, in.Conversation = true, "acme_t1" }),
			want: relais.FailPermanent, wantInvalid: true},
		{name: "private reply to a comment in a conversation", target: changed(comment, func(in *relais.Interaction) { in.Conversation = "acme_t1" }),
			want: relais.FailPermanent, wantInvalid: true},
		{name: "message without its conversation", target: changed(dm(time.Hour), func(in *relais.Interaction) { in.Conversation = "" }),
			want: relais.FailPermanent, wantInvalid: true},
		{name: "private reply with the tag", target: comment, tag: relais.TagHumanAgent, want: relais.FailPermanent, wantInvalid: true},

		// Failures after the request went out may have sent the message.
		{name: "message", target: dm(time.Hour), fault: sandboxfake.Fail5xx, want: relais.FailAmbiguous, wantCode: sandboxfake.CodeUnavailable},
		{name: "message", target: dm(time.Hour), fault: sandboxfake.Timeout, want: relais.FailAmbiguous},
		{name: "message", target: dm(time.Hour), fault: sandboxfake.TimeoutAfterPost, want: relais.FailAmbiguous,
			wantActions: []sandboxfake.ActionKind{sandboxfake.ActionMessage}},
		{name: "message", target: dm(time.Hour), fault: sandboxfake.RateLimit, want: relais.FailTransient, wantCode: sandboxfake.CodeRateLimited, wantWait: sandboxfake.RateLimitRetryAfter},
		{name: "private reply", target: comment, fault: sandboxfake.Fail5xx, want: relais.FailAmbiguous, wantCode: sandboxfake.CodeUnavailable},
		{name: "private reply", target: comment, fault: sandboxfake.TimeoutAfterPost, want: relais.FailAmbiguous,
			wantActions: []sandboxfake.ActionKind{sandboxfake.ActionPrivateReply}},
		{name: "private reply", target: comment, fault: sandboxfake.RateLimit, want: relais.FailTransient, wantCode: sandboxfake.CodeRateLimited, wantWait: sandboxfake.RateLimitRetryAfter},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+string(tt.fault), func(t *testing.T) {
			s := newSandboxStack(t)
			in := tt.target(t, s)
			if tt.fault != "" {
				s.net.FailNext(1, tt.fault)
			}
			var id string
			var err error
			if tt.public {
				id, err = s.a.Repliers[relais.Sandbox].Reply(t.Context(), sandboxToken, in, "Bonjour")
			} else {
				id, err = s.a.Messengers[relais.Sandbox].Message(t.Context(), sandboxToken, in, "Bonjour, nous regardons.", tt.tag)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("message: %v", err)
				}
			} else {
				e := netfake.MustError(t, err, sandboxToken)
				if got, wait := e.Failure(), e.Wait(); got != tt.want || wait != tt.wantWait || e.Code != tt.wantCode {
					t.Errorf("got %s %q waiting %s, want %s %q waiting %s (%v)", got, e.Code, wait, tt.want, tt.wantCode, tt.wantWait, err)
				}
			}
			if got := relais.ErrorCode(err) == relais.EINVALID; got != tt.wantInvalid {
				t.Errorf("refused by Relais: got %v, want %v (%v)", got, tt.wantInvalid, err)
			}
			if got := s.apiCalls.Load(); (got == 0) != tt.wantInvalid {
				t.Errorf("API calls: got %d, want none exactly when Relais refuses", got)
			}
			var got []sandboxfake.ActionKind
			for _, a := range s.net.Actions() {
				got = append(got, a.Kind)
				if tt.want == "" && a.ReplyID != id {
					t.Errorf("message id: got %q, want %q", id, a.ReplyID)
				}
				if a.Tag != tt.tag {
					t.Errorf("tag: got %q, want %q", a.Tag, tt.tag)
				}
			}
			if !slices.Equal(got, tt.wantActions) {
				t.Errorf("actions: got %v, want %v", got, tt.wantActions)
			}
		})
	}
}

// TestSandboxPrivateReplyOnce: the network refuses a second private reply
// to a comment, for good.
func TestSandboxPrivateReplyOnce(t *testing.T) {
	s := newSandboxStack(t)
	in := s.comment(t)
	m := s.a.Messengers[relais.Sandbox]
	if _, err := m.Message(t.Context(), sandboxToken, in, "Écrivez-nous ici.", relais.TagStandard); err != nil {
		t.Fatalf("first private reply: %v", err)
	}
	_, err := m.Message(t.Context(), sandboxToken, in, "Encore nous.", relais.TagStandard)
	if e := netfake.MustError(t, err, sandboxToken); e.Failure() != relais.FailPermanent || e.Code != sandboxfake.CodeAlreadyReplied {
		t.Errorf("second private reply: got %s %q, want permanent %q (%v)", e.Failure(), e.Code, sandboxfake.CodeAlreadyReplied, err)
	}
	if got, want := len(s.net.Actions()), 1; got != want {
		t.Errorf("actions: got %d, want %d", got, want)
	}
}
