package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
)

// demoOAuth connects a Pinterest board of acme's through Pinterest's
// consent page, as `relais account connect --oauth` does, then runs the
// renewal routine, which renews the token before it expires. The fake
// gives this board's tokens 40 minutes instead of Pinterest's 30 days:
// the token would expire before the routine's next run, half an hour
// later, so this run renews it.
func demoOAuth(ctx context.Context, e *env, a *app, st *devstack.Stack) error {
	st.Fakes.Pinterest.AccessTTL = 40 * time.Minute
	board := relais.Account{ClientID: "acme", Network: pinterest.Network, ID: "549755885199"}
	// The board's owner has it on Pinterest.
	if err := st.RegisterAccount(board.Ref(), "owner-session"); err != nil {
		return err
	}
	if err := connectOAuth(ctx, e, a, board, false, true); err != nil {
		return err
	}
	before, err := a.store.Account(ctx, board.ClientID, board.Ref())
	if err != nil {
		return err
	}
	if err := st.Publisher.Run(ctx, publish.Input{TokenRenewInput: relais.TokenRenewInput{TokenRenew: true}}); err != nil {
		return err
	}
	after, err := a.store.Account(ctx, board.ClientID, board.Ref())
	if err != nil {
		return err
	}
	if after.Grant == nil || !after.Grant.RenewedAt.After(before.Grant.RenewedAt) || !after.Grant.ExpiresAt.After(before.Grant.ExpiresAt) {
		return fmt.Errorf("demo: the renewal routine did not renew %s's token", board.Ref())
	}
	say(e.out, "    the token, due to expire in %s (before the routine's next run, in 30 minutes), was renewed by this run with its refresh token: the new one, stored in place of the old, renewed at %s, is good for %s\n",
		before.Grant.ExpiresAt.Sub(before.Grant.RenewedAt).Round(time.Minute), after.Grant.RenewedAt.Local().Format("15:04:05.000"),
		after.Grant.ExpiresAt.Sub(after.Grant.RenewedAt).Round(time.Minute))
	return nil
}
