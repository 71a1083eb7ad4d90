package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// tokenHorizon is how far ahead the daily token check looks.
const tokenHorizon = 24 * time.Hour

// CheckTokens reads the token state of every account with a post due in the
// next 24 hours, by one authenticated read (the account's latest posts),
// and announces Post Needs Attention for each post whose token the network
// refuses, while there is time to reconnect the account.
func (p *Publisher) CheckTokens(ctx context.Context) error {
	now := p.Now()
	due, err := p.store.DuePosts(ctx, now.Add(tokenHorizon), 0)
	if err != nil {
		return fmt.Errorf("publish: token check: %w", err)
	}
	type account struct {
		client string
		ref    relais.AccountRef
	}
	posts := map[account][]relais.Post{}
	for _, post := range due {
		a := account{post.ClientID, post.Account}
		posts[a] = append(posts[a], post)
	}
	for a, waiting := range posts {
		log := p.log.With("client", a.client, "account", a.ref.String())
		reason := p.tokenProblem(ctx, a.client, a.ref, now)
		if reason == "" {
			continue
		}
		log.Warn("token refused; posts need attention", "posts", len(waiting))
		for _, post := range waiting {
			p.emit(ctx, log, relais.PostNeedsAttention{
				ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network,
				Reason: fmt.Sprintf("%s; reconnect the account before %s %s", reason, post.LocalTime, post.TimeZone),
			})
		}
	}
	return nil
}

// tokenProblem says why an account's token will not publish, or "" when
// the network accepts it or cannot tell now.
func (p *Publisher) tokenProblem(ctx context.Context, clientID string, ref relais.AccountRef, now time.Time) string {
	token, err := p.tokens.Get(ctx, p.settings.TokenParameter(clientID, ref))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return fmt.Sprintf("account %s has no token", ref)
	}
	net, ok := p.networks[ref.Network]
	if err != nil || !ok {
		return ""
	}
	if _, err := net.RecentPosts(ctx, token, ref.ID, now.Add(-time.Hour)); err != nil {
		if failure, _ := relais.FailureOf(err); failure == relais.FailPermanent {
			return fmt.Sprintf("the token of account %s was refused: %v", ref, err)
		}
	}
	return ""
}
