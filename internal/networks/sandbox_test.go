package networks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

const sandboxToken = "tok-acme-secret"

// sandboxStack is the sandbox network mounted as the local stack mounts
// it, on a clock the test sets, its webhooks answered 200, and the
// adapters talking to it.
type sandboxStack struct {
	net   *sandboxfake.Network
	clock *netfake.Clock
	a     Adapters
	// apiCalls counts the requests that reached the network's API.
	apiCalls *atomic.Int32
}

func newSandboxStack(t *testing.T) sandboxStack {
	t.Helper()
	hooks := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(hooks.Close)
	n := sandboxfake.NewNetwork(hooks.URL, []byte("webhook-secret"))
	clock := netfake.NewClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	n.Now = clock.Now
	n.RegisterAccount("acme", sandboxToken)
	calls := &atomic.Int32{}
	mux := http.NewServeMux()
	mux.Handle(sandboxfake.Prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, sandbox.APIPath) {
			calls.Add(1)
		}
		n.ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	return sandboxStack{net: n, clock: clock, a: New(URLs{string(relais.Sandbox): srv.URL}, 300*time.Millisecond), apiCalls: calls}
}

// comment has someone comment on acme's post and returns the interaction.
func (s sandboxStack) comment(t *testing.T) relais.Interaction {
	t.Helper()
	id, err := s.net.SendComment(t.Context(), sandboxfake.Comment{Account: "acme", ID: "acme_1_c1", PostID: "acme_1", AuthorID: "u1", Text: "Arnaque !"})
	if err != nil {
		t.Fatalf("comment: %v (delivery %s)", err, id)
	}
	return relais.Interaction{Network: relais.Sandbox, AccountID: "acme", ID: "acme_1_c1", PostID: "acme_1", ParentID: "acme_1", Kind: relais.KindComment}
}

// act runs an action through the adapters' maps.
func (s sandboxStack) act(ctx context.Context, action string, in relais.Interaction) (string, error) {
	switch action {
	case "hide":
		return "", s.a.Hiders[relais.Sandbox].Hide(ctx, sandboxToken, in)
	case "unhide":
		return "", s.a.Unhiders[relais.Sandbox].Unhide(ctx, sandboxToken, in)
	case "delete":
		return "", s.a.Deleters[relais.Sandbox].Delete(ctx, sandboxToken, in)
	}
	return s.a.Repliers[relais.Sandbox].Reply(ctx, sandboxToken, in, "Écrivez-nous en privé.")
}

func TestSandboxModeration(t *testing.T) {
	tests := []struct {
		action  string
		private bool
		fault   sandboxfake.Fault
		want    relais.Failure // "" for success
		// wantActions are the actions the network carried out.
		wantActions []sandboxfake.ActionKind
	}{
		{action: "hide", wantActions: []sandboxfake.ActionKind{sandboxfake.ActionHide}},
		{action: "unhide", wantActions: []sandboxfake.ActionKind{sandboxfake.ActionUnhide}},
		{action: "delete", wantActions: []sandboxfake.ActionKind{sandboxfake.ActionDelete}},
		{action: "reply", wantActions: []sandboxfake.ActionKind{sandboxfake.ActionReply}},
		{action: "reply", private: true, want: relais.FailPermanent},
		{action: "hide", fault: sandboxfake.Fail5xx, want: relais.FailTransient},
		{action: "delete", fault: sandboxfake.TimeoutAfterPost, want: relais.FailTransient, wantActions: []sandboxfake.ActionKind{sandboxfake.ActionDelete}},
		{action: "reply", fault: sandboxfake.Fail5xx, want: relais.FailAmbiguous},
		{action: "reply", fault: sandboxfake.RateLimit, want: relais.FailTransient},
		{action: "reply", fault: sandboxfake.TimeoutAfterPost, want: relais.FailAmbiguous, wantActions: []sandboxfake.ActionKind{sandboxfake.ActionReply}},
	}
	for _, tt := range tests {
		name := tt.action
		if tt.private {
			name += " private"
		}
		t.Run(name+" "+string(tt.fault), func(t *testing.T) {
			s := newSandboxStack(t)
			in := s.comment(t)
			in.Private = tt.private
			if tt.fault != "" {
				s.net.FailNext(1, tt.fault)
			}
			id, err := s.act(t.Context(), tt.action, in)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("%s: %v", tt.action, err)
				}
			} else {
				netfake.MustError(t, err, sandboxToken)
				if got, _ := relais.FailureOf(err); got != tt.want {
					t.Errorf("failure: got %s, want %s (%v)", got, tt.want, err)
				}
			}
			if tt.private && relais.ErrorCode(err) != relais.EINVALID {
				t.Errorf("private reply: got %v, want an EINVALID error", err)
			}
			var got []sandboxfake.ActionKind
			for _, a := range s.net.Actions() {
				got = append(got, a.Kind)
				if a.Kind == sandboxfake.ActionReply && tt.want == "" && a.ReplyID != id {
					t.Errorf("reply id: got %q, want %q", id, a.ReplyID)
				}
			}
			if !slices.Equal(got, tt.wantActions) {
				t.Errorf("actions: got %v, want %v", got, tt.wantActions)
			}
		})
	}
}
