package inbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Reply is a person's answer to an interaction.
type Reply struct {
	ClientID      string
	Network       relais.Network
	InteractionID string
	// Text is the answer; Saved names a saved reply to send instead, in
	// the thread's language (the client's when unknown).
	Text  string
	Saved string
	// Private sends it to the author alone: in the conversation, or as a
	// private reply to a comment.
	Private bool
	// Accept lists the guards the person accepted.
	Accept []relais.Guard
	// By is who answers, from their sign-in.
	By string
	// Status is where the answer leaves the thread: pending (the
	// default) or done.
	Status relais.ThreadStatus
}

// Answer sends a person's reply to an interaction, once, after the
// guards a post passes: toxicity, another client's brand, private data.
// A private answer goes out only through the network's private path and
// within its window; a public one never answers a private message. The
// answer is claimed before the network's call; a call that failed before
// reaching the network releases it, one that may have gone out leaves it
// unknown, and the same words from the same person are never sent twice.
// The answer is recorded on its thread, which it leaves pending or done.
func (s *Service) Answer(ctx context.Context, r Reply) (relais.Answer, error) {
	entry, err := s.store.Interaction(ctx, r.ClientID, r.Network, r.InteractionID)
	if err != nil {
		return relais.Answer{}, err
	}
	in := entry.Interaction
	if entry.Removed {
		return relais.Answer{}, relais.Errorf(relais.ECONFLICT, "%s was removed from the network; there is nothing to answer", in.ID)
	}
	if r.Status != "" && r.Status != relais.ThreadPending && r.Status != relais.ThreadDone {
		return relais.Answer{}, relais.Errorf(relais.EINVALID, "an answer leaves its thread pending or done, not %s", r.Status)
	}
	// The client is read with the others, whose brands the guards check.
	others, err := s.store.Clients(ctx)
	if err != nil {
		return relais.Answer{}, err
	}
	client, ok := relais.ClientAmong(others, r.ClientID)
	if !ok {
		return relais.Answer{}, relais.Errorf(relais.ENOTFOUND, "unknown client %q", r.ClientID)
	}
	if r.Text, err = s.text(ctx, r, client, entry); err != nil {
		return relais.Answer{}, err
	}
	send, tag, err := s.path(ctx, r, in)
	if err != nil {
		return relais.Answer{}, err
	}
	if fs := relais.CheckAnswer(in, r.Text, r.Private, client, others, r.Accept, score.CheckOutgoing); len(fs) > 0 {
		return relais.Answer{}, relais.Refuse(fs)
	}
	a := relais.Answer{ClientID: r.ClientID, Network: r.Network, InteractionID: in.ID, ID: relais.AnswerID(r.Network, in.ID, r.By, r.Text, r.Private),
		Text: r.Text, By: r.By, Private: r.Private, At: s.Now().UTC()}
	stored, claimed, err := s.store.ClaimAnswer(ctx, a)
	if err != nil {
		return relais.Answer{}, err
	}
	if !claimed {
		return stored, answered(stored)
	}
	token, err := s.tokens.For(ctx, in)
	if err != nil {
		return a, s.release(ctx, a, fmt.Errorf("inbox: token for %s: %w", in.ID, err))
	}
	nid, err := send(ctx, token, tag)
	if err != nil {
		what := "reply"
		if r.Private {
			what = "message"
		}
		switch kind, _ := relais.FailureOf(err); kind {
		case relais.FailPermanent:
			return a, s.release(ctx, a, fmt.Errorf("%w: %v", relais.Errorf(relais.EINVALID, "%s refused the %s; nothing was sent", r.Network, what), err))
		case relais.FailTransient:
			return a, s.release(ctx, a, fmt.Errorf("%w: %v", relais.Errorf(relais.ECONFLICT, "%s could not take the %s just now; nothing was sent, try again in a moment", r.Network, what), err))
		}
		if relais.ErrorCode(err) == relais.EINVALID {
			// The adapter refused before any call.
			return a, s.release(ctx, a, err)
		}
		a.State = relais.AnswerUnknown
		s.log.Warn("answer may have gone out", "client", r.ClientID, "network", r.Network, "interaction", in.ID, "answer", a.ID, "err", err)
	} else {
		a.State, a.NetworkID = relais.AnswerSent, nid
	}
	// The outcome is recorded even if the caller has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := s.store.SettleAnswer(ctx, a, client.TimeZone); err != nil {
		return a, err
	}
	if err := s.record(ctx, client, entry, a, r.Status); err != nil {
		return a, err
	}
	s.log.Info("interaction answered", "client", r.ClientID, "network", r.Network, "interaction", in.ID, "answer", a.ID, "state", a.State, "private", a.Private, "by", r.By)
	if a.State == relais.AnswerUnknown {
		return a, answered(a)
	}
	return a, nil
}

// sender makes the network's call for an answer.
type sender func(ctx context.Context, token string, tag relais.MessageTag) (string, error)

// path chooses how an answer goes out, refusing before anything is
// claimed what cannot: a network without the path, a closed window, a
// comment answered in private twice.
func (s *Service) path(ctx context.Context, r Reply, in relais.Interaction) (sender, relais.MessageTag, error) {
	if !r.Private {
		replier, ok := s.networks.Repliers[r.Network]
		if !ok {
			return nil, "", relais.Errorf(relais.EINVALID, "%s does not let Relais answer comments; answer on the network", r.Network)
		}
		return func(ctx context.Context, token string, _ relais.MessageTag) (string, error) {
			return replier.Reply(ctx, token, in, r.Text)
		}, "", nil
	}
	last := in.CreatedAt
	if in.Private {
		// The window counts from the customer's latest message.
		if th, err := s.store.ThreadHead(ctx, r.ClientID, r.Network, relais.ThreadID(in)); err == nil && th.LastInboundAt.After(last) {
			last = th.LastInboundAt
		} else if err != nil && relais.ErrorCode(err) != relais.ENOTFOUND {
			return nil, "", err
		}
	}
	tag, err := relais.MessageWindow(in, last, s.Now())
	if err != nil {
		return nil, "", err
	}
	messenger, ok := s.networks.Messengers[r.Network]
	if !ok {
		return nil, "", relais.Errorf(relais.EINVALID, "%s does not let Relais answer in private; answer on the network", r.Network)
	}
	if !in.Private {
		// Networks take one private reply per comment.
		answers, err := s.store.Answers(ctx, r.ClientID, r.Network, in.ID)
		if err != nil {
			return nil, "", err
		}
		for _, a := range answers {
			if a.Private && a.Text != r.Text {
				return nil, "", relais.Errorf(relais.ECONFLICT, "%s was already answered in private (by %s); a comment takes one private reply", in.ID, a.By)
			}
		}
	}
	return func(ctx context.Context, token string, tag relais.MessageTag) (string, error) {
		return messenger.Message(ctx, token, in, r.Text, tag)
	}, tag, nil
}

// text is the answer's words: the person's, or the saved reply they
// named, in the thread's language, filled in for the customer.
func (s *Service) text(ctx context.Context, r Reply, client relais.Client, entry dynamo.InboxEntry) (string, error) {
	if r.Saved == "" {
		return r.Text, nil
	}
	if strings.TrimSpace(r.Text) != "" {
		return "", relais.Errorf(relais.EINVALID, "give a text or a saved reply, not both")
	}
	replies, err := s.store.SavedReplies(ctx, r.ClientID, r.Saved)
	if err != nil {
		return "", err
	}
	lang := client.Locale
	if d, err := s.store.Decision(ctx, r.ClientID, r.Network, entry.ID); err == nil && d.Score.Language != "" {
		lang = d.Score.Language
	}
	for _, want := range []string{lang, client.Locale} {
		for _, saved := range replies {
			if saved.Language == want {
				return saved.Render(client, entry.Author), nil
			}
		}
	}
	if len(replies) > 0 {
		return replies[0].Render(client, entry.Author), nil
	}
	return "", relais.Errorf(relais.ENOTFOUND, "client %s has no saved reply %s", r.ClientID, r.Saved)
}

// record puts the answer on its thread, first joining the interaction to
// one if moderation has not yet.
func (s *Service) record(ctx context.Context, client relais.Client, entry dynamo.InboxEntry, a relais.Answer, status relais.ThreadStatus) error {
	id := a.NetworkID
	if id == "" {
		id = a.ID
	}
	done := dynamo.Responded{ClientID: a.ClientID, Network: a.Network, ThreadID: relais.ThreadID(entry.Interaction), Status: status,
		Entry: relais.ThreadEntry{Kind: relais.EntryAnswer, ID: id, At: a.At, Text: a.Text, By: a.By, Private: a.Private, State: a.State, NetworkID: a.NetworkID}}
	_, _, err := s.store.RespondThread(ctx, done, client.TimeZone)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		if _, err = s.Join(ctx, client, entry.Interaction, relais.Decision{Action: entry.Action, Score: relais.Score{Labels: entry.Labels}}); err == nil {
			_, _, err = s.store.RespondThread(ctx, done, client.TimeZone)
		}
	}
	return err
}

// recordTimeout bounds recording an answer's outcome once its caller
// has gone.
const recordTimeout = 5 * time.Second

// answered is the refusal of an answer already claimed: nil when it went
// out, so that a repeated call answers as the first did.
func answered(a relais.Answer) error {
	switch a.State {
	case relais.AnswerSent:
		return nil
	case relais.AnswerUnknown:
		return relais.Errorf(relais.ECONFLICT, "Relais cannot tell whether this answer reached %s; look at the thread there before answering again", a.Network)
	}
	return relais.Errorf(relais.ECONFLICT, "this answer is being sent; look at the thread in a moment")
}

// release gives the claim back after a call that did not reach the
// network, and returns why.
func (s *Service) release(ctx context.Context, a relais.Answer, why error) error {
	if err := s.store.ReleaseAnswer(context.WithoutCancel(ctx), a); err != nil {
		return fmt.Errorf("%w (and the claim stays: %v)", why, err)
	}
	return why
}
