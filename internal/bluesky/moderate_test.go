package bluesky

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// thread is acme's post with ada's reply under it and bob's reply to
// ada's, as a poll gives them.
type thread struct {
	root   string
	r1, r2 relais.Interaction
}

func (s *stack) thread(t *testing.T) thread {
	t.Helper()
	root := s.mustPublish(t, postKey, relais.Content{Text: "Nouveautés"})
	r1 := s.pds.Mention(handle, "ada.bsky.social", "Arnaque !", root)
	r2 := s.pds.Mention(handle, "bob.bsky.social", "+1", r1.URI)
	in := relais.Interaction{Network: relais.Bluesky, AccountID: handle, PostID: root, Kind: relais.KindReply}
	th := thread{root: root, r1: in, r2: in}
	th.r1.ID, th.r1.ParentID = r1.URI, root
	th.r2.ID, th.r2.ParentID = r2.URI, r1.URI
	return th
}

// threadgate returns the threadgate record of acme's post, decoded.
func (s *stack) threadgate(t *testing.T) map[string]any {
	t.Helper()
	for _, r := range s.pds.Records(s.did) {
		if r.Collection == collectionThreadgate {
			var v map[string]any
			if err := json.Unmarshal(r.Value, &v); err != nil {
				t.Fatalf("threadgate: %v", err)
			}
			return v
		}
	}
	return nil
}

func TestHide(t *testing.T) {
	s := newStack(t)
	th := s.thread(t)
	for _, in := range []relais.Interaction{th.r1, th.r2, th.r1} {
		if err := s.client.Hide(t.Context(), password, in); err != nil {
			t.Fatalf("hide %s: %v", in.ID, err)
		}
	}
	// The second hide kept the first; hiding again wrote nothing.
	if got, want := s.pds.HiddenReplies(th.root), []string{th.r1.ID, th.r2.ID}; !slices.Equal(got, want) {
		t.Errorf("hidden: got %q, want %q", got, want)
	}
	if got, want := s.count("com.atproto.repo.putRecord"), 2; got != want {
		t.Errorf("writes: got %d, want %d", got, want)
	}
	gate := s.threadgate(t)
	if _, ok := gate["allow"]; ok {
		t.Errorf("threadgate %v: want no allow, which keeps replies open", gate)
	}
	if gate["post"] != th.root || gate["$type"] != collectionThreadgate {
		t.Errorf("threadgate %v: want it on %s", gate, th.root)
	}
}

// TestUnhide: a reply shown again leaves the threadgate's other hidden
// replies, and showing it again writes nothing.
func TestUnhide(t *testing.T) {
	s := newStack(t)
	th := s.thread(t)
	for _, in := range []relais.Interaction{th.r1, th.r2} {
		if err := s.client.Hide(t.Context(), password, in); err != nil {
			t.Fatalf("hide %s: %v", in.ID, err)
		}
	}
	for range 2 {
		if err := s.client.Unhide(t.Context(), password, th.r1); err != nil {
			t.Fatalf("unhide: %v", err)
		}
	}
	if got, want := s.pds.HiddenReplies(th.root), []string{th.r2.ID}; !slices.Equal(got, want) {
		t.Errorf("hidden: got %q, want %q", got, want)
	}
	if got, want := s.count("com.atproto.repo.putRecord"), 3; got != want {
		t.Errorf("writes: got %d, want %d", got, want)
	}
}

// A threadgate the account made in the app keeps its rules and hidden
// replies.
func TestHideKeepsThreadgate(t *testing.T) {
	s := newStack(t)
	th := s.thread(t)
	earlier := "at://did:plc:someone/app.bsky.feed.post/3kabc"
	s.pds.PutRecord(handle, collectionThreadgate, rkeyOf(postKey), map[string]any{
		"$type": collectionThreadgate, "post": th.root, "createdAt": "2026-11-01T10:00:00.000Z",
		"allow":         []any{map[string]string{"$type": "app.bsky.feed.threadgate#followerRule"}},
		"hiddenReplies": []string{earlier},
	})
	if err := s.client.Hide(t.Context(), password, th.r1); err != nil {
		t.Fatalf("hide: %v", err)
	}
	if got, want := s.pds.HiddenReplies(th.root), []string{earlier, th.r1.ID}; !slices.Equal(got, want) {
		t.Errorf("hidden: got %q, want %q", got, want)
	}
	gate := s.threadgate(t)
	if allow, _ := gate["allow"].([]any); len(allow) != 1 || gate["createdAt"] != "2026-11-01T10:00:00.000Z" {
		t.Errorf("threadgate %v: want its rule and time kept", gate)
	}
}

func TestHideRefused(t *testing.T) {
	tests := []struct {
		name string
		in   func(thread) relais.Interaction
	}{
		{name: "another's thread", in: func(th thread) relais.Interaction { th.r2.PostID = th.r1.ID; return th.r2 }},
		{name: "no root", in: func(th thread) relais.Interaction { th.r1.PostID = ""; return th.r1 }},
		{name: "root itself", in: func(th thread) relais.Interaction { th.r1.ID = th.root; return th.r1 }},
		{name: "root not a post", in: func(th thread) relais.Interaction {
			th.r1.PostID = strings.Replace(th.root, collectionPost, "app.bsky.feed.like", 1)
			return th.r1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := s.thread(t)
			err := s.client.Hide(t.Context(), password, tt.in(th))
			if e := netfake.MustError(t, err, password); e.Kind != relais.FailPermanent {
				t.Errorf("got %s (%v), want permanent", e.Kind, err)
			}
			if n := s.count("com.atproto.repo.getRecord") + s.count("com.atproto.repo.putRecord"); n != 0 {
				t.Errorf("record calls: got %d, want none", n)
			}
		})
	}
}

// When the threadgate changes between Hide's read and its write, the
// write is refused rather than losing the change, and trying again is
// safe.
func TestHideConcurrentChange(t *testing.T) {
	s := newStack(t)
	th := s.thread(t)
	other := "at://did:plc:someone/app.bsky.feed.post/3kxyz"
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.pds.ServeHTTP(w, r)
		if strings.HasSuffix(r.URL.Path, "/com.atproto.repo.getRecord") {
			once.Do(func() {
				s.pds.PutRecord(handle, collectionThreadgate, rkeyOf(postKey), map[string]any{
					"$type": collectionThreadgate, "post": th.root, "createdAt": "2026-11-22T09:00:00.000Z", "hiddenReplies": []string{other},
				})
			})
		}
	}))
	defer srv.Close()
	c := New(srv.URL, srv.Client())
	c.Now = s.clock.Now

	err := c.Hide(t.Context(), password, th.r1)
	if e := netfake.MustError(t, err, password); e.Kind != relais.FailTransient || e.Code != "InvalidSwap" {
		t.Fatalf("got %s %q (%v), want transient InvalidSwap", e.Kind, e.Code, err)
	}
	if err := c.Hide(t.Context(), password, th.r1); err != nil {
		t.Fatalf("hide again: %v", err)
	}
	if got, want := s.pds.HiddenReplies(th.root), []string{other, th.r1.ID}; !slices.Equal(got, want) {
		t.Errorf("hidden: got %q, want %q", got, want)
	}
}

func TestReply(t *testing.T) {
	const text = "Bonjour, nous regardons."
	tests := []struct {
		name string
		in   func(thread) relais.Interaction
		// wantRoot is the thread's root the reply names.
		wantRoot func(thread) string
	}{
		{name: "reply to the post", in: func(th thread) relais.Interaction { return th.r1 }, wantRoot: func(th thread) string { return th.root }},
		{name: "reply deeper in the thread", in: func(th thread) relais.Interaction { return th.r2 }, wantRoot: func(th thread) string { return th.root }},
		// A mention outside any thread starts one.
		{name: "mention", in: func(th thread) relais.Interaction {
			th.r1.ID, th.r1.PostID, th.r1.ParentID, th.r1.Kind = th.root, "", "", relais.KindMention
			return th.r1
		}, wantRoot: func(th thread) string { return th.root }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := s.thread(t)
			in := tt.in(th)
			uri, err := s.client.Reply(t.Context(), password, in, text)
			if err != nil {
				t.Fatalf("reply: %v", err)
			}
			replies := slices.DeleteFunc(s.pds.RepliesTo(in.ID), func(r blueskyfake.Record) bool { return !strings.Contains(r.URI, s.did) })
			if len(replies) != 1 || replies[0].URI != uri || replies[0].Text != text {
				t.Fatalf("acme's replies to %s: got %+v, want %s saying %q", in.ID, replies, uri, text)
			}
			var v struct {
				Reply replyRef `json:"reply"`
			}
			if err := json.Unmarshal(replies[0].Value, &v); err != nil {
				t.Fatalf("reply record: %v", err)
			}
			if v.Reply.Root.URI != tt.wantRoot(th) || v.Reply.Parent.URI != in.ID || v.Reply.Root.CID == "" || v.Reply.Parent.CID == "" {
				t.Errorf("reply refs: got %+v, want root %s and parent %s with their CIDs", v.Reply, tt.wantRoot(th), in.ID)
			}
		})
	}
}

func TestReplyRefused(t *testing.T) {
	tests := []struct {
		name     string
		in       func(thread) relais.Interaction
		wantCode string // relais code
		calls    int    // XRPC calls made (the session is open already)
	}{
		{name: "private", in: func(th thread) relais.Interaction { th.r1.Private = true; return th.r1 }, wantCode: relais.EINVALID},
		{name: "post gone", in: func(th thread) relais.Interaction { th.r1.ID += "x"; return th.r1 }, wantCode: relais.EINTERNAL, calls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := s.thread(t)
			before := s.totalCalls()
			_, err := s.client.Reply(t.Context(), password, tt.in(th), "Bonjour")
			if e := netfake.MustError(t, err, password); e.Kind != relais.FailPermanent || relais.ErrorCode(err) != tt.wantCode {
				t.Errorf("got %s %s (%v), want permanent %s", e.Kind, relais.ErrorCode(err), err, tt.wantCode)
			}
			if got := s.totalCalls() - before; got != tt.calls {
				t.Errorf("calls: got %d, want %d", got, tt.calls)
			}
			if got := s.count("com.atproto.repo.createRecord"); got != 1 { // the post
				t.Errorf("records made: got %d, want only the post", got)
			}
		})
	}
}

// TestModerationFaults: reads and the threadgate's write are safe to
// retry; a reply that may have reached the PDS is ambiguous.
func TestModerationFaults(t *testing.T) {
	tests := []struct {
		name     string
		action   string
		faults   []netfake.Fault // of the first call, then the second
		want     relais.Failure
		wantDone bool
	}{
		{name: "threadgate read fails", action: "hide", faults: []netfake.Fault{netfake.ServerError}, want: relais.FailTransient},
		{name: "threadgate write fails", action: "hide", faults: []netfake.Fault{netfake.None, netfake.ServerError}, want: relais.FailTransient},
		{name: "threadgate written, answer lost", action: "hide", faults: []netfake.Fault{netfake.None, netfake.TimeoutAfterEffect}, want: relais.FailTransient, wantDone: true},
		{name: "post read rate limited", action: "reply", faults: []netfake.Fault{netfake.RateLimit}, want: relais.FailTransient},
		{name: "reply fails", action: "reply", faults: []netfake.Fault{netfake.None, netfake.ServerError}, want: relais.FailAmbiguous},
		{name: "reply made, answer lost", action: "reply", faults: []netfake.Fault{netfake.None, netfake.TimeoutAfterEffect}, want: relais.FailAmbiguous, wantDone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			th := s.thread(t)
			for _, f := range tt.faults {
				s.pds.Faults.FailNext(1, f)
			}
			var err error
			if tt.action == "hide" {
				err = s.client.Hide(t.Context(), password, th.r1)
			} else {
				_, err = s.client.Reply(t.Context(), password, th.r1, "Merci !")
			}
			if e := netfake.MustError(t, err, password); e.Kind != tt.want {
				t.Errorf("got %s (%v), want %s", e.Kind, err, tt.want)
			}
			done := len(s.pds.HiddenReplies(th.root)) > 0
			if tt.action == "reply" {
				done = len(s.pds.RepliesTo(th.r1.ID)) > 1 // bob's, and acme's answer
			}
			if done != tt.wantDone {
				t.Errorf("acted: got %v, want %v", done, tt.wantDone)
			}
		})
	}
}
