package gbp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Google honours no idempotency key and refuses no duplicate post, so a
// retried publish may post twice: the client is Unguarded, and the
// publisher looks for its post with RecentPosts before trying again.
var _ relais.NetworkPublisher = (*Client)(nil)

const (
	// postPage is the largest page localPosts.list serves.
	postPage = 100
	// maxPostPages bounds one RecentPosts: the listing's order is not
	// documented, so every page is read, and a location with more posts
	// than this is not one Relais can reconcile by listing.
	maxPostPages = 10
)

// localPost is a LocalPost, as the v4 API takes and gives it.
type localPost struct {
	Name         string        `json:"name,omitempty"`
	Summary      string        `json:"summary,omitempty"`
	TopicType    string        `json:"topicType"`
	CallToAction *callToAction `json:"callToAction,omitempty"`
	Event        *event        `json:"event,omitempty"`
	Offer        *offer        `json:"offer,omitempty"`
	Media        []mediaItem   `json:"media,omitempty"`
	CreateTime   string        `json:"createTime,omitempty"`
}

type callToAction struct {
	ActionType string `json:"actionType"`
	URL        string `json:"url,omitempty"`
}

type event struct {
	Title    string       `json:"title"`
	Schedule timeInterval `json:"schedule"`
}

type timeInterval struct {
	StartDate date       `json:"startDate"`
	StartTime *timeOfDay `json:"startTime,omitempty"`
	EndDate   date       `json:"endDate"`
	EndTime   *timeOfDay `json:"endTime,omitempty"`
}

type date struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	Day   int `json:"day"`
}

type timeOfDay struct {
	Hours   int `json:"hours"`
	Minutes int `json:"minutes"`
}

type offer struct {
	CouponCode      string `json:"couponCode,omitempty"`
	RedeemOnlineURL string `json:"redeemOnlineUrl,omitempty"`
	TermsConditions string `json:"termsConditions,omitempty"`
}

type mediaItem struct {
	MediaFormat string `json:"mediaFormat"`
	SourceURL   string `json:"sourceUrl"`
}

// Publish posts content on a location as a standard local post ("what's
// new"): its text as the summary, its link behind a LEARN_MORE button,
// its photo fetched by Google from its URL. It returns the post's name,
// accounts/…/locations/…/localPosts/{id}. Google honours no idempotency
// key, so key is not sent.
func (c *Client) Publish(ctx context.Context, token, account, _ string, content relais.Content) (string, error) {
	t, err := topicOf(content.Options)
	if err != nil {
		return "", invalid("publish", "%v", err)
	}
	return c.PublishTopic(ctx, token, account, content, t)
}

// PublishTopic posts content as the local post topic t makes: an update,
// an event or an offer (see Topic). It is one call, with nothing made
// before it, so a retry reuses nothing and can only post again: when it
// fails after its request went out, the failure is ambiguous.
func (c *Client) PublishTopic(ctx context.Context, token, account string, content relais.Content, t Topic) (string, error) {
	k := call{op: "publish", method: http.MethodPost, token: token, creates: true}
	loc, err := ParseLocation(account)
	if err != nil {
		return "", invalid(k.op, "%v", err)
	}
	if err := checkContent(content); err != nil {
		return "", refuse(k.op, err)
	}
	if err := t.Check(content); err != nil {
		return "", refuse(k.op, err)
	}
	k.path, k.body = loc.String()+"/localPosts", t.post(content)
	var made localPost
	if err := c.do(ctx, k, &made); err != nil {
		return "", err
	}
	if made.Name == "" {
		return "", &netcall.Error{Network: Network, Op: k.op, Kind: relais.FailAmbiguous, Status: http.StatusOK,
			Err: errors.New("google made the post but did not name it; look for it among the location's posts")}
	}
	return made.Name, nil
}

// checkContent refuses content Google would refuse or cut: text over the
// summary's length (the link is not in it), a link that is no web
// address, more than one photo, a video, a photo of a type or size Google
// does not take.
func checkContent(c relais.Content) error {
	if n := utf8.RuneCountInString(c.Text); n > maxSummary {
		return relais.Errorf(relais.EINVALID, "the text is %d characters; Google Business Profile allows %d", n, maxSummary)
	}
	if c.Link != "" && !webAddress(c.Link) {
		return relais.Errorf(relais.EINVALID, "the link %q is not an http or https address", netcall.Truncate(c.Link, 80))
	}
	attached := c.Attached()
	if len(attached) > 1 {
		return relais.Errorf(relais.EINVALID, "a Google Business Profile post carries one photo; this one has %d", len(attached))
	}
	for _, a := range attached {
		switch {
		case a.Kind != relais.FormatImage:
			return relais.Errorf(relais.EINVALID, "a Google Business Profile post carries a photo, not a %s", a.Kind)
		case a.ContentType != "" && !slices.Contains(photoTypes, a.ContentType):
			return relais.Errorf(relais.EINVALID, "Google Business Profile takes %s photos, not %s", strings.Join(photoTypes, ", "), a.ContentType)
		case a.Bytes > maxPhotoBytes:
			return relais.Errorf(relais.EINVALID, "the photo is %d bytes; Google Business Profile takes %d at most", a.Bytes, maxPhotoBytes)
		case !webAddress(a.URL):
			// Google fetches the photo itself, from a public address.
			return relais.Errorf(relais.EINVALID, "the photo's address is not an http or https URL")
		}
	}
	return nil
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// RecentPosts lists the location's local posts created at or after
// since, each with the hash of the content that made it: its summary as
// the text, and as the link the button's or the offer's (see Topic.post).
// Google's order is not documented, so every page is read.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	k := call{op: "recent posts", method: http.MethodGet, token: token}
	loc, err := ParseLocation(account)
	if err != nil {
		return nil, invalid(k.op, "%v", err)
	}
	k.path = loc.String() + "/localPosts"
	var out []relais.PublishedPost
	page := ""
	for range maxPostPages {
		k.query = url.Values{"pageSize": {strconv.Itoa(postPage)}}
		if page != "" {
			k.query.Set("pageToken", page)
		}
		var list struct {
			LocalPosts    []localPost `json:"localPosts"`
			NextPageToken string      `json:"nextPageToken"`
		}
		if err := c.do(ctx, k, &list); err != nil {
			return nil, err
		}
		for _, p := range list.LocalPosts {
			created, err := time.Parse(time.RFC3339Nano, p.CreateTime)
			if err != nil {
				return nil, refuse(k.op, fmt.Errorf("post %s: unreadable createTime %q", netcall.Truncate(p.Name, 120), netcall.Truncate(p.CreateTime, 40)))
			}
			if created.Before(since) {
				continue
			}
			out = append(out, relais.PublishedPost{ID: p.Name, Hash: contentOf(p).Hash(), CreatedAt: created.UTC()})
		}
		if list.NextPageToken == "" || list.NextPageToken == page {
			return out, nil
		}
		page = list.NextPageToken
	}
	return nil, refuse(k.op, fmt.Errorf("the location has more than %d local posts; Relais cannot look through them all", maxPostPages*postPage))
}

// contentOf is the content a listed post was made from: the inverse of
// Topic.post for the text and the link.
func contentOf(p localPost) relais.Content {
	c := relais.Content{Text: p.Summary}
	switch {
	case p.TopicType == string(TopicOffer) && p.Offer != nil:
		c.Link = p.Offer.RedeemOnlineURL
	case p.CallToAction != nil:
		c.Link = p.CallToAction.URL
	}
	return c
}
