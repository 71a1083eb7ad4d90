package bluesky

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/tid"
	"github.com/relais-dev/relais/internal/relais"
)

// collectionPost is the collection of Bluesky posts in an account's repo.
const collectionPost = "app.bsky.feed.post"

// postRecord is an app.bsky.feed.post record.
type postRecord struct {
	Type   string  `json:"$type"`
	Text   string  `json:"text"`
	Facets []facet `json:"facets,omitempty"`
	// Reply places a reply in its thread.
	Reply *replyRef `json:"reply,omitempty"`
	// Embed shows the post's images (an imagesEmbed) or video (a
	// videoEmbed).
	Embed     any    `json:"embed,omitempty"`
	CreatedAt string `json:"createdAt"`
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

// newPost builds the record for a post's text and link, or refuses
// content Bluesky would refuse, before any call; Publish adds the media's
// embed once they are uploaded.
func newPost(c relais.Content, now time.Time) (postRecord, error) {
	text := c.Compose()
	// Bluesky counts graphemes; runes are never fewer, so this is stricter.
	if err := Spec.CheckLimits(c); err != nil {
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

// recordKey returns the record key of the post Relais knows by key: a
// TID, the key type the app.bsky.feed.post lexicon declares and the one
// Bluesky's apps show posts under. It is made from the key alone, so that
// every attempt at one post lands on the same record instead of making a
// second post: the creation time Relais ids carry (or, for a key without
// one, a time in 2024-2025 from its hash), a sub-second part and a clock
// id from its hash.
func recordKey(key string) (string, error) {
	if key == "" {
		return "", permanent("publish", "a post needs a key to make its Bluesky record key from")
	}
	h := sha256.Sum256([]byte(key))
	at, ok := relais.IDTime(key)
	if !ok {
		at = keylessEpoch.Add(time.Duration(binary.BigEndian.Uint64(h[8:16])%uint64(keylessSpan/time.Microsecond)) * time.Microsecond)
	}
	micros := at.UnixMicro() + int64(binary.BigEndian.Uint32(h[:4])%1_000_000)
	return tid.Encode(micros, binary.BigEndian.Uint16(h[4:6])), nil
}

// keylessEpoch and keylessSpan place the TIDs of keys without a creation
// time.
var (
	keylessEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	keylessSpan  = 2 * 365 * 24 * time.Hour
)
