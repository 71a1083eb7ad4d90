package mastodon

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Listing bounds: Mastodon's largest page, and how many pages RecentPosts
// reads before it gives up looking back to since.
const (
	pageSize = 40
	maxPages = 5
)

// Publish posts content as a public status and returns the status's id.
// Its images or video are uploaded first, each with its description
// (attach), and the status carries them in order.
//
// key goes out as the Idempotency-Key header: for an hour Mastodon answers
// a repeat of the key with the status it made and makes no other, so any
// retry with the same key is safe. Relais passes the post's id, the same
// on every attempt. A failure after the request went out is still
// reported as FailAmbiguous and the adapter does not retry it itself: the
// publisher looks among recent posts and then retries with the same key
// after a pause, which the key makes safe even when the look misses the
// post. An immediate retry would not be: when a proxy answers 504 while
// the instance is still writing the status, the key is not stored yet and
// a quick repeat posts twice (the duplicates mastodon#21840 fixed in part).
//
// A retry attaches what earlier attempts at the post uploaded (for
// reuseFor, within the day Mastodon keeps an unattached upload), waiting
// on for a video still processing, and uploads only the rest.
func (c *Client) Publish(ctx context.Context, token, account, key string, content relais.Content) (string, error) {
	const op = "publish"
	a, err := ParseAccount(account)
	if err != nil {
		return "", refuse(op, err)
	}
	if err := check(content); err != nil {
		return "", refuse(op, err)
	}
	form := url.Values{"status": {content.Compose()}, "visibility": {"public"}}
	if atts := content.Attached(); len(atts) > 0 {
		ids, err := c.attach(ctx, token, a, key, atts)
		if err != nil {
			return "", err
		}
		form["media_ids[]"] = ids
	}
	return c.postStatus(ctx, call{
		op: op, method: http.MethodPost, url: c.base(a) + "/api/v1/statuses", token: token, key: key, creates: true, form: form,
	})
}

// postStatus sends a call that makes a status and returns its id.
func (c *Client) postStatus(ctx context.Context, k call) (string, error) {
	var st struct {
		ID string `json:"id"`
	}
	if _, err := c.do(ctx, k, &st); err != nil {
		return "", err
	}
	if st.ID == "" {
		return "", k.nc().Failed(http.StatusOK, true, fmt.Errorf("the answer carries no status id"))
	}
	return st.ID, nil
}

// check refuses, before any call, what Mastodon would refuse: a status
// needs text or media, within Mastodon's limits.
func check(content relais.Content) error {
	atts := content.Attached()
	if strings.TrimSpace(content.Compose()) == "" && len(atts) == 0 {
		return relais.Errorf(relais.EINVALID, "a Mastodon status needs text, images or a video")
	}
	if err := Spec.CheckMedia("a Mastodon status", atts); err != nil {
		return err
	}
	return Spec.CheckLimits(content)
}

// status is the part of Mastodon's Status entity Relais reads.
type status struct {
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
	Content   string `json:"content"`
}

// RecentPosts returns the account's top-level statuses made at or after
// since, newest first, each with the hash of its text as read back from
// its HTML. Mentions of other instances' accounts come back shortened
// (@bob, not @bob@other.example), so such a post's hash does not match;
// the Idempotency-Key still keeps the publisher's retry from posting
// twice.
//
// When more than maxPages pages lie after since the adapter cannot tell
// whether a post is among them, and says so with an error; a zero since
// reads those pages and stops there without one.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	const op = "recent posts"
	a, err := ParseAccount(account)
	if err != nil {
		return nil, refuse(op, err)
	}
	id, err := c.accountID(ctx, op, token, a)
	if err != nil {
		return nil, err
	}
	q := url.Values{"limit": {strconv.Itoa(pageSize)}, "exclude_replies": {"true"}, "exclude_reblogs": {"true"}}
	next := c.base(a) + "/api/v1/accounts/" + url.PathEscape(id) + "/statuses?" + q.Encode()
	var posts []relais.PublishedPost
	for page := 0; ; page++ {
		if page == maxPages {
			if since.IsZero() {
				return posts, nil
			}
			return nil, refuse(op, fmt.Errorf(
				"more than %d statuses since %s; cannot look further back", maxPages*pageSize, since.UTC().Format(time.RFC3339)))
		}
		var statuses []status
		k := call{op: op, method: http.MethodGet, url: next, token: token}
		h, err := c.do(ctx, k, &statuses)
		if err != nil {
			// The account may be gone or the token replaced: ask again.
			c.forgetID(token, a)
			return nil, err
		}
		for _, s := range statuses {
			created, err := time.Parse(time.RFC3339, s.CreatedAt)
			if err != nil {
				return nil, k.nc().Refuse(fmt.Errorf("status %s: unreadable created_at %q", netcall.Truncate(s.ID, 32), netcall.Truncate(s.CreatedAt, 40)))
			}
			if created.Before(since) {
				return posts, nil
			}
			posts = append(posts, relais.PublishedPost{ID: s.ID, Hash: relais.Content{Text: plainText(s.Content)}.Hash(), CreatedAt: created})
		}
		if len(statuses) == 0 {
			return posts, nil
		}
		if next, err = nextPage(k.url, h.Values("Link")); err != nil {
			return nil, k.nc().Refuse(err)
		}
		if next == "" {
			return posts, nil
		}
	}
}

// nextPage returns the rel="next" URL of Link headers, resolved against
// the page that carried them, or "" on the last page. The token goes only
// to the instance: a next page elsewhere is an error.
func nextPage(current string, links []string) (string, error) {
	for _, v := range links {
		// Mastodon's page URLs hold no commas, so a comma separates links.
		for _, link := range strings.Split(v, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") || !isNext(params) {
				continue
			}
			cur, err := url.Parse(current)
			if err != nil {
				return "", fmt.Errorf("page URL: %w", err)
			}
			u, err := cur.Parse(target[1 : len(target)-1])
			if err != nil {
				return "", fmt.Errorf("next page URL: %w", err)
			}
			if u.Scheme != cur.Scheme || !strings.EqualFold(u.Host, cur.Host) {
				return "", fmt.Errorf("the next page is on another host (%s)", netcall.Truncate(u.Host, 100))
			}
			return u.String(), nil
		}
	}
	return "", nil
}

// isNext reports whether a link's parameters hold rel="next".
func isNext(params string) bool {
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(value), `"`)) {
			if strings.EqualFold(rel, "next") {
				return true
			}
		}
	}
	return false
}

// RepostGuard implements relais.GuardedPublisher: Mastodon remembers a
// status's Idempotency-Key for an hour.
func (c *Client) RepostGuard() relais.RepostGuard { return relais.HonoursKey }
