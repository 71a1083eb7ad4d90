package dynamo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

func message(id, parent, text string, at time.Time) relais.Interaction {
	return relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: id, PostID: "p1", ParentID: parent,
		Kind: relais.KindComment, Author: relais.Author{ID: "u-1", Name: "Camille"}, Text: text, CreatedAt: at, ReceivedAt: at}
}

// TestThreadLife: a complaint opens a thread that waits for an answer;
// the answer ends the wait and counts the delay once, however often it
// is delivered; the customer's next message reopens it; a late delivery
// and a hidden message change nothing.
func TestThreadLife(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	due := now.Add(time.Hour)
	th, err := s.JoinThread(ctx, dynamo.Arrival{In: message("c1", "", "Toujours pas livré !", now), Action: relais.ActionReview, NeedsAnswer: true, Due: due, Target: "complaint 1h"}, now)
	mustOK(t, err)
	if th.ID != "c1" || th.Status != relais.ThreadOpen || !th.AwaitingSince.Equal(now) || !th.DueAt.Equal(due) || th.Last != "c1" {
		t.Fatalf("got %+v, want c1 open, waiting since %v, due %v", th, now, due)
	}
	// The same delivery again: one entry, same wait.
	again, err := s.JoinThread(ctx, dynamo.Arrival{In: message("c1", "", "Toujours pas livré !", now), NeedsAnswer: true, Due: due.Add(time.Hour)}, now.Add(time.Minute))
	mustOK(t, err)
	if !again.DueAt.Equal(due) {
		t.Errorf("a second delivery moved the due time to %v", again.DueAt)
	}
	// A second customer message does not restart the wait.
	_, err = s.JoinThread(ctx, dynamo.Arrival{In: message("c2", "c1", "Allô ?", now.Add(10*time.Minute)), NeedsAnswer: true, Due: due.Add(time.Hour)}, now.Add(10*time.Minute))
	mustOK(t, err)

	answer := relais.ThreadEntry{Kind: relais.EntryAnswer, ID: "net-r1", At: now.Add(20 * time.Minute), Text: "Nous regardons.", By: "max", State: relais.AnswerSent, NetworkID: "net-r1"}
	for range 2 {
		th, _, err = s.RespondThread(ctx, dynamo.Responded{ClientID: "acme", Network: relais.Sandbox, ThreadID: "c1", Entry: answer}, "Europe/Paris")
		mustOK(t, err)
	}
	if th.Status != relais.ThreadPending || !th.AwaitingSince.IsZero() || !th.DueAt.IsZero() || !th.FirstResponse.Equal(answer.At) {
		t.Errorf("after the answer got %+v, want pending, no wait, first response at %v", th, answer.At)
	}
	counts := totals(t, s, "acme", "2026-11-22", "2026-11-22")
	if counts[relais.CountResponses] != 1 || counts[relais.CountResponseBucket(relais.ResponseBucket(20*time.Minute))] != 1 {
		t.Errorf("response counters %v, want one response in the 30-minute bucket", counts)
	}

	// A late delivery of an older message joins without reopening.
	th, err = s.JoinThread(ctx, dynamo.Arrival{In: message("c0", "c1", "Premier message", now.Add(-time.Minute)), NeedsAnswer: true}, now.Add(30*time.Minute))
	mustOK(t, err)
	if th.Status != relais.ThreadPending || !th.AwaitingSince.IsZero() {
		t.Errorf("a late delivery left %s, waiting since %v; want pending, not waiting", th.Status, th.AwaitingSince)
	}
	// What moderation hid changes nothing.
	th, err = s.JoinThread(ctx, dynamo.Arrival{In: message("c3", "c1", "spam spam", now.Add(40*time.Minute)), Action: relais.ActionHide}, now.Add(40*time.Minute))
	mustOK(t, err)
	if th.Status != relais.ThreadPending {
		t.Errorf("a hidden message left %s, want pending", th.Status)
	}
	// The customer writes again: open, waiting again.
	th, err = s.JoinThread(ctx, dynamo.Arrival{In: message("c4", "c1", "Et alors ?", now.Add(2*time.Hour)), NeedsAnswer: true}, now.Add(2*time.Hour))
	mustOK(t, err)
	if th.Status != relais.ThreadOpen || !th.AwaitingSince.Equal(now.Add(2*time.Hour)) || th.Last != "c4" {
		t.Errorf("the customer's new message left %+v, want open and waiting", th)
	}

	_, entries, err := s.Thread(ctx, "acme", relais.Sandbox, "c1")
	mustOK(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, string(e.Kind)+":"+e.ID)
	}
	want := []string{"message:c0", "message:c1", "message:c2", "answer:net-r1", "message:c3", "message:c4"}
	if !slices.Equal(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
}

// TestThreadWork: assignment, tags, notes and done; listings filter on
// them; another client never sees the thread.
func TestThreadWork(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i, id := range []string{"c1", "c2", "c3"} {
		at := now.Add(time.Duration(i) * time.Minute)
		_, err := s.JoinThread(ctx, dynamo.Arrival{In: message(id, "", "Bonjour "+id, at), NeedsAnswer: true}, at)
		mustOK(t, err)
	}
	who, tags := "camille", []string{"livraison", "urgent"}
	th, err := s.UpdateThread(ctx, "acme", relais.Sandbox, "c2", dynamo.ThreadChange{Assignee: &who, Tags: &tags}, now.Add(time.Hour))
	mustOK(t, err)
	if th.Assignee != "camille" || !slices.Equal(th.Tags, tags) {
		t.Errorf("got %+v, want assigned to camille with tags", th)
	}
	done := relais.ThreadDone
	th, err = s.UpdateThread(ctx, "acme", relais.Sandbox, "c3", dynamo.ThreadChange{Status: &done}, now.Add(90*time.Minute))
	mustOK(t, err)
	if th.Status != relais.ThreadDone || !th.AwaitingSince.IsZero() {
		t.Errorf("done left %+v, want done and not waiting", th)
	}
	mustOK(t, s.AddNote(ctx, "acme", relais.Sandbox, "c2", relais.ThreadEntry{ID: "n1", At: now.Add(2 * time.Hour), Text: "Client VIP", By: "max"}))
	wantCode(t, "a note on no thread", s.AddNote(ctx, "acme", relais.Sandbox, "nope", relais.ThreadEntry{ID: "n2", At: now, Text: "x", By: "max"}), relais.ENOTFOUND)
	_, err = s.UpdateThread(ctx, "globex", relais.Sandbox, "c2", dynamo.ThreadChange{Assignee: &who}, now)
	wantCode(t, "another client's thread", err, relais.ENOTFOUND)
	_, _, err = s.Thread(ctx, "globex", relais.Sandbox, "c2")
	wantCode(t, "reading another client's thread", err, relais.ENOTFOUND)

	for _, c := range []struct {
		name string
		f    dynamo.ThreadFilter
		want []string
	}{
		{"all, latest activity first", dynamo.ThreadFilter{}, []string{"c2", "c3", "c1"}},
		{"open", dynamo.ThreadFilter{Status: relais.ThreadOpen}, []string{"c2", "c1"}},
		{"camille's", dynamo.ThreadFilter{Assignee: "camille"}, []string{"c2"}},
		{"done", dynamo.ThreadFilter{Status: relais.ThreadDone}, []string{"c3"}},
		{"one", dynamo.ThreadFilter{Limit: 1}, []string{"c2"}},
	} {
		ts, err := s.Threads(ctx, "acme", c.f)
		mustOK(t, err)
		var got []string
		for _, th := range ts {
			got = append(got, th.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	owners, err := s.ThreadOwners(ctx, relais.Sandbox, "c2")
	mustOK(t, err)
	if !slices.Equal(owners, []string{"acme"}) {
		t.Errorf("owners %v, want acme", owners)
	}
	_, entries, err := s.Thread(ctx, "acme", relais.Sandbox, "c2")
	mustOK(t, err)
	if len(entries) != 2 || entries[1].Kind != relais.EntryNote || entries[1].By != "max" {
		t.Errorf("entries %+v, want the message and max's note", entries)
	}
}
