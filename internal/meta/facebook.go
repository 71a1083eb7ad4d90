package meta

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPublisher = (*Facebook)(nil)

// Facebook publishes on and moderates Facebook Pages; account is the page
// id and token a Page access token.
type Facebook struct{ c *Client }

// Publish posts on a page and returns the post's id ("<page>_<post>"; a
// video's id for a video, which is all Meta answers for one). Meta no
// longer lists a Page post's link apart from its message (the link field
// went in v3.3), so the message is the composed text: that is what
// RecentPosts gets back, and its hash is c.Hash(). The link is also sent
// apart for the preview card of a text post. Meta honours no idempotency
// key: key names the post's uploads kept for its retry.
//
// One image goes in one call, several as unpublished photos attached to
// one feed post, a video by its URL (see photos and video), or as a Reel
// with the option format=reel (see reel).
// RepostGuard implements relais.GuardedPublisher: a Page refuses a
// message it has just posted with error #506.
func (f *Facebook) RepostGuard() relais.RepostGuard { return relais.RefusesDuplicates }

func (f *Facebook) Publish(ctx context.Context, token, account, key string, c relais.Content) (string, error) {
	k := call{network: relais.Facebook, op: "publish", method: http.MethodPost, token: token, creates: true}
	m, err := sortMedia(k, c)
	if err != nil {
		return "", err
	}
	if c.Options[OptionFormat] == FormatReel {
		if err := checkFacebook(c); err != nil {
			return "", k.nc().Refusef("%s", relais.ErrorMessage(err))
		}
		return f.reel(ctx, k, account, key, *m.video, c.Compose())
	}
	switch {
	case m.video != nil:
		return f.video(ctx, k, account, *m.video, c.Compose())
	case len(m.images) > 1:
		return f.photos(ctx, k, account, key, m.images, c.Compose())
	case len(m.images) == 1:
		k.path = node(account, "photos")
		k.form = url.Values{"url": {m.images[0].URL}, "caption": {c.Compose()}}
		if alt := m.images[0].Alt; alt != "" {
			k.form.Set("alt_text_custom", alt)
		}
		return f.c.create(ctx, k)
	}
	k.path = node(account, "feed")
	k.form = url.Values{"message": {c.Compose()}}
	if c.Link != "" {
		k.form.Set("link", c.Link)
	}
	return f.c.create(ctx, k)
}

// RecentPosts lists the page's posts made at or after since, newest first.
func (f *Facebook) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	q := url.Values{"fields": {"id,message,created_time"}, "limit": {pageLimit}}
	if !since.IsZero() {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	type post struct {
		ID          string `json:"id"`
		Message     string `json:"message"`
		CreatedTime string `json:"created_time"`
	}
	k := call{network: relais.Facebook, op: "recent posts", method: http.MethodGet, path: node(account, "posts"), query: q, token: token}
	posts, err := list(ctx, f.c, k, func(post) bool { return false })
	if err != nil {
		return nil, err
	}
	out := make([]relais.PublishedPost, 0, len(posts))
	for _, p := range posts {
		at := parseTime(p.CreatedTime)
		if !at.IsZero() && at.Before(since) {
			continue
		}
		out = append(out, relais.PublishedPost{ID: p.ID, Hash: relais.Content{Text: p.Message}.Hash(), CreatedAt: at})
	}
	return out, nil
}
