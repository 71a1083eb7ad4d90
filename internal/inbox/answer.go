package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Answer sends a person's public reply to an interaction, once, after the
// guards a post passes: toxicity, another client's brand, private data
// (accept lists the guards the person accepted). The answer is claimed
// before the network's call; a call that failed before reaching the
// network releases it, one that may have gone out leaves it unknown, and
// the same words from the same person are never sent twice.
func (m *Service) Answer(ctx context.Context, clientID string, n relais.Network, id, text string, accept []relais.Guard, by string) (relais.Answer, error) {
	entry, err := m.store.Interaction(ctx, clientID, n, id)
	if err != nil {
		return relais.Answer{}, err
	}
	if entry.Removed {
		return relais.Answer{}, relais.Errorf(relais.ECONFLICT, "%s was removed from the network; there is nothing to answer", id)
	}
	replier, ok := m.networks.Repliers[n]
	if !ok {
		return relais.Answer{}, relais.Errorf(relais.EINVALID, "%s does not let Relais answer comments; answer on the network", n)
	}
	client, err := m.store.Client(ctx, clientID)
	if err != nil {
		return relais.Answer{}, err
	}
	others, err := m.store.Clients(ctx)
	if err != nil {
		return relais.Answer{}, err
	}
	if fs := relais.CheckAnswer(entry.Interaction, text, client, others, accept, score.CheckOutgoing); len(fs) > 0 {
		return relais.Answer{}, relais.Refuse(fs)
	}
	a := relais.Answer{ClientID: clientID, Network: n, InteractionID: id, ID: relais.AnswerID(n, id, by, text), Text: text, By: by, At: m.Now().UTC()}
	stored, claimed, err := m.store.ClaimAnswer(ctx, a)
	if err != nil {
		return relais.Answer{}, err
	}
	if !claimed {
		return stored, answered(stored)
	}
	token, err := m.tokens.For(ctx, entry.Interaction)
	if err != nil {
		return a, m.release(ctx, a, fmt.Errorf("moderation: token for %s: %w", id, err))
	}
	nid, err := replier.Reply(ctx, token, entry.Interaction, text)
	if err != nil {
		switch kind, _ := relais.FailureOf(err); kind {
		case relais.FailPermanent:
			return a, m.release(ctx, a, fmt.Errorf("%w: %v", relais.Errorf(relais.EINVALID, "%s refused the reply; nothing was sent", n), err))
		case relais.FailTransient:
			return a, m.release(ctx, a, fmt.Errorf("%w: %v", relais.Errorf(relais.ECONFLICT, "%s could not take the reply just now; nothing was sent, try again in a moment", n), err))
		}
		a.State = relais.AnswerUnknown
		m.log.Warn("answer may have gone out", "client", clientID, "network", n, "interaction", id, "answer", a.ID, "err", err)
	} else {
		a.State, a.NetworkID = relais.AnswerSent, nid
	}
	// The outcome is recorded even if the caller has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := m.store.SettleAnswer(ctx, a, client.TimeZone); err != nil {
		return a, err
	}
	m.log.Info("interaction answered", "client", clientID, "network", n, "interaction", id, "answer", a.ID, "state", a.State, "by", by)
	if a.State == relais.AnswerUnknown {
		return a, answered(a)
	}
	return a, nil
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
		return relais.Errorf(relais.ECONFLICT, "Relais cannot tell whether this reply reached %s; look at the thread there before answering again", a.Network)
	}
	return relais.Errorf(relais.ECONFLICT, "this reply is being sent; look at the thread in a moment")
}

// release gives the claim back after a call that did not reach the
// network, and returns why.
func (m *Service) release(ctx context.Context, a relais.Answer, why error) error {
	if err := m.store.ReleaseAnswer(context.WithoutCancel(ctx), a); err != nil {
		return fmt.Errorf("%w (and the claim stays: %v)", why, err)
	}
	return why
}
