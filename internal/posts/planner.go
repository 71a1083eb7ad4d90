// Package posts holds the planning of posts, the use cases every way into
// Relais shares (the CLI, the API, the demo): schedule, approve,
// reschedule and cancel a post, and pause or resume a client's posts.
// The domain's state machine decides what may happen to a post; the
// planner keeps the store and the schedules in step with it.
package posts

import (
	"context"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
)

// Store is what planning needs of the store.
type Store interface {
	Client(ctx context.Context, id string) (relais.Client, error)
	Clients(ctx context.Context) ([]relais.Client, error)
	SetPaused(ctx context.Context, clientID string, paused bool) error
	CreatePost(ctx context.Context, p relais.Post, by, why string) error
	Post(ctx context.Context, clientID, postID string) (relais.Post, error)
	FindPost(ctx context.Context, postID string) (relais.Post, error)
	Posts(ctx context.Context, clientID string) ([]relais.Post, error)
	Transition(ctx context.Context, p relais.Post, to relais.PostStatus, by, why, counter string) (relais.Post, error)
	HoldPosts(ctx context.Context, clientID, by, why string) ([]relais.Post, error)
	// Media reads the images a post is to carry.
	media.Reader
}

// Schedules is what planning needs of the scheduler: one schedule per
// scheduled post.
type Schedules interface {
	SchedulePost(ctx context.Context, p relais.Post) error
	CancelPost(ctx context.Context, postID string) error
}

var (
	_ Store     = (*dynamo.Store)(nil)
	_ Schedules = (*scheduler.Scheduler)(nil)
)

// Planner plans the posts of every client.
type Planner struct {
	store     Store
	schedules Schedules
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// New returns a planner over the store and the schedules.
func New(store Store, schedules Schedules) *Planner {
	return &Planner{store: store, schedules: schedules, Now: time.Now}
}
