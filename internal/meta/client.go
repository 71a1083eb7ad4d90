// Package meta is Relais' adapter for Meta's Graph API: it publishes on and
// moderates Facebook Pages and Instagram professional accounts. One Client
// serves both networks; Facebook and Instagram present it in Relais' terms.
//
// Meta fetches every image and video from the URL a post carries (Meta
// "cURLs" media), so no media byte passes through the adapter:
//   - Facebook: one photo is POST /{page}/photos (url, caption,
//     alt_text_custom); several are each uploaded unpublished
//     (published=false), then attached to one POST /{page}/feed
//     (attached_media[i]={"media_fbid":...}, message); a video is
//     POST /{page}/videos (file_url, description), processed after (GET
//     /{video}?fields=status: video_status processing, ready, error);
//     with the option format=reel, a Reel: POST /{page}/video_reels
//     (upload_phase=start: video_id), POST
//     rupload.facebook.com/video-upload/{version}/{video_id} (header
//     file_url), POST /{page}/video_reels (upload_phase=finish, video_id,
//     video_state=PUBLISHED, description), then the same status reads.
//   - Instagram: a container per image (image_url, alt_text), per carousel
//     item (is_carousel_item=true), a carousel (media_type=CAROUSEL,
//     children: 2 to 10) or a Reel (media_type=REELS, video_url), each
//     polled (GET /{container}?fields=status_code: IN_PROGRESS, FINISHED,
//     ERROR, EXPIRED after 24 hours, PUBLISHED) until FINISHED, then
//     POST /{ig-user}/media_publish?creation_id=...
//
// Only the last call makes a post; the uploads before it are kept for the
// post's retry (see uploads).
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

// pageLimit is the number of items asked for per list page: few pages,
// few calls against the rate limits.
const pageLimit = "100"

// Client calls the Graph API. The token of each call goes in an
// Authorization header, never in a URL, so that no transport error or log
// line can carry it.
type Client struct {
	// PollInterval is the wait between two looks at an Instagram container
	// or a Page video that Meta is still processing; MaxPolls bounds the
	// looks of one publish so that it ends well within a Lambda's timeout.
	PollInterval time.Duration
	MaxPolls     int
	// MaxPages bounds the pages RecentPosts reads.
	MaxPages int
	// Now tells when an upload kept for a retry expires; it defaults to
	// time.Now.
	Now func() time.Time

	baseURL string
	// ruploadURL is where a Reel's video is uploaded (see reel).
	ruploadURL string
	http       *http.Client
	uploads    uploads
}

// New returns a client of the Graph API at baseURL, such as
// https://graph.facebook.com/v21.0 (or a metafake server's URL). A nil
// hc means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{
		PollInterval: 2 * time.Second,
		MaxPolls:     15,
		MaxPages:     10,
		Now:          time.Now,
		baseURL:      strings.TrimSuffix(baseURL, "/"),
		ruploadURL:   ruploadOf(strings.TrimSuffix(baseURL, "/")),
		http:         hc,
		uploads:      uploads{m: netcall.Reuse[string, string]{Max: maxUploads}},
	}
}

// Facebook returns the adapter for Facebook Pages (account = page id).
func (c *Client) Facebook() *Facebook { return &Facebook{c: c} }

// Instagram returns the adapter for Instagram accounts (account = the
// Instagram user id).
func (c *Client) Instagram() *Instagram { return &Instagram{c: c} }

// call is one request to the Graph API.
type call struct {
	network relais.Network
	op      string
	method  string
	// path is relative to the base URL; rawURL, when set, replaces it (a
	// paging link).
	path, rawURL string
	query, form  url.Values
	// body, when set, is sent as JSON instead of form.
	body  any
	token string
	// header holds Meta's own headers (a Reel upload's file_url).
	header http.Header
	// creates is set for calls that make a post: when they fail after the
	// request went out, the post may exist. makes names what they make,
	// for their errors: the post when empty.
	creates bool
	makes   string
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: k.network, Op: k.op, Creates: k.creates}
}

// create sends a call that makes something and returns its id (a photo's
// post_id when Meta gives one, as Page posts are listed by that id).
func (c *Client) create(ctx context.Context, k call) (string, error) {
	var out struct {
		ID     string `json:"id"`
		PostID string `json:"post_id"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.PostID != "" {
		return out.PostID, nil
	}
	if out.ID == "" {
		return "", k.failed(http.StatusOK, true, errors.New("the answer carries no id"))
	}
	return out.ID, nil
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	target := k.rawURL
	if target == "" {
		target = c.baseURL + k.path
		if len(k.query) > 0 {
			target += "?" + k.query.Encode()
		}
	}
	return graph.Do(ctx, c.http, k.nc(), netcall.Request{Method: k.method, URL: target, Token: k.token, Form: k.form, JSON: k.body, Header: k.header}, out, k.refused, k.lost)
}

// page is one page of a Graph edge.
type page[T any] struct {
	Data   []T `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// list reads an edge page by page, following paging.next until there is
// none, enough returns true for an item of a page, or MaxPages were read.
func list[T any](ctx context.Context, c *Client, k call, enough func(T) bool) ([]T, error) {
	var all []T
	for n := 0; n < c.MaxPages; n++ {
		var p page[T]
		if err := c.do(ctx, k, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		if p.Paging.Next == "" || len(p.Data) == 0 {
			return all, nil
		}
		for _, item := range p.Data {
			if enough(item) {
				return all, nil
			}
		}
		next, err := c.pagingLink(p.Paging.Next)
		if err != nil {
			return nil, k.nc().Refuse(err)
		}
		k.rawURL = next
	}
	return all, nil
}

// pagingLink checks a paging link before following it: the token is sent
// only to the API's own host, and the access_token Meta puts in the link
// is dropped since the header carries it.
func (c *Client) pagingLink(next string) (string, error) {
	base, err := url.Parse(c.baseURL)
	if err != nil {
		return "", errors.New("invalid base URL")
	}
	u, err := url.Parse(next)
	if err != nil {
		return "", errors.New("invalid paging link")
	}
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return "", errors.New("paging link leaves the API's host")
	}
	q := u.Query()
	q.Del("access_token")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// parseTime reads a Graph timestamp ("2026-11-20T09:00:00+0000"), also
// accepting RFC 3339.
func parseTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// node is a Graph object id as a path.
func node(id string, edge ...string) string {
	p := "/" + url.PathEscape(id)
	for _, e := range edge {
		p += "/" + e
	}
	return p
}
