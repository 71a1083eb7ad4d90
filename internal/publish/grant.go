package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// fresh renews the token of the post's account when it is due, so that a
// post never goes out with a token about to expire, and says why the post
// cannot go out when the account is disconnected ("" when it can). A
// renewal that fails is logged: the token may still work, and the network
// says if it does not.
func (p *Publisher) fresh(ctx context.Context, log *slog.Logger, post relais.Post) string {
	if p.renewer == nil {
		return ""
	}
	a, err := p.store.Account(ctx, post.ClientID, post.Account)
	if err != nil {
		// The lease's ownership check already refused a missing account;
		// a read that failed leaves the token to the network.
		return ""
	}
	if !a.Connected() {
		return fmt.Sprintf("account %s was disconnected on %s (%s); connect it again", a.Ref(), a.DisconnectedAt.UTC().Format(time.RFC3339), a.DisconnectReason)
	}
	if p.renewer.Due(a) {
		if err := p.renewer.Renew(ctx, a); err != nil {
			log.Warn("token renewal failed; publishing with the current token", "err", relais.ErrorMessage(err))
		}
	}
	return ""
}

// refused records the post's account as disconnected when the network
// refused its token (a 401): every other use of it would fail alike, and
// people must connect it again.
func (p *Publisher) refused(ctx context.Context, log *slog.Logger, post relais.Post, err error) {
	var ne *netcall.Error
	if p.renewer == nil || !errors.As(err, &ne) || ne.Status != http.StatusUnauthorized {
		return
	}
	a, aerr := p.store.Account(ctx, post.ClientID, post.Account)
	if aerr == nil {
		aerr = p.renewer.Revoked(ctx, a, fmt.Sprintf("%s refused the token: it was revoked or has expired", post.Account.Network.Label()))
	}
	if aerr != nil {
		log.Warn("could not record the account as disconnected", "err", aerr)
	}
}
