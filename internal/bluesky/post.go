package bluesky

import (
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// collectionPost is the collection of Bluesky posts in an account's repo.
const collectionPost = "app.bsky.feed.post"

// maxRecordKey is the longest record key the atproto spec allows.
const maxRecordKey = 512

// postRecord is an app.bsky.feed.post record.
type postRecord struct {
	Type   string  `json:"$type"`
	Text   string  `json:"text"`
	Facets []facet `json:"facets,omitempty"`
	// Reply places a reply in its thread.
	Reply     *replyRef `json:"reply,omitempty"`
	CreatedAt string    `json:"createdAt"`
}

// facet marks a span of the text, in UTF-8 bytes as atproto counts them.
type facet struct {
	Index    byteSlice `json:"index"`
	Features []feature `json:"features"`
}

type byteSlice struct {
	ByteStart int `json:"byteStart"`
	ByteEnd   int `json:"byteEnd"`
}

type feature struct {
	Type string `json:"$type"`
	URI  string `json:"uri"`
}

// newPost builds the record for a post's content, or refuses content
// Bluesky would refuse, before any call.
func newPost(c relais.Content, now time.Time) (postRecord, error) {
	if c.ImageURL != "" {
		// An image must first be uploaded as a blob (uploadBlob with its
		// bytes); Relais only holds image URLs for now.
		return postRecord{}, permanent("publish", "images are not supported on Bluesky yet: remove the image")
	}
	text := c.Compose()
	// Bluesky counts graphemes; runes are never fewer, so this is stricter.
	if err := relais.CheckLimits(c, relais.Bluesky); err != nil {
		return postRecord{}, permanent("publish", "%s", relais.ErrorMessage(err))
	}
	p := postRecord{Type: collectionPost, Text: text, CreatedAt: datetime(now)}
	if c.Link != "" {
		// Bluesky shows a URL in the text as plain text unless a facet marks
		// it as a link. Compose puts the link last, after a blank line.
		start := len(c.Text) + len("\n\n")
		p.Facets = []facet{{
			Index:    byteSlice{ByteStart: start, ByteEnd: start + len(c.Link)},
			Features: []feature{{Type: "app.bsky.richtext.facet#link", URI: c.Link}},
		}}
	}
	return p, nil
}

// recordKey returns the record key of the post Relais knows by key. The
// key is the same for every attempt at one post, so a retry lands on the
// same record instead of making a second post. Relais post ids are valid
// record keys as they are.
//
// The app.bsky.feed.post lexicon declares TID record keys. The reference
// PDS accepts any valid record key, but some PDS implementations enforce
// TIDs and posts under other keys have been reported missing from the
// Bluesky app view: check before relying on it in production.
func recordKey(key string) (string, error) {
	if key == "" || len(key) > maxRecordKey || key == "." || key == ".." {
		return "", permanent("publish", "post key %q cannot be a Bluesky record key", netcall.Truncate(key, 40))
	}
	for _, r := range key {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case r == '.', r == '-', r == '_', r == ':':
		default:
			// The spec also allows '~', but the reference PDS has been
			// reported to fail with a 500 on it, which would look ambiguous.
			return "", permanent("publish", "post key %q cannot be a Bluesky record key", netcall.Truncate(key, 40))
		}
	}
	return key, nil
}
