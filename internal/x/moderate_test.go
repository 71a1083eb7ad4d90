package x

import (
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestHide(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		reply      string // hidden by the call
		wantHidden bool
		wantCode   Code
	}{
		{name: "reply to acme", token: acmeToken, reply: "9001", wantHidden: true},
		{name: "reply in another's conversation", token: globexToken, reply: "9001", wantCode: CodeForbidden},
		{name: "unknown reply", token: acmeToken, reply: "9999", wantCode: CodeNotFound},
		{name: "revoked token", token: "x-old-secret-token", reply: "9001", wantCode: CodeInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.AddReply(acmeID, "9001")
			err := s.client.Hide(t.Context(), tt.token, relais.Interaction{Network: relais.X, ID: tt.reply})
			if got, want := s.fake.Hidden("9001"), tt.wantHidden; got != want {
				t.Errorf("hidden: got %t, want %t", got, want)
			}
			mustCode(t, err, tt.wantCode)
		})
	}
}

// TestUnhide: a hidden reply is shown again, and only by the account
// whose conversation it is in.
func TestUnhide(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		wantHidden bool
		wantCode   Code
	}{
		{name: "acme's", token: acmeToken, wantHidden: false},
		{name: "in another's conversation", token: globexToken, wantHidden: true, wantCode: CodeForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.AddReply(acmeID, "9001")
			in := relais.Interaction{Network: relais.X, ID: "9001"}
			if err := s.client.Hide(t.Context(), acmeToken, in); err != nil {
				t.Fatal(err)
			}
			err := s.client.Unhide(t.Context(), tt.token, in)
			if got, want := s.fake.Hidden("9001"), tt.wantHidden; got != want {
				t.Errorf("hidden: got %t, want %t", got, want)
			}
			mustCode(t, err, tt.wantCode)
		})
	}
}

// mustCode checks err: none when code is empty, else a permanent error
// with that code.
func mustCode(t *testing.T, err error, code Code) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("got error %v, want none", err)
		}
		return
	}
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if got, want := e.Failure(), relais.FailPermanent; got != want {
		t.Errorf("failure: got %s, want %s", got, want)
	}
	if got, want := e.Code, code; got != want {
		t.Errorf("code: got %q, want %q (%v)", got, want, err)
	}
}

func TestReply(t *testing.T) {
	tests := []struct {
		name  string
		in    relais.Interaction
		text  string
		token string
		// wantReplies are acme's replies to 9001 afterwards.
		wantReplies int
		wantCode    Code
		wantInvalid bool // refused as EINVALID before any call
	}{
		{name: "reply", in: relais.Interaction{Network: relais.X, ID: "9001", Kind: relais.KindReply}, text: "Merci !", wantReplies: 1},
		{name: "private message", in: relais.Interaction{Network: relais.X, ID: "9001", Kind: relais.KindMessage, Private: true}, text: "Merci !", wantCode: CodeValidation, wantInvalid: true},
		{name: "too long", in: relais.Interaction{Network: relais.X, ID: "9001"}, text: strings.Repeat("a", 281), wantCode: CodeValidation, wantInvalid: true},
		{name: "unknown post", in: relais.Interaction{Network: relais.X, ID: "9999"}, text: "Merci !", wantCode: CodeForbidden},
		{name: "revoked token", in: relais.Interaction{Network: relais.X, ID: "9001"}, text: "Merci !", token: "x-old-secret-token", wantCode: CodeInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.AddReply(acmeID, "9001")
			token := acmeToken
			if tt.token != "" {
				token = tt.token
			}
			id, err := s.client.Reply(t.Context(), token, tt.in, tt.text)
			mustCode(t, err, tt.wantCode)
			if got := relais.ErrorCode(err) == relais.EINVALID; got != tt.wantInvalid {
				t.Errorf("EINVALID: got %v, want %v (%v)", got, tt.wantInvalid, err)
			}
			if tt.wantInvalid && s.calls.Load() != 0 {
				t.Errorf("calls: got %d, want none", s.calls.Load())
			}
			replies := s.fake.Replies("9001")
			if got := len(replies); got != tt.wantReplies {
				t.Fatalf("replies: got %d, want %d", got, tt.wantReplies)
			}
			if tt.wantReplies > 0 {
				if r := replies[0]; r.ID != id || r.UserID != acmeID || r.Text != tt.text {
					t.Errorf("reply: got %+v, want %s by %s saying %q", r, id, acmeID, tt.text)
				}
			}
		})
	}
}

// A reply joins the conversation of the post it answers: acme can hide
// its own reply's answers, as in any conversation acme started.
func TestReplyJoinsConversation(t *testing.T) {
	s := newStack(t)
	post, err := s.client.Publish(t.Context(), acmeToken, acmeID, "k", relais.Content{Text: "Nouveautés"})
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	answer, err := s.client.Reply(t.Context(), globexToken, relais.Interaction{Network: relais.X, ID: post}, "Super !")
	if err != nil {
		t.Fatalf("globex reply: %v", err)
	}
	if err := s.client.Hide(t.Context(), acmeToken, relais.Interaction{Network: relais.X, ID: answer}); err != nil {
		t.Fatalf("hide: %v", err)
	}
	if !s.fake.Hidden(answer) {
		t.Error("globex's reply is not hidden")
	}
}
