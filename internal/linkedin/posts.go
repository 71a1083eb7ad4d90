package linkedin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPublisher = (*Client)(nil)

const (
	// pageSize is how many posts one list call asks for.
	pageSize = 50
	// maxPages bounds one RecentPosts: a page that posted more since the
	// time asked is not one Relais can reconcile by listing.
	maxPages = 10
)

// postBody is a new post, as the Posts API takes it.
type postBody struct {
	Author                    string       `json:"author"`
	Commentary                string       `json:"commentary"`
	Visibility                string       `json:"visibility"`
	Distribution              distribution `json:"distribution"`
	Content                   *postContent `json:"content,omitempty"`
	LifecycleState            string       `json:"lifecycleState"`
	IsReshareDisabledByAuthor bool         `json:"isReshareDisabledByAuthor"`
}

type distribution struct {
	FeedDistribution               string   `json:"feedDistribution"`
	TargetEntities                 []string `json:"targetEntities"`
	ThirdPartyDistributionChannels []string `json:"thirdPartyDistributionChannels"`
}

// Publish posts content on an organization's page and returns the post's
// URN. Account is the organization's id or URN. The post's attachments go
// up first, owned by the page, each image with its description as alt
// text: one image or video as the post's media, or 2 to 20 images as a
// multiImage post. LinkedIn honours no idempotency key, so key is not
// sent; it names the post for a retry to reuse the uploads an attempt
// made (see uploads.go).
func (c *Client) Publish(ctx context.Context, token, account, key string, content relais.Content) (string, error) {
	const op = "publish"
	author, err := authorURN(account)
	if err != nil {
		return "", refuse(op, err)
	}
	// The link goes in the text: a post's hash covers both, and LinkedIn
	// gives the text back as it was sent.
	text := content.Compose()
	if strings.TrimSpace(text) == "" {
		return "", refuse(op, errors.New("the post has no text"))
	}
	if err := Spec.CheckLimits(content); err != nil {
		return "", refuse(op, err)
	}
	atts := content.Attached()
	if err := checkMedia(atts); err != nil {
		return "", refuse(op, err)
	}
	body := postBody{
		Author:     author,
		Commentary: escapeCommentary(text),
		Visibility: "PUBLIC",
		Distribution: distribution{
			FeedDistribution:               "MAIN_FEED",
			TargetEntities:                 []string{},
			ThirdPartyDistributionChannels: []string{},
		},
		LifecycleState: "PUBLISHED",
	}
	id, err := c.publish(ctx, token, author, key, atts, body)
	// A retry reuses the uploads after a failure it may overcome; after
	// any other outcome, no retry comes.
	if kind, _ := relais.FailureOf(err); err == nil || (kind != relais.FailTransient && kind != relais.FailAmbiguous) {
		c.uploads.forgetPost(author, key)
	}
	return id, err
}

// publish uploads the attachments, then makes the post: until the post
// call, a failure posted nothing.
func (c *Client) publish(ctx context.Context, token, author, key string, atts []relais.Attachment, body postBody) (string, error) {
	const op = "publish"
	if len(atts) > 0 {
		var err error
		if body.Content, err = c.attach(ctx, token, author, key, atts); err != nil {
			return "", err
		}
	}
	a, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/rest/posts", token: token, body: body, creates: true})
	if err != nil {
		return "", err
	}
	id := a.Header.Get("X-Restli-Id")
	if id == "" {
		return "", &netcall.Error{Network: relais.LinkedIn, Op: op, Kind: relais.FailAmbiguous, Status: a.Status,
			Err: errors.New("linkedin made the post but gave no x-restli-id; look for it among the page's posts")}
	}
	return id, nil
}

// listed is one post in a list answer.
type listed struct {
	ID             string `json:"id"`
	Commentary     string `json:"commentary"`
	CreatedAt      int64  `json:"createdAt"`
	LastModifiedAt int64  `json:"lastModifiedAt"`
}

// RepostGuard implements relais.GuardedPublisher: LinkedIn refuses a post
// the page has just posted (422, DUPLICATE_POST).
func (c *Client) RepostGuard() relais.RepostGuard { return relais.RefusesDuplicates }

// RecentPosts lists the page's posts created at or after since, each with
// the hash of the content that would have made it.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	const op = "recent posts"
	author, err := authorURN(account)
	if err != nil {
		return nil, refuse(op, err)
	}
	var out []relais.PublishedPost
	for page, start := 0, 0; page < maxPages; page++ {
		q := url.Values{
			"author": {author},
			"q":      {"author"},
			"count":  {strconv.Itoa(pageSize)},
			"sortBy": {"LAST_MODIFIED"},
		}
		if start > 0 {
			q.Set("start", strconv.Itoa(start))
		}
		k := call{op: op, method: http.MethodGet, path: "/rest/posts", query: q, token: token}
		a, err := c.do(ctx, k)
		if err != nil {
			return nil, err
		}
		var list struct {
			Elements []listed `json:"elements"`
		}
		if err := k.nc().Decode(a, &list); err != nil {
			return nil, err
		}
		for _, p := range list.Elements {
			created := time.UnixMilli(p.CreatedAt).UTC()
			if created.Before(since) {
				continue
			}
			h := relais.Content{Text: unescapeCommentary(p.Commentary)}.Hash()
			out = append(out, relais.PublishedPost{ID: p.ID, Hash: h, CreatedAt: created})
		}
		// Newest change first, and no post changed before it was made:
		// once one changed before since, no later one was made after it.
		if len(list.Elements) < pageSize || modified(list.Elements[len(list.Elements)-1]).Before(since) {
			return out, nil
		}
		start += len(list.Elements)
	}
	return nil, refuse(op, fmt.Errorf("the page has more than %d posts since %s", maxPages*pageSize, since.UTC().Format(time.RFC3339)))
}

func modified(p listed) time.Time {
	if p.LastModifiedAt == 0 {
		return time.UnixMilli(p.CreatedAt)
	}
	return time.UnixMilli(p.LastModifiedAt)
}
