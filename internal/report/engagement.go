package report

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// EngagementStore is what fetching engagement needs of the store.
type EngagementStore interface {
	Post(ctx context.Context, clientID, postID string) (relais.Post, error)
	SaveEngagement(ctx context.Context, clientID, postID string, e relais.Engagement) error
}

var _ EngagementStore = (*dynamo.Store)(nil)

type fetcher struct {
	store    EngagementStore
	tokens   relais.Parameters
	networks map[relais.Network]relais.NetworkMetrics
	settings config.Settings
}

// FetchEngagement reads a published post's engagement on its network and
// stores it. What cannot change by trying again (a post gone, a network
// without metrics, a refused token) is logged and dropped; other failures
// are returned, for Scheduler to retry.
func (rp *Reporter) FetchEngagement(ctx context.Context, in relais.MetricsInput) error {
	log := rp.log.With("client", in.ClientID, "post", in.PostID, "final", in.Final)
	if rp.fetch == nil {
		log.Warn("engagement fetching is not configured")
		return nil
	}
	f := rp.fetch
	post, err := f.store.Post(ctx, in.ClientID, in.PostID)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		log.Warn("engagement schedule fired for a post that does not exist")
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: engagement of %s: %w", in.PostID, err)
	}
	if post.Status != relais.StatusPublished || post.NetworkPostID == "" {
		log.Warn("engagement schedule fired for a post that is not published", "status", post.Status)
		return nil
	}
	log = log.With("network", post.Account.Network)
	net, ok := f.networks[post.Account.Network]
	if !ok {
		log.Info("the network gives no engagement figures")
		return nil
	}
	token, err := f.tokens.Get(ctx, f.settings.TokenParameter(post.ClientID, post.Account))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		log.Warn("account has no token; engagement not fetched")
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: engagement of %s: read token: %w", in.PostID, err)
	}
	e, err := net.Metrics(ctx, token, post.Account.ID, post.NetworkPostID)
	if err != nil {
		if failure, _ := relais.FailureOf(err); failure == relais.FailPermanent {
			log.Warn("network refused the engagement call", "err", err)
			return nil
		}
		return fmt.Errorf("report: engagement of %s on %s: %w", in.PostID, post.Account.Network, err)
	}
	e.FetchedAt, e.Final = rp.Now().UTC(), in.Final
	if err := f.store.SaveEngagement(ctx, post.ClientID, post.ID, e); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	log.Info("engagement stored", "likes", e.Likes, "comments", e.Comments, "shares", e.Shares, "impressions", e.Impressions)
	return nil
}
