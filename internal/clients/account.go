package clients

import (
	"context"
	"errors"
	"fmt"

	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
)

// ErrNotReplayed is in the chain of Connect's error when the account is
// connected but what it received before is not yet in the inbox.
var ErrNotReplayed = errors.New("the account is connected, but what it received before could not be moved to the inbox (connect it again to retry)")

// Connect connects a network account to a client under its canonical id,
// storing its token first, so that no account is ever connected without
// the token it was given. It then moves what the account received before
// into the client's inbox, and says how much. An empty token connects the
// account without one.
func (s *Service) Connect(ctx context.Context, a relais.Account, token string) (relais.AccountRef, intake.Result, error) {
	return s.connect(ctx, a, token, "", s.Register)
}

// ConnectGrant connects an account whose owner granted Relais its tokens
// with OAuth: the access token and the refresh token, when there is one,
// are stored first, then the account with its grant (a.Grant). The
// network issued the token, so nothing registers it there.
func (s *Service) ConnectGrant(ctx context.Context, a relais.Account, access, refresh string) (relais.AccountRef, intake.Result, error) {
	if a.Grant == nil || access == "" {
		return a.Ref(), intake.Result{}, relais.Errorf(relais.EINVALID, "a grant needs its dates and its access token")
	}
	return s.connect(ctx, a, access, refresh, nil)
}

func (s *Service) connect(ctx context.Context, a relais.Account, token, refresh string, register func(context.Context, relais.AccountRef, string) error) (relais.AccountRef, intake.Result, error) {
	a.ID = a.Ref().Canonical().ID
	if err := a.Ref().Validate(); err != nil {
		return a.Ref(), intake.Result{}, err
	}
	if token != "" {
		if register != nil {
			if err := register(ctx, a.Ref(), token); err != nil {
				return a.Ref(), intake.Result{}, err
			}
		}
		if err := s.secrets.PutSecure(ctx, s.settings.TokenParameter(a.ClientID, a.Ref()), token); err != nil {
			return a.Ref(), intake.Result{}, fmt.Errorf("store the token of %s: %w", a.Ref(), err)
		}
	}
	if refresh != "" {
		if err := s.secrets.PutSecure(ctx, s.settings.RefreshTokenParameter(a.ClientID, a.Ref()), refresh); err != nil {
			return a.Ref(), intake.Result{}, fmt.Errorf("store the refresh token of %s: %w", a.Ref(), err)
		}
	}
	if err := s.store.ConnectAccount(ctx, a); err != nil {
		return a.Ref(), intake.Result{}, err
	}
	res, err := s.inbox.Replay(ctx, a.Ref())
	if err != nil {
		return a.Ref(), res, fmt.Errorf("%w: %w", ErrNotReplayed, err)
	}
	return a.Ref(), res, nil
}
