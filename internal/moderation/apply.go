package moderation

import (
	"context"
	"log/slog"

	"github.com/relais-dev/relais/internal/relais"
)

// acts reports a decision that needs the account's token: a hide or
// delete, or a saved reply.
func acts(d relais.Decision) bool {
	return d.Action == relais.ActionHide || d.Action == relais.ActionDelete || d.Reply != ""
}

// apply carries a decision out on the network: the hide or delete, then
// the saved reply. Each step is recorded once done and skipped on a retry.
// token is the account's token already on its way, or nil.
func (m *Moderator) apply(ctx context.Context, log *slog.Logger, client relais.Client, in relais.Interaction, d *relais.Decision, token *pending[string]) error {
	act := d.Action == relais.ActionHide || d.Action == relais.ActionDelete
	if (!act || d.Applied) && (d.Reply == "" || d.ReplyID != "") {
		return nil
	}
	if token == nil {
		// The recorded decision acts where the one just made did not.
		token = fetch(func() (string, error) { return m.tokens.For(ctx, in) })
	}
	tok, err := token.get()
	if err != nil {
		return err
	}
	if act && !d.Applied {
		if d.Action == relais.ActionDelete {
			err = m.networks.Deleters[in.Network].Delete(ctx, tok, in)
		} else {
			err = m.networks.Hiders[in.Network].Hide(ctx, tok, in)
		}
		if err != nil {
			return err
		}
		if err := m.store.MarkApplied(ctx, *d); err != nil {
			return err
		}
		d.Applied = true
	}
	if d.Reply == "" || d.ReplyID != "" {
		return nil
	}
	if why := relais.CheckReply(in, d.Reply); why != nil {
		log.Warn("saved reply not sent", "reason", relais.ErrorMessage(why))
		return nil
	}
	claimed, err := m.store.ClaimReply(ctx, *d)
	if err != nil {
		return err
	}
	if !claimed {
		// An earlier attempt may have posted it: a second reply is worse
		// than none, so a person checks.
		log.Warn("saved reply may have gone out already; not sent again")
		return nil
	}
	id, err := m.networks.Repliers[in.Network].Reply(ctx, tok, in, d.Reply)
	if err != nil {
		log.Warn("saved reply failed; not retried", "err", err)
		return nil
	}
	d.ReplyID = id
	return m.store.MarkReplied(ctx, *d, client.TimeZone, id)
}
