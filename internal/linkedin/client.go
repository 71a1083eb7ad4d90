// Package linkedin is Relais' adapter for LinkedIn organization pages. It
// publishes on a page through LinkedIn's Posts API and lists the page's
// recent posts, so that the publisher can look for a post an ambiguous
// attempt may have made, and it deletes and answers comments on the
// page's posts. LinkedIn has no way to hide a comment.
//
// A post carries one image or video (content.media) or 2 to 20 images
// (content.multiImage), uploaded first and owned by the page. An image
// goes through the Images API: initializeUpload, a PUT of its bytes with
// the page's token to the URL given, then reads of its status until
// AVAILABLE. A video goes through the Videos API: initializeUpload with
// its size (MP4, 75 KB to 500 MB), a PUT of each part (4 MB but the last)
// to its signed URL, each answered with an ETag, finalizeUpload naming
// the ETags in order, then reads of its status until AVAILABLE; LinkedIn
// fails what it cannot process with PROCESSING_FAILED. A retry of the
// same post reuses what an attempt uploaded (uploads.go).
package linkedin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// DefaultBaseURL is LinkedIn's API.
const DefaultBaseURL = "https://api.linkedin.com"

// DefaultVersion is the LinkedIn-Version Relais is written against.
// LinkedIn serves each monthly version for about a year, then refuses it.
const DefaultVersion = "202605"

// Client is the Relais adapter for LinkedIn organization pages. Every call
// takes the page's OAuth access token, which Relais reads from the
// parameter store. Set the exported fields before first use.
type Client struct {
	// Version is sent as LinkedIn-Version on every call.
	Version string
	// Now is the clock that says how long to wait for the daily reset.
	Now func() time.Time
	// ImagePoll and VideoPoll are the waits between reads of an uploaded
	// image's or video's status while LinkedIn processes it.
	ImagePoll, VideoPoll time.Duration
	// ImageUploads is how many of a post's images go up at once.
	ImageUploads int

	baseURL string
	http    *http.Client
	uploads uploads
}

// New returns a client for the API at baseURL (DefaultBaseURL in
// production, a linkedinfake server in tests). A nil hc means one with a
// 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{Version: DefaultVersion, Now: time.Now, ImagePoll: 500 * time.Millisecond, VideoPoll: 2 * time.Second,
		ImageUploads: 4, baseURL: strings.TrimSuffix(baseURL, "/"), http: hc,
		uploads: uploads{m: netcall.Reuse[uploadKey, upload]{Max: maxUploads}}}
}

// call is one request to LinkedIn's REST API.
type call struct {
	op, method, path string
	query            url.Values
	token            string
	body             any
	// creates is set for calls that make something: when they fail after
	// the request went out, the thing may exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: relais.LinkedIn, Op: k.op, Creates: k.creates}
}

// do sends a call and returns LinkedIn's 2xx answer, or a classified
// *netcall.Error.
func (c *Client) do(ctx context.Context, k call) (netcall.Answer, error) {
	u := c.baseURL + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	h := http.Header{}
	h.Set("LinkedIn-Version", c.Version)
	h.Set("X-Restli-Protocol-Version", "2.0.0")
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: u, Token: k.token, JSON: k.body, Header: h})
	switch {
	case err != nil && a.Status == 0:
		return netcall.Answer{}, err
	case !a.OK():
		return netcall.Answer{}, c.refused(k, a.Status, a.Body)
	case err != nil && !k.creates:
		// A create's answer is in its headers; a lost body changes nothing.
		return netcall.Answer{}, err
	}
	return a, nil
}
