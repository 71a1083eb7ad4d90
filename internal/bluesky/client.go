// Package bluesky is the Relais adapter for Bluesky: it publishes an
// account's posts on its PDS over XRPC (AT Protocol), with up to four
// images (uploadBlob, app.bsky.embed.images with alt text and aspect
// ratio) or one video (sent to Bluesky's video service, which stores it
// on the PDS; app.bsky.embed.video with alt text), lists them back so
// that the publisher can recognise a post it may already have made, polls
// the account's replies, mentions and quotes and the messages of its
// chat, answers them (a post in public, a message in its conversation)
// and hides replies in the account's threads.
//
// The chat is Bluesky's chat service, reached through the account's PDS;
// it serves only app passwords created with access to direct messages.
package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// maxListLimit is the largest page listRecords and listNotifications
// serve.
const maxListLimit = 100

// maxPages bounds how far RecentPosts and Poll read back.
const maxPages = 10

// Client publishes on Bluesky. Relais stores each account's app password
// as its token; the client opens a session per account with it and keeps
// the session in memory, shared by concurrent calls.
type Client struct {
	// Now is the clock used for createdAt, rate-limit waits and how long
	// uploads are reused.
	Now func() time.Time
	// VideoURL is the video service's base URL: DefaultVideoService.
	VideoURL string
	// PollInterval is the wait between two looks at a video the video
	// service is processing; MaxPolls bounds the looks, so that a publish
	// ends well within a Lambda's timeout (the next attempt looks again
	// at the same job).
	PollInterval time.Duration
	MaxPolls     int
	// UploadTimeout bounds the reading and upload of one video, which
	// the client's own timeout, made for calls, would cut short.
	UploadTimeout time.Duration

	baseURL string
	http    *http.Client
	// uploads are what attempts uploaded, for the next attempt at the
	// same post.
	uploads netcall.Reuse[string, upload]

	mu       sync.Mutex
	sessions map[string]*slot // by account, as Relais names it
}

var _ relais.NetworkPublisher = (*Client)(nil)

// New returns a client for the PDS at pdsURL (https://bsky.social for
// accounts hosted by Bluesky). A nil hc means one with a 30 s timeout.
func New(pdsURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{
		Now:      time.Now,
		VideoURL: DefaultVideoService,
		// The tutorial looks every second; most videos are done within
		// a few.
		PollInterval:  time.Second,
		MaxPolls:      15,
		UploadTimeout: 40 * time.Second,
		baseURL:       strings.TrimSuffix(pdsURL, "/"),
		http:          hc,
		sessions:      map[string]*slot{},
		uploads:       netcall.Reuse[string, upload]{Max: maxUploads},
	}
}

// createRecordInput is the body of com.atproto.repo.createRecord.
type createRecordInput struct {
	Repo       string     `json:"repo"`
	Collection string     `json:"collection"`
	Rkey       string     `json:"rkey,omitempty"`
	Record     postRecord `json:"record"`
}

// postView is a post record as getRecord and listRecords return it.
type postView struct {
	URI   string `json:"uri"`
	Value struct {
		Text      string `json:"text"`
		CreatedAt string `json:"createdAt"`
	} `json:"value"`
}

// Publish posts content on the account (its handle or DID) with the app
// password token, under a record key derived from key, and returns the
// post's at:// URI. Its images or video are uploaded first (embed), and
// the post embeds them. A retry with the same key returns the post made
// by an earlier attempt instead of posting twice, and uses what earlier
// attempts uploaded: blobs for reuseBlobFor, a video job still processing
// for reuseJobFor. A post the PDS refuses because a blob so reused is
// gone fails transiently, and the next attempt uploads anew.
func (c *Client) Publish(ctx context.Context, token, account, key string, content relais.Content) (string, error) {
	rkey, err := recordKey(key)
	if err != nil {
		return "", err
	}
	rec, err := newPost(content, c.Now())
	if err != nil {
		return "", err
	}
	atts := content.Attached()
	if err := Spec.CheckMedia("a Bluesky post", atts); err != nil {
		return "", netcall.Call{Network: relais.Bluesky, Op: "publish"}.Refuse(err)
	}
	media, err := c.embed(ctx, token, account, key, atts)
	if err != nil {
		return "", err
	}
	rec.Embed = media.embed
	var out struct {
		URI string `json:"uri"`
	}
	err = c.authed(ctx, account, token, func(s *session) call {
		body := createRecordInput{Repo: s.did, Collection: collectionPost, Rkey: rkey, Record: rec}
		return call{op: "publish", nsid: "com.atproto.repo.createRecord", procedure: true, body: body, bearer: s.access, creates: true}
	}, &out)
	if err == nil && out.URI != "" {
		return out.URI, nil
	}
	if err == nil {
		err = &netcall.Error{Network: relais.Bluesky, Op: "publish", Kind: relais.FailAmbiguous, Status: http.StatusOK, Err: errors.New("the answer carries no uri")}
	}
	var e *netcall.Error
	if errors.As(err, &e) && e.Code == "BlobNotFound" {
		c.uploads.Forget(media.keys...)
		if media.reused {
			e.Kind = relais.FailTransient
		}
		return "", e
	}
	if !errors.As(err, &e) || (e.Kind != relais.FailAmbiguous && !alreadyExists(e)) {
		return "", err
	}
	return c.confirm(ctx, token, account, rkey, rec.Text, e)
}

// alreadyExists reports whether createRecord refused a record key already
// taken. The reference PDS has no such answer (a duplicate key ends in a
// 500, which is ambiguous anyway); other PDSs answer 409
// RecordAlreadyExists or, unconfirmed, 400 InvalidRequest.
func alreadyExists(e *netcall.Error) bool {
	switch {
	case e.Status == http.StatusConflict, e.Code == "RecordAlreadyExists":
		return true
	case e.Status == http.StatusBadRequest && e.Code == "InvalidRequest":
		return strings.Contains(strings.ToLower(e.Err.Error()), "already exists")
	}
	return false
}

// confirm looks for the post under its record key after a create that may
// have worked, or that the PDS refused because the key is taken: found
// with the same text, the earlier attempt made it.
func (c *Client) confirm(ctx context.Context, token, account, rkey, text string, cause *netcall.Error) (string, error) {
	unsure := func(why string) error {
		return &netcall.Error{Network: relais.Bluesky, Op: "publish", Kind: relais.FailAmbiguous, Status: cause.Status, Code: cause.Code, RetryAfter: cause.RetryAfter,
			Err: fmt.Errorf("%w; %s", cause.Err, why)}
	}
	if ctx.Err() != nil {
		return "", unsure("no time left to look for the post")
	}
	var out postView
	err := c.authed(ctx, account, token, func(s *session) call {
		q := url.Values{"repo": {s.did}, "collection": {collectionPost}, "rkey": {rkey}}
		return call{op: "look for post", nsid: "com.atproto.repo.getRecord", query: q, bearer: s.access}
	}, &out)
	var e *netcall.Error
	switch {
	case err == nil && out.URI != "" && out.Value.Text == text:
		return out.URI, nil
	case err == nil:
		return "", &netcall.Error{Network: relais.Bluesky, Op: "publish", Kind: relais.FailPermanent, Status: cause.Status, Code: cause.Code,
			Err: fmt.Errorf("record key %s already holds a post with other text", rkey)}
	case errors.As(err, &e) && e.Code == "RecordNotFound":
		return "", unsure("no post under record key " + rkey)
	default:
		return "", unsure("could not look for the post: " + netcall.Truncate(err.Error(), netcall.MaxMessage))
	}
}

// RecentPosts lists the account's posts made at or after since, with the
// hash of their text (which carries the link, as Publish sent it).
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	var posts []relais.PublishedPost
	cursor := ""
	for page := 0; page < maxPages; page++ {
		var out struct {
			Cursor  string     `json:"cursor"`
			Records []postView `json:"records"`
		}
		err := c.authed(ctx, account, token, func(s *session) call {
			q := url.Values{"repo": {s.did}, "collection": {collectionPost}, "limit": {strconv.Itoa(maxListLimit)}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			return call{op: "recent posts", nsid: "com.atproto.repo.listRecords", query: q, bearer: s.access}
		}, &out)
		if err != nil {
			return nil, err
		}
		older := 0
		for _, r := range out.Records {
			at, err := time.Parse(time.RFC3339Nano, r.Value.CreatedAt)
			if err == nil && at.Before(since) {
				older++
				continue
			}
			posts = append(posts, relais.PublishedPost{ID: r.URI, Hash: relais.Content{Text: r.Value.Text}.Hash(), CreatedAt: at})
		}
		// listRecords goes by record key, not by time: Relais' keys follow
		// when a post was written, not when it went out, and posts made in
		// the app have TID keys. So one older record does not end the
		// search; a whole page of them does. A short page is the last one.
		if len(out.Records) < maxListLimit || older == len(out.Records) || out.Cursor == "" || out.Cursor == cursor {
			break
		}
		cursor = out.Cursor
	}
	return posts, nil
}

// RepostGuard implements relais.GuardedPublisher: a post's record key is
// the same on every attempt, so a retry finds the record an earlier one
// made.
func (c *Client) RepostGuard() relais.RepostGuard { return relais.HonoursKey }
