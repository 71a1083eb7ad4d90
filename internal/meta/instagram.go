package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPublisher = (*Instagram)(nil)

// Instagram publishes on and moderates Instagram professional accounts;
// account is the Instagram user id.
type Instagram struct{ c *Client }

// Publish posts an image with its caption (the composed text) and returns
// the media id. It takes three steps: create a media container, wait until
// Meta has processed it, publish it. Only the last one makes a post: a
// container left unpublished shows nowhere and expires after 24 hours, so
// failures before it are never ambiguous.
func (ig *Instagram) Publish(ctx context.Context, token, account, _ string, c relais.Content) (string, error) {
	k := call{network: relais.Instagram, op: "publish", token: token}
	if err := checkContent(k, c); err != nil {
		return "", err
	}
	k.op, k.method, k.path = "publish: create container", http.MethodPost, node(account, "media")
	k.form = url.Values{"image_url": {c.ImageURL}, "caption": {c.Compose()}}
	container, err := ig.c.create(ctx, k)
	if err != nil {
		return "", err
	}
	if err := ig.awaitContainer(ctx, token, container); err != nil {
		return "", err
	}
	k = call{network: relais.Instagram, op: "publish: media_publish", method: http.MethodPost, path: node(account, "media_publish"),
		query: url.Values{"creation_id": {container}}, token: token, creates: true}
	return ig.c.create(ctx, k)
}

// awaitContainer polls a container until it is FINISHED, at most MaxPolls
// times.
func (ig *Instagram) awaitContainer(ctx context.Context, token, container string) error {
	k := call{network: relais.Instagram, op: "publish: container status", method: http.MethodGet, path: node(container),
		query: url.Values{"fields": {"status_code,status"}}, token: token}
	for poll := 1; ; poll++ {
		var st struct {
			StatusCode string `json:"status_code"`
			Status     string `json:"status"`
		}
		if err := ig.c.do(ctx, k, &st); err != nil {
			return err
		}
		switch st.StatusCode {
		case "FINISHED":
			return nil
		case "IN_PROGRESS":
		case "ERROR", "EXPIRED":
			msg := "Meta could not process the image (container " + st.StatusCode + ")"
			if st.Status != "" {
				msg += ": " + netcall.Message(st.Status, token)
			}
			return k.nc().Refuse(errors.New(msg))
		case "PUBLISHED":
			// Nothing here publishes it, yet it is out: look for it.
			e := k.nc().Refusef("the new container is already published")
			e.Kind = relais.FailAmbiguous
			return e
		default:
			return k.nc().Refusef("unknown container status %q", netcall.Truncate(st.StatusCode, 40))
		}
		if poll >= ig.c.MaxPolls {
			e := k.nc().Refusef("Meta is still processing the image after %d polls", poll)
			e.Kind = relais.FailTransient
			return e
		}
		t := time.NewTimer(ig.c.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return k.failed(0, false, ctx.Err())
		case <-t.C:
		}
	}
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
