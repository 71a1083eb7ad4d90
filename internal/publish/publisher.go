// Package publish publishes scheduled posts exactly once. Scheduler fires
// at least once; a lease held by conditional writes lets one attempt at a
// time call the network, and an attempt that cannot tell whether its post
// went out looks for it before trying again, or stops and asks a person.
package publish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
	"github.com/relais-dev/relais/internal/tokens"
)

// Store is what the publisher needs of the store.
type Store interface {
	Post(ctx context.Context, clientID, postID string) (relais.Post, error)
	Clients(ctx context.Context) ([]relais.Client, error)
	TakeLease(ctx context.Context, p relais.Post, by, why string) (relais.Post, error)
	Transition(ctx context.Context, p relais.Post, to relais.PostStatus, by, why, counter string) (relais.Post, error)
	DuePosts(ctx context.Context, before time.Time, limit int) ([]relais.Post, error)
	ExpiredLeases(ctx context.Context, before time.Time, limit int) ([]relais.Post, error)
	// Media reads an uploaded image or video a post carries.
	Media(ctx context.Context, clientID, id string) (media.Item, error)
	Account(ctx context.Context, clientID string, ref relais.AccountRef) (relais.Account, error)
	ClaimFirstComment(ctx context.Context, p relais.Post) (bool, error)
	SetFirstComment(ctx context.Context, p relais.Post, state, id string) error
}

var _ Store = (*dynamo.Store)(nil)

// Publisher handles a post's schedule firing.
type Publisher struct {
	store    Store
	bus      relais.Bus
	tokens   relais.Parameters
	networks map[relais.Network]relais.NetworkPublisher
	settings config.Settings
	log      *slog.Logger
	// Now reads the clock; tests replace it.
	Now func() time.Time
	// Lease is how long an attempt holds a post.
	Lease time.Duration
	// Tries bounds the network calls of one attempt on transient errors.
	Tries int
	// Backoff is the first wait between tries; it doubles, up to MaxWait.
	Backoff, MaxWait time.Duration
	// ListingLag is how long a network may take to list a post it made:
	// on a network that honours no publish key, a look that misses the
	// post is repeated after this wait before anything is posted again.
	ListingLag time.Duration
	// Reserve is the time kept before the invocation's deadline to record
	// the outcome: the attempt stops its work that much earlier.
	Reserve time.Duration
	// Record bounds the writes that record an outcome, which outlive the
	// attempt's context so that no post is left held.
	Record time.Duration

	// MediaTTL is how long the URL of a post's image, which the network
	// fetches, stays valid.
	MediaTTL time.Duration

	brands  clientCache
	metrics MetricsScheduler
	media   MediaLinks
	renewer *tokens.Renewer
}

// WithRenewer has the publisher renew the tokens granted with OAuth: due
// ones before it publishes with them, all of them in the renewal routine;
// and record an account whose token the network refuses as disconnected.
func WithRenewer(r *tokens.Renewer) Option { return func(p *Publisher) { p.renewer = r } }

// MediaLinks signs the URLs from which networks fetch a post's uploaded
// images.
type MediaLinks interface {
	Link(ctx context.Context, key string, ttl time.Duration) (string, error)
}

// WithMedia has the publisher hand networks its posts' uploaded images,
// through URLs signed by l.
func WithMedia(l MediaLinks) Option { return func(p *Publisher) { p.media = l } }

// MetricsScheduler creates a published post's engagement schedules.
type MetricsScheduler interface {
	ScheduleMetrics(ctx context.Context, p relais.Post) error
}

// Option configures a publisher.
type Option func(*Publisher)

// WithMetricsSchedules has the publisher schedule the engagement fetches
// of each post it publishes.
func WithMetricsSchedules(s MetricsScheduler) Option { return func(p *Publisher) { p.metrics = s } }

// New returns a publisher through the given network adapters.
func New(store Store, bus relais.Bus, tokens relais.Parameters, networks map[relais.Network]relais.NetworkPublisher, settings config.Settings, log *slog.Logger, opts ...Option) *Publisher {
	p := &Publisher{
		store: store, bus: bus, tokens: tokens, networks: networks, settings: settings, log: log,
		Now: time.Now, Lease: 2 * time.Minute, Tries: 3, Backoff: time.Second, MaxWait: 20 * time.Second,
		ListingLag: 5 * time.Second, Reserve: 5 * time.Second, Record: 5 * time.Second, MediaTTL: media.FetchTTL,
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

const actor = "publisher"

// Handle publishes the post a schedule names, unless another attempt holds
// it or it is no longer due for publishing.
func (p *Publisher) Handle(ctx context.Context, in relais.PublishInput) error {
	log := p.log.With("client", in.ClientID, "post", in.PostID)
	// The work stops Reserve before the invocation's deadline, which
	// leaves the time to give the post back.
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-p.Reserve))
		defer cancel()
	}
	post, err := p.store.Post(ctx, in.ClientID, in.PostID)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		log.Warn("schedule fired for a post that does not exist")
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	now := p.Now().UTC()
	takeover := false
	switch {
	case post.Status == relais.StatusScheduled:
	case post.Status == relais.StatusPublishing && post.LeaseExpiresAt != nil && now.After(*post.LeaseExpiresAt):
		// An earlier attempt died holding the post: it may have published.
		takeover = true
	default:
		log.Info("nothing to publish", "status", post.Status)
		return nil
	}
	if findings, err := p.guard(ctx, post); err != nil {
		return fmt.Errorf("publish: %w", err)
	} else if len(findings) > 0 {
		return p.fail(ctx, log, post, "refused before publishing: "+findings[0].Message)
	}
	attempt := newAttemptID()
	expires := now.Add(p.Lease)
	leased := post
	leased.LeaseID, leased.LeaseExpiresAt = attempt, &expires
	// The lease and the check that the account is the client's are one
	// conditional write: no post reaches another client's account.
	leased, err = p.store.TakeLease(ctx, leased, actor, "attempt "+attempt+" takes the lease")
	switch relais.ErrorCode(err) {
	case "":
	case relais.ECONFLICT:
		log.Info("another attempt holds the post")
		return nil
	case relais.EUNAUTHORIZED:
		return p.fail(ctx, log, post, err.Error())
	default:
		if ctx.Err() != nil {
			// A write cut short by the attempt's end may have taken the
			// lease all the same: give back what this attempt would hold,
			// which changes nothing if it holds nothing.
			return p.release(ctx, log, leased, fmt.Errorf("take lease: %w", err))
		}
		return fmt.Errorf("publish: take lease: %w", err)
	}
	log = log.With("attempt", attempt, "network", post.Account.Network)
	return p.publish(ctx, log, leased, takeover)
}

// guard runs the post's guards again: the text may have been scheduled
// before another client's brand was added.
func (p *Publisher) guard(ctx context.Context, post relais.Post) ([]relais.Finding, error) {
	clients, err := p.brands.get(ctx, p.store.Clients)
	if err != nil {
		return nil, err
	}
	own, _ := relais.ClientAmong(clients, post.ClientID)
	content := post.Content()
	return relais.CheckPost(content, post.Account.Network, own, clients, post.Overrides, score.CheckOutgoing), nil
}

func (p *Publisher) publish(ctx context.Context, log *slog.Logger, post relais.Post, takeover bool) error {
	net, ok := p.networks[post.Account.Network]
	if !ok {
		return p.fail(ctx, log, post, fmt.Sprintf("publishing on %s is not supported", post.Account.Network))
	}
	if reason := p.fresh(ctx, log, post); reason != "" {
		return p.fail(ctx, log, post, reason)
	}
	token, err := p.tokens.Get(ctx, p.settings.TokenParameter(post.ClientID, post.Account))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return p.fail(ctx, log, post, fmt.Sprintf("account %s has no token; connect it again", post.Account))
	}
	if err != nil {
		return p.release(ctx, log, post, fmt.Errorf("read token: %w", err))
	}
	if len(post.Media) > 0 && p.media == nil {
		return p.fail(ctx, log, post, "the post carries an uploaded image and this publisher has no media bucket")
	}
	content, err := p.content(ctx, post)
	if err != nil {
		return p.release(ctx, log, post, err)
	}
	l := look{net: net, guard: relais.RepostGuardOf(net), token: token, post: post, content: content}
	if takeover && post.Doubt == "" {
		post.Doubt = "an earlier attempt died holding the post"
	}
	if post.Doubt != "" {
		// An earlier attempt may have made the post: look before posting.
		log.Info("an earlier attempt may have posted; looking first", "doubt", post.Doubt)
		id, found, err := p.reconcile(ctx, l)
		if ctx.Err() != nil {
			return p.release(ctx, log, post, ctx.Err())
		}
		if err != nil || found {
			return p.settle(ctx, log, post, id, found, err)
		}
	}
	wait := p.Backoff
	for try := 1; ; try++ {
		id, note, err := send(ctx, net, token, post, l.content)
		if err == nil {
			return p.published(ctx, log, post, id, note)
		}
		failure, asked := relais.FailureOf(err)
		log.Warn("publish call failed", "try", try, "failure", failure, "err", err)
		if failure == relais.FailAmbiguous {
			post.Doubt = fmt.Sprintf("attempt %s: %v", post.LeaseID, err)
		}
		if ctx.Err() != nil {
			// The attempt was stopped: give the post back, in doubt if
			// the call may have acted.
			return p.release(ctx, log, post, err)
		}
		switch failure {
		case relais.FailPermanent:
			p.refused(ctx, log, post, err)
			return p.fail(ctx, log, post, err.Error())
		case relais.FailDuplicate:
			return p.duplicate(ctx, log, post, l, err)
		case relais.FailAmbiguous:
			// The post may exist: look before trying again, never post blindly.
			id, found, ferr := p.reconcile(ctx, l)
			if ctx.Err() != nil {
				return p.release(ctx, log, post, err)
			}
			if ferr != nil || found {
				return p.settle(ctx, log, post, id, found, ferr)
			}
		}
		if try >= p.Tries {
			return p.release(ctx, log, post, err)
		}
		if asked > wait {
			wait = asked
		}
		if wait > p.MaxWait {
			return p.release(ctx, log, post, err)
		}
		select {
		case <-ctx.Done():
			return p.release(ctx, log, post, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// content is what the network is handed: the post's uploaded images and
// videos as Attachments, at URLs signed for MediaTTL, long enough for
// networks that fetch them later, the first image also as ImageURL for
// the adapters that take one. The URLs differ at each attempt; the
// content's Hash, with which an attempt looks for its post, leaves media
// out.
func (p *Publisher) content(ctx context.Context, post relais.Post) (relais.Content, error) {
	c := post.Content()
	for _, id := range c.Media {
		it, err := p.store.Media(ctx, post.ClientID, id)
		if err != nil {
			return c, fmt.Errorf("read media %s: %w", id, err)
		}
		url, err := p.media.Link(ctx, it.Key(), p.MediaTTL)
		if err != nil {
			return c, fmt.Errorf("sign the URL of media %s: %w", id, err)
		}
		alt := it.Alt
		if c.ImageAlt != "" && len(c.Attachments) == 0 {
			alt = c.ImageAlt
		}
		a := relais.Attachment{URL: url, Kind: media.KindOf(it.Type), ContentType: it.Type, Bytes: it.Size, Alt: alt}
		if a.Kind == relais.FormatImage && c.ImageURL == "" {
			c.ImageURL, c.ImageAlt = a.URL, a.Alt
		}
		c.Attachments = append(c.Attachments, a)
	}
	c.Media = nil
	return c, nil
}

// duplicate ends an attempt the network refused as a duplicate. After an
// attempt that may have posted, the refusal is a sign the post is out: it
// is looked for and recorded. Otherwise, or when it cannot be found, a
// person decides: failing it would have them schedule it again and post
// it twice.
func (p *Publisher) duplicate(ctx context.Context, log *slog.Logger, post relais.Post, l look, refusal error) error {
	if post.Doubt == "" {
		return p.attention(ctx, log, post, fmt.Sprintf("the network refuses the post as a duplicate of one already on the account: %v", refusal))
	}
	id, found, err := p.reconcile(ctx, l)
	if ctx.Err() != nil {
		return p.release(ctx, log, post, refusal)
	}
	if found {
		return p.settle(ctx, log, post, id, true, nil)
	}
	if err == nil {
		err = fmt.Errorf("%w, and the post is not listed", refusal)
	}
	return p.settle(ctx, log, post, "", false, err)
}

// look is what looking for a post on its network takes.
type look struct {
	net     relais.NetworkPublisher
	guard   relais.RepostGuard
	token   string
	post    relais.Post
	content relais.Content
}

// errNotListed ends a look on a network with no repost guard: two misses
// cannot tell a post never made from one not listed yet, and posting
// again could make it twice, so a person decides.
var errNotListed = errors.New("the network does not list the post after two looks and would not refuse it twice")

// reconcile looks for the post among the account's recent posts. Where
// the network honours the publish key, one miss lets the attempt post
// again under that key. Elsewhere a network lists a post some time after
// making it, so one miss proves nothing: the look is repeated after
// ListingLag. After two misses, a network that refuses duplicates may be
// posted to again, since it would refuse the post were it out; on any
// other, the attempt stops with errNotListed.
func (p *Publisher) reconcile(ctx context.Context, l look) (string, bool, error) {
	since := l.post.ScheduledAt.Add(-time.Hour)
	id, found, err := find(ctx, l.net, l.token, l.post.Account.ID, l.content, since)
	if err != nil || found || l.guard == relais.HonoursKey {
		return id, found, err
	}
	select {
	case <-ctx.Done():
		return "", false, fmt.Errorf("wait for the network to list the post: %w", ctx.Err())
	case <-time.After(p.ListingLag):
	}
	id, found, err = find(ctx, l.net, l.token, l.post.Account.ID, l.content, since)
	if err == nil && !found && l.guard == relais.Unguarded {
		err = errNotListed
	}
	return id, found, err
}

// find looks for the post among the account's recent posts.
func find(ctx context.Context, net relais.NetworkPublisher, token, account string, c relais.Content, since time.Time) (string, bool, error) {
	recent, err := net.RecentPosts(ctx, token, account, since)
	if err != nil {
		return "", false, err
	}
	hash := c.Hash()
	for _, r := range recent {
		if r.Hash == hash {
			return r.ID, true, nil
		}
	}
	return "", false, nil
}

// settle ends an attempt after looking for the post on the network.
func (p *Publisher) settle(ctx context.Context, log *slog.Logger, post relais.Post, id string, found bool, err error) error {
	if found {
		log.Info("found the post on the network", "networkPostId", id)
		return p.published(ctx, log, post, id, "")
	}
	return p.attention(ctx, log, post, fmt.Sprintf("cannot tell whether the post went out: %v", err))
}

// attention ends the post in needs_attention: a person decides.
func (p *Publisher) attention(ctx context.Context, log *slog.Logger, post relais.Post, reason string) error {
	ctx, cancel := p.recording(ctx)
	defer cancel()
	post, terr := p.store.Transition(ctx, p.unlocked(post), relais.StatusNeedsAttention, actor, reason, relais.CountPostsNeedsAttention)
	if terr != nil {
		return fmt.Errorf("publish: record needs attention: %w", terr)
	}
	log.Error("post needs attention", "reason", reason)
	return p.emit(ctx, log, relais.PostNeedsAttention{ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network, Reason: reason})
}

// recording is the context of the writes that record an attempt's
// outcome: they must happen even when the attempt's own context is
// cancelled or its deadline near, bounded by Record.
func (p *Publisher) recording(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), p.Record)
}

// published records the network's post id, then announces the post.
func (p *Publisher) published(ctx context.Context, log *slog.Logger, post relais.Post, id, note string) error {
	ctx, cancel := p.recording(ctx)
	defer cancel()
	at := p.Now().UTC()
	post = p.unlocked(post)
	post.NetworkPostID, post.PublishedAt, post.Doubt = id, &at, ""
	var err error
	for try := 0; try < 3; try++ {
		var saved relais.Post
		if saved, err = p.store.Transition(ctx, post, relais.StatusPublished, actor, publishedWhy(id, note), relais.CountPostsPublished); err == nil {
			post = saved
			break
		}
		if relais.ErrorCode(err) == relais.ECONFLICT {
			break
		}
	}
	if err != nil {
		// The post is out but not recorded: a person must know, and no
		// later attempt may post it again while the lease stands.
		log.Error("published but not recorded", "networkPostId", id, "err", err)
		return fmt.Errorf("publish: record post %s published as %s: %w", post.ID, id, err)
	}
	log.Info("published", "networkPostId", id, "late", at.Sub(post.ScheduledAt).Round(time.Millisecond).String())
	p.firstComment(ctx, log, post)
	if p.metrics != nil {
		// The post is out and recorded: missing engagement figures must not
		// make the schedule retry it.
		if err := p.metrics.ScheduleMetrics(ctx, post); err != nil {
			log.Warn("engagement schedules not created; the report will lack this post's figures", "err", err)
		}
	}
	return p.emit(ctx, log, relais.PostPublished{
		ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network, AccountID: post.Account.ID,
		NetworkPostID: id, ScheduledAt: post.ScheduledAt, PublishedAt: at, Note: note,
	})
}

// fail ends the post in failed, with the reason kept.
func (p *Publisher) fail(ctx context.Context, log *slog.Logger, post relais.Post, reason string) error {
	ctx, cancel := p.recording(ctx)
	defer cancel()
	post = p.unlocked(post)
	post.FailureReason = reason
	post, err := p.store.Transition(ctx, post, relais.StatusFailed, actor, reason, relais.CountPostsFailed)
	if err != nil {
		return fmt.Errorf("publish: record failure: %w", err)
	}
	log.Warn("post failed", "reason", reason)
	return p.emit(ctx, log, relais.PostFailed{ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network, Reason: reason})
}

// release gives the post back to scheduled and returns the error, so that
// the invocation's retries try again later. A post in doubt keeps it: the
// next attempt looks for the post before posting.
func (p *Publisher) release(ctx context.Context, log *slog.Logger, post relais.Post, cause error) error {
	ctx, cancel := p.recording(ctx)
	defer cancel()
	if _, err := p.store.Transition(ctx, p.unlocked(post), relais.StatusScheduled, actor, "will retry: "+cause.Error(), ""); err != nil {
		return errors.Join(fmt.Errorf("publish: %w", cause), fmt.Errorf("publish: release lease: %w", err))
	}
	log.Warn("attempt gave up for now; scheduler retries", "err", cause)
	return fmt.Errorf("publish: post %s: %w", post.ID, cause)
}

func (p *Publisher) unlocked(post relais.Post) relais.Post {
	post.LeaseID, post.LeaseExpiresAt = "", nil
	return post
}

// emit announces an outcome already recorded; a lost event is logged, not
// retried through the schedule, which would find nothing left to do.
func (p *Publisher) emit(ctx context.Context, log *slog.Logger, e relais.Event) error {
	if err := p.bus.Put(ctx, e); err != nil {
		log.Error("emit event", "detailType", e.DetailType(), "err", err)
	}
	return nil
}

func newAttemptID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// send publishes through the adapter, with the network's note where it
// gives one.
func send(ctx context.Context, net relais.NetworkPublisher, token string, post relais.Post, c relais.Content) (id, note string, err error) {
	if n, ok := net.(relais.NotedPublisher); ok {
		return n.PublishNoted(ctx, token, post.Account.ID, post.ID, c)
	}
	id, err = net.Publish(ctx, token, post.Account.ID, post.ID, c)
	return id, "", err
}

// publishedWhy is a published post's audit entry: its network id, and
// what the network did otherwise than asked.
func publishedWhy(id, note string) string {
	if note == "" {
		return "published as " + id
	}
	return "published as " + id + "; " + note
}
