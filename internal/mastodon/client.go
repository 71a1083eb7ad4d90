// Package mastodon is Relais' adapter for Mastodon: it publishes a post as
// a public status, with up to four images or one video uploaded as media
// attachments (POST /api/v2/media with each one's description, waited for
// through GET /api/v1/media/{id} while the instance processes it), lists
// an account's recent statuses, so that the publisher can find a post it
// may already have made, polls the account's mentions, replies and direct
// messages, and answers them in their threads: a public status in public
// (Reply), a direct message with a direct status (Message).
//
// Mastodon is many instances, so a Relais account id names its instance:
// it is the account's acct, user@instance.example (a leading @ is
// accepted), and the instance's API is at https://instance.example. The
// token is an OAuth access token of that account with the scopes
// read:accounts, read:statuses, read:notifications, write:statuses and,
// for posts with images or a video, write:media (or read and write).
package mastodon

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPublisher = (*Client)(nil)

// Client is the Relais adapter for Mastodon. It is safe for concurrent use.
type Client struct {
	// BaseURL maps an instance's host to its API's base URL; it defaults
	// to "https://" + instance, and tests point it at a fake.
	BaseURL func(instance string) string
	// Now is the clock rate-limit resets are measured against; it
	// defaults to time.Now.
	Now func() time.Time
	// PollInterval is the wait between two looks at an upload the
	// instance is still processing; MaxPolls bounds the looks so that a
	// publish ends well within a Lambda's timeout (the next attempt looks
	// again at the same upload).
	PollInterval time.Duration
	MaxPolls     int
	// UploadTimeout bounds the reading and upload of one video, which
	// the client's own timeout, made for calls, would cut short.
	UploadTimeout time.Duration

	http *http.Client
	// uploads are what attempts uploaded, for the next attempt at the
	// same post.
	uploads netcall.Reuse[string, upload]

	mu sync.Mutex
	// ids caches an account's numeric id by token and account: listing
	// statuses needs it, and it never changes for a token.
	ids map[string]string
}

// New returns a client. A nil hc means one with a 30 s timeout.
func New(hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{
		BaseURL: func(instance string) string { return "https://" + instance },
		Now:     time.Now,
		// Mastodon 4.0 and later process an image before answering the
		// upload; older instances take a few seconds, and a video longer.
		PollInterval:  time.Second,
		MaxPolls:      10,
		UploadTimeout: 40 * time.Second,
		http:          hc,
		ids:           map[string]string{},
		uploads:       netcall.Reuse[string, upload]{Max: maxUploads},
	}
}

// cacheKey keys the id cache without keeping tokens in it.
func cacheKey(token string, a Account) string {
	sum := sha256.Sum256([]byte(token + "\x00" + a.String()))
	return hex.EncodeToString(sum[:])
}

func (c *Client) cachedID(token string, a Account) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[cacheKey(token, a)]
	return id, ok
}

func (c *Client) cacheID(token string, a Account, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids[cacheKey(token, a)] = id
}

func (c *Client) forgetID(token string, a Account) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, cacheKey(token, a))
}
