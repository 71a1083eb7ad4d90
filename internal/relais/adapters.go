package relais

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Content is what a post carries to a network.
type Content struct {
	Text     string `json:"text"`
	ImageURL string `json:"imageUrl,omitempty"`
	// ImageAlt is the image's description, which adapters hand to every
	// network that takes one.
	ImageAlt string `json:"imageAlt,omitempty"`
	Link     string `json:"link,omitempty"`
	// Media are the ids of the client's uploaded images and videos the
	// post carries. The publisher resolves them into Attachments, so an
	// adapter reads Attached and never Media.
	Media []string `json:"media,omitempty"`
	// Attachments are Media as the publisher hands them to an adapter.
	Attachments []Attachment `json:"attachments,omitempty"`
	// Options are the post's settings for its network, as its spec
	// declares them (Spec.Options).
	Options map[string]string `json:"options,omitempty"`
	// FirstComment is published under the post right after it; the
	// publisher sends it, never the adapter's Publish.
	FirstComment string `json:"firstComment,omitempty"`
}

// Attachment is one image or video a post carries, at a URL the network
// (or the adapter, for networks that take uploads) fetches it from.
type Attachment struct {
	URL string `json:"url"`
	// Kind is FormatImage or FormatVideo.
	Kind        Format `json:"kind"`
	ContentType string `json:"contentType,omitempty"`
	Bytes       int64  `json:"bytes,omitempty"`
	Alt         string `json:"alt,omitempty"`
}

// Attached lists what the content carries, in order: its resolved media,
// or else its image by URL.
func (c Content) Attached() []Attachment {
	if len(c.Attachments) > 0 {
		return c.Attachments
	}
	if c.ImageURL != "" {
		return []Attachment{{URL: c.ImageURL, Kind: FormatImage, Alt: c.ImageAlt}}
	}
	return nil
}

// HasImage reports whether the content carries an image or a video, by
// URL, as uploaded media, or as the attachments the publisher resolved
// them into: what a network that needs an image (Limits.RequiresImage)
// takes.
func (c Content) HasImage() bool { return len(c.Attached()) > 0 || len(c.Media) > 0 }

// Compose is the post's text with its link, for networks that carry links
// inside the text: the text, a blank line, the link.
func (c Content) Compose() string {
	if c.Link == "" {
		return c.Text
	}
	return c.Text + "\n\n" + c.Link
}

// Hash identifies a post by its words and link, which every network gives
// back as they were sent (images come back as the network's own media), so
// that the publisher can recognise its post among an account's posts.
func (c Content) Hash() string {
	sum := sha256.Sum256([]byte(c.Compose()))
	return hex.EncodeToString(sum[:])
}

// PublishedPost is a post as a network lists it.
type PublishedPost struct {
	ID        string    `json:"id"`
	Hash      string    `json:"hash"`
	CreatedAt time.Time `json:"createdAt"`
}

// NetworkPublisher publishes on one network. Account is the network's own
// account id; token is that account's access token (for Bluesky, the
// account's app password). Key is the same for every attempt at one post:
// adapters of networks that honour a client-chosen key (Mastodon's
// Idempotency-Key, a Bluesky record key) send it, so that a retry cannot
// post twice.
type NetworkPublisher interface {
	Publish(ctx context.Context, token, account, key string, c Content) (string, error)
	// RecentPosts lists the account's posts since a time, with the hash of
	// their content, so that an ambiguous attempt can look for its post.
	RecentPosts(ctx context.Context, token, account string, since time.Time) ([]PublishedPost, error)
}

// NotedPublisher is implemented by the adapters of networks that may take
// a post otherwise than asked (TikTok keeps it private while its app is
// not audited): PublishNoted publishes as Publish does, and says, for
// people, what differs, or "".
type NotedPublisher interface {
	PublishNoted(ctx context.Context, token, account, key string, c Content) (id, note string, err error)
}

// RepostGuard is what keeps a network from taking a post twice when an
// attempt that may have made it posts again.
type RepostGuard int

const (
	// Unguarded: nothing does. Once an attempt may have posted, only the
	// network's listing or a person can tell.
	Unguarded RepostGuard = iota
	// RefusesDuplicates: the network refuses the text the account has
	// just posted (FailDuplicate), which is then looked for.
	RefusesDuplicates
	// HonoursKey: the network remembers the key Publish sends
	// (Mastodon's Idempotency-Key, a Bluesky record key), so a retry with
	// it cannot post twice.
	HonoursKey
)

// GuardedPublisher is implemented by the adapters of networks with a
// repost guard; the others are Unguarded.
type GuardedPublisher interface {
	NetworkPublisher
	RepostGuard() RepostGuard
}

// RepostGuardOf returns a network adapter's repost guard.
func RepostGuardOf(n NetworkPublisher) RepostGuard {
	if g, ok := n.(GuardedPublisher); ok {
		return g.RepostGuard()
	}
	return Unguarded
}

// The moderation ports each take the whole interaction: some networks
// name a comment by more than its id (its post, its thread's root, the
// account acting). An adapter implements only those its network offers.

// NetworkHider hides a comment from the public, reversibly.
type NetworkHider interface {
	Hide(ctx context.Context, token string, in Interaction) error
}

// NetworkUnhider shows a hidden comment again, when a person overrides
// moderation.
type NetworkUnhider interface {
	Unhide(ctx context.Context, token string, in Interaction) error
}

// NetworkDeleter deletes a comment.
type NetworkDeleter interface {
	Delete(ctx context.Context, token string, in Interaction) error
}

// NetworkReplier answers an interaction in public, under it; it returns
// the reply's network id. Adapters refuse a private interaction
// (CheckReply) before any call.
type NetworkReplier interface {
	Reply(ctx context.Context, token string, in Interaction, text string) (string, error)
}

// NetworkCommenter comments under one of the account's own posts, as the
// account: the first comment a post carries (a link, hashtags), published
// right after it. It returns the comment's network id.
type NetworkCommenter interface {
	Comment(ctx context.Context, token, account, postID, text string) (string, error)
}

// Reachable is an account a token can act for, as its network names it.
type Reachable struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NetworkAccountLister lists what a token can reach (a person's boards,
// pages, locations), so that whoever connects with OAuth chooses which to
// connect.
type NetworkAccountLister interface {
	Reachable(ctx context.Context, token string) ([]Reachable, error)
}

// NetworkAccountTokener gives the token an account acts with from the
// token a person's consent gave, where the network gives accounts their
// own (a Facebook Page's, which does not expire).
type NetworkAccountTokener interface {
	AccountToken(ctx context.Context, personToken, account string) (string, error)
}

// NetworkPersonReader names the person a token is, on networks that say
// later, by that id, that the person removed the app (Meta).
type NetworkPersonReader interface {
	Person(ctx context.Context, token string) (string, error)
}

// NetworkPoller reads the mentions and replies of an account on a network
// without webhooks (Mastodon, Bluesky). Cursor is what the previous poll
// returned, empty on the first poll; a poll returns interactions newer than
// the cursor, oldest first, and the cursor to pass next time.
type NetworkPoller interface {
	Poll(ctx context.Context, token, account, cursor string) (Polled, error)
}

// Polled is what one poll read.
type Polled struct {
	Interactions []Interaction
	Cursor       string
	// Warnings say which part of the account a poll could not read and
	// why (a refused scope, a service down), for the logs; they hold no
	// secret. What was read is good, and the cursor keeps the unread part
	// for the next poll.
	Warnings []string
}

// Failure says what a failed network call means for a retry.
type Failure string

const (
	// FailTransient: the network did not act; trying again is safe.
	FailTransient Failure = "transient"
	// FailPermanent: trying again will fail the same way.
	FailPermanent Failure = "permanent"
	// FailAmbiguous: the network may have acted; look before trying again.
	FailAmbiguous Failure = "ambiguous"
	// FailDuplicate: the network refused the content as one the account
	// already posted. After an attempt that may have posted it, that is a
	// sign the post is out, not a failure: look for it.
	FailDuplicate Failure = "duplicate"
)

// NetworkFailure is implemented by network adapters' errors.
type NetworkFailure interface {
	error
	Failure() Failure
	// Wait is how long the network asked to wait before a retry, or zero.
	Wait() time.Duration
}

// FailureOf classifies a network call's error. Errors an adapter did not
// classify are ambiguous: nobody can tell whether the network acted.
func FailureOf(err error) (Failure, time.Duration) {
	var nf NetworkFailure
	if errors.As(err, &nf) {
		return nf.Failure(), nf.Wait()
	}
	return FailAmbiguous, 0
}

// Bus puts events on the Relais bus.
type Bus interface {
	Put(ctx context.Context, events ...Event) error
}

// Parameters reads a parameter (a webhook secret, an account's token) by
// name; a missing one is ENOTFOUND.
type Parameters interface {
	Get(ctx context.Context, name string) (string, error)
}
