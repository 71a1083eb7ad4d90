package mastodon

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestMessageThread: the messages of a direct thread, read over several
// polls, are each read once and all in the conversation of the thread's
// first message, the account's answers between them included.
func TestMessageThread(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	_, cursor := f.mustPoll(t, "")
	direct := func(text, inReplyTo string) mastodonfake.Status {
		f.clock.Advance(time.Minute)
		return f.fake.Receive(testUser, remoteAuthor, mastodonfake.Status{Text: "@relais " + text, Visibility: "direct", InReplyToID: inReplyTo})
	}
	poll := func() []relais.Interaction {
		t.Helper()
		p, err := f.client.Poll(ctx, testToken, testAccount, cursor)
		if err != nil {
			t.Fatalf("poll: %v", err)
		}
		cursor = p.Cursor
		return p.Interactions
	}
	type read struct{ ID, Conversation string }
	reads := func(ins []relais.Interaction) []read {
		out := []read{}
		for _, in := range ins {
			if !in.Private || in.Kind != relais.KindMessage {
				t.Errorf("%s: got kind %s, private %v, want a private message", in.ID, in.Kind, in.Private)
			}
			out = append(out, read{in.ID, in.Conversation})
		}
		return out
	}

	first := direct("ma commande ?", "")
	got := poll()
	if want := []read{{first.ID, first.ID}}; !reflect.DeepEqual(reads(got), want) {
		t.Fatalf("first poll: got %+v, want %+v", reads(got), want)
	}
	answer, err := f.client.Message(ctx, testToken, got[0], "Elle part demain.", relais.TagStandard)
	if err != nil {
		t.Fatalf("message: %v", err)
	}

	// Two answers to ours in one poll: the second replies to the first,
	// whose thread is known by then.
	second := direct("merci !", answer)
	third := direct("et la facture ?", second.ID)
	other := direct("autre chose", "")
	before := f.count("")
	if got, want := reads(poll()), []read{{second.ID, first.ID}, {third.ID, first.ID}, {other.ID, other.ID}}; !reflect.DeepEqual(got, want) {
		t.Errorf("second poll: got %+v, want %+v", got, want)
	}
	if got := f.count("") - before; got != 2 {
		t.Errorf("requests of the second poll: got %d, want 2 (notifications, one thread read)", got)
	}
	if got := poll(); len(got) != 0 {
		t.Errorf("third poll: got %+v, want nothing new", reads(got))
	}

	// Under a public post, each person's direct reply starts a thread.
	post := f.fake.Post(testUser, "Notre carte de printemps")
	bobs := direct("une allergie", post.ID)
	f.clock.Advance(time.Minute)
	alices := f.fake.Receive(testUser, "alice", mastodonfake.Status{Text: "@relais sans gluten ?", Visibility: "direct", InReplyToID: post.ID})
	if got, want := reads(poll()), []read{{bobs.ID, bobs.ID}, {alices.ID, alices.ID}}; !reflect.DeepEqual(got, want) {
		t.Errorf("under a public post: got %+v, want a conversation each %+v", got, want)
	}
}

// TestMessageThreadFaults: the thread of a message cannot be read, so the
// poll fails as a whole and the next one reads the message again.
func TestMessageThreadFaults(t *testing.T) {
	f := newFixture(t, nil)
	_, cursor := f.mustPoll(t, "")
	root := f.fake.Receive(testUser, remoteAuthor, mastodonfake.Status{Text: "@relais bonjour", Visibility: "direct"})
	_, cursor = f.mustPoll(t, cursor)
	reply := f.fake.Receive(testUser, remoteAuthor, mastodonfake.Status{Text: "@relais encore moi", Visibility: "direct", InReplyToID: root.ID})
	f.fake.Faults.FailNext(1, netfake.None) // the notifications
	f.fake.Faults.FailNext(1, netfake.ServerError)
	_, err := f.client.Poll(t.Context(), testToken, testAccount, cursor)
	if got := mustFailure(t, err).Kind; got != relais.FailTransient {
		t.Errorf("failure: got %s, want transient (%v)", got, err)
	}
	p, err := f.client.Poll(t.Context(), testToken, testAccount, cursor)
	if err != nil || len(p.Interactions) != 1 || p.Interactions[0].ID != reply.ID || p.Interactions[0].Conversation != root.ID {
		t.Errorf("poll after the failure: got %+v, %v; want %s in conversation %s", p.Interactions, err, reply.ID, root.ID)
	}
}
