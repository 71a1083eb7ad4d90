package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPublisher = (*Instagram)(nil)

// Instagram publishes on and moderates Instagram professional accounts;
// account is the Instagram user id.
type Instagram struct{ c *Client }

// Publish posts an image, a carousel of images or a Reel with its caption
// (the composed text) and returns the media id. It takes containers: one
// per image or video, and the carousel's; each is awaited until Meta has
// processed it (FINISHED), then media_publish publishes the last one. Only
// that call makes a post: a container left unpublished shows nowhere and
// expires after 24 hours, so failures before it are never ambiguous. The
// containers are kept for the post's retry (key), which reuses those Meta
// still holds, and waits on rather than remakes one Meta was still
// processing when the previous attempt's polls ran out.
func (ig *Instagram) Publish(ctx context.Context, token, account, key string, c relais.Content) (string, error) {
	k := call{network: relais.Instagram, op: "publish", token: token}
	m, err := sortMedia(k, c)
	if err != nil {
		return "", err
	}
	p := &igPost{ig: ig, token: token, account: account, held: ig.c.uploads.post(relais.Instagram, account, key, ig.c.Now()), budget: ig.c.MaxPolls}
	var id string
	container, err := p.containers(ctx, m, c.Compose())
	if err == nil {
		k = call{network: relais.Instagram, op: "publish: media_publish", method: http.MethodPost, path: node(account, "media_publish"),
			query: url.Values{"creation_id": {container}}, token: token, creates: true}
		id, err = ig.c.create(ctx, k)
	}
	p.held.settle(err)
	return id, err
}

// igPost is one attempt at an Instagram post: its containers kept for
// retries, and the polls it may still spend.
type igPost struct {
	ig             *Instagram
	token, account string
	held           held
	budget         int
}

// containers returns the processed container to publish: an image's, a
// Reel's (shared to the feed too), or a carousel's of its images. Meta
// takes alternative text on images only, not on Reels.
func (p *igPost) containers(ctx context.Context, m media, caption string) (string, error) {
	image := func(a relais.Attachment) url.Values {
		form := url.Values{"image_url": {a.URL}}
		if a.Alt != "" {
			form.Set("alt_text", a.Alt)
		}
		return form
	}
	switch {
	case m.video != nil:
		form := url.Values{"media_type": {"REELS"}, "video_url": {m.video.URL}, "caption": {caption}, "share_to_feed": {"true"}}
		return p.ready(ctx, slot(0, *m.video)+"\x00"+caption, "publish: create reel container", form)
	case len(m.images) == 1:
		form := image(m.images[0])
		form.Set("caption", caption)
		return p.ready(ctx, slot(0, m.images[0])+"\x00"+caption, "publish: create container", form)
	}
	children := make([]string, len(m.images))
	for i, a := range m.images {
		form := image(a)
		form.Set("is_carousel_item", "true")
		id, err := p.ready(ctx, slot(i, a), "publish: create carousel item", form)
		if err != nil {
			return "", err
		}
		children[i] = id
	}
	ids := strings.Join(children, ",")
	form := url.Values{"media_type": {"CAROUSEL"}, "children": {ids}, "caption": {caption}}
	return p.ready(ctx, "carousel\x00"+ids+"\x00"+caption, "publish: create carousel container", form)
}

// ready returns a container Meta has processed: the one kept for the slot
// by an earlier attempt, or a new one, awaited until FINISHED.
func (p *igPost) ready(ctx context.Context, s, op string, form url.Values) (string, error) {
	id, reused := p.held.get(s)
	if !reused {
		k := call{network: relais.Instagram, op: op, method: http.MethodPost, path: node(p.account, "media"), form: form, token: p.token}
		var err error
		if id, err = p.ig.c.create(ctx, k); err != nil {
			return "", err
		}
		p.held.put(s, id, containerReuse)
	}
	return id, p.await(ctx, id, reused)
}

// await polls a container until it is FINISHED, spending the attempt's
// polls. A container still processing when they are spent fails the
// attempt as transient: the retry waits on the same container.
func (p *igPost) await(ctx context.Context, container string, reused bool) error {
	k := call{network: relais.Instagram, op: "publish: container status", method: http.MethodGet, path: node(container),
		query: url.Values{"fields": {"status_code,status"}}, token: p.token}
	read := func() (bool, error) {
		var st struct {
			StatusCode string `json:"status_code"`
			Status     string `json:"status"`
		}
		if err := p.ig.c.do(ctx, k, &st); err != nil {
			return false, err
		}
		switch st.StatusCode {
		case graph.StatusFinished:
			return true, nil
		case graph.StatusInProgress:
			return false, nil
		case graph.StatusExpired:
			if reused {
				// Kept too long: the next attempt makes new containers.
				p.held.forget()
				e := k.nc().Refusef("a container kept from an earlier attempt expired")
				e.Kind = relais.FailTransient
				return false, e
			}
			fallthrough
		case graph.StatusError:
			msg := "Meta could not process the media (container " + st.StatusCode + ")"
			if st.Status != "" {
				msg += ": " + netcall.Message(st.Status, p.token)
			}
			return false, k.nc().Refuse(errors.New(msg))
		case graph.StatusPublished:
			// Nothing here publishes it, yet it is out: an earlier
			// attempt's media_publish went through. Look for it.
			e := k.nc().Refusef("the container is already published")
			e.Kind = relais.FailAmbiguous
			return false, e
		default:
			return false, k.nc().Refusef("unknown container status %q", netcall.Truncate(st.StatusCode, 40))
		}
	}
	err := p.ig.c.poll(ctx, &p.budget, read)
	switch {
	case errors.Is(err, errStillProcessing):
		e := k.nc().Refusef("Meta is still processing the media after %d polls", p.ig.c.MaxPolls)
		e.Kind = relais.FailTransient
		return e
	case err != nil && err == ctx.Err():
		return k.failed(0, false, err)
	}
	return err
}

// RecentPosts lists the account's media made at or after since, newest
// first. The media edge is read newest first, so paging stops at the first
// older item.
func (ig *Instagram) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	type media struct {
		ID        string `json:"id"`
		Caption   string `json:"caption"`
		Timestamp string `json:"timestamp"`
	}
	old := func(m media) bool {
		at := parseTime(m.Timestamp)
		return !at.IsZero() && at.Before(since)
	}
	q := url.Values{"fields": {"id,caption,timestamp"}, "limit": {pageLimit}}
	k := call{network: relais.Instagram, op: "recent posts", method: http.MethodGet, path: node(account, "media"), query: q, token: token}
	all, err := list(ctx, ig.c, k, old)
	if err != nil {
		return nil, err
	}
	out := make([]relais.PublishedPost, 0, len(all))
	for _, m := range all {
		if old(m) {
			continue
		}
		out = append(out, relais.PublishedPost{ID: m.ID, Hash: relais.Content{Text: m.Caption}.Hash(), CreatedAt: parseTime(m.Timestamp)})
	}
	return out, nil
}
