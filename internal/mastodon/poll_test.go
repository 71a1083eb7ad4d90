package mastodon

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	listNotifications = "GET /api/v1/notifications"
	remoteAuthor      = "bob@elsewhere.example"
)

// mention has bob mention the account with text, a minute after the last.
func (f *fixture) mention(text string) mastodonfake.Status {
	f.clock.Advance(time.Minute)
	return f.fake.Mention(testUser, remoteAuthor, text, "")
}

// mentions has bob mention the account n times, as "<prefix> <i>".
func (f *fixture) mentions(prefix string, n int) []string {
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprint(prefix, " ", i)
		f.mention(texts[i])
	}
	return texts
}

// mustPoll polls and returns the texts read and the new cursor.
func (f *fixture) mustPoll(t *testing.T, cursor string) ([]string, string) {
	t.Helper()
	p, err := f.client.Poll(context.Background(), testToken, testAccount, cursor)
	if err != nil {
		t.Fatalf("poll after %q: %v", cursor, err)
	}
	texts := make([]string, len(p.Interactions))
	for i, in := range p.Interactions {
		texts[i] = in.Text
	}
	return texts, p.Cursor
}

func TestPollPages(t *testing.T) {
	tests := []struct {
		name    string
		history int // mentions before the first poll
		wantOld int // how many of the newest of them the first poll reads
		between int // mentions after the first poll
		// wantPages is how many pages each later poll reads, until all
		// the mentions made between are read.
		wantPages []int
	}{
		{name: "nothing yet", wantPages: []int{1}},
		{name: "history", history: 3, wantOld: 3, wantPages: []int{1}},
		{name: "first poll reads one page", history: 200, wantOld: notificationPage, wantPages: []int{1}},
		{name: "a few new", history: 3, wantOld: 3, between: 2, wantPages: []int{1}},
		{name: "after an empty first poll", between: 5, wantPages: []int{1}},
		{name: "more than a page between polls", history: 3, wantOld: 3, between: 200, wantPages: []int{3}},
		{name: "exactly a page between polls", history: 3, wantOld: 3, between: notificationPage, wantPages: []int{2}},
		{name: "more than a poll reads", history: 1, wantOld: 1, between: maxPollPages*notificationPage + 5, wantPages: []int{maxPollPages, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			history := f.mentions("old", tt.history)
			got, cursor := f.mustPoll(t, "")
			if want := history[tt.history-tt.wantOld:]; !reflect.DeepEqual(got, want) {
				t.Errorf("first poll: got %d from %v, want %d from %v", len(got), first(got), len(want), first(want))
			}

			between := f.mentions("new", tt.between)
			read := []string{}
			var pages []int
			for range tt.wantPages {
				before := f.count(listNotifications)
				got, cursor = f.mustPoll(t, cursor)
				read = append(read, got...)
				pages = append(pages, f.count(listNotifications)-before)
			}
			if !reflect.DeepEqual(read, between) {
				t.Errorf("later polls: got %d from %v, want %d from %v", len(read), first(read), len(between), first(between))
			}
			if !reflect.DeepEqual(pages, tt.wantPages) {
				t.Errorf("pages read by each later poll: got %v, want %v", pages, tt.wantPages)
			}
			if again, next := f.mustPoll(t, cursor); len(again) != 0 || next != cursor {
				t.Errorf("poll with nothing new: got %v and cursor %q, want none and %q", again, next, cursor)
			}
		})
	}
}

// first shows the first texts of a long list.
func first(texts []string) []string { return texts[:min(len(texts), 3)] }

func TestPollInteractions(t *testing.T) {
	f := newFixture(t, nil)
	own := f.fake.Post(testUser, "our post")
	others := f.fake.Post("other", "someone else's post")
	_, cursor := f.mustPoll(t, "")
	f.clock.Advance(time.Minute)

	reply := f.fake.Mention(testUser, "alice", "@relais merci !", own.ID)
	thread := f.fake.Mention(testUser, remoteAuthor, "@other @relais what do you think?", others.ID)
	f.fake.Favourite(testUser, "alice", own.ID)
	dm := f.fake.Receive(testUser, remoteAuthor, mastodonfake.Status{Text: "@relais a word in private", Visibility: "direct"})
	cw := f.fake.Receive(testUser, "alice", mastodonfake.Status{Text: "@relais spoilers <3", SpoilerText: "Film ending", Visibility: "unlisted", InReplyToID: own.ID})

	p, err := f.client.Poll(context.Background(), testToken, testAccount, cursor)
	if err != nil {
		t.Fatalf("poll: %v", err)
	}
	now := f.clock.Now()
	bob := relais.Author{ID: remoteAuthor, Name: "Bob"}
	alice := relais.Author{ID: "alice@" + testInstance, Name: "Alice"}
	base := relais.Interaction{Network: relais.Mastodon, AccountID: testAccount, CreatedAt: now, ReceivedAt: now}
	want := []relais.Interaction{
		with(base, func(in *relais.Interaction) {
			in.ID, in.ParentID, in.PostID, in.Kind, in.Author, in.Text = reply.ID, own.ID, own.ID, relais.KindReply, alice, "@relais merci !"
		}),
		with(base, func(in *relais.Interaction) {
			in.ID, in.ParentID, in.Kind, in.Author, in.Text = thread.ID, others.ID, relais.KindMention, bob, "@other @relais what do you think?"
		}),
		with(base, func(in *relais.Interaction) {
			in.ID, in.Kind, in.Author, in.Text, in.Private, in.Conversation = dm.ID, relais.KindMessage, bob, "@relais a word in private", true, dm.ID
		}),
		with(base, func(in *relais.Interaction) {
			in.ID, in.ParentID, in.PostID, in.Kind, in.Author = cw.ID, own.ID, own.ID, relais.KindReply, alice
			in.Text = "Film ending\n\n@relais spoilers <3"
		}),
	}
	if !reflect.DeepEqual(p.Interactions, want) {
		t.Errorf("interactions:\n got %+v\nwant %+v", p.Interactions, want)
	}
	if p.Cursor == cursor {
		t.Errorf("cursor: got %q again, want a newer one", p.Cursor)
	}
}

func with(in relais.Interaction, set func(*relais.Interaction)) relais.Interaction {
	set(&in)
	return in
}

func TestPollFailures(t *testing.T) {
	tests := []struct {
		name     string
		faults   []netfake.Fault // for the requests of the second poll
		token    string
		wantKind relais.Failure
		wantWait time.Duration
		wantCode string
	}{
		{name: "server error", faults: []netfake.Fault{netfake.ServerError}, token: testToken, wantKind: relais.FailTransient},
		{name: "rate limited", faults: []netfake.Fault{netfake.RateLimit}, token: testToken, wantKind: relais.FailTransient, wantWait: mastodonfake.RateLimitWindow},
		{name: "second page fails", faults: []netfake.Fault{netfake.None, netfake.ServerError}, token: testToken, wantKind: relais.FailTransient},
		{name: "timeout", faults: []netfake.Fault{netfake.Timeout}, token: testToken, wantKind: relais.FailTransient},
		{name: "token refused", token: "tok-revoked", wantKind: relais.FailPermanent, wantCode: relais.EUNAUTHORIZED},
		{name: "another account's token", token: otherToken, wantKind: relais.FailPermanent, wantCode: relais.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.mentions("old", 2)
			_, cursor := f.mustPoll(t, "")
			want := f.mentions("new", notificationPage+1)
			for _, fault := range tt.faults {
				f.fake.Faults.FailNext(1, fault)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := f.client.Poll(ctx, tt.token, testAccount, cursor)
			e := mustFailure(t, err)
			if wait := e.Wait(); e.Kind != tt.wantKind || wait != tt.wantWait {
				t.Errorf("failure: got %s after %v, want %s after %v (%v)", e.Kind, wait, tt.wantKind, tt.wantWait, err)
			}
			if tt.wantCode != "" && relais.ErrorCode(err) != tt.wantCode {
				t.Errorf("code: got %s, want %s (%v)", relais.ErrorCode(err), tt.wantCode, err)
			}
			// The cursor did not move: the next poll reads them all.
			if got, _ := f.mustPoll(t, cursor); !reflect.DeepEqual(got, want) {
				t.Errorf("poll after the failure: got %d from %v, want %d from %v", len(got), first(got), len(want), first(want))
			}
		})
	}
}

func TestPollInvalidAccount(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.client.Poll(context.Background(), testToken, "not an account", "")
	if e := mustFailure(t, err); e.Kind != relais.FailPermanent || !strings.Contains(err.Error(), "user@instance") {
		t.Errorf("got %s %v, want a permanent failure naming the form", e.Kind, err)
	}
	if n := f.count(""); n != 0 {
		t.Errorf("requests: got %d, want none", n)
	}
}
