package inbox

import (
	"context"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// LabelNeedsReply is the label moderation gives a message that waits for
// the team's answer (a complaint, or what the client's rules answer).
const LabelNeedsReply = "needs_reply"

// Join puts a moderated interaction on its thread: a customer's message
// opens or reopens it, and one that needs an answer (a private message,
// or one moderation labelled needs_reply) starts the wait for it, due by
// the client's service target. The thread is watched for that target
// with a one-time schedule, made when the wait starts.
func (s *Service) Join(ctx context.Context, client relais.Client, in relais.Interaction, d relais.Decision) (relais.Thread, error) {
	labels := d.Score.Labels
	needs := (in.Private || slices.Contains(labels, LabelNeedsReply)) && d.Action != relais.ActionHide && d.Action != relais.ActionDelete
	a := dynamo.Arrival{In: in, Action: d.Action, NeedsAnswer: needs, Language: d.Score.Language}
	at := in.CreatedAt
	if at.IsZero() {
		at = in.ReceivedAt
	}
	target, covered := client.TargetFor(in.Private, labels)
	if needs && covered {
		a.Due, a.Target = target.Due(at, client.Location()), target.String()
	}
	t, err := s.store.JoinThread(ctx, a, s.Now().UTC())
	if err != nil {
		return t, err
	}
	if needs && covered && t.AwaitingSince.Equal(at) && !t.DueAt.IsZero() {
		// This message started the wait: watch it.
		if err := s.watch(ctx, t, target); err != nil {
			return t, err
		}
	}
	return t, nil
}

// Thread returns a thread with its messages, answers and notes.
func (s *Service) Thread(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, []relais.ThreadEntry, error) {
	return s.store.Thread(ctx, clientID, n, threadID)
}

// Head returns a thread without its entries.
func (s *Service) Head(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, error) {
	return s.store.ThreadHead(ctx, clientID, n, threadID)
}

// Threads lists a client's threads, latest activity first.
func (s *Service) Threads(ctx context.Context, clientID string, f dynamo.ThreadFilter) ([]relais.Thread, error) {
	return s.store.Threads(ctx, clientID, f)
}

// Owner finds the client a thread belongs to from its network and id
// alone, for the CLI.
func (s *Service) Owner(ctx context.Context, n relais.Network, threadID string) (string, error) {
	owners, err := s.store.ThreadOwners(ctx, n, threadID)
	switch {
	case err != nil:
		return "", err
	case len(owners) == 0:
		return "", relais.Errorf(relais.ENOTFOUND, "no client has a %s thread %s", n, threadID)
	case len(owners) > 1:
		return "", relais.Errorf(relais.EINVALID, "clients %s all have a %s thread %s; name the client", strings.Join(owners, ", "), n, threadID)
	}
	return owners[0], nil
}

// Assign gives a thread to a team member; an empty name unassigns it.
func (s *Service) Assign(ctx context.Context, clientID string, n relais.Network, threadID, to string) (relais.Thread, error) {
	to = strings.TrimSpace(to)
	return s.store.UpdateThread(ctx, clientID, n, threadID, dynamo.ThreadChange{Assignee: &to}, s.Now().UTC())
}

// SetStatus moves a thread to open, pending or done. Done ends the wait
// for an answer without counting one: nothing needed saying.
func (s *Service) SetStatus(ctx context.Context, clientID string, n relais.Network, threadID string, status relais.ThreadStatus) (relais.Thread, error) {
	if _, err := relais.ParseThreadStatus(string(status)); err != nil {
		return relais.Thread{}, err
	}
	return s.store.UpdateThread(ctx, clientID, n, threadID, dynamo.ThreadChange{Status: &status}, s.Now().UTC())
}

// Tag replaces a thread's tags: short words, each once.
func (s *Service) Tag(ctx context.Context, clientID string, n relais.Network, threadID string, tags []string) (relais.Thread, error) {
	clean := []string{}
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || slices.Contains(clean, t) {
			continue
		}
		if len([]rune(t)) > 40 || strings.ContainsAny(t, ",\n\t") {
			return relais.Thread{}, relais.Errorf(relais.EINVALID, "tag %q: a tag is one word or phrase of at most 40 characters, without commas", t)
		}
		clean = append(clean, t)
	}
	if len(clean) > 20 {
		return relais.Thread{}, relais.Errorf(relais.EINVALID, "a thread takes at most 20 tags")
	}
	return s.store.UpdateThread(ctx, clientID, n, threadID, dynamo.ThreadChange{Tags: &clean}, s.Now().UTC())
}

// MaxNote is the longest internal note, in characters.
const MaxNote = 4000

// Note keeps a team member's internal note on a thread. A note is never
// sent to the network.
func (s *Service) Note(ctx context.Context, clientID string, n relais.Network, threadID, text, by string) (relais.ThreadEntry, error) {
	if strings.TrimSpace(text) == "" {
		return relais.ThreadEntry{}, relais.Errorf(relais.EINVALID, "a note needs text")
	}
	if len([]rune(text)) > MaxNote {
		return relais.ThreadEntry{}, relais.Errorf(relais.EINVALID, "a note is at most %d characters", MaxNote)
	}
	at := s.Now().UTC()
	note := relais.ThreadEntry{Kind: relais.EntryNote, ID: relais.NewID("n", at, 6), At: at, Text: text, By: by}
	return note, s.store.AddNote(ctx, clientID, n, threadID, note)
}
