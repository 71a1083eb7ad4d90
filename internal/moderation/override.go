package moderation

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Override is what a person decides over moderation: hide a comment,
// show it again for review (unhide), or allow it (shown, and settled).
type Override string

const (
	OverrideHide   Override = "hide"
	OverrideUnhide Override = "unhide"
	OverrideAllow  Override = "allow"
)

// ParseOverride reads an override by name.
func ParseOverride(s string) (Override, error) {
	switch o := Override(s); o {
	case OverrideHide, OverrideUnhide, OverrideAllow:
		return o, nil
	}
	return "", relais.Errorf(relais.EINVALID, "action %q: want hide, unhide or allow", s)
}

// Override carries out a person's decision on a moderated interaction:
// on the network first, then in the decision, the inbox entry and the
// audit trail, which names the person, and as a correction the client's
// later comments that read the same follow. A comment moderation deleted, or
// one not moderated yet, cannot be overridden.
func (m *Moderator) Override(ctx context.Context, clientID string, n relais.Network, id string, o Override, by string) (relais.Decision, error) {
	entry, err := m.store.Interaction(ctx, clientID, n, id)
	if err != nil {
		return relais.Decision{}, err
	}
	d, err := m.store.Decision(ctx, clientID, n, id)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return d, relais.Errorf(relais.ECONFLICT, "%s is not moderated yet; try again in a moment", id)
	}
	if err != nil {
		return d, err
	}
	hidden := d.Action == relais.ActionHide && d.Applied
	switch {
	case entry.Removed:
		return d, relais.Errorf(relais.ECONFLICT, "%s was removed from the network", id)
	case d.Action == relais.ActionDelete && d.Applied:
		return d, relais.Errorf(relais.ECONFLICT, "%s was deleted from the network and cannot be shown again", id)
	case o == OverrideHide && hidden:
		return d, nil
	case o == OverrideUnhide && !hidden:
		return d, relais.Errorf(relais.ECONFLICT, "%s is not hidden", id)
	}
	from := d.Action
	token, err := m.tokens.For(ctx, entry.Interaction)
	if err != nil {
		return d, fmt.Errorf("moderation: token for %s: %w", id, err)
	}
	switch {
	case o == OverrideHide:
		hider, ok := m.networks.Hiders[n]
		if !ok {
			return d, relais.Errorf(relais.EINVALID, "%s cannot hide a comment; delete it or answer it on the network", n)
		}
		if err := hider.Hide(ctx, token, entry.Interaction); err != nil {
			return d, fmt.Errorf("moderation: hide %s: %w", id, err)
		}
		d.Action, d.Applied = relais.ActionHide, true
	default:
		if hidden {
			unhider, ok := m.networks.Unhiders[n]
			if !ok {
				return d, relais.Errorf(relais.EINVALID, "%s cannot show a hidden comment again from Relais", n)
			}
			if err := unhider.Unhide(ctx, token, entry.Interaction); err != nil {
				return d, fmt.Errorf("moderation: unhide %s: %w", id, err)
			}
		}
		d.Action, d.Applied = relais.ActionReview, false
		if o == OverrideAllow {
			d.Action = relais.ActionAllow
		}
	}
	learn, err := m.correction(entry.Interaction, d, from, by)
	if err != nil {
		return d, err
	}
	if err := m.store.OverrideDecision(ctx, d, from, by, learn); err != nil {
		return d, err
	}
	m.log.Info("moderation overridden", "client", clientID, "network", n, "interaction", id, "from", from, "to", d.Action, "by", by)
	return d, nil
}

// correction is what a person's override teaches: the comment, read as
// the scorer reads it, and the action they chose over moderation's.
func (m *Moderator) correction(in relais.Interaction, d relais.Decision, from relais.Action, by string) (relais.Correction, error) {
	key, err := score.Fingerprint(in.Text)
	if err != nil {
		return relais.Correction{}, fmt.Errorf("moderation: read %s: %w", in.ID, err)
	}
	return relais.Correction{
		ClientID: d.ClientID, Network: d.Network, InteractionID: d.InteractionID, Key: key,
		Text: in.Text, Lang: d.Score.Language, From: from, To: d.Action,
		Labels: d.Score.Labels, By: by, At: m.Now().UTC(),
	}, nil
}
